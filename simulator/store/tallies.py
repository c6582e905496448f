"""Counts kept while a run's conversations stream by, so a read never holds the whole run.

`convsim report` and `load_run` read run.db one record at a time (memory flat in the size of
the run). What they show about the whole run is either a count per cell of one or two
factors (coverage, the heatmaps), kept in `Cells`, whose size is the number of distinct cells
(scenarios, edge cases, trait values), or a few numbers per conversation or turn in `array`s
(a score, a length): bytes per conversation, never its text.

`Cells.frame()` gives the table a pandas groupby over every conversation would give, because
it is one: a groupby over one row per cell (same key order, same dropped None keys).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import pandas as pd

TRAITS = ("tone", "patience", "verbosity", "tech_savviness", "language")
NO_EDGE_CASE = "(none)"
COUNTS = ["n", "graded", "ok"]
COVERAGE_COLUMNS = ["factor", "value", "conversations", "graded", "passed", "pass_rate"]


class Cells:
    """conversations, graded and passed conversations per key (a tuple of factor values)."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        self.counts: dict[tuple[Hashable, ...], list[int]] = {}

    def add(self, key: tuple[Hashable, ...], passed: bool | None) -> None:
        row = self.counts.get(key)
        if row is None:
            row = self.counts[key] = [0, 0, 0]
        row[0] += 1
        row[1] += passed is not None
        row[2] += passed is True

    def frame(self) -> pd.DataFrame:
        """n, graded, ok indexed by the key columns, sorted; keys with a None are left out."""
        rows = [[*key, *counts] for key, counts in self.counts.items()]
        table = pd.DataFrame(rows, columns=[*self.names, *COUNTS])
        for column in COUNTS:
            table[column] = table[column].astype("int64")
        return table.groupby(self.names, sort=True)[COUNTS].sum()


def factor_values(conv: dict[str, Any]) -> list[tuple[str, Any]]:
    """(factor, value) pairs of one conversation row, as coverage counts them: one per
    edge case and per quirk (or NO_EDGE_CASE when it has none)."""
    pairs: list[tuple[str, Any]] = [("scenario", conv.get("scenario_id"))]
    pairs += [(factor, conv.get(factor)) for factor in ("domain", *TRAITS, "status")]
    for factor, column in (("edge_case", "edge_cases"), ("quirk", "quirks")):
        pairs += [(factor, value) for value in list(conv.get(column) or []) or [NO_EDGE_CASE]]
    return pairs


class Coverage:
    """The coverage table of `load_run`, counted one conversation row at a time."""

    def __init__(self) -> None:
        self.cells = Cells(["factor", "value"])

    def add(self, conv: dict[str, Any]) -> None:
        for pair in factor_values(conv):
            self.cells.add(pair, conv.get("passed"))

    def table(self) -> pd.DataFrame:
        if not self.cells.counts:
            return pd.DataFrame(columns=COVERAGE_COLUMNS)
        table = self.cells.frame().reset_index()
        table = table.rename(columns={"n": "conversations", "ok": "passed"})
        table["pass_rate"] = (table["passed"] / table["graded"]).where(table["graded"] > 0)
        return table[COVERAGE_COLUMNS]


def pivot(cells: Cells) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pass rate, count) tables of a two-factor Cells: rows the first factor, columns the
    second; a cell without a graded conversation has no rate (NaN), without any a count 0."""
    grouped = cells.frame()
    count = grouped["n"].unstack(fill_value=0)
    rate = (grouped["ok"] / grouped["graded"].where(grouped["graded"] > 0)).unstack()
    return rate.reindex_like(count), count
