"""The read side streams run.db: `iter_run`, `run_coverage` and the report's counts hold a
chunk, a sample or a bounded list, and give what the whole-run computations give.

Peak memory itself is measured by bench/memory_commands.py (a figure, not a test).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_export_fixtures import make_run, records

from simulator.report import build, metrics
from simulator.report.summary import WORST, RunSummary, badness, summarize
from simulator.report.variety import VarietyTally
from simulator.store.data import frames, iter_run, load_run, run_coverage

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_run(tmp_path_factory.mktemp("streamed") / "run", n=30, seed=5)


def test_iter_run_chunks_add_up_to_load_run(run_dir: Path) -> None:
    whole = load_run(run_dir)
    chunks = list(iter_run(run_dir, chunk_size=7))
    assert [len(c.conversations) for c in chunks] == [7, 7, 7, 7, 2]
    for name in ("conversations", "turns", "verdicts", "findings"):
        expected = getattr(whole, name)
        joined = pd.concat([getattr(c, name) for c in chunks], ignore_index=True)
        # Types are inferred per chunk (a chunk without tool calls has an all-None column).
        pd.testing.assert_frame_equal(expected, joined.astype(expected.dtypes.to_dict()))
    assert list(chunks[1].conversations["index"]) == list(range(7, 14))
    pd.testing.assert_frame_equal(whole.coverage, run_coverage(run_dir))


def test_load_run_from_a_stream_equals_from_a_list(run_dir: Path) -> None:
    listed = records(run_dir)
    streamed = frames(iter(listed), {})
    for name, table in streamed._asdict().items():
        pd.testing.assert_frame_equal(getattr(load_run(run_dir), name), table)


def test_iter_run_refuses_an_empty_chunk(run_dir: Path) -> None:
    with pytest.raises(ValueError, match="chunk_size 0: give 1 or more conversations per chunk"):
        next(iter_run(run_dir, chunk_size=0))


@pytest.mark.parametrize(("budget", "sample"), [(300, 12), (20_000, 2000)])
def test_streamed_variety_equals_the_whole_run_figures(
    run_dir: Path, budget: int, sample: int
) -> None:
    listed = records(run_dir)
    tally = VarietyTally(budget=budget, sample=sample)
    for record in listed:
        tally.add(record)
    tally.plan()
    for record in listed:
        tally.collect(record)
    assert tally.result() == metrics.variety(listed, budget=budget, sample=sample)
    lengths = tally.lengths_by_role()
    whole = metrics.role_texts(listed)
    for role in ("customer", "support"):
        assert list(lengths[role]) == [len(metrics.tokens(t)) for t in whole[role]]


def _bad(i: int, findings: int, label: str) -> dict[str, Any]:
    finding = {"turn": 0, "dimension": "policy", "category": "c", "severity": "minor",
               "evidence": "", "explanation": f"finding {i}"}  # fmt: skip
    return {"id": f"c{i:03d}", "scenario_id": "a/b", "edge_cases": [], "persona": {},
            "turns": [{"role": "customer", "content": f"hello number {i}"}],
            "outcome": {"status": "resolved"},
            "verdict": {"label": label, "scores": {"policy": float(i % 5 + 1)},
                        "findings": [finding] * findings, "unjudged": []}}  # fmt: skip


def test_the_worst_transcripts_are_a_bounded_list_ranked_as_a_full_sort() -> None:
    made = [_bad(i, i % 4, ("ACCEPT", "REVIEW", "REJECT")[i % 3]) for i in range(200)]
    summary = RunSummary()
    for record in made:
        summary.add(record, {})
        assert len(summary.worst) < 4 * WORST
    expected = sorted((r for r in made if r["verdict"]["findings"] or
                       r["verdict"]["label"] != "ACCEPT"),
                      key=lambda r: badness(r, r["verdict"]["label"]))[:WORST]  # fmt: skip
    assert [r["id"] for r, _ in summary.worst_records()] == [r["id"] for r in expected]
    assert summary.bad == len([r for r in made if r["verdict"]["findings"]
                               or r["verdict"]["label"] != "ACCEPT"])  # fmt: skip


def test_the_report_reads_its_records_as_passes_never_as_a_list() -> None:
    made = [_bad(i, i % 2, "ACCEPT") for i in range(12)]
    passes = 0

    def source() -> Iterator[dict[str, Any]]:
        nonlocal passes
        passes += 1
        yield from made

    assert summarize(source, {}).conversations == 12
    assert passes == 2  # the counts, then the texts the variety samples need
    assert build("t", source, {}, None) == build("t", made, {}, None)


def test_the_iter_run_example_in_the_docs_runs(run_dir: Path) -> None:
    text = (ROOT / "docs" / "training-data.md").read_text(encoding="utf-8")
    section = text[text.index("## Runs too big to hold") :]
    start = section.index("```python\n") + len("```python\n")
    code = section[start : section.index("```\n", start)]
    namespace: dict[str, Any] = {}
    exec(code.replace('"runs/big"', repr(str(run_dir))), namespace)
    turns = load_run(run_dir).turns
    assert namespace["words"] == int(turns[turns["role"] == "support"]["words"].sum()) > 0
