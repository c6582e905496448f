"""The coverage heatmap of the Runs page: scenario x edge case, as an HTML table.

Each cell is the conversations of one scenario with one edge case ("(none)": without any):
its number, and its colour the share of them where a check found the support side failing
(REJECT or REVIEW; a person's review decides). A failure found is decided; no failure found
is not a pass (offline, most criteria are judged sentences no check decides), so passes and
undecided ones are counted apart (`simulator.store.data.passed`, as in the report) and shown in the
cell's tooltip. Infrastructure errors and failures the simulated customer caused count for
neither. A cell with nothing countable is grey, an empty cell blank: nothing simulated there
yet. Clicking a cell filters the transcripts to it. A table, not a picture: it is read by
screen readers, searched with Ctrl-F and clicked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from simulator.store.data import NO_EDGE_CASE, passed
from simulator.studio.pages.pages import esc, link, situation_words

__all__ = ["Cell", "coverage", "heatmap_html"]


@dataclass
class Cell:
    n: int = 0
    failed: int = 0  # a check found support failing
    passed: int = 0  # decided and passed
    undecided: int = 0  # no failure found, but criteria no check could decide

    @property
    def counted(self) -> int:
        """Conversations that say something about support (not errors, not the simulator's)."""
        return self.failed + self.passed + self.undecided

    @property
    def failure_share(self) -> float | None:
        return self.failed / self.counted if self.counted else None


@dataclass
class Coverage:
    scenarios: list[str] = field(default_factory=list)
    edge_cases: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)


def _result(record: dict[str, Any]) -> str | None:
    """failed, passed, undecided, or None (an error or the simulated customer's fault)."""
    verdict = record.get("verdict") or {}
    decided = (record.get("review") or {}).get("label")
    final = decided if decided is not None else verdict.get("label")
    result = passed(final, decided is not None, verdict)
    if result is not None:
        return "passed" if result else "failed"
    if final in (None, "ERROR") or (decided is None and verdict.get("blame") == "simulator"):
        return None
    return "undecided"


def coverage(records: Iterable[dict[str, Any]]) -> Coverage:
    out = Coverage()
    edge_counts: Counter[str] = Counter()
    scenarios: set[str] = set()
    for record in records:
        scenario = str(record.get("scenario_id"))
        scenarios.add(scenario)
        result = _result(record)
        for case in [str(e) for e in record.get("edge_cases") or []] or [NO_EDGE_CASE]:
            edge_counts[case] += 1
            cell = out.cells.setdefault((scenario, case), Cell())
            cell.n += 1
            if result is not None:
                setattr(cell, result, getattr(cell, result) + 1)
    out.scenarios = sorted(scenarios)
    # "(none)" first: the baseline each row is read against; then the most used cases.
    rest = sorted((c for c in edge_counts if c != NO_EDGE_CASE), key=lambda c: (-edge_counts[c], c))
    out.edge_cases = ([NO_EDGE_CASE] if NO_EDGE_CASE in edge_counts else []) + rest
    return out


def _colour(share: float | None) -> str:
    if share is None:
        return "#e0e0e0"
    return f"hsl(0,75%,{round(97 - share * 37)}%)"  # white (no failure) .. red (all failed)


def _case_words(case: str) -> str:
    return "none" if case == NO_EDGE_CASE else situation_words(case)


def heatmap_html(run: str, records: Iterable[dict[str, Any]]) -> str:
    data = coverage(records)
    if not data.cells:
        return ""
    head = "".join(  # in plain words, as the cards and filters say them; the id in a tooltip
        f"<th class='rot' title='{esc(c)}'><div>{esc(_case_words(c))}</div></th>"
        for c in data.edge_cases
    )
    rows = []
    for scenario in data.scenarios:
        cells = []
        for case in data.edge_cases:
            cell = data.cells.get((scenario, case))
            if cell is None:
                cells.append("<td class='hm empty'></td>")
                continue
            title = (
                f"{scenario} x {case}: {cell.n} conversations; {cell.failed} with a failure "
                f"found, {cell.passed} passed, {cell.undecided} undecided"
            )
            query = {"run": run, "scenario": scenario, "edge_case": case}
            cells.append(
                f"<td class='hm' style='background:{_colour(cell.failure_share)}' "
                f"title='{esc(title)}'>"
                f"{link('/runs', query, str(cell.n))}</td>"
            )
        rows.append(f"<tr><th class='sc'>{esc(scenario)}</th>{''.join(cells)}</tr>")
    empty = sum((s, c) not in data.cells for s in data.scenarios for c in data.edge_cases)
    return (
        "<h2>Coverage: scenario x situation</h2><p class='note'>number: conversations; colour: "
        "share where a check found support failing (white: none, red: all; grey: only errors). "
        "No failure found is not a pass: hover a cell for passed and undecided. "
        f"{empty} cells have no conversation yet. Click a cell to see its conversations.</p>"
        f"<div class='hmwrap'><table class='heatmap'><tr><th></th>{head}</tr>"
        f"{''.join(rows)}</table></div>"
    )
