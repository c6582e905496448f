"""Failure seeking: Thompson sampling over t-wise cells, informed by failing neighbourhoods.

A cell is one t-wise combination of factor values. Its failure rate has a Beta posterior from
the conversations that ran in it. Cells next to a failing cell (the same combination with one
value changed) borrow their neighbours' failure rate as a prior, so once a weakness is found
the bandit both confirms it and probes around it to map where it stops.
"""

from __future__ import annotations

import random

import networkx as nx

from agents.planning.coverage import CoverageState
from agents.planning.factors import Combo

PRIOR_WEIGHT = 1.0  # pseudo-observations a cell borrows from its neighbourhood


def neighbourhood(state: CoverageState) -> nx.Graph:
    """Failing cells and the feasible cells one value away from them, linked by that step."""
    model = state.model
    graph = nx.Graph()
    failing = sorted(c for c, n in state.fails.items() if n > 0 and c in state.universe)
    for cell in failing:
        graph.add_node(cell)
        for i, v in enumerate(cell):
            for other in model.by_factor[model.values[v].factor]:
                if other == v:
                    continue
                near = tuple(sorted((*cell[:i], other, *cell[i + 1 :])))
                if near in state.universe:
                    graph.add_edge(cell, near)
    return graph


class FailureBandit:
    """Picks the cell to run next by sampling each candidate cell's failure rate."""

    def __init__(self, state: CoverageState) -> None:
        self.state = state
        self.graph = neighbourhood(state)
        self.cells: list[Combo] = sorted(self.graph.nodes)
        self.prior = {cell: self._prior(cell) for cell in self.cells}

    def _rate(self, cell: Combo) -> float | None:
        runs = self.state.counts.get(cell, 0)
        return None if runs == 0 else self.state.fails.get(cell, 0) / runs

    def _prior(self, cell: Combo) -> float:
        rates = [r for n in self.graph.neighbors(cell) if (r := self._rate(n)) is not None]
        return sum(rates) / len(rates) if rates else 0.5

    @property
    def active(self) -> bool:
        return bool(self.cells)

    def pick(self, rng: random.Random) -> Combo:
        best: tuple[float, Combo] | None = None
        for cell in self.cells:
            fails = self.state.fails.get(cell, 0)
            passes = self.state.counts.get(cell, 0) - fails
            prior = self.prior[cell]
            alpha = 1.0 + fails + PRIOR_WEIGHT * prior
            beta = 1.0 + passes + PRIOR_WEIGHT * (1.0 - prior)
            draw = rng.betavariate(alpha, beta)
            if best is None or draw > best[0]:
                best = (draw, cell)
        assert best is not None
        return best[1]
