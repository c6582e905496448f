"""`convsim show` on an empty run says so; its filters pick conversations by scenario,
outcome, verdict, edge case and finding; flags read as flags in help."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from agents.critic import undecided_criteria
from simulator.cli import app
from simulator.store.rundb import RunStore


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("show") / "run"
    made = CliRunner().invoke(
        app, ["run", "--n", "40", "--seed", "4", "--quiet", "--out", str(out)]
    )
    assert made.exit_code == 0, made.output
    return out


def records(run: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (run / "transcripts.jsonl").read_text().splitlines()]


def show(run: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["show", str(run), *args])


def shown_ids(result: Result) -> list[str]:
    """The conversation ids in the rule line that opens each rendered transcript."""
    return [line.split()[0] for line in result.stdout.splitlines() if line.endswith("──")]


def test_an_empty_run_says_so(tmp_path: Path) -> None:
    RunStore(tmp_path / "run.db").close()
    result = show(tmp_path)
    assert (result.exit_code, result.stdout) == (
        0,
        f"{tmp_path}: no conversations stored yet; run convsim run --out {tmp_path}\n",
    )


def test_each_filter_shows_exactly_the_matching_conversations(run: Path) -> None:
    recs = records(run)
    scenario = Counter(r["scenario_id"] for r in recs).most_common(1)[0][0]
    status = Counter(r["outcome"]["status"] for r in recs).most_common(1)[0][0]
    edge = Counter(e for r in recs for e in r["edge_cases"]).most_common(1)[0][0]
    category = Counter(f["category"] for r in recs for f in r["verdict"]["findings"])
    cases: list[tuple[tuple[str, ...], set[str]]] = [
        (("--scenario", scenario), {r["id"] for r in recs if r["scenario_id"] == scenario}),
        (("--outcome", status), {r["id"] for r in recs if r["outcome"]["status"] == status}),
        (("--edge-case", edge), {r["id"] for r in recs if edge in r["edge_cases"]}),
    ]
    if category:
        name = category.most_common(1)[0][0]
        cases.append(
            (("--finding", name),
             {r["id"] for r in recs if name in {f["category"] for f in r["verdict"]["findings"]}})
        )  # fmt: skip
    for args, expected in cases:
        result = show(run, *args)
        assert result.exit_code == 0, result.output
        assert expected and 0 < len(expected) < len(recs), args
        assert set(shown_ids(result)) == expected, args
    # Every verdict label, present or not: a run whose conversations all pass is as good a
    # fixture as a mixed one (the scripted text improves; a filter that ignored the label
    # would still show every conversation for a label nobody got).
    for label in ("ACCEPT", "REVIEW", "REJECT"):
        result = show(run, "--verdict", label.lower())
        assert result.exit_code == 0, result.output
        expected = {r["id"] for r in recs if r["verdict"]["label"] == label}
        assert set(shown_ids(result)) == expected, label
    both = show(run, "--scenario", scenario, "--outcome", status, "--limit", "1")
    assert len(shown_ids(both)) <= 1


def test_filters_that_match_nothing_or_cannot_match(run: Path) -> None:
    none = show(run, "--scenario", "no/such-scenario")
    assert (none.exit_code, none.stdout) == (
        0,
        f"{run}: none of its conversations match the filters\n",
    )
    bad = show(run, "--outcome", "won")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "convsim: error: --outcome won: not an outcome; use one of resolved, escalated, "
        "abandoned, max_turns, error\n",
    )
    bad = show(run, "--verdict", "good")
    assert bad.stderr == (
        "convsim: error: --verdict good: not a verdict; use one of ACCEPT, REVIEW, REJECT, ERROR\n"
    )


def test_flags_read_as_flags_in_help() -> None:
    text = CliRunner().invoke(app, ["run", "--help"], terminal_width=100).stdout
    line = next(line for line in text.splitlines() if "--force" in line)
    assert "<bool>" not in line and "Discard a run" in line


def test_each_line_starts_with_the_turn_index_findings_cite(run: Path) -> None:
    """A finding's "turn N" is found by reading the line numbered N (tool turns counted)."""
    cited = [
        (r, f["turn"])
        for r in records(run)
        for f in r["verdict"]["findings"]
        if f["turn"] is not None and r["turns"][f["turn"]]["content"].strip()
    ]
    assert cited, "the fixture run has no finding that cites a turn with text"
    rec, turn = cited[0]
    digits = len(str(len(rec["turns"]) - 1))
    said = rec["turns"][turn]
    result = CliRunner().invoke(app, ["show", str(run), "--id", rec["id"]], env={"COLUMNS": "500"})
    assert result.exit_code == 0, result.output
    expected = f"{turn:>{digits}} {said['role']:>8}: {said['content']}"
    if said.get("act"):
        expected += f"  [{said['act']}]"
    lines = result.stdout.splitlines()
    numbered = [line for line in lines if re.match(r"^ *\d+ +(customer|support|tool): ", line)]
    assert [line for line in numbered if line.startswith(f"{turn:>{digits}} ")] == [expected]
    shown = [int(line[:digits]) for line in numbered]
    assert shown == sorted(set(shown)) and set(shown) <= set(range(len(rec["turns"])))


def test_an_accept_with_undecided_criteria_says_so(run: Path) -> None:
    """An ACCEPT that left criteria undecided is not shown as a bare pass (outsider 25)."""
    record = next(
        r
        for r in records(run)
        if r["verdict"]["label"] == "ACCEPT" and undecided_criteria(r["verdict"]["unjudged"])
    )
    open_ = undecided_criteria(record["verdict"]["unjudged"])
    result = show(run, "--id", record["id"])
    assert result.exit_code == 0, result.output
    verdict = next(line for line in result.stdout.splitlines() if line.startswith("verdict: "))
    assert verdict.startswith(f"verdict: ACCEPT (undecided: {', '.join(open_)})"), verdict
