"""Policy sentences read with the one before them, or as a whole the word-by-word reader
splits wrongly (walkthrough 17, an energy supplier's payment-plan policy):

- "If they cannot give all of these, do not discuss the balance", after the list support
  verifies: the verification, not a yes/no fact `give` asked of the customer;
- "...; if they did, do not offer a new plan, refer to the Collections team": "they did" is
  the fact of the clause before, and the line says what to do about it (hand over);
- "The first instalment must be paid within 14 days; if the customer cannot pay within 14
  days, refer to Collections" and "Returns are accepted within 14 days, otherwise refer them
  to the Repairs desk": one case, handed over, never two rules that together cover every
  value (every later rule was unreachable);
- "We do not cancel arrears on the phone": how support works (the critic's), not a fact
  `cancel_arrear_phone`; "We don't give allowances for leaks inside the home": refused for
  those leaks;
- "Only the account holder (or a registered third party) may agree a plan": refused only
  when the caller is neither (one rule), never for every holder without a third party.

Sentence shapes, not wording lists of a trade: English only, like the rest of the reader.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from simulator.studio.policy.granted import PARTIAL
from simulator.studio.policy.policy_acts import NEVER
from simulator.studio.policy.policy_read import (
    ASKS,
    ESCALATE,
    GRANT_VERBS,
    NEG,
    Suggestion,
    asked_items,
    content_words,
    var_name,
)

__all__ = [
    "any_of",
    "goes_on",
    "instead_given",
    "one_range",
    "other_side",
    "otherwise_parts",
    "unverified",
    "we_never",
]

_WHO = r"(?:they|he|she|the (?:caller|customer|client|member|person|user|applicant)s?)"
_FAILS = (
    r"(?:cannot|can't|can not|could not|couldn't|(?:is|are) unable to|fails? to|"
    r"(?:do|does|did) not|(?:do|does|did)n't)"
)
_CHECK = r"(?:give|confirm|provide|verify|pass|answer|prove|supply|tell (?:us|you))"
_STOP = (
    r"(?:do not|don't|never|you (?:cannot|can't|must not)|we (?:cannot|can't|do not|don't)|"
    r"stop(?=\s+(?:there|here|the call)\b|\s*$)|stop)\s*(?:there|here|the call|discuss|talk|go|"
    r"look|share|disclose|give|continue|proceed|deal|open|access)"
)
_UNVERIFIED = re.compile(
    rf"(?i)^(?:but\s+|and\s+)?(?:if|when|where)\s+{_WHO}\s+{_FAILS}\s+{_CHECK}\b"
    rf"(?P<what>[^;]*?)\s*,\s*(?:then\s+)?{_STOP}"
)
_PRONOUN_LIST = re.compile(r"(?i)^\s*(?:all\s+(?:of\s+)?)?(?:these|those|them|both|this|it|all)\b")


def unverified(line: str) -> str | None:
    """What a line saying what to do when the caller fails verification names ("their name,
    postcode and account number"; "" for "these", "both"), else None: the line is about
    verifying, which support asks for first (asked_facts.py), never a fact to ask."""
    m = _UNVERIFIED.match(" ".join(line.split()))
    if m is None:
        return None
    what = m["what"].strip()
    if not what or _PRONOUN_LIST.match(what):
        return ""
    items = asked_items(re.sub(r"(?i)^(?:us|you)\s+", "", what).lower())
    return ", ".join(items)


# "if they did", "if they have not", "if it is": a clause made of a pronoun and an auxiliary
# only, whose fact is the sentence's before it.
_BACK = re.compile(
    r"(?i)^(?:but\s+|and\s+)?(?:if|when)\s+(?:they|he|she|it|so)\s*"
    r"(?:(?:did|do|does|have|has|had|are|is|was|were|can|could|will|would)"
    r"(?:\s+not|n't)?)?\s*,\s*(?P<then>.+)$"
)
_NEGATED = re.compile(r"(?i)\b(?:cannot|can't|not|never|unable|no longer|n't)\b|n't\b")


def goes_on(before: Suggestion, line: str) -> Suggestion | None:
    """`before` (a refusal read from a requirement: "The customer must not have broken a plan
    in the last 6 months"; "The first instalment must be paid within 14 days") with what
    `line`, the next part of the same written line, says to do when it is not met: "if they
    did, ... refer to the Collections team"; "if the customer cannot pay within 14 days,
    refer to Collections". The case stays the one rule's; what is done is the line's (a
    hand-over where it hands over). None when `line` is no such follow-up."""
    if before.action != "refuse" or before.more or before.way or not before.when:
        return None
    written = " ".join(line.split()).rstrip(".!;")
    back = _BACK.match(written)
    if back is None:
        m = re.match(r"(?i)^(?:but\s+|and\s+)?(?:if|when)\s+(?P<c>[^,]+),\s*(?P<then>.+)$", written)
        if m is None or not _NEGATED.search(m["c"]):
            return None
        # the same requirement said negated: it shares its words with the line before
        mine = set(content_words(m["c"].lower())) - {"pay", "paid", "be", "have"}
        theirs = set(content_words(before.line.lower()))
        numbered = re.search(r"\d", m["c"]) and not re.search(r"\d", before.line)
        if not mine & theirs or numbered:
            return None
        then = m["then"]
    else:
        then = back["then"]
    action = "escalate" if ESCALATE.search(then.lower()) else "refuse"
    reason = f"{before.reason.rstrip('.;, ')}; {written[:1].lower()}{written[1:]}"
    return replace(before, action=action, reason=reason, more=line)


_OTHERWISE = re.compile(
    r"(?i)^(?P<req>.+?)\s*[,;:]\s*(?:otherwise|or else|if not)\b,?\s*(?P<then>.+)$"
)


def otherwise_parts(line: str) -> tuple[str, str] | None:
    """ "Returns are accepted within 14 days of delivery, otherwise refer them to the Repairs
    desk": the requirement and the hand-over for the other side, when the part after
    "otherwise" hands over (a refusal said so is read by suggest.py as before)."""
    m = _OTHERWISE.match(" ".join(line.split()).rstrip(".!;"))
    if m is None or not ESCALATE.search(m["then"].lower()) or len(m["req"].split()) < 3:
        return None
    return m["req"] + ".", m["then"]


def escalated(found: Suggestion, line: str, then: str) -> Suggestion:
    """The requirement's refusal `found` handed over instead, as `then` says."""
    written = " ".join(line.split()).rstrip(".!;")
    reason = written[:1].lower() + written[1:] if written[1:2].islower() else written
    return replace(found, line=line, action="escalate", reason=reason, more="")


_WE_DONT = re.compile(
    r"(?i)^(?:we|you|support|staff|agents?)\s+(?:do not|don't|never|will not|won't|cannot|"
    r"can't|must not|should not|shouldn't)\s+(?P<what>(?P<verb>[a-z]+)\b.*)$"
)
_CONDITIONAL = re.compile(
    r"(?i)\b(?:if|when|unless|who|whose|that|which|whether|until|before|after|within|"
    r"without|more|less|only|except)\b|\d"
)
_FOR = re.compile(
    r"(?i)^(?P<deed>.+?)\s+for\s+(?P<np>(?!the customer\b|you\b|them\b)[^(]+?)"
    r"\s*(?:\((?P<eg>[^)]*)\))?$"
)


def we_never(line: str, variables: dict[str, Any]) -> Suggestion | None:
    """ "We do not cancel arrears on the phone": what support never does, for the critic
    (no fact to draw: nobody "has an arrear phone"); "We don't give allowances for leaks
    inside the home (dripping taps, toilets)": a refusal when the case is one of those.
    None for a line with a condition of another shape (the reader's own)."""
    written = " ".join(line.split()).rstrip(".!;")
    m = _WE_DONT.match(written)
    if m is None:
        return None
    what = m["what"]
    by = _FOR.match(what)
    if by and not _CONDITIONAL.search(by["np"]) and not _CONDITIONAL.search(by["deed"]):
        words = content_words(by["np"].lower())[:3]
        name = var_name(words) if words else ""
        if not name:
            return None
        np = " ".join(by["np"].split())
        reason = written[:1].lower() + written[1:]
        new = {} if name in variables else {name: {"choice": ["yes", "no"]}}
        return Suggestion(
            line, f"{name} is yes", "refuse", reason, new, {name: f"whether it is for {np}"}
        )
    if _CONDITIONAL.search(what):
        return None
    # "We can't refund prepaid fuel": a kind of thing refused (the reader's own); "we do not
    # cancel arrears on the phone", "we never disconnect a line": how support works
    if re.match(r"(?i)(?:we|you|support|staff|agents?)\s+(?:cannot|can't)", written):
        return None
    if re.fullmatch(GRANT_VERBS, m["verb"].lower()) and not _MANNER.search(what):
        return None
    return Suggestion(line, "", NEVER, what)


# Where or how a thing is done, not which thing: "on the phone", "in store", "by email".
_MANNER = re.compile(
    r"(?i)\b(?:on|over|by|via|through) (?:the )?(?:phone|telephone|call|chat|email|e-mail|post|"
    r"text|web ?site|app)\b|\bon the same (?:call|day)\b|\bin (?:store|branch|person|cash|"
    r"writing)\b"
)


# "Only the account holder (or a registered third party / power of attorney on file) may
# agree a payment plan"; "If the caller is not the account holder and is not a registered
# third party, do not agree a plan".
_MAY = (
    r"(?:may|can|could|is allowed to|are allowed to|is able to|are able to|is permitted to|"
    r"are permitted to|should|is entitled to|are entitled to)"
)
_ONLY = re.compile(
    rf"(?i)^only\s+(?P<a>[^(]+?)\s*(?:\(\s*(?:or\s+)?(?P<b>[^)]+)\)|,?\s+or\s+(?P<c>.+?))\s+"
    rf"{_MAY}\s+(?P<deed>.+)$"
)
_NEITHER = re.compile(
    r"(?i)^(?:if|when)\s+(?:the\s+)?(?:caller|customer|person|client|user|applicant)\s+"
    r"(?:is not|isn't)\s+(?P<a>.+?)\s+(?:and|or)\s+(?:is not|isn't|not)\s+(?P<b>[^,]+?)\s*,\s*"
    r"(?P<deed>.+)$"
)
_ARTICLE = re.compile(r"(?i)^(?:the|a|an|their|his|her|its|our)\s+")
_PERSONISH = frozenset({"person", "people", "someone", "anyone", "who", "one"})


def any_of(line: str, variables: dict[str, Any]) -> Suggestion | None:
    """Who may have it, said as one person or another: refused only when the caller is none
    of them (each a yes/no the customer tells: "whether I'm the account holder"); the
    refusal names them as the policy does ("only the account holder ... may"), never "only
    you" said to someone who is not."""
    written = " ".join(line.split()).rstrip(".!;")
    m = _ONLY.match(written) or _NEITHER.match(written)
    if m is None:
        return None
    groups = m.groupdict()
    people = [groups["a"]]
    for extra in (groups.get("b"), groups.get("c")):
        if extra:
            people += [p for p in re.split(r"\s*/\s*|\s+or\s+", extra) if p.strip()]
    names: list[str] = []
    new: dict[str, dict[str, Any]] = {}
    asks: dict[str, str] = {}
    for person in people:
        np = " ".join(person.split()).strip(" ,")
        words = [w for w in content_words(np.lower()) if w not in _PERSONISH][:3] or [
            w for w in re.findall(r"[a-z]+", _ARTICLE.sub("", np.lower())) if w not in _PERSONISH
        ][:3]
        name = var_name(words) if words else ""
        if not name or name in names or len(np.split()) > 8:
            return None
        names.append(name)
        said = np if _ARTICLE.match(np) else ("an " if np[:1].lower() in "aeiou" else "a ") + np
        said = re.sub(r"(?i)^their\s+", "the ", said)
        asks[name] = f"whether I'm {said[:1].lower()}{said[1:]}"
        if name not in variables:
            new[name] = {"choice": ["yes", "no"]}
    if len(names) < 2:
        return None
    reason = written[:1].lower() + written[1:]
    when = " and ".join(f"{n} is no" for n in names)
    return Suggestion(line, when, "refuse", reason, new, asks)


_BOUND = re.compile(r"(?P<n>\w+) is (?P<op>at least|more than|at most|less than) (?P<v>[\d.]+)")


def one_range(s: Suggestion) -> Suggestion:
    """A range read as two numbers ("the extra charge is at least 25 pounds and at most 1,500
    pounds") tests one quantity: the second number's variable, named from other words
    (`extra_amount` beside `charge_amount`), is the first's. The one with the wider range
    stays, so each bound can hold and fail."""
    bounds = [b for part in (s.when, *s.also) for b in _BOUND.finditer(part)]
    names = list(dict.fromkeys(b["n"] for b in bounds))
    ops = {b["op"] for b in bounds}
    if len(names) != 2 or not ops & {"at least", "more than"} or not ops & {"at most", "less than"}:
        return s
    if not all(n in s.variables and "range" in s.variables[n] for n in names):
        return s
    keep, drop = sorted(names, key=lambda n: -float(s.variables[n]["range"][1]))
    pattern = re.compile(rf"\b{drop}\b")
    variables = {n: v for n, v in s.variables.items() if n != drop}
    asks = {n: v for n, v in s.asks.items() if n != drop}
    return replace(
        s,
        when=pattern.sub(keep, s.when),
        also=tuple(pattern.sub(keep, a) for a in s.also),
        variables=variables,
        asks=asks,
    )


def verification(line: str, before: Suggestion | None) -> Suggestion | None:
    """A line about failing verification, as part of what support asks for first: merged
    into `before` when that is the list, else the list it names (None when it names none)."""
    items = unverified(line)
    if items is None:
        return None
    if before is not None and before.action == ASKS and not before.more:
        return replace(before, more=line)
    return Suggestion(line, "", ASKS, items) if items else None


# A condition about what the sentence before named, said with a pronoun and negated ("if it
# was not full", "if they weren't", "when it is no longer valid").
_OTHER_SIDE = re.compile(
    r"(?i)^(?:but\s+|and\s+)?(?:if|when|where)\s+(?:it|they|this|that|he|she|these|those)\s+"
    r"(?:[\w']+\s+){0,2}?(?:not|never|no)\b|"
    r"^(?:but\s+|and\s+)?(?:if|when|where)\s+(?:it|they|this|that|he|she|these|those)\s+"
    r"(?:\w+n't|cannot)\b"
)


def other_side(before: Suggestion, line: str) -> bool:
    """Whether `line` says the other side of the refusal or way just read, with a pronoun."""
    if before.more or not (before.action == "refuse" or before.way):
        return False
    return bool(_OTHER_SIDE.match(line)) and not ESCALATE.search(line.lower())


def instead_given(line: str) -> str:
    """What a sentence gives in part, as an offer ("we keep the first night and refund the
    rest": "to keep the first night and refund the rest"), else ""."""
    main = " ".join(line.split()).rstrip(".!;").split(", ", 1)[-1]
    main = re.sub(r"(?i)^(?:then\s+)?(?:we|i|support)(?:'ll|\s+will|\s+can|\s+do)?\s+", "", main)
    if NEG.search(main.lower()) or not PARTIAL.search(main.lower()) or main == line:
        return ""
    return "to " + main[0].lower() + main[1:]
