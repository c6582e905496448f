"""Which run seed a Try uses: one whose handful of conversations shows every rule it can.

A Try is five conversations; drawn at random, a scenario with four rules often shows the same
branch four times and never the case it is about (walkthrough 7: a member 2 days late, whose
fee is waived, appeared once in 15 conversations, and one rule never ran). The variables of
conversation i are a pure function of (run seed, i) (agents.planner: `derive_seed("plan",
seed, i)` then `"variables"`), so the studio can look at the values many candidate seeds would
draw, cheaply and without running anything, and Try the first seed whose five conversations
meet the most different rules (the catch-all and "no rule applies" counted as cases too).

Stratifying by seed choice, not by rewriting the scenario, keeps each conversation an honest
draw of the author's own variables: nothing is pinned, the run is the one `convsim run --seed`
gives, and the next Try searches from the next seed, so it shows five different ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from agents.planner import derive_seed
from scenarios.model import Scenario
from scenarios.variables import VariableError, draw_variables

__all__ = ["CANDIDATES", "covering", "covering_seed"]

# Seeds looked at, at most (each: n draws of the variables, no conversation): about 0.1-0.5 s
# of CPU on the built-in library's scenarios. A count, never a clock: a clock made two Tries of
# one seed on a loaded machine stop at different candidates and show different conversations.
CANDIDATES = 400


def candidate_seeds(seed: int) -> list[int]:
    """The seed asked for first (so a scenario already covered keeps its run), then seeds
    derived from it: Try N+1 searches a different set than Try N."""
    return [seed] + [derive_seed("try", seed, k) for k in range(1, CANDIDATES)]


def drawn(scenario: Scenario, run_seed: int, n: int) -> list[dict[str, str]]:
    """The variables conversations 0..n-1 of a run with `run_seed` draw (as the planner
    does; locale en_US: choice and range draws, what rules test, do not depend on it)."""
    return [
        draw_variables(
            scenario, derive_seed("variables", derive_seed("plan", run_seed, i)), "en_US"
        )
        for i in range(n)
    ]


def covering_seed(
    scenario: Scenario,
    seed: int,
    n: int,
    rules_of: Callable[[list[dict[str, Any]]], Sequence[int | None]],
    cases: int,
) -> int:
    """The run seed to Try: the first candidate whose n conversations meet the most different
    rules (by `rules_of`, the first rule each conversation's values meet), stopping at once
    when one meets min(n, cases) (every case there is). `seed` itself when the scenario has
    no rules to tell apart or its variables cannot be drawn here (record variables without
    their world): the run then reports its own problems as before."""
    return covering(scenario, seed, n, rules_of, cases)[0]


def covering(
    scenario: Scenario,
    seed: int,
    n: int,
    rules_of: Callable[[list[dict[str, Any]]], Sequence[int | None]],
    cases: int,
    shown: frozenset[int | None] = frozenset(),
) -> tuple[int, frozenset[int | None]]:
    """covering_seed, and the cases the chosen seed shows, preferring cases not in `shown`
    (what the Tries before it showed), then more cases, then the rarest: a policy's main case
    (a full release, a free cancellation) comes only when every refusal above it misses, and
    a seed picked for its count alone showed the common refusals in every Try (newcomer 18:
    the release rule never applied in 15 conversations)."""
    if cases <= 1:
        return seed, frozenset()
    left = cases - len(shown)
    target = min(n, left) if left > 0 else min(n, cases)
    draws: list[tuple[int, list[int | None]]] = []
    for candidate in candidate_seeds(seed):
        try:
            values = drawn(scenario, candidate, n)
        except VariableError:
            return seed, frozenset()
        got = list(rules_of([{"variables": v} for v in values]))
        draws.append((candidate, got))
        new = set(got) - shown if left > 0 else set(got)
        if left <= n and len(new) >= target and len(set(got)) >= min(n, cases):
            return candidate, frozenset(got)  # every case left: no rarer one to look for
    seen: dict[int | None, int] = {}
    for _c, got in draws:
        for case in got:
            seen[case] = seen.get(case, 0) + 1

    def score(item: tuple[int, list[int | None]]) -> tuple[int, int, float]:
        got = set(item[1])
        new = got - shown if left > 0 else got
        return len(new), len(got), sum(1 / seen[c] for c in new)

    best = max(draws, key=score)  # the first of equals: max keeps the earliest
    return best[0], frozenset(best[1])
