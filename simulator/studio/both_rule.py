"""A rule for the case two rules both fit, added above them with one click.

Rules are tried in order and the first that fits is used, so when two rules that each do
something fit the same conversation, the customer gets only the first one's (walkthrough 9:
the meter check booked, the vulnerable customer's payment plan lost). Lint warns at the later
rule (`scenarios/overlaps.py`); the studio offers, beside the warning, a rule whose condition
is both conditions and whose line says both, put above the two, which is what the policy's
"also" rules get when they are added from the policy (`policy_acts.both`).
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from simulator.studio.roundtrip import dump, round_trip_yaml

__all__ = ["both_lines", "rule_for_both"]

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def both_lines(first: str, later: str) -> str:
    """The two lines as one: the first's sentences, then the later's that are not already
    said, questions ("Can I help with anything else?") once and last."""
    told: list[str] = []
    asked: list[str] = []
    for line in (first, later):
        for sentence in _SENTENCE.split(line.strip()):
            if not sentence:
                continue
            into = asked if sentence.endswith("?") else told
            if sentence.casefold() not in (s.casefold() for s in (*told, *asked)):
                into.append(sentence)
    return " ".join([*told, *asked])


def rule_for_both(text: str, first: int, later: int) -> tuple[str, dict[str, Any]]:
    """`text` with a rule for the case rules `first` and `later` (0-based) both fit, above
    them: both conditions, `resolve`, both reasons, a line saying both. Refused in words when
    the two are not both rules that do it, or test one variable in ways that do not add up."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    rules = ((data or {}).get("support") or {}).get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list) or not 0 <= first < later < len(rules):
        raise ValueError(f"no rules {first + 1} and {later + 1} in the file")
    a, b = rules[first], rules[later]
    if not all(
        isinstance(r, dict) and r.get("action") == "resolve" and not r.get("confirm")
        for r in (a, b)
    ):
        raise ValueError("only two rules that each do it (without asking first) add up")
    when = CommentedMap()
    for name, test in [*(a.get("when") or {}).items(), *(b.get("when") or {}).items()]:
        made = when.get(name)
        if made is None:
            made = when[name] = CommentedMap()
            made.fa.set_flow_style()
        elif set(made) & set(test or {}):
            raise ValueError(f"rules {first + 1} and {later + 1} test {name} in the same way")
        made.update(test or {})
    when.fa.set_flow_style()
    reasons = [str(r["reason"]) for r in (a, b) if r.get("reason")]
    rule = CommentedMap([("when", when), ("action", "resolve")])
    if reasons:
        rule["reason"] = "; ".join(reasons)
    rule["say"] = _say(a.get("say"), b.get("say"))
    rules.insert(first, rule)
    note = (
        f"added rule {first + 1} for when rules {first + 2} and {later + 2} both fit: it "
        "says both; change its line in its box"
    )
    return dump(yaml, data), {"status": note, "focus": f"o-rule.{first}.say"}


def _say(a: Any, b: Any) -> Any:
    """Each language's first line of `a` and `b` as one (a list of lines, or per language)."""
    if isinstance(a, dict) and isinstance(b, dict):
        made = CommentedMap()
        for lang, lines in a.items():
            if lang in b:
                made[lang] = _say(lines, b[lang])
        return made
    first = [str(x) for x in a or [] if isinstance(x, str)] if isinstance(a, list) else []
    later = [str(x) for x in b or [] if isinstance(x, str)] if isinstance(b, list) else []
    if not first or not later:
        raise ValueError("both rules need a line in the same languages")
    return CommentedSeq([both_lines(first[0], later[0])])
