"""Which kind of thing a case is about, when one policy covers several kinds of it.

"If the damage was already noted at pick-up, refund the damage charge" and "If the fuel
level was full, refund the fuel charge" are two rules about two kinds of charge. Read as they
were, each fired whatever the customer disputed (walkthrough 15: a fuel charge refunded
because the damage was noted at pick-up, a damage charge because the tank was full), and no
fact said which charge it was. So when the rules from a policy name one thing (`charge`) with
different words in front (`damage`, `fuel`), the scenario gets a fact for which it is
(`charge_type`, drawn from `damage` and `fuel`), each of those rules holds only for its kind,
and the customer says which in the first message. Word shapes, not language: English only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from agents.understanding.lexicon import wordset
from simulator.studio.policy.policy_read import Suggestion

__all__ = ["Kinds", "kinds_of", "with_kinds"]

# "the damage charge", "the late fee", "your joining fee": a word in front of the thing's name.
_NAMED = re.compile(r"\b(?:the|a|an|your|their|its|this|that|any)\s+([a-z][a-z-]+)\s+([a-z]+)\b")
# Words in front that say how much or which one, not what kind ("the full charge").
_NO_KIND = wordset(
    """full whole same other new old first second last next only extra additional total
    final entire original current previous remaining whole any every each all such this
    that disputed unpaid outstanding overdue"""
)
# Words that name no thing ("the damage was", "the fuel level at"): the name is a noun.
_NO_THING = wordset(
    """is are was were be been has have had in at on of for to from by with and or but if
    when as that which who level levels amount amounts"""
)


@dataclass(frozen=True)
class Kinds:
    """The thing the policy's rules name (`charge`), the variable saying which kind a case
    is (`charge_type`), and the kinds in the order the policy names them."""

    thing: str
    name: str
    values: tuple[str, ...]

    def when(self, kind: str) -> str:
        return f"{self.name} is {kind}"


def _named(text: str) -> list[tuple[str, str]]:
    """The (kind, thing) pairs `text` names: "refund the damage charge" -> [("damage",
    "charge")]."""
    return [
        (m[1], m[2])
        for m in _NAMED.finditer(text.lower())
        if m[1] not in _NO_KIND
        and m[2] not in _NO_THING
        and m[1] not in _NO_THING
        and not (m[1].endswith("ed") and len(m[1]) > 4)
    ]


def _said(s: Suggestion) -> str:
    """What a rule read from a policy sentence does, where the kind of thing is named."""
    return s.grants if s.way else s.reason if s.action in ("refuse", "confirm") else ""


def kinds_of(found: list[Suggestion], known: dict[str, Any]) -> Kinds | None:
    """The kinds the rules read from one policy are about, when they name one thing with
    at least two kinds in front, each rule one kind; else None."""
    kinds: dict[str, list[str]] = {}
    for s in found:
        seen: dict[str, set[str]] = {}
        for kind, thing in _named(_said(s)):
            seen.setdefault(thing, set()).add(kind)
        for thing, said in seen.items():
            if len(said) == 1:
                kinds.setdefault(thing, [])
                kinds[thing] += [k for k in said if k not in kinds[thing]]
    for thing, values in kinds.items():
        name = f"{thing}_type"
        spec = known.get(name)
        drawn = spec.get("choice") if isinstance(spec, dict) else None
        # read again once the scenario has it: the same kinds, still about them
        if len(values) > 1 and (spec is None or (drawn and set(map(str, drawn)) >= set(values))):
            return Kinds(thing, name, tuple(values))
    return None


def _kind(s: Suggestion, kinds: Kinds) -> str:
    said = {k for k, thing in _named(_said(s)) if thing == kinds.thing}
    return next(iter(said)) if len(said) == 1 else ""


def _scoped(when: str, kinds: Kinds, kind: str) -> str:
    return f"{kinds.when(kind)} and {when}" if when else kinds.when(kind)


def with_kinds(found: list[Suggestion], known: dict[str, Any]) -> list[Suggestion]:
    """`found` with each rule about one kind holding only for that kind, and the variable
    saying which kind it is added with the first of them; `found` as it is when the policy
    names no kinds."""
    kinds = kinds_of(found, known)
    if kinds is None:
        return found
    out = []
    added = False
    for s in found:
        kind = _kind(s, kinds)
        if not kind:
            out.append(s)
            continue
        variables, asks = s.variables, s.asks
        if not added and kinds.name not in known:
            variables = {kinds.name: {"choice": list(kinds.values)}, **s.variables}
            asks = {kinds.name: f"which {kinds.thing} it is about", **s.asks}
            added = True
        out.append(
            replace(
                s,
                when=_scoped(s.when, kinds, kind),
                also=tuple(_scoped(w, kinds, kind) for w in s.also),
                variables=variables,
                asks=asks,
                kind=kinds.when(kind),
            )
        )
    return out
