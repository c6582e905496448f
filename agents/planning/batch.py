"""Mini-batches of plans chosen from the coverage so far, in three modes.

Batch k holds plan indices [k*B, (k+1)*B). Its plans depend only on the run seed, on the
results of batches k-1-LAG and earlier (fed in through `observe`) and on the plans of the LAG
batches in between (`pending`), never on timing or on `--n`; that is what keeps a run
deterministic and lets a resumed or extended run reproduce the same plans. The lag lets a run
start batch k+1 while batch k's slowest conversations finish, instead of idling its slots.

- `coverage`: greedy, the plans that cover the most not-yet-covered t-wise combinations;
  once everything is covered, the least-run combinations (balanced cell counts).
- `failures`: the same until a failure has been seen after every value was tried once; then
  most slots go to a Thompson-sampling bandit over failing cells and their neighbours, the
  rest (EXPLORE) keep covering.
- `random`: the baseline: the weighted sampler of `agents.planner.Planner`.
"""

from __future__ import annotations

import json
import random
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from agents.fidelity import COVER, MatchTarget, weighted
from agents.planner import PLAYABLE, Planner, derive_seed
from agents.planning.bandit import FailureBandit
from agents.planning.coverage import CoverageState, Greedy, compatibility_graph
from agents.planning.factors import (
    EDGE,
    NONE,
    SCENARIO,
    TRAITS,
    Assignment,
    FactorModel,
    observed,
)
from agents.types import ConversationPlan
from personas import TraitLibrary
from personas.library import load_traits
from scenarios.edge_case_model import EdgeCaseLibrary
from scenarios.model import Scenario

Mode = Literal["coverage", "failures", "random"]
MODES: tuple[Mode, ...] = ("coverage", "failures", "random")
BATCH_SIZE = 50
LAG = 1  # batches planned but not yet observed when the next one is planned
EXPLORE = 0.3  # share of a failures-mode batch that keeps covering instead of exploiting
CANDIDATES = 8  # greedy assignments tried per plan while combinations are still uncovered


@dataclass(frozen=True)
class PlanSpec:
    """What the planner chose for one plan index; stored in run.db before it runs."""

    index: int
    scenario: str
    traits: dict[str, str] = field(default_factory=dict)
    edge_cases: tuple[str, ...] = ()
    why: str = "coverage"

    def to_json(self) -> str:
        data = {
            "scenario": self.scenario,
            "traits": self.traits,
            "edge_cases": list(self.edge_cases),
            "why": self.why,
        }
        return json.dumps(data, sort_keys=True)

    def names(self) -> dict[str, list[str]]:
        """The factor values this spec asks for, by name (as `factors.observed` gives them)."""
        names: dict[str, list[str]] = {SCENARIO: [self.scenario]}
        names |= {t: [v] for t, v in self.traits.items()}
        names[EDGE] = list(self.edge_cases) or [NONE]
        return names

    @classmethod
    def from_json(cls, index: int, text: str) -> PlanSpec:
        data = json.loads(text)
        return cls(index, data["scenario"], data["traits"], tuple(data["edge_cases"]), data["why"])


