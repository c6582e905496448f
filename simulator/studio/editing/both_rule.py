"""A rule for the case two rules both fit, added above them with one click.

Rules are tried in order and the first that fits is used, so when two rules that each do
something fit the same conversation, the customer gets only the first one's (walkthrough 9:
the meter check booked, the vulnerable customer's payment plan lost). Lint warns at the later
rule (`scenarios/overlaps.py`); the studio offers, beside the warning, a rule whose condition
is both conditions and whose line says both, put above the two, which is what the policy's
"also" rules get when they are added from the policy (`policy_acts.both`).

Two rules that do different things (book a repair, cancel the contract: walkthrough 11's
customer said only "it doesnt work!" and was told "I have started the cancellation") are
alternatives, not one reply: their rule for both does the first and offers the later as a
choice, in the later's own words when it says what the customer may do ("you can cancel
without the fee"), else from its reason ("the customer can cancel ..."); when neither says
it, the rule for both is refused in words, and the author orders them or writes one.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from simulator.studio.editing.roundtrip import dump, round_trip_yaml

__all__ = ["CHOICE_END", "both_lines", "different_actions", "offered", "rule_for_both"]

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


_YOU_MAY = re.compile(
    r"\byou\s+(?:can|could|may|are\s+(?:free|entitled|welcome)\s+to|have\s+the\s+right\s+to)\b",
    re.I,
)
_THEY_MAY = re.compile(
    r"\b(?:the\s+)?(?:customer|client|member|guest|passenger|tenant|user|patient|they)s?\s+"
    r"(can|may|are\s+(?:free|entitled|welcome)\s+to|is\s+(?:free|entitled|welcome)\s+to)\s+"
    r"([^.;!?]+)",
    re.I,
)
CHOICE_END = "Just tell me if you'd like that instead."


def _kinds(line: str, reason: str = "") -> frozenset[str]:
    """The actions a rule says support does or will do (book, cancel, refund ...): read in
    its line, else the action words of its line ("started the cancellation") or reason."""
    from agents.understanding import lexicon as lx
    from agents.understanding.support import read_support

    reading = read_support(line)
    found = (reading.claims | reading.offers) - {"done"}
    for text in (line, reason):
        if found:
            break
        words = re.findall(r"[a-z]+", text.lower())
        verbs = {lx.verb_forms().get(w, ("", "", ""))[1] for w in words}
        found = frozenset((verbs | {lx.OBJECT_KIND.get(w, "") for w in words}) - {"", "ticket"})
    return found


def different_actions(first: str, later: str, reasons: tuple[str, str] = ("", "")) -> bool:
    """Whether two rules do different things (each names an action, none shared):
    alternatives a customer chooses between, not one reply."""
    a, b = _kinds(first, reasons[0]), _kinds(later, reasons[1])
    return bool(a and b and not a & b)


def offered(later: str, reason: str) -> str:
    """What the later rule lets the customer do, as an offer: its line's sentences saying
    what "you can" do, else its reason's "the customer can ..." said to them ('' when
    neither says it)."""
    said = [s for s in _SENTENCE.split(later.strip()) if _YOU_MAY.search(s) and "?" not in s]
    if said:
        return " ".join(said)
    found = _THEY_MAY.search(reason)
    if not found:
        return ""
    may = found.group(1).lower()
    may = "can" if may == "can" else "may" if may == "may" else "are " + may.split()[-2] + " to"
    return f"You {may} also {found.group(2).strip()}."


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
    choice = _choice(a, b)
    rule["say"] = _say(a.get("say"), b.get("say"), choice)
    rules.insert(first, rule)
    says = f"does rule {first + 2}'s and offers rule {later + 2}'s" if choice else "says both"
    note = (
        f"added rule {first + 1} for when rules {first + 2} and {later + 2} both fit: it "
        f"{says}; change its line in its box"
    )
    return dump(yaml, data), {"status": note, "focus": f"o-rule.{first}.say"}


def _first_line(say: Any) -> str:
    """A rule's first line (English, or its only language's)."""
    if isinstance(say, dict):
        say = say.get("en", next(iter(say.values()), None))
    return str(say[0]) if isinstance(say, list) and say and isinstance(say[0], str) else ""


def _choice(a: Any, b: Any) -> str | None:
    """The offer the rule for both makes when rules `a` and `b` do different things (None
    when they add up to one reply); refused in words when the later says no offer."""
    first, later = _first_line(a.get("say")), _first_line(b.get("say"))
    reasons = (str(a.get("reason") or ""), str(b.get("reason") or ""))
    if not (first and later and different_actions(first, later, reasons)):
        return None
    said = offered(later, str(b.get("reason") or ""))
    if not said:
        raise ValueError(
            "these two rules do different things, and a rule for both would do both unasked: "
            "put first the one that should win (move), or write in the later rule's line what "
            'the customer can choose ("you can ...") and add the rule for both again'
        )
    return said


def _say(a: Any, b: Any, choice: str | None = None) -> Any:
    """Each language's first line of `a` and `b` as one (a list of lines, or per language);
    with `choice`, `a`'s line and the offer instead (English)."""
    if isinstance(a, dict) and isinstance(b, dict):
        made = CommentedMap()
        for lang, lines in a.items():
            if lang in b:
                made[lang] = _say(lines, b[lang], choice if lang == "en" else None)
        return made
    first = [str(x) for x in a or [] if isinstance(x, str)] if isinstance(a, list) else []
    later = [str(x) for x in b or [] if isinstance(x, str)] if isinstance(b, list) else []
    if not first or not later:
        raise ValueError("both rules need a line in the same languages")
    if choice:
        return CommentedSeq([both_lines(first[0], f"{choice} {CHOICE_END}")])
    return CommentedSeq([both_lines(first[0], later[0])])
