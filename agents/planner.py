"""The plan of a run: which scenario, persona, edge cases and variables conversation i gets.

Every plan is a pure function of (run seed, index): its seed is a hash, not the n-th draw of a
shared generator. That is what makes resume cheap and exact: a resumed run recomputes plan i
without replaying plans 0..i-1, and a bigger `--n` extends a run without changing its start.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Collection, Iterator, Mapping, Sequence

from agents.fidelity import COVER, weighted
from agents.phrasing import LANGUAGES
from agents.types import ConversationPlan
from personas import Persona, TraitLibrary
from personas.sampler import sample_persona
from scenarios.edge_case_model import EdgeCase, EdgeCaseLibrary, scenario_satisfies
from scenarios.model import Scenario
from scenarios.variables import draw_variables

# How many edge cases a conversation gets, as cumulative probabilities of 0, 1 and 2.
EDGE_CASE_COUNT_CDF: tuple[float, float] = (0.35, 0.80)
_SEED_MASK = (1 << 63) - 1  # seeds are stored as SQLite INTEGERs (signed 64-bit)


def derive_seed(*parts: object) -> int:
    """A seed from its parts by hashing, so neighbouring seeds give unrelated streams."""
    text = ":".join(str(p) for p in parts)
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & _SEED_MASK


def persona_variables(persona: Persona) -> dict[str, str]:
    """The template built-ins every scenario may use, taken from the persona's identity."""
    ident = persona.identity
    return {
        "customer_name": ident.name,
        "first_name": ident.first_name,
        "last_name": ident.last_name,
        "email": ident.email,
        "phone": ident.phone,
        "address": ident.address,
        "city": ident.city,
    }


# The languages the scripted engine writes: a persona is drawn only in one of these that the
# scenario also has its lines in (an LLM could write others, but the plan must suit every
# engine the run may use, and the scripted one is the default).
PLAYABLE: frozenset[str] = frozenset({"en", *LANGUAGES})


def playable(
    scenario: Scenario,
    constraints: Mapping[str, Sequence[str]],
    languages: Collection[str] | None = PLAYABLE,
) -> Mapping[str, Sequence[str]]:
    """`constraints` with `language` narrowed to what the scenario can be played in: the
    languages it has lines in, among `languages` (those the engines write; None: any, the
    scenario's lines are then not consulted either, for engines that write any language).

    When nothing is left (a constraint the scenario's lines cannot serve, which lint
    reports) the constraints are returned unchanged, so the sampler names the conflict."""
    if languages is None:
        return constraints
    can = scenario.languages() & set(languages)
    wanted = constraints.get("language")
    narrowed = sorted(can if wanted is None else can & set(wanted))
    if not narrowed or (wanted is not None and list(wanted) == narrowed):
        return constraints
    return {**constraints, "language": narrowed}


