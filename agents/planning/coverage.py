"""Coverage counts and the greedy (AETG-style) choice of the next conversation's factor values.

The state holds one count per t-wise combination that ran, and how many of those runs failed;
its size is bounded by the number of feasible combinations, not by the run's length, so memory
stays flat however many conversations a run has.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Mapping

import networkx as nx

from agents.planning.factors import NONE, Assignment, Combo, FactorModel


class CoverageState:
    """What ran so far, at one strength: combination -> runs and failures."""

    def __init__(self, model: FactorModel, strength: int) -> None:
        if not 1 <= strength <= 3:
            raise ValueError(f"coverage strength {strength}: give 1, 2 or 3")
        self.model = model
        self.strength = strength
        self.universe = frozenset(model.universe(strength))
        self.counts: dict[Combo, int] = {}
        self.fails: dict[Combo, int] = {}
        self.value_counts = [0] * len(model.values)
        self.open_by_value = [0] * len(model.values)
        for combo in self.universe:
            for v in combo:
                self.open_by_value[v] += 1
        self.covered = 0
        self.conversations = 0
        self.failures = 0

    @property
    def total(self) -> int:
        return len(self.universe)

    @property
    def complete(self) -> bool:
        return self.covered >= self.total

    def add(self, assignment: Mapping[int, tuple[int, ...]], failed: bool) -> None:
        """Count one conversation that ran (and whether the support side failed in it)."""
        self.conversations += 1
        self.failures += failed
        for vals in assignment.values():
            for v in vals:
                self.value_counts[v] += 1
        for combo in self.model.combos(assignment, self.strength):
            n = self.counts.get(combo, 0)
            self.counts[combo] = n + 1
            if failed:
                self.fails[combo] = self.fails.get(combo, 0) + 1
            if n == 0 and combo in self.universe:
                self.covered += 1
                for v in combo:
                    self.open_by_value[v] -= 1


def compatibility_graph(model: FactorModel) -> nx.Graph:
    """Edge cases as nodes, an edge where two may share a conversation (declared both ways)."""
    graph = nx.Graph()
    edge_values = [v for v in model.by_factor[model.edge_factor] if model.values[v].name != NONE]
    graph.add_nodes_from(edge_values)
    for a, b in itertools.combinations(edge_values, 2):
        ca, cb = model.edge_cases[model.values[a].name], model.edge_cases[model.values[b].name]
        if cb.id not in ca.incompatible_with and ca.id not in cb.incompatible_with:
            graph.add_edge(a, b)
    return graph


class Greedy:
    """Fills a partial assignment value by value, each time taking the value that covers the
    most not-yet-covered combinations with what is fixed, then the least used one."""

    def __init__(self, state: CoverageState, compatible: nx.Graph) -> None:
        self.state = state
        self.model = state.model
        self.compatible = compatible
        self.overlay: dict[Combo, int] = {}  # combinations planned in this batch, not yet run

    def count(self, combo: Combo) -> int:
        return self.state.counts.get(combo, 0) + self.overlay.get(combo, 0)

    def plan(self, rng: random.Random, candidates: int) -> Assignment:
        """The best of `candidates` greedy assignments; counts it as planned."""
        best: tuple[int, int, Assignment] | None = None
        drawn = self.drawn(rng)  # once, before the candidates: their choice would favour
        for _ in range(candidates):  # the rarer languages, which cover more new pairs
            assignment = self.fill(drawn, rng, greedy=True)
            new, load = self.score(assignment)
            if best is None or (new, -load) > (best[0], -best[1]):
                best = (new, load, assignment)
        assert best is not None
        self.commit(best[2])
        return best[2]

    def drawn(self, rng: random.Random) -> Assignment:
        """The weighted factors' values (the language), drawn by their weights."""
        model = self.model
        out: Assignment = {}
        for f in sorted(model.weighted):
            options = model.by_factor[f]
            weights = [model.weights[v] for v in options]
            if sum(weights) <= 0:
                weights = [1.0] * len(options)
            out[f] = (rng.choices(options, weights=weights)[0],)
        return out

    def commit(self, assignment: Assignment) -> None:
        for combo in self.model.combos(assignment, self.state.strength):
            self.overlay[combo] = self.overlay.get(combo, 0) + 1

    def score(self, assignment: Assignment) -> tuple[int, int]:
        new = load = 0
        for combo in self.model.combos(assignment, self.state.strength):
            n = self.count(combo)
            new += n == 0
            load += n
        return new, load

    def fill(self, fixed: Assignment, rng: random.Random, greedy: bool) -> Assignment:
        """Complete `fixed` with a feasible value for every other factor (random if not greedy)."""
        model = self.model
        assignment: Assignment = dict(fixed)
        mask = -1
        for vals in assignment.values():
            for v in vals:
                mask &= model.values[v].mask
        order = [f for f in range(len(model.factors)) if f not in assignment]
        rng.shuffle(order)
        for f in order:
            options = [v for v in model.by_factor[f] if model.values[v].mask & mask]
            if f in model.weighted:  # the language: drawn by its weights, not balanced
                weights = [model.weights[v] for v in options]
                if sum(weights) <= 0:
                    weights = [1.0] * len(options)
                value = rng.choices(options, weights=weights)[0]
            elif greedy:
                value = max(options, key=lambda v: (*self._gain(v, assignment), rng.random()))
            else:
                value = rng.choice(options)
            assignment[f] = (value,)
            mask &= model.values[value].mask
            if f == model.edge_factor and greedy and model.values[value].name != NONE:
                second = self._second_edge(value, assignment, mask, rng)
                if second is not None:
                    assignment[f] = tuple(sorted((value, second)))
                    mask &= model.values[second].mask
        return assignment

    def _gain(self, value: int, fixed: Assignment) -> tuple[int, int]:
        """(new combinations, minus the load) adding `value` to `fixed` gives."""
        state = self.state
        if not fixed or state.strength == 1:
            if state.strength == 1:
                n = self.count((value,))
                return (n == 0, -n)
            return (state.open_by_value[value], -state.value_counts[value])
        new = load = 0
        if state.strength == 2:  # the default, inlined: this runs for every option of a plan
            counts, overlay = state.counts, self.overlay
            for vals in fixed.values():
                for other in vals:
                    combo = (other, value) if other < value else (value, other)
                    n = counts.get(combo, 0) + overlay.get(combo, 0)
                    new += n == 0
                    load += n
            return new, -load
        for group in itertools.combinations(sorted(fixed), state.strength - 1):
            for rest in itertools.product(*(fixed[g] for g in group)):
                n = self.count(tuple(sorted((*rest, value))))
                new += n == 0
                load += n
        return new, -load

    def _second_edge(
        self, first: int, assignment: Assignment, mask: int, rng: random.Random
    ) -> int | None:
        """A second, compatible edge case, only when it covers something new."""
        others = {f: v for f, v in assignment.items() if f != self.model.edge_factor}
        options = [
            v for v in sorted(self.compatible.neighbors(first)) if self.model.values[v].mask & mask
        ]
        scored = [(self._gain(v, others), rng.random(), v) for v in options]
        scored = [s for s in scored if s[0][0] > 0]
        return max(scored)[2] if scored else None


def pairs_text(model: FactorModel, combos: Iterable[Combo]) -> list[str]:
    return [" & ".join("=".join(model.name(v)) for v in combo) for combo in combos]
