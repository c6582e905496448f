"""Support rules that fit the same conversation: the first one is used, silently.

Rules are tried in order and the first whose condition holds is used. When two rules that
each do something (resolve, without asking first) can both hold, neither the special case of
the other, the customer gets only the first one's action in the shared case (walkthrough 9:
"reading more than 20% below" before "vulnerable" booked the meter check and lost the
vulnerable customer's payment plan, and lint said "ok"). A rule that does it before a
refusal or hand-over is not warned of: that is how an exception is written ("with a medical
certificate, refund the whole deposit" before "late cancellations lose it"; the library's
"found the backup codes" before "SSO accounts"), and which wins is the author's order; except
a hand-over for amounts above a limit after a rule that does something in some of its
conversations: who decides on large sums is not an exception's to take. A
later rule can also never apply at all, every case it fits taken by rules above it. Both
are found exactly, not by drawing: each variable a rule tests is narrowed to one value per
way the rules' tests can come out on it (a number range to the values around each bound, a
list to its values), and every combination of those is tried.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from scenarios.conditions import Condition, condition_holds
from scenarios.model import Rule, Scenario, Variable

__all__ = ["Overlap", "overlaps", "rule_words"]

# Combinations tried at most; past it, a seeded sample of them (still found in practice:
# the narrowed values are few).
_MOST = 4096
_WORDS = {
    "gt": "is more than",
    "ge": "is at least",
    "lt": "is less than",
    "le": "is at most",
    "in_": "is one of",
    "not_in": "is none of",
    "ne": "is not",
    "eq": "is",
}
_OTHER = "\x00other"  # a text variable's value that none of the rules' tests names


@dataclass(frozen=True)
class Overlap:
    """Rule `later` (0-based) loses to rule `first` in the conversations `example` shows;
    `never`: `later` applies to no conversation at all, else both do it and a rule for both
    can say both."""

    first: int
    later: int
    example: dict[str, str]
    never: bool
    # `later` hands over by an amount (`dispute_amount is more than 2000`) and `first`, a rule
    # that does something, takes some of its conversations.
    handover: bool = False
    # `never`: the earlier rules that between them take every case of `later` (walkthrough 17:
    # "days is more than 14" and "days is at most 14" hid the plan rule, and the warning named
    # rule 1, which takes only some of its cases, and said to move the plan above it).
    by: tuple[int, ...] = ()

    def message(self, rules: Sequence[Rule]) -> str:
        """The warning, in the studio's words for conditions, at rule `later`."""
        a, b = self.first + 1, self.later + 1
        case = ", ".join(f"{k} {v}" for k, v in self.example.items())
        # a rule with no condition fits every case (newcomer 18 read "rule 1 ()")
        winner = f"rule {a} ({rule_words(rules[self.first].when) or 'no condition: every case'})"
        if self.never and len(self.by) > 1:
            hiding = [f"rule {i + 1} ({rule_words(rules[i].when)})" for i in self.by]
            together = ", ".join(hiding[:-1]) + " and " + hiding[-1]
            return (
                f"rule {b} never applies: {together} together take every case it fits (e.g. "
                f"{case}), and the first rule that fits is the one used; change one of their "
                f"conditions if rule {b} should apply, or move rule {b} above rule "
                f"{self.by[0] + 1} if it should win over them"
            )
        if self.never:
            return (
                f"rule {b} never applies: whenever its condition holds, {winner} comes first "
                f"(e.g. {case}), and the first rule that fits is the one used; move rule {b} "
                f"above rule {a} if it should win"
            )
        if self.handover:
            return (
                f"rule {b} hands over ({rule_words(rules[self.later].when)}), but {winner} "
                f"comes first in some conversations it fits (e.g. {case}): support does what "
                f"rule {a} says there and never hands over; move rule {b} above rule {a} if "
                "the hand-over should win"
            )
        when = joined(rules[self.first].when, rules[self.later].when)
        named = f" (`{rule_words(when)}`)" if when else ""
        return (
            f"rules {a} and {b} both fit some conversations (e.g. {case}): only the first, "
            f"{winner}, is used, so support does what it says and not what rule {b} says; to "
            f"do both, add above them a rule for both{named} that says both"
        )


def rule_words(when: Mapping[str, Condition]) -> str:
    """`{days: {gt: 30}}` -> `days is more than 30`, as the studio's form writes it."""
    parts = []
    for name, cond in when.items():
        for field, words in _WORDS.items():
            value = getattr(cond, field)
            if value is None:
                continue
            listed = isinstance(value, list)
            shown = ", ".join(_text(v) for v in value) if listed else _text(value)
            parts.append(f"{name} {words} {shown}")
    return " and ".join(parts)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def joined(a: Mapping[str, Condition], b: Mapping[str, Condition]) -> dict[str, Condition] | None:
    """Both conditions as one (`a and b`); None when they test one variable in ways that
    do not simply add up (two `is` tests, two lists)."""
    out = dict(a)
    for name, cond in b.items():
        if name not in out:
            out[name] = cond
            continue
        mine, theirs = out[name].model_dump(exclude_none=True), cond.model_dump(exclude_none=True)
        if set(mine) & set(theirs):
            return None
        out[name] = Condition(**mine, **theirs)
    return out


