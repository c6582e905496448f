"""The coverage model: which factor values a conversation can have, and which go together.

Factors are the scenario, the persona traits and the edge cases. A value is encoded as a small
int so that a t-wise combination is a tuple of ints (cheap to hash and count). Feasibility is
a bitmask of scenarios per value: a combination is feasible when some scenario allows every
value in it (its persona constraints, the edge cases it lists and whose `requires` it meets).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from agents.planner import PLAYABLE, playable
from personas import Persona, TraitLibrary
from scenarios.edge_case_model import EdgeCaseLibrary, scenario_satisfies
from scenarios.model import Scenario

SCENARIO = "scenario"
EDGE = "edge_case"
NONE = "none"
TRAITS = ("tone", "patience", "verbosity", "tech_savviness", "language", "quirks")
# Factors drawn by the trait library's weights instead of balanced: who the run is for
# (the language mix), not a behaviour to explore evenly.
WEIGHTED = ("language",)
MAX_EDGE_CASES = 2

Combo = tuple[int, ...]
# factor index -> the value ids it has in one conversation (edge cases may have two)
Assignment = dict[int, tuple[int, ...]]


@dataclass(frozen=True)
class Value:
    factor: int
    name: str
    mask: int  # bit i set: scenario i allows this value


class FactorModel:
    """Factors, values and feasibility for one set of scenarios, edge cases and traits."""

    def __init__(
        self,
        scenarios: Sequence[Scenario],
        edge_cases: EdgeCaseLibrary,
        traits: TraitLibrary,
        languages: Collection[str] | None = PLAYABLE,
    ) -> None:
        self.scenarios = sorted(scenarios, key=lambda s: s.id)
        self.scenario_by_id = {s.id: s for s in self.scenarios}
        self.factors: list[str] = [SCENARIO, *TRAITS, EDGE]
        self.values: list[Value] = []
        self.by_factor: list[list[int]] = [[] for _ in self.factors]
        self.ids: dict[tuple[str, str], int] = {}
        self.weights: dict[int, float] = {}  # value -> weight, for the WEIGHTED factors
        self.weighted: set[int] = set()  # their factor indices
        known = edge_cases.by_id()
        self.edge_cases = known
        for i, s in enumerate(self.scenarios):
            self._add(0, s.id, 1 << i)
        for f, trait in enumerate(TRAITS, start=1):
            masks = {}
            for name in _trait_values(trait, traits):
                mask = 0
                for i, s in enumerate(self.scenarios):
                    allowed = playable(s, s.persona, languages).get(trait)
                    if allowed is None or name in allowed:
                        mask |= 1 << i
                masks[name] = mask
            if trait in WEIGHTED:  # a value weighing 0 is not in this run's space, unless
                # a scenario can be played in nothing else (then it is drawn there only)
                heavy = [n for n in masks if traits.language_weight(n) > 0]
                served = 0
                for n in heavy:
                    served |= masks[n]
                masks = {n: m for n, m in masks.items() if n in heavy or m & ~served}
                # an even mix (every language left weighing the same) is balanced like the
                # other factors: coverage then spreads the languages over the pairs
                if len({traits.language_weight(n) for n, m in masks.items() if m}) > 1:
                    self.weighted.add(f)
            for name, mask in masks.items():
                if mask:
                    self._add(f, name, mask)
                    if f in self.weighted:
                        self.weights[len(self.values) - 1] = traits.language_weight(name)
        edge_f = len(self.factors) - 1
        self._add(edge_f, NONE, (1 << len(self.scenarios)) - 1)
        for case in edge_cases.edge_cases:
            mask = 0
            for i, s in enumerate(self.scenarios):
                if case.id in s.edge_cases and all(scenario_satisfies(s, r) for r in case.requires):
                    mask |= 1 << i
            if mask:
                self._add(edge_f, case.id, mask)

    def _add(self, factor: int, name: str, mask: int) -> None:
        self.ids[(self.factors[factor], name)] = len(self.values)
        self.by_factor[factor].append(len(self.values))
        self.values.append(Value(factor, name, mask))

    @property
    def edge_factor(self) -> int:
        return len(self.factors) - 1

    def sizes(self) -> dict[str, int]:
        return {f: len(v) for f, v in zip(self.factors, self.by_factor, strict=True)}

    def feasible(self, combo: Combo) -> bool:
        mask = -1
        for v in combo:
            mask &= self.values[v].mask
        return mask != 0

    def universe(self, strength: int) -> Iterator[Combo]:
        """Every feasible t-wise combination, in a fixed order."""
        for group in itertools.combinations(range(len(self.factors)), strength):
            for combo in itertools.product(*(self.by_factor[f] for f in group)):
                if self.feasible(combo):
                    yield combo

    def combos(self, assignment: Mapping[int, tuple[int, ...]], strength: int) -> Iterator[Combo]:
        """The t-wise combinations one conversation covers."""
        factors = sorted(assignment)
        for group in itertools.combinations(factors, strength):
            yield from itertools.product(*(assignment[f] for f in group))

    def name(self, value: int) -> tuple[str, str]:
        v = self.values[value]
        return self.factors[v.factor], v.name

    def describe(self, assignment: Mapping[int, tuple[int, ...]]) -> dict[str, list[str]]:
        return {
            self.factors[f]: [self.values[v].name for v in vals]
            for f, vals in sorted(assignment.items())
        }

    def from_names(self, names: Mapping[str, Sequence[str]]) -> Assignment:
        """An assignment from factor -> value names; unknown names are skipped (the library
        changed since the conversation ran, so that value is no longer counted)."""
        out: Assignment = {}
        for f, factor in enumerate(self.factors):
            vals = tuple(
                self.ids[(factor, n)] for n in names.get(factor, ()) if (factor, n) in self.ids
            )
            if vals:
                out[f] = vals
        return out


def _trait_values(trait: str, traits: TraitLibrary) -> list[str]:
    if trait == "language":
        return list(dict.fromkeys(traits.locales.values()))
    spec = traits.traits[trait]
    return [NONE, *spec.values] if spec.multi else list(spec.values)


def observed(scenario_id: str, persona: Persona, edge_cases: Sequence[str]) -> dict[str, list[str]]:
    """What a conversation that ran actually had, by factor name (coverage counts this)."""
    names: dict[str, list[str]] = {SCENARIO: [scenario_id]}
    for trait in TRAITS:
        value = persona.trait(trait)
        names[trait] = [value] if isinstance(value, str) else (list(value) or [NONE])
    names[EDGE] = list(edge_cases) or [NONE]
    return names