def plan_id(
    scenario_id: str,
    persona: Persona,
    edge_cases: Sequence[str],
    variables: dict[str, str],
    seed: int,
) -> str:
    """A short content hash: the same conversation inputs always get the same id."""
    content = {
        "scenario": scenario_id,
        "persona": persona.model_dump(mode="json"),
        "edge_cases": list(edge_cases),
        "variables": variables,
        "seed": seed,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.blake2b(canonical.encode(), digest_size=8).hexdigest()


class Planner:
    """Precomputes what every plan shares (scenario order, applicable edge cases) once."""

    def __init__(
        self,
        run_seed: int,
        scenarios: Sequence[Scenario],
        edge_cases: EdgeCaseLibrary,
        traits: TraitLibrary | None = None,
        languages: Collection[str] | None = PLAYABLE,
        mix: Mapping[str, float] | None = None,
    ) -> None:
        """`mix`: scenario id -> share to steer the scenario choice towards (`--match`)."""
        if not scenarios:
            raise ValueError("a run needs at least one scenario")
        self.run_seed = run_seed
        self.languages = languages
        # Sorted by id so the plans do not depend on the order paths were given in.
        self.scenarios = sorted(scenarios, key=lambda s: s.id)
        self.traits = traits
        self.mix = mix
        known = edge_cases.by_id()
        self.applicable: dict[str, list[EdgeCase]] = {
            s.id: [
                known[e]
                for e in s.edge_cases
                if e in known and all(scenario_satisfies(s, r) for r in known[e].requires)
            ]
            for s in self.scenarios
        }

    def scenario_for(self, index: int) -> Scenario:
        """Balanced choice: each block of len(scenarios) plans uses every scenario once.
        With a mix, all but a share COVER of the plans draw their scenario by its share."""
        if self.mix is not None:
            rng = random.Random(derive_seed("match", self.run_seed, index))
            if rng.random() >= COVER:
                pick = weighted(rng, [s.id for s in self.scenarios], self.mix)
                if pick >= 0:
                    return self.scenarios[pick]
        k = len(self.scenarios)
        block, offset = divmod(index, k)
        order = list(range(k))
        random.Random(derive_seed("block", self.run_seed, block)).shuffle(order)
        return self.scenarios[order[offset]]

    def pick_edge_cases(self, scenario: Scenario, rng: random.Random) -> tuple[EdgeCase, ...]:
        candidates = self.applicable[scenario.id]
        draw = rng.random()
        want = 0 if draw < EDGE_CASE_COUNT_CDF[0] else 1 if draw < EDGE_CASE_COUNT_CDF[1] else 2
        chosen: list[EdgeCase] = []
        for _ in range(want):
            compatible = [c for c in candidates if all(_compatible(c, o) for o in chosen)]
            if not compatible:
                break
            chosen.append(rng.choice(compatible))
        return tuple(chosen)

    def plan(self, index: int) -> ConversationPlan:
        seed = derive_seed("plan", self.run_seed, index)
        scenario = self.scenario_for(index)
        edge_rng = random.Random(derive_seed("edge", seed))
        return self.assemble(index, scenario, scenario.persona, edge_rng)

    def assemble(
        self,
        index: int,
        scenario: Scenario,
        constraints: Mapping[str, Sequence[str]],
        edge_cases: random.Random | Sequence[EdgeCase],
    ) -> ConversationPlan:
        """Plan `index` for a chosen scenario, persona constraints and edge cases (or an rng to
        draw the edge cases with): the one place a ConversationPlan is put together."""
        seed = derive_seed("plan", self.run_seed, index)
        constraints = playable(scenario, constraints, self.languages)
        persona = sample_persona(derive_seed("persona", seed), constraints, library=self.traits)
        chosen = (
            self.pick_edge_cases(scenario, edge_cases)
            if isinstance(edge_cases, random.Random)
            else tuple(edge_cases)
        )
        variables = draw_variables(
            scenario, derive_seed("variables", seed), persona.identity.locale
        )
        variables.update(persona_variables(persona))
        ids = [e.id for e in chosen]
        return ConversationPlan(
            id=plan_id(scenario.id, persona, ids, variables, seed),
            run_seed=self.run_seed,
            index=index,
            seed=seed,
            scenario=scenario,
            persona=persona,
            edge_cases=chosen,
            variables=variables,
        )


def _compatible(a: EdgeCase, b: EdgeCase) -> bool:
    return a.id != b.id and a.id not in b.incompatible_with and b.id not in a.incompatible_with


def iter_plans(
    run_seed: int,
    scenarios: Sequence[Scenario],
    edge_cases: EdgeCaseLibrary,
    start: int,
    stop: int,
    traits: TraitLibrary | None = None,
) -> Iterator[ConversationPlan]:
    """Plans start..stop-1, one at a time (memory does not grow with the run size)."""
    planner = Planner(run_seed, scenarios, edge_cases, traits)
    for index in range(start, stop):
        yield planner.plan(index)
