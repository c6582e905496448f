"""The coverage heatmap of the Runs page: scenario x edge case, as an HTML table.

Each cell is the conversations of one scenario with one edge case ("(none)": without any):
its number, and its colour the pass rate among the conversations that say something about the
support side (`simulator.data.passed`: an error, a failure the simulated customer caused, or
an ACCEPT with undecided criteria count as undecided, not as passed; a person's review
decides). A cell with conversations but none decided is grey, an empty cell blank: nothing
simulated there yet. Clicking a cell filters the transcripts to it. A table, not a picture:
it is read by screen readers, searched with Ctrl-F and clicked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from simulator.data import NO_EDGE_CASE, passed
from simulator.studio.pages import esc, link

__all__ = ["Cell", "coverage", "heatmap_html"]


@dataclass
class Cell:
    n: int = 0
    graded: int = 0
    ok: int = 0

    @property
    def rate(self) -> float | None:
        return self.ok / self.graded if self.graded else None


@dataclass
class Coverage:
    scenarios: list[str] = field(default_factory=list)
    edge_cases: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)


def _passed(record: dict[str, Any]) -> bool | None:
    verdict = record.get("verdict") or {}
    decided = (record.get("review") or {}).get("label")
    final = decided if decided is not None else verdict.get("label")
    return passed(final, decided is not None, verdict)


def coverage(records: Iterable[dict[str, Any]]) -> Coverage:
    out = Coverage()
    edge_counts: Counter[str] = Counter()
    scenarios: set[str] = set()
    for record in records:
        scenario = str(record.get("scenario_id"))
        scenarios.add(scenario)
        result = _passed(record)
        for case in [str(e) for e in record.get("edge_cases") or []] or [NO_EDGE_CASE]:
            edge_counts[case] += 1
            cell = out.cells.setdefault((scenario, case), Cell())
            cell.n += 1
            cell.graded += result is not None
            cell.ok += result is True
    out.scenarios = sorted(scenarios)
    # "(none)" first: the baseline each row is read against; then the most used cases.
    rest = sorted((c for c in edge_counts if c != NO_EDGE_CASE), key=lambda c: (-edge_counts[c], c))
    out.edge_cases = ([NO_EDGE_CASE] if NO_EDGE_CASE in edge_counts else []) + rest
    return out


def _colour(rate: float | None) -> str:
    if rate is None:
        return "#e0e0e0"
    return f"hsl({round(rate * 120)},65%,72%)"  # red (0) .. yellow .. green (1)


def heatmap_html(run: str, records: Iterable[dict[str, Any]]) -> str:
    data = coverage(records)
    if not data.cells:
        return ""
    head = "".join(f"<th class='rot'><div>{esc(c)}</div></th>" for c in data.edge_cases)
    rows = []
    for scenario in data.scenarios:
        cells = []
        for case in data.edge_cases:
            cell = data.cells.get((scenario, case))
            if cell is None:
                cells.append("<td class='hm empty'></td>")
                continue
            rate = cell.rate
            title = f"{scenario} x {case}: {cell.n} conversations, " + (
                f"{cell.ok} of {cell.graded} decided passed" if rate is not None else "none decided"
            )
            query = {"run": run, "scenario": scenario, "edge_case": case}
            cells.append(
                f"<td class='hm' style='background:{_colour(rate)}' title='{esc(title)}'>"
                f"{link('/runs', query, str(cell.n))}</td>"
            )
        rows.append(f"<tr><th class='sc'>{esc(scenario)}</th>{''.join(cells)}</tr>")
    empty = sum((s, c) not in data.cells for s in data.scenarios for c in data.edge_cases)
    return (
        "<h2>Coverage: scenario x edge case</h2><p class='note'>number: conversations; colour: "
        "pass rate among decided ones (red 0%, green 100%; grey: none decided). "
        f"{empty} cells have no conversation yet. Click a cell to see its conversations.</p>"
        f"<div class='hmwrap'><table class='heatmap'><tr><th></th>{head}</tr>"
        f"{''.join(rows)}</table></div>"
    )
