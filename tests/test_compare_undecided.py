"""`convsim compare` in real processes (outsider 14): a pass that became undecided is
reported and fails the exit code; `--replay` grades each side's replays as its run was graded
(two --no-judge runs were replayed with the judge criteria, so every replay came out
undecided and "0 reproduced" while they had reproduced)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_process import convsim as run_convsim

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def convsim(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_convsim(*args, cwd=ROOT, env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The refund scenario with a judge criterion; the correct bot with and without
    --no-judge, the leaky one with it; same plans (seed 3)."""
    folder = tmp_path_factory.mktemp("compare")
    scenario = folder / "refund.yaml"
    text = (TESTS / "data/bots/refund.yaml").read_text()
    judged = "  - {id: kind_words, judge: Support is courteous throughout.}\n"
    scenario.write_text(text.replace("edge_cases: [", judged + "edge_cases: [", 1))
    out = {}
    for name, bot, flags in (
        ("good", "correct", ["--no-judge"]),
        ("good_judged", "correct", []),
        ("leaky", "leaky", ["--no-judge"]),
    ):
        target = folder / f"{bot}.yaml"
        target.write_text(f"kind: python\ncallable: bots.logic:{bot}\npythonpath: [{TESTS}]\n")
        out[name] = folder / name
        done = convsim("test", scenario, "--target", target, "--n", "12", "--seed", "3",
                       "--quiet", "--out", out[name], *flags)  # fmt: skip
        assert done.returncode == 0, done.stderr
    return out


def test_a_pass_that_became_undecided_is_reported_and_fails(runs: dict[str, Path]) -> None:
    done = convsim("compare", runs["good"], runs["good_judged"])
    lines = done.stdout.splitlines()
    changed = [x for x in lines if x.startswith("undecided: ")]
    assert changed, done.stdout
    n = len(changed)
    assert lines[0] == (
        f"compared 12 conversations: 0 regressions, 0 fixes, {n} passes now undecided, 0 changed "
        "by infrastructure errors (only in A: 0, only in B: 0)"
    )
    assert all(" pass -> undecided: not decided: kind_words" in x for x in changed)
    assert (
        f"{n} conversations passed in A and are undecided in B (undecided is never a pass): "
        "counted as regressions for the exit code; give --critic-model to both runs, or fix "
        "what B's criteria could not be read from"
    ) in lines
    assert done.returncode == 1
    back = convsim("compare", runs["good_judged"], runs["good"])
    assert back.returncode == 0, back.stdout
    assert back.stdout.startswith("compared 12 conversations: 0 regressions, 0 fixes, 0 passes")
    decided = [x for x in back.stdout.splitlines() if x.startswith("decided: ")]
    assert len(decided) == n and all(" undecided -> pass: " in x for x in decided)


def test_replays_of_no_judge_runs_are_graded_without_the_judge(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "replays"
    done = convsim("compare", runs["good"], runs["leaky"], "--replay", out)
    assert done.returncode == 1, done.stderr
    regressions = [x.split()[1] for x in done.stdout.splitlines() if x.startswith("regression: ")]
    assert regressions
    assert (
        f"replayed {len(regressions)} regressions on both bots (B's conversation, its customer "
        f"turns before its first finding's turn, then live): {len(regressions)} reproduced"
    ) in done.stdout
    replays = [x for x in done.stdout.splitlines() if x.startswith("replay: ")]
    assert replays and all(": A pass, B fail: reproduced" in x for x in replays)
    for side in ("a", "b"):
        manifest = (out / side / "manifest.json").read_text()
        assert '"no_judge": true' in manifest
