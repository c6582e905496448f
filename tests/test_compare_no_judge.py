"""`convsim compare` reads each run as `convsim test` decided it: runs made with --no-judge
leave the scenario's judge criteria out of pass/fail, so compare counts the same passes as the
test report (it used to count none and call every regression "undecided -> fail")."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from simulator.cli import app

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def test_compare_of_no_judge_runs_counts_their_passes(tmp_path: Path) -> None:
    scenario = tmp_path / "refund.yaml"
    text = (TESTS / "data/bots/refund.yaml").read_text()
    judged = "  - {id: kind_words, judge: Support is courteous throughout.}\n"
    scenario.write_text(text.replace("edge_cases: [", judged + "edge_cases: [", 1))
    runs = {}
    for name, bot in (("a", "correct"), ("b", "leaky")):
        target = tmp_path / f"{name}.yaml"
        target.write_text(f"kind: python\ncallable: bots.logic:{bot}\npythonpath: [{TESTS}]\n")
        result = CliRunner().invoke(
            app,
            ["test", str(scenario), "--target", str(target), "--n", "12", "--seed", "3",
             "--quiet", "--no-judge", "--out", str(tmp_path / name)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        passed = next(x for x in result.stdout.splitlines() if "passed / failed" in x)
        runs[name] = int(passed.split("│")[2].split("/")[0])
    assert runs["a"] > 0
    out = CliRunner().invoke(app, ["compare", str(tmp_path / "a"), str(tmp_path / "b")])
    assert out.exit_code == 1
    row = next(x for x in out.stdout.splitlines() if "refund" in x and "│" in x)
    cells = [c.strip() for c in row.split("│") if c.strip()]
    assert int(cells[2]) == runs["a"] and int(cells[3]) == runs["b"]
    lines = [x for x in out.stdout.splitlines() if x.startswith("regression: ")]
    assert lines and all("undecided -> fail" not in x for x in lines)