class BatchPlanner:
    def __init__(
        self,
        run_seed: int,
        scenarios: Sequence[Scenario],
        edge_cases: EdgeCaseLibrary,
        traits: TraitLibrary | None = None,
        mode: Mode = "coverage",
        strength: int = 2,
        batch_size: int = BATCH_SIZE,
        languages: Collection[str] | None = PLAYABLE,
        target: MatchTarget | None = None,
    ) -> None:
        """`languages`: those the run's engines write (default: the scripted engine's; a
        persona is drawn in one the scenario has lines in); None: any. `target`: steer most
        plans towards a real mix (`--match`, agents.fidelity)."""
        if mode not in MODES:
            raise ValueError(f"planner '{mode}': give one of {', '.join(MODES)}")
        self.run_seed = run_seed
        self.languages = languages
        self.mode = mode
        self.batch_size = batch_size
        self.traits = traits if traits is not None else load_traits()
        self.target = target
        mix = target.scenarios if target is not None else None
        self.base = Planner(run_seed, scenarios, edge_cases, self.traits, languages, mix)
        self.model = FactorModel(scenarios, edge_cases, self.traits, languages)
        self.state = CoverageState(self.model, strength)
        self.compatible = compatibility_graph(self.model)

    def observe(self, names: Mapping[str, Sequence[str]], failed: bool) -> None:
        """Count a conversation that ran (its factor values by name, see factors.observed)."""
        self.state.add(self.model.from_names(names), failed)

    def batch_of(self, index: int) -> int:
        return index // self.batch_size

    def plan_batch(self, batch: int, pending: Sequence[PlanSpec] = ()) -> list[PlanSpec]:
        """The specs of batch `batch` from what has been observed; `pending` are plans made
        but not observed yet (the lag), counted as planned so they are not repeated."""
        start = batch * self.batch_size
        indices = range(start, start + self.batch_size)
        if self.mode == "random":
            return [self._random_spec(i) for i in indices]
        rng = random.Random(derive_seed("batch", self.run_seed, batch))
        greedy = Greedy(self.state, self.compatible)
        for spec in pending:
            greedy.commit(self.model.from_names(spec.names()))
        bandit = self._bandit()
        candidates = 1 if self.state.complete else CANDIDATES
        specs: list[PlanSpec] = []
        for index in indices:
            if bandit is not None and rng.random() >= EXPLORE:
                cell = bandit.pick(rng)
                fixed: Assignment = {}
                for v in cell:
                    fixed.setdefault(self.model.values[v].factor, (v,))
                assignment = greedy.fill(fixed, rng, greedy=False)
                greedy.commit(assignment)
                why = "failures"
            elif self.target is not None and rng.random() >= COVER:
                assignment = greedy.fill(self._steered(self.target, rng), rng, greedy=True)
                greedy.commit(assignment)
                why = "match"
            else:
                assignment = greedy.plan(rng, candidates)
                why = "balance" if self.state.complete else "coverage"
            specs.append(self._spec(index, assignment, why))
        return specs

    def _bandit(self) -> FailureBandit | None:
        state = self.state
        if self.mode != "failures" or state.failures == 0 or 0 in state.value_counts:
            return None
        bandit = FailureBandit(state)
        return bandit if bandit.active else None

    def _steered(self, target: MatchTarget, rng: random.Random) -> Assignment:
        """The scenario and the targeted traits drawn by the target's weights, each among the
        values feasible with what is drawn already; the greedy fills in the rest."""
        model = self.model
        fixed: Assignment = {}
        mask = -1
        wanted = [(SCENARIO, target.scenarios)]
        wanted += [(t, w) for t, w in sorted(target.traits.items()) if t in model.factors]
        for name, weights in wanted:
            f = model.factors.index(name)
            options = [v for v in model.by_factor[f] if model.values[v].mask & mask]
            pick = weighted(rng, [model.values[v].name for v in options], weights)
            if pick >= 0:
                fixed[f] = (options[pick],)
                mask &= model.values[options[pick]].mask
        return fixed

    def _spec(self, index: int, assignment: Assignment, why: str) -> PlanSpec:
        names = self.model.describe(assignment)
        traits = {t: names[t][0] for t in TRAITS}
        edges = tuple(e for e in names[EDGE] if e != NONE)
        return PlanSpec(index, names[SCENARIO][0], traits, edges, why)

    def _random_spec(self, index: int) -> PlanSpec:
        return PlanSpec(index, self.base.scenario_for(index).id, why="random")

    def materialize(self, spec: PlanSpec) -> ConversationPlan:
        """The full plan for a spec: persona sampled under the chosen trait values."""
        if spec.why == "random":
            return self.base.plan(spec.index)
        scenario = self.model.scenario_by_id[spec.scenario]
        constraints = {t: [v] for t, v in spec.traits.items()}
        cases = [self.model.edge_cases[e] for e in spec.edge_cases]
        return self.base.assemble(spec.index, scenario, constraints, cases)

    def plan_ahead(self) -> Iterator[tuple[PlanSpec, ConversationPlan]]:
        """Plans in index order as a run makes them (with its lag), as if each ran and passed:
        `convsim plan` and the coverage benchmark, which cannot know real results."""
        pending: list[list[tuple[PlanSpec, ConversationPlan]]] = []
        batch = 0
        while True:
            if len(pending) > LAG:
                for _, plan in pending.pop(0):
                    edges = [e.id for e in plan.edge_cases]
                    self.observe(observed(plan.scenario.id, plan.persona, edges), False)
            specs = self.plan_batch(batch, [spec for made in pending for spec, _ in made])
            pending.append([(spec, self.materialize(spec)) for spec in specs])
            yield from pending[-1]
            batch += 1