def overlaps(scenario: Scenario) -> list[Overlap]:
    """Each rule that some conversations fit but an earlier rule takes (its first such
    earlier rule, with one example), or that no conversation reaches; empty when the
    rules cannot be read here (a variable drawn from records, or none at all)."""
    rules = scenario.support.rules
    tested = [n for rule in rules for n in rule.when]
    names = list(dict.fromkeys(tested))
    if not names or any(
        n not in scenario.variables or scenario.variables[n].record is not None for n in names
    ):
        return []
    values = {n: _candidates(n, scenario.variables[n], rules) for n in names}
    seen: dict[tuple[bool, ...], dict[str, str]] = {}  # which rules hold -> an example
    for case in _cases(values):
        held = tuple(rule_holds(rule, case) for rule in rules)
        seen.setdefault(held, case)
    found = []
    for j, later in enumerate(rules):
        if not later.when:
            continue
        if not any(h[j] and not any(h[:j]) for h in seen):
            first = min(
                (h.index(True) for h in seen if h[j]), default=None
            )  # the earliest that takes its cases
            if first is not None:
                by = _covering(seen, j)
                first = by[0] if by else first
                example = _shown(_taken(seen, j, first), *(rules[i] for i in by or (first,)), later)
                found.append(Overlap(first, j, example, True, by=by))
            continue
        if _by_amount(later):
            for i in range(j):
                if not rules[i].when or not _doable(rules[i]):
                    continue
                shared = _taken(seen, j, i)
                if shared is None or not any(h[i] and not h[j] for h in seen):
                    continue  # never before it, or only a case of it: an exception, meant
                found.append(Overlap(i, j, _shown(shared, rules[i], later), False, True))
                break
            continue
        if not _doable(later):
            continue
        for i in range(j):
            if not rules[i].when or not _doable(rules[i]) or _same(rules[i], later):
                continue
            shared = _taken(seen, j, i)
            special = not any(h[i] and not h[j] for h in seen)  # i is a case of j
            if shared is None or special:
                continue
            found.append(Overlap(i, j, _shown(shared, rules[i], later), False))
            break
    return found


def _covering(seen: Mapping[tuple[bool, ...], dict[str, str]], later: int) -> tuple[int, ...]:
    """The fewest earlier rules (at most three) that hold in every case rule `later` fits,
    the latest such set: the ones that hide it (not a rule that takes only some of its cases);
    () when none is that few."""
    cases = [h for h in seen if h[later]]
    for size in (1, 2, 3):
        for group in reversed(list(itertools.combinations(range(later), size))):
            if all(any(h[i] for i in group) for h in cases):
                return group
    return ()


def rule_holds(rule: Rule, values: Mapping[str, str]) -> bool:
    return all(condition_holds(values[n], c) for n, c in rule.when.items())


def _taken(
    seen: Mapping[tuple[bool, ...], dict[str, str]], later: int, by: int
) -> dict[str, str] | None:
    """A case rule `later` fits that rule `by` is used for, if there is one."""
    for held, case in seen.items():
        if held[later] and held.index(True) == by:
            return case
    return None


def _shown(case: dict[str, str] | None, *rules: Rule) -> dict[str, str]:
    """The example's values the rules named test (all of them when none is named)."""
    if case is None:
        return {}
    named = list(dict.fromkeys(n for rule in rules for n in rule.when)) or list(case)
    return {k: "(another value)" if case[k] == _OTHER else case[k] for k in named if k in case}


def _same(a: Rule, b: Rule) -> bool:
    """Two rules that do the same thing in the same words: their order changes nothing."""
    return (a.action, a.say, a.confirm, a.offer) == (b.action, b.say, b.confirm, b.offer)


def _by_amount(rule: Rule) -> bool:
    """A hand-over for amounts above a limit (walkthrough 12: "Disputes over 2,000 euros go
    to the billing team" after "more than 500 kWh below: book a meter check", and a 3,516
    euro dispute got the meter check, with no warning)."""
    return rule.action == "escalate" and any(
        c.gt is not None or c.ge is not None for c in rule.when.values()
    )


def _doable(rule: Rule) -> bool:
    return rule.action == "resolve" and not rule.confirm


def _cases(values: Mapping[str, list[str]]) -> Iterator[dict[str, str]]:
    names = list(values)
    total = math.prod(len(v) for v in values.values())
    if total <= _MOST:
        for combo in itertools.product(*(values[n] for n in names)):
            yield dict(zip(names, combo, strict=True))
        return
    rng = random.Random(7)
    for _ in range(_MOST):
        yield {n: rng.choice(values[n]) for n in names}


def _candidates(name: str, var: Variable, rules: Sequence[Rule]) -> list[str]:
    """One value of `var` for each way the rules' tests on it can come out."""
    tests = [rule.when[name] for rule in rules if name in rule.when]
    if var.choice is not None:
        pool = [_text(v) for v in var.choice]
    else:
        bounds = [
            b
            for c in tests
            for b in (c.gt, c.ge, c.lt, c.le, *(x for x in (c.eq, c.ne) if x is not None))
            if b is not None
        ]
        numbers = sorted(
            {math.floor(float(b)) + d for b in bounds if _is_number(b) for d in (-1, 0, 1)}
            | {math.ceil(float(b)) for b in bounds if _is_number(b)}
        )
        if var.range is not None:
            lo, hi = var.range
            numbers = [lo, *(n for n in numbers if lo < n < hi), hi]
        pool = [str(n) for n in numbers]
        for c in tests:  # text the tests name, and one they do not
            pool += [
                _text(v) for v in (c.eq, c.ne, *(c.in_ or []), *(c.not_in or [])) if v is not None
            ]
        if var.range is None:
            pool.append(_OTHER)
    out: dict[tuple[bool, ...], str] = {}
    for value in pool:
        out.setdefault(tuple(condition_holds(value, c) for c in tests), value)
    return list(out.values())


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    try:
        float(str(value))
    except ValueError:
        return False
    return True
