"""Several ways to get the same thing, as rules that together do what the policy says.

A policy often lists the ways a customer gets what they ask for: "If the customer bought the
full protection cover, we drop the damage fee", "If the fee is below 150 euros and it is their
first damage claim, we drop it", "If the pick-up photos show the damage was there, refund the
fee". Rules are tried in order and the first whose condition holds is used, so reading each
sentence as the refusal of its other side made each way block the others (walkthrough 10:
"add all" refused three customers of five whom the policy lets off). So each way is a rule
that does it when its whole condition holds; other rules read from the policy (hand-overs
by amount, refusals said as such, fees asked about first) go before the ways, and one
refusal comes last, for the case where none holds, saying what support cannot do and when it
can ("I'm sorry, but I can only drop the damage fee if you bought the full protection cover,
or if ...").
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from simulator.studio.editing.conditions import flow_condition, parse_condition
from simulator.studio.editing.replies import NOTHING_PLAIN, NOTHING_TO_CHANGE, made_lines
from simulator.studio.policy.granted import granted
from simulator.studio.policy.policy_read import GRANT_VERBS, Suggestion

__all__ = [
    "apology",
    "every_case",
    "hand_over_first",
    "is_way_rule",
    "kind_groups",
    "nothing_to_change",
    "place",
    "refuse_the_rest",
    "way_reason",
]


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def way_reason(ways: list[Suggestion]) -> str:
    """The last refusal's reason: what is granted and each way it is ("we only drop the damage
    fee if the customer bought the full protection cover, or if ..."), in the policy's words
    about the customer (support's lines say them to "you")."""
    said = [w.way for w in ways if w.way]
    if not said:
        return ""
    grants = next((w.grants for w in ways if w.grants), "") or "do that"
    joined = said[0] if len(said) == 1 else ", ".join(said[:-1]) + ", or " + said[-1]
    return f"we only {grants} {joined}"


def apology(sentence: str) -> str:
    """ "I'm sorry for the trouble. " when the way's sentence tells support to say sorry (an
    order to staff, never read aloud: walkthrough 10 heard "refund the fee and say sorry")."""
    if re.search(r"(?i)\b(?:say sorry|apologi[sz]e|say we're sorry|an apology)\b", sentence):
        return "I'm sorry for the trouble. "
    return ""


def is_way_rule(rule: Any, ways: list[Suggestion]) -> bool:
    """Whether `rule` is one of the ways (a rule that does it, from a way's sentence)."""
    rule = _d(rule)
    reason = str(rule.get("reason") or "")
    return (
        bool(rule.get("when"))
        and rule.get("action") == "resolve"
        and any(_same(reason, w.reason) for w in ways)
    )


def place(rules: CommentedSeq, rule: CommentedMap, ways: list[Suggestion], way: bool) -> bool:
    """Put `rule` among the ways: a way goes after the rules with a condition (just before the
    rule for everything else); any other rule with a condition goes before the first way (a
    hand-over by amount decides before a way lets the customer off). False when there is no
    way yet and it is not one: the caller places it as before."""
    first_way = next((i for i, r in enumerate(rules) if is_way_rule(r, ways)), None)
    if not way:
        if first_way is None or not rule.get("when"):
            return False
        if every_case(rule):
            rules.insert(_first_conditional(rules, rule), rule)
            return True
        if rule.get("action") == "escalate":
            # who decides comes before anything is granted: "Fees above 1,000 euros go to
            # the claims team" holds whatever the cover
            first_way = next(
                (
                    i
                    for i, r in enumerate(rules)
                    if _d(r).get("when") and _d(r).get("action") == "resolve"
                ),
                first_way,
            )
        rules.insert(first_way, rule)
        return True
    last = _d(rules[-1]) if rules else {}
    if rules and not last.get("when"):
        rules.insert(len(rules) - 1, rule)
    else:
        rules.append(rule)
    return True


def kind_groups(ways: list[Suggestion]) -> list[tuple[str, list[Suggestion]]]:
    """The ways by the kind of thing they hold for (kinds.py), in the policy's order, each
    with the ways for every kind; one group ("", all) when the policy names no kinds."""
    kinds = list(dict.fromkeys(w.kind for w in ways if w.kind))
    if not kinds:
        return [("", ways)]
    return [(k, [w for w in ways if w.kind in ("", k)]) for k in kinds]


def _kind_refusal(rule: Any) -> bool:
    """Whether `rule` is a refusal made for one kind's ways (refuse_the_rest)."""
    rule = _d(rule)
    when = _d(rule.get("when"))
    return (
        rule.get("action") == "refuse"
        and len(when) == 1
        and str(rule.get("reason") or "").startswith("we only ")
    )


def refuse_the_rest(
    rules: CommentedSeq, ways: list[Suggestion], before: list[Suggestion], variables: Any
) -> None:
    """The rule for everything else refuses once there are ways, with the ways as its reason
    (and the offer a sentence like "Otherwise ..., but we offer ..." gives): the starter's
    "does it" rule (its lines still the made ones) becomes the refusal; a refusal made from
    the ways before (`before`) follows the ways now; an author's own last rule stays. When
    the ways are for kinds of one thing (the damage charge, the fuel charge: kinds.py), each
    kind but the last has a refusal of its own, saying only its ways, and the last rule
    says the last kind's (walkthrough 15 heard the damage rule's refusal with the fuel's
    condition)."""
    if not ways:
        return
    groups = kind_groups(ways)
    if groups[0][0]:
        rules[:] = [r for r in rules if not _kind_refusal(r)]
        at = len(rules) - 1 if rules and not _d(rules[-1]).get("when") else len(rules)
        for kind, group in groups[:-1]:
            rule = _refusal(way_reason(group), _offer(group), variables)
            rule.insert(0, "when", flow_condition(parse_condition(kind)))
            rules.insert(at, rule)
            at += 1
    ways = groups[-1][1]
    reason = way_reason(ways)
    offer = _offer(ways)
    before = kind_groups(before)[-1][1] if before else before
    last = _d(rules[-1]) if rules else None
    if last is not None and not last.get("when"):
        made_done = last.get("action") == "resolve" and not last.get("confirm")
        made_done = made_done and [str(s) for s in last.get("say") or []] in (
            made_lines("resolve", "", variables),
            [NOTHING_TO_CHANGE],
            [NOTHING_PLAIN],
        )
        old = way_reason(before)
        made_refusal = (
            last.get("action") == "refuse"
            and bool(old)
            and _same(str(last.get("reason") or ""), old)
            and [str(s) for s in last.get("say") or []]
            == made_lines("refuse", old, variables, str(last.get("offer") or ""))
        )
        if not (made_done or made_refusal):
            return
        rules[-1] = _refusal(reason, offer, variables)
        return
    rules.append(_refusal(reason, offer, variables))


def _offer(ways: list[Suggestion]) -> str:
    return next((w.offer for w in ways if w.offer), "")


def _refusal(reason: str, offer: str, variables: Any) -> CommentedMap:
    rule = CommentedMap([("action", "refuse"), ("reason", reason)])
    if offer:
        rule["offer"] = offer
    rule["say"] = CommentedSeq(made_lines("refuse", reason, variables, offer))
    return rule


def hand_over_first(rules: CommentedSeq, rule: CommentedMap) -> bool:
    """Put a hand-over with a condition before the rules with a condition that do something:
    who decides comes first (walkthrough 12: "Disputes over 2,000 euros go to the billing
    team", added after "if the reading is 500 kWh below, book a meter check", gave a 3,516
    euro dispute a meter check). False for any other rule, or when no such rule is there."""
    if rule.get("action") != "escalate" or not rule.get("when"):
        return False
    if every_case(rule):
        rules.insert(_first_conditional(rules, rule), rule)
        return True
    shadow = _shadowing(rules, rule)
    if shadow is not None:
        rules.insert(shadow, rule)
        return True
    doing = next(
        (
            i
            for i, r in enumerate(rules)
            if _d(r).get("when") and _d(r).get("action") == "resolve" and not _d(r).get("confirm")
        ),
        None,
    )
    if doing is None:
        return False
    rules.insert(doing, rule)
    return True


def _shadowing(rules: CommentedSeq, rule: CommentedMap) -> int | None:
    """The first refusal that takes every case of the hand-over `rule` by amount: "Handsets
    over 1,200 pounds are returned through the Premium desk" after "a refund can be made for
    handsets priced from 100 to 1,200 pounds" (refused above 1,200) would never apply; the
    policy names who decides there, so the hand-over goes first."""
    when = _d(rule.get("when"))
    if len(when) != 1:
        return None
    name, test = next(iter(when.items()))
    mine = _d(test).get("gt", _d(test).get("ge"))
    if not isinstance(mine, (int, float)):
        return None
    for i, other in enumerate(rules):
        other = _d(other)
        theirs = _d(_d(other.get("when")).get(name))
        bound = theirs.get("gt", theirs.get("ge"))
        if (
            other.get("action") == "refuse"
            and len(_d(other.get("when"))) == 1
            and isinstance(bound, (int, float))
            and bound <= mine
        ):
            return i
    return None


# "Any claim above 1,000 GBP goes to a senior assessor": every such case, refused or not.
_EVERY = re.compile(r"(?i)^(?:any|all|every|each|whatever the \w+,?)\b")


def every_case(rule: Any) -> bool:
    """Whether a hand-over says it takes every case it names ("Any claim or reassessment
    above 1,000 GBP goes to a senior assessor"): it goes before every rule with a condition,
    the refusals too (walkthrough 14 moved it up by hand). One that does not ("Refunds above
    15 EUR need a supervisor's approval") decides only what would be done, and goes after
    the refusals (walkthrough 13). A hand-over for someone in a situation the business must
    protect ("If the customer had an accident, hand over to the claims team") goes first too
    (newcomer 18: 8 of 15 accident customers were refused)."""
    rule = _d(rule)
    reason = str(rule.get("reason") or "").strip()
    return (
        rule.get("action") == "escalate"
        and bool(rule.get("when"))
        and bool(_EVERY.match(reason) or (_PROTECTED.search(reason) and _about_whom(rule)))
    )


def _about_whom(rule: dict[Any, Any]) -> bool:
    """Whether the rule's condition is only yes/no facts (the customer's situation), not an
    amount: "Medical pauses over 2 months need a manager" decides by the length."""
    return all(set(_d(test)) <= {"eq", "ne"} for test in _d(rule.get("when")).values())


# A hand-over for someone the business must protect (vulnerable, medically dependent,
# bereaved, in a legal dispute), or one the policy says to make at once: the author means
# "stop and hand over", before any refusal or other hand-over (walkthrough 17: written sixth,
# it came after two refusals and the Collections hand-overs, and 7 of 11 wrong conversations
# were vulnerable customers refused or sent to Collections).
_PROTECTED = re.compile(
    r"(?i)\b(?:vulnerab\w*|elderly|seriously ill|illness|medical(?:ly)?|disab\w*|dialysis|"
    r"life[- ]support|mental health|bereave\w*|died|dies|death|deceased|passed away|"
    r"legal (?:dispute|action|proceedings|claim)|solicitors?|lawyers?|court|bankrupt\w*|"
    r"insolven\w*|abuse|safeguarding|suicid\w*|terminal(?:ly)? ill|accidents?|injur\w*|"
    r"emergenc\w*|police|theft|stolen|fraud\w*|"
    r"straight away|immediately|at once|right away)\b|^(?:if|when)\b[^,]*,\s*stop\b"
)


def _first_conditional(rules: CommentedSeq, rule: Any) -> int:
    """Where a hand-over for every case goes: before the first rule with a condition, after
    the hand-overs for every case already there (the policy's order among them); one for
    someone protected goes before the other hand-overs of a situation too (newcomer 17: a
    vulnerable customer who had broken a plan was sent to Collections)."""
    first = _protected(rule)
    return next(
        (
            i
            for i, r in enumerate(rules)
            if _d(r).get("when") and not (_protected(r) if first else every_case(r))
        ),
        len(rules) - 1 if rules and not _d(rules[-1]).get("when") else len(rules),
    )


def _protected(rule: Any) -> bool:
    rule = _d(rule)
    reason = str(rule.get("reason") or "")
    return every_case(rule) and _about_whom(rule) and bool(_PROTECTED.search(reason))


def nothing_to_change(rules: CommentedSeq, variables: Any) -> None:
    """The last rule, when it is for every other case and still says the starter's "Done!",
    says instead that nothing needed changing."""
    last = _d(rules[-1]) if rules else {}
    if last.get("when") or last.get("action") != "resolve" or last.get("confirm"):
        return
    if [str(s) for s in last.get("say") or []] != made_lines("resolve", "", variables):
        return
    has_reference = isinstance(variables, dict) and "reference" in variables
    last["say"] = CommentedSeq([NOTHING_TO_CHANGE if has_reference else NOTHING_PLAIN])


def also_ways(found: list[Suggestion], known: dict[Any, Any]) -> list[Suggestion]:
    """ "We also waive the freeze fee if the member sends a doctor's note", beside another
    way to have the freeze fee waived: one more way to get it, not an action added to another
    rule's (walkthrough 10's held-out gym paragraph)."""
    things = {w.grants.split()[-1] for w in found if w.way and w.grants}
    out = []
    for s in found:
        if (
            s.adds
            and re.match(GRANT_VERBS, s.does or "")
            and s.does.split()[-1:]
            # ("We also waive it if ...": the thing of the way before it)
            and (s.does.split()[-1] in things or (bool(things) and s.does.split()[-1] == "it"))
        ):
            plain = re.sub(r"(?i)\s*\b(?:also|as well|too|in addition)\b", "", s.line)
            others = {n: v for o in found if o is not s for n, v in o.variables.items()}
            alt = granted(plain, {**known, **others})
            if alt is not None and alt.way:
                written = " ".join(s.line.split()).rstrip(".!;")
                reason = written if written[1:2].isupper() else written[:1].lower() + written[1:]
                out.append(replace(alt, line=s.line, reason=reason))
                continue
        out.append(s)
    return out
