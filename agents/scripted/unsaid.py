"""Facts support states or acts on that nobody gave it: a check over finished conversations.

Support may use a fact the customer said, a tool result showed, or the scenario's policy and
knowledge state. A scenario's customer-side variables (the ones its customer text uses: the
goal, openings, what the customer knows, flow lines) are things only the customer can tell;
the others are support's records (days since delivery, stock) and may be stated once looked
up. So a support turn is flagged when:

- "stated": its text holds a customer-side value (a variable's, in the conversation's
  language or as drawn, or a known fact's) that no earlier customer or tool turn holds;
- "decided": it announces the rule's decision (resolve, refuse, escalate in the rule's
  words), and a customer-side variable that one of the rules up to the firing one tests
  (`when`) was never given: a refusal for "a slow leak over months" before the customer said
  what caused the water, even in words that do not repeat the value.

Knowledge answers are general (the policy's words) and are not flagged for stating a value,
nor is a request for the fact itself ("whether their licence is valid").
Values shorter than three characters are not searched (a size "S" is in "it's").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agents import types as a
from agents.phrasing.local_numbers import with_stored
from agents.scripted.common import customer_texts, fill, known_values, lines, spoken_variables
from agents.types import ConversationPlan, Turn
from scenarios.conditions import condition_holds
from scenarios.memo import Memo
from scenarios.model import Scenario
from scenarios.templates import placeholders

_DECISIONS = frozenset({a.RESOLVE, a.REFUSE, a.ESCALATE})
_ASKS = frozenset({a.REQUEST_INFO, a.VERIFY_FAILED})  # a request names what it asks for
_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_RUN = 5  # words in a row shared with a rule's line: the turn says that rule's decision


@dataclass(frozen=True)
class Unsaid:
    """One fact a support turn used without having been given it."""

    turn: int  # index of the support turn in the conversation
    kind: str  # "stated" or "decided"
    fact: str  # the variable or known fact's name
    value: str


def customer_side(scenario: Scenario) -> frozenset[str]:
    """The variables only the customer can tell: the ones its own text uses."""
    return _side(scenario)


def _customer_side(scenario: Scenario) -> frozenset[str]:
    names: set[str] = {n for n in scenario.customer.knows if n in scenario.variables}
    for text in customer_texts(scenario):
        try:
            names.update(placeholders(text))
        except ValueError:
            continue
    return frozenset(n for n in names if n in scenario.variables)


_side: Memo[Scenario, frozenset[str]] = Memo(_customer_side)


def _forms(value: str) -> set[str]:
    """How a value shows in text: as drawn, and as an amount is written ("$7,650")."""
    out = {value.strip()}
    if value.startswith("1 ") and value.endswith("s"):  # "1 days" as a customer says it
        out.add(value[:-1])
    if value.isdigit() and len(value) >= 4:
        out.add(f"{int(value):,}")
    return {v for v in out if len(v) >= 3}


def _pattern(forms: set[str]) -> re.Pattern[str] | None:
    if not forms:
        return None
    alts = "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in sorted(forms))
    return re.compile(rf"(?<![\w@])(?:{alts})(?![\w@])", re.IGNORECASE)


def _decision_lines(plan: ConversationPlan, index: int) -> list[set[tuple[str, ...]]]:
    """Each line of rule `index`, rendered, as its set of word runs."""
    rule = plan.scenario.support.rules[index]
    out = []
    for line in lines(plan, rule.say, rule.translations):
        words = tuple(w.lower() for w in _WORDS.findall(fill(plan, line, "say")))
        out.append({words[i : i + _RUN] for i in range(max(1, len(words) - _RUN + 1))})
    return out


def _says_rule(text: str, runs: list[set[tuple[str, ...]]]) -> bool:
    words = tuple(w.lower() for w in _WORDS.findall(text))
    mine = {words[i : i + _RUN] for i in range(max(1, len(words) - _RUN + 1))}
    return any(mine & line for line in runs)


def _firing(plan: ConversationPlan) -> int | None:
    for i, rule in enumerate(plan.scenario.support.rules):
        if all(condition_holds(plan.variables.get(n, ""), c) for n, c in rule.when.items()):
            return i
    return None


def unsaid_facts(plan: ConversationPlan, turns: Sequence[Turn]) -> list[Unsaid]:
    """Every support turn's use of a customer-side fact nobody gave it (see the module)."""
    side = customer_side(plan.scenario)
    spoken = spoken_variables(plan)
    values: dict[str, set[str]] = {}
    for name in sorted(side):
        raw = plan.variables.get(name)
        if raw is not None:
            values[name] = _forms(str(raw)) | _forms(str(spoken.get(name, raw)))
    for name, value in known_values(plan).items():
        values[name] = values.get(name, set()) | _forms(value)
    patterns = {n: p for n, f in values.items() if (p := _pattern(f)) is not None}
    rules = plan.scenario.support.rules
    firing = _firing(plan)
    tested: list[str] = []
    if firing is not None:
        for rule in rules[: firing + 1]:
            tested.extend(n for n in rule.when if n in side and n not in tested)
    runs = _decision_lines(plan, firing) if firing is not None else []
    given: set[str] = set()
    decided = False
    out: list[Unsaid] = []
    for i, turn in enumerate(turns):
        text = with_stored(turn.content or "")  # '18 juin 2025' is '2025-06-18' too
        if turn.role != "support":
            given.update(n for n, p in patterns.items() if p.search(text))
            continue
        if not text:
            continue
        if not (turn.act == a.ANSWER and "topic" in turn.slots):
            asked = turn.slots if turn.act in _ASKS else {}
            for name, pat in patterns.items():
                if name not in given and name not in asked and pat.search(text):
                    out.append(Unsaid(i, "stated", name, str(plan.variables.get(name, ""))))
        if not decided and turn.act in _DECISIONS and runs and _says_rule(text, runs):
            decided = True
            for name in tested:
                if name in patterns and name not in given:
                    out.append(Unsaid(i, "decided", name, str(plan.variables.get(name, ""))))
    return out


def summary(found: Mapping[str, Sequence[Unsaid]]) -> dict[tuple[str, str, str], int]:
    """Counts by (scenario id, kind, fact), for a report over many conversations."""
    counts: dict[tuple[str, str, str], int] = {}
    for scenario_id, items in found.items():
        for u in items:
            key = (scenario_id, u.kind, u.fact)
            counts[key] = counts.get(key, 0) + 1
    return counts
