"""`convsim grade --edge-cases FILE`: transcripts from a run with a user edge-case library.

The run uses a user case whose behaviour is a planned language switch. Graded with the same
library (and scenario), every verdict is the run's own; graded without it, the switch is
unplanned persona drift, and grade says which edge cases it did not know.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_grade_cli import cli

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = """\
edge_cases:
  - id: code_switches
    title: Code-switches mid-chat
    category: language
    behavior: switch_language
    description: Partway through, the customer carries on in their first language.
"""
NOTE = (
    "convsim: note: edge cases not in the packaged library were graded without their "
    "definitions: code_switches; pass --edge-cases FILE, the library the run used\n"
)


def read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(user library, scenario using it, transcripts.jsonl of a run with both)."""
    folder = tmp_path_factory.mktemp("user-edges")
    library = folder / "mine.yaml"
    library.write_text(LIBRARY)
    text = (ROOT / "tests/data/bots/refund.yaml").read_text()
    lines = [
        "edge_cases: [code_switches]" if line.startswith("edge_cases:") else line
        for line in text.splitlines()
    ]
    scenario = folder / "switching.yaml"
    scenario.write_text("\n".join(lines) + "\n")
    out = folder / "run"
    done = cli("run", scenario, "--edge-cases", library, "--n", "8", "--seed", "1", "--out",
               out, "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return library, scenario, out / "transcripts.jsonl"


def switched(record: dict[str, Any]) -> bool:
    return any(t.get("edge_case") == "code_switches" for t in record["turns"])


def test_the_runs_library_gives_the_runs_verdicts(
    made: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    library, scenario, transcripts = made
    run = read(transcripts)
    assert sum(map(switched, run)) == 4  # the case was enacted, in half the conversations
    out = tmp_path / "graded.jsonl"
    done = cli("grade", transcripts, "--out", out, "--scenario", scenario, "--edge-cases", library)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"graded 8 conversations into {out}: ACCEPT 8\n"
    assert [r["verdict"] for r in read(out)] == [r["verdict"] for r in run]


def test_without_the_library_the_switch_is_drift_and_grade_says_why(
    made: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    library, _, transcripts = made
    run = read(transcripts)
    blind = tmp_path / "blind.jsonl"
    done = cli("grade", transcripts, "--out", blind)
    assert (done.returncode, done.stderr) == (0, NOTE)
    assert (
        done.stdout
        == f"graded 8 conversations into {blind}: ACCEPT 6 (6 with undecided criteria), REVIEW 2\n"
    )
    drifted = [r["id"] for r in read(blind) if r["verdict"]["label"] == "REVIEW"]
    assert len(drifted) == 2 and all(switched(r) for r in run if r["id"] in drifted)
    for record in read(blind):
        if record["id"] in drifted:
            finding = record["verdict"]["findings"][0]
            assert finding["category"] == "persona_drift"
            assert "unplanned" in finding["explanation"]
            assert record["turns"][finding["turn"]]["edge_case"] == "code_switches"
    known = tmp_path / "known.jsonl"
    done = cli("grade", transcripts, "--out", known, "--edge-cases", library)
    assert (done.returncode, done.stderr) == (0, "")
    assert (
        done.stdout
        == f"graded 8 conversations into {known}: ACCEPT 8 (8 with undecided criteria)\n"
    )
    assert all(r["verdict"]["findings"] == [] for r in read(known))


def test_a_scenario_naming_a_user_case_needs_the_library(
    made: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, scenario, transcripts = made
    out = tmp_path / "graded.jsonl"
    done = cli("grade", transcripts, "--out", out, "--scenario", scenario)
    line = scenario.read_text().splitlines().index("edge_cases: [code_switches]") + 1
    assert (done.returncode, done.stderr) == (
        2, f"convsim: error: {scenario}:{line}: edge_cases[0]: unknown edge case 'code_switches'\n"
    )  # fmt: skip
    assert not out.exists()


def test_library_errors_are_one_line_and_exit_2(
    made: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, _, transcripts = made
    out = tmp_path / "graded.jsonl"
    clash = tmp_path / "clash.yaml"
    clash.write_text(
        "edge_cases:\n- {id: wrong_identifier, title: t, description: d, category: identity,"
        " behavior: vague}\n"
    )
    done = cli("grade", transcripts, "--out", out, "--edge-cases", clash)
    assert (done.returncode, done.stderr) == (
        2,
        f"convsim: error: {clash}:2: edge_cases[0].id: edge case id 'wrong_identifier' is "
        "already in the packaged library; give yours another id (packaged cases cannot be "
        "replaced from an extending file)\n",
    )
    missing = tmp_path / "nope.yaml"
    done = cli("grade", transcripts, "--out", out, "--edge-cases", missing)
    assert (done.returncode, done.stderr) == (
        2, f"convsim: error: --edge-cases {missing}: no such file; give an edge-case library "
        "YAML\n")  # fmt: skip
    assert not out.exists()
    # A behaviour the scripted customer lacks is fine here: grading simulates no customer.
    odd = tmp_path / "odd.yaml"
    odd.write_text(LIBRARY.replace("switch_language", "juggle"))
    done = cli("grade", transcripts, "--out", out, "--edge-cases", odd)
    assert (done.returncode, done.stderr) == (0, "")
    assert len(read(out)) == 8
