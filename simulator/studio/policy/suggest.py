"""Rules suggested from the support policy the author wrote in plain words.

Writing rules was most of a newcomer's five minutes (walkthrough 7: three rules, 250 s of
499): a condition in the studio's words, a variable for it, an action, a reason. Most
authors already say all of that in a policy sentence ("Pauses longer than 3 months are not
possible", "Members with unpaid fees must pay them first"), so each sentence the studio can
read offers the rule it means, one click to add and editable like any other.

This reads sentences, not language: a few patterns for what support does (refuse, hand
over, ask first about a fee), for the condition (a number with a comparison, or an
`if`/`who`/`with` clause made into a yes/no variable) and which side of it is refused. A
sentence it cannot read offers nothing, and nothing is added without the author's click.
English only, like the short starter it serves.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from simulator.studio.policy.add_ons import add_on
from simulator.studio.policy.granted import BACK, PARTIAL, granted
from simulator.studio.policy.kinds import with_kinds
from simulator.studio.policy.one_quantity import shared
from simulator.studio.policy.own_words import to_me
from simulator.studio.policy.policy_acts import NEVER, acted, instead, lead_stripped, prohibited
from simulator.studio.policy.policy_checks import (
    EITHER,
    IF_SO,
    STANDS,
    answered,
    checked,
    each_refused,
    told_after,
    told_tail,
)
from simulator.studio.policy.policy_read import (
    ASKS,
    ASKS_RE,
    CONSENT,
    ESCALATE,
    FEE,
    GRANT_VERBS,
    INSTRUCTION,
    LIMIT,
    NEG,
    VERB,
    Suggestion,
    asked_items,
    content_words,
    find_numbers,
    number_condition,
    offered,
    policy_lines,
    singular,
    var_name,
    yes_no,
)
from simulator.studio.policy.rephrased import said_plainly

__all__ = ["ASKS", "Suggestion", "policy_lines", "suggest"]


# "Never discuss balances before confirming the customer's date of birth and ...": what
# support asks for, said as what it must not do first.
_NOT_BEFORE = re.compile(
    r"(?:never|do not|don't|no one should|nobody should)\s+.+?\s+(?:before|until|without)\s+"
    r"(?:first\s+)?(?:confirming|checking|verifying|getting|asking for|taking|collecting)\s+"
    r"(?:the customer's |the caller's |their |the |a |an |his |her )?(.+)"
)


# What a sentence with no verb allows ("Returns accepted within 30 days"): where its verb is.
_ALLOWED = re.compile(r"\b(?:accepted|allowed|permitted|possible|available|eligible)\b")
# What the customer brings, said after what is allowed ("... with the receipt").
_WITH = re.compile(
    r"\bwith (?P<np>(?:the|a|an|their|your|his|her|its|valid|proof of)\s+"
    r"(?:[a-z][a-z'-]*\s*){1,3})$"
)


# "We need the booking reference and the driver's surname before changing a booking": what
# support asks for, said as what it needs first.
_NEED_FIRST = re.compile(
    r"(?:we|i|you|support)\s+(?:need|needs|'ll need|will need|require|must have|must get)\s+"
    r"(.+?)\s+(?:before|first)\b.*"
)
# A bullet's "verify: account number + the first line of the address".
_BULLET_ASK = re.compile(r"^(ask for|ask|verify|check|confirm|get|take|collect)\s*:\s*")
# "Everything else pays": the group it is free for is the other side ("Late check-out is
# free for loyalty members; everyone else pays 30 euros").
_FREE_FOR = re.compile(r"\bfree(?: of charge)? (?:for|to) (?P<c>(?:[a-z]+[- ]){0,2}[a-z]+s)\b")


_COUNTED = frozenset({"digit", "digits", "characters", "letters"})


def _one(line: str, variables: dict[str, Any]) -> Suggestion | None:
    text = " ".join(line.lower().split()).rstrip(".!;")
    text = _BULLET_ASK.sub(r"\1 ", re.sub(r"\s+\+\s+", " and ", text))
    reason = line.strip().rstrip(".!;")
    if len(reason) > 1 and not reason[1].isupper():
        reason = reason[0].lower() + reason[1:]
    # "..., the decision stands": what was decided is kept, a refusal (walkthrough 14)
    negative = bool(NEG.search(text) or STANDS.search(text))
    verb_match = VERB.search(text) or _ALLOWED.search(text)  # "Returns accepted within ..."
    verb = verb_match.start() if verb_match else len(text)
    numbers = find_numbers(text)
    core = lead_stripped(text)  # "First check who you're talking to: ask for ..."
    asked = ASKS_RE.fullmatch(core) or _NOT_BEFORE.fullmatch(core) or _NEED_FIRST.fullmatch(core)
    # "the last 3 digits of the card": a count in a fact's name is no condition
    compared = [n for n in numbers if n.unit not in _COUNTED]
    if asked and not compared and len(asked[1].split()) <= 4 and " and " not in asked[1]:
        return Suggestion(line, "", ASKS, asked[1])  # what support asks for, by its name
    items = asked_items(asked[1]) if asked and not compared else []
    if len(items) > 1:  # "Check the booking reference and the guest's surname before ..."
        return Suggestion(line, "", ASKS, ", ".join(items))
    said_when = any(n.op for n in numbers) or re.search(r"\b(?:if|when|unless)\b", text)
    if INSTRUCTION.match(text) and not said_when:
        return None  # how support talks, not when it refuses
    fee = bool(FEE.search(text)) and (
        any(n.money for n in numbers)
        # "... are charged an extra day": a charge with no amount is still one
        or bool(
            re.search(
                r"\b(?:charged|pays?)\s+(?:an?\s+|for\s+an?\s+)?(?:extra|additional|further)\b",
                text,
            )
        )
    )
    if not fee:
        numbers = [n for n in numbers if n.op]  # an amount with no comparison: no condition
    if ESCALATE.search(text):
        action = "escalate"
    elif CONSENT.search(text) and not negative:
        action = "confirm"  # the customer's okay first: asked, then done (not refused)
    elif fee and not negative:
        action = "confirm"
        numbers = [n for n in numbers if n.op]  # the price is not when it applies
    elif negative or LIMIT.search(text):
        action = "refuse"
    else:
        return None
    only = bool(re.search(r"\bonly\b", text))
    new: dict[str, dict[str, Any]] = {}
    asks: dict[str, str] = {}
    parts = []
    # A limit said as such ("max freeze 3 months") or what we do ("we refund within 30
    # days"): the other side of it is refused, wherever the verb is.
    said_limit = re.search(
        r"\b(?:max(?:imum)?|min(?:imum)?|longest|shortest)\b|\bwe(?:'ll|\s+\w+)?\s+" + GRANT_VERBS,
        text,
    )
    allowed = False  # the sentence says what is allowed: each part not met is refused
    # "Pauses of up to 3 months are possible ...": every number says what is allowed, the
    # one before the verb too (a requirement, "bookings of 5 rooms or more must ...", is not).
    grants = bool(_ALLOWED.search(text))
    for number in numbers:
        limit = said_limit is not None and said_limit.start() < number.start
        # the sentence says what is allowed: the other side is refused
        invert = (
            action == "refuse" and not negative and (number.start > verb or only or limit or grants)
        )
        allowed = allowed or invert
        parts.append(number_condition(text, number, verb, variables, new, asks, invert=invert))
    brought = _WITH.search(text) if allowed and not only else None
    if brought:  # "... within 30 days with the receipt": without it, refused too
        found = yes_no(brought[0], 0, "")
        if found is not None and not found[1]:
            name = found[0]
            parts.append(f"{name} is no")
            if name not in variables and name not in new:
                new[name] = {"choice": ["yes", "no"]}
                asks[name] = f"whether I have {' '.join(brought['np'].split())}"
    conditional = re.search(r"\b(?:if|when|unless|without|except)\b", text)
    free_for = _FREE_FOR.search(text) if action == "confirm" else None
    if free_for and not parts and content_words(free_for["c"]):
        words = content_words(free_for["c"])  # "free for loyalty members": the others pay
        if free_for["c"].split()[-1] in ("members", "customers", "clients", "guests", "users"):
            words.append(free_for["c"].split()[-1])  # "loyalty members": loyalty_member
        name = var_name([*words[:-1], singular(words[-1])][-3:])
        if name:
            parts.append(f"{name} is no")
            if name not in variables:
                new[name] = {"choice": ["yes", "no"]}
    either = EITHER.search(text) if action == "refuse" and not parts else None
    if either:  # "If the item was damaged or the receipt is missing, ...": each is refused
        whens = each_refused(either["c"], variables, new, asks)
        if whens:
            offer = offered(reason)
            return Suggestion(
                line, whens[0], action, reason, new, asks, offer=offer, also=whens[1:]
            )
    if not parts and (action != "confirm" or conditional):
        # a fee asked about first holds for everyone unless the sentence says when ("costs
        # $10 unless the customer holds a premium account")
        found = yes_no(text, verb, " ".join(line.split()).rstrip(".!;"))
        if found is None:
            return None
        name, when_no, clause = found
        allowed_for = re.search(
            r"\b(?:allowed|permitted|available|possible|offered|open) (?:only )?(?:to|for)\b", text
        )
        if action == "refuse" and not negative and (only or allowed_for):
            when_no = not when_no  # "only members with ...": the others are refused
        elif (
            action == "refuse"
            and not negative
            and not re.search(
                r"\b(?:must|needs?|ha(?:ve|s) to|required?|requires|unless|only|(?:allowed|"
                r"permitted|available|possible|offered|open) (?:only )?(?:to|for))\b",
                text,
            )
        ):
            return None  # "members with X can pause": nothing refused
        parts.append(f"{name} is {'no' if when_no else 'yes'}")
        if name not in variables:
            new[name] = {"choice": ["yes", "no"]}
            if clause:
                asks[name] = f"whether {to_me(clause)}"
    offer = offered(reason) if action == "refuse" else ""
    if offer:
        reason = reason[: reason.lower().rindex(offer.lower())]
        reason = re.sub(
            r",?\s*(?:but|and|instead)\s+\w+\s+(?:\w+\s+)?offer\s+(?:\w+\s+)?$", "", reason
        )
    if allowed:  # allowed when every part holds: refused when any one does not
        return Suggestion(
            line, parts[0], action, reason, new, asks, offer=offer, also=tuple(parts[1:])
        )
    return Suggestion(line, " and ".join(parts), action, reason, new, asks, offer=offer)


_NOT_UNTIL = re.compile(
    r"(?i)^(?:do not|don't|never)\s+(?:discuss|talk about|look (?:at|up)|change|share|open)\b"
    r".*\b(?:until|before|unless)\b"
)
_WHY = re.compile(r"(?i)^(?:and\s+)?(?:always\s+)?(?:explain|tell (?:them|the customer)|say) why\b")


def _said_with(action: str) -> re.Pattern[str]:
    """The kind of line that only says how the rule just read is carried out."""
    return _NOT_UNTIL if action == ASKS else _WHY if action == "refuse" else _NEVER_MATCHES


_NEVER_MATCHES = re.compile(r"(?!)")


# A condition about what the sentence before named, said with a pronoun and negated ("if it
# was not full", "if they weren't", "when it is no longer valid").
_OTHER_SIDE = re.compile(
    r"(?i)^(?:but\s+|and\s+)?(?:if|when|where)\s+(?:it|they|this|that|he|she|these|those)\s+"
    r"(?:[\w']+\s+){0,2}?(?:not|never|no)\b|"
    r"^(?:but\s+|and\s+)?(?:if|when|where)\s+(?:it|they|this|that|he|she|these|those)\s+"
    r"(?:\w+n't|cannot)\b"
)


def _other_side(before: Suggestion, line: str) -> bool:
    """Whether `line` says the other side of the refusal or way just read, with a pronoun."""
    if before.more or not (before.action == "refuse" or before.way):
        return False
    return bool(_OTHER_SIDE.match(line)) and not ESCALATE.search(line.lower())


_ARROW = re.compile(r"^\s*(.+?)\s*(?:->|=>|→)\s*(.+?)\s*$")


def _instead(line: str) -> str:
    """What a sentence gives in part, as an offer ("we keep the first night and refund the
    rest": "to keep the first night and refund the rest"), else ""."""
    main = " ".join(line.split()).rstrip(".!;").split(", ", 1)[-1]
    main = re.sub(r"(?i)^(?:then\s+)?(?:we|i|support)(?:'ll|\s+will|\s+can|\s+do)?\s+", "", main)
    if NEG.search(main.lower()) or not PARTIAL.search(main.lower()) or main == line:
        return ""
    return "to " + main[0].lower() + main[1:]


def suggest(policy: str, variables: Any = None) -> list[Suggestion]:
    """The rule each sentence of `policy` reads as (sentences it cannot read give none)."""
    known = variables if isinstance(variables, dict) else {}
    out: list[Suggestion] = []
    previous = ""
    for line in policy_lines(policy):
        # the variables lines before it made too: "fees over 1,000" is the fee of a line above
        named = {str(k): v for k, v in known.items()}
        named.update((n, v) for s in out for n, v in s.variables.items() if n not in named)
        before = out[-1] if out and out[-1].line != line else None
        if before is not None and (before.action == "refuse" or before.way) and not before.more:
            # "Otherwise the late fee stands, but we offer 20% off": the refusal just read
            # (or the one after the ways: ways.py), said again, and what it offers.
            otherwise = re.match(r"(?i)(?:otherwise|if not|else|in all other cases)\b,?", line)
            if otherwise and not find_numbers(line.lower()) and not ESCALATE.search(line.lower()):
                offer = before.offer or offered(" ".join(line.split()).rstrip(".!;"))
                out[-1] = replace(before, more=line, offer=offer)
                continue
        if before is not None and (before.action == "refuse" or before.way) and not before.more:
            back = BACK.search(line.lower())
            if back and re.match(r"(?i)(?:if|when|for|in|after|once|should)\b", line):
                # "If they cancel later than that, we keep the first night and refund the
                # rest": the other side of the refusal just read, and what it gives instead.
                out[-1] = replace(before, more=line, offer=before.offer or _instead(line))
                continue
        # "...refund the fuel charge; if it was not full, the fuel charge stays": the other
        # side of the fact just read, one fact with two values (walkthrough 15 got a made-up
        # `full` variable for "it was not full")
        if before is not None and _other_side(before, line):
            out[-1] = replace(before, more=line)
            continue
        if before is not None and not before.more and _said_with(before.action).match(line):
            # "Do not discuss any claim until both match" after what support asks for first;
            # "explain why in plain words" after a refusal: how it is done, read with it
            out[-1] = replace(before, more=line)
            continue
        escalated = before is not None and before.action == "escalate" and not before.more
        if before is not None and escalated and told_after(line):
            # "...; tell the customer they will hear back within 10 working days"
            out[-1] = replace(before, more=line)
            continue
        if before is not None and before.action == NEVER:
            # "Never threaten a vulnerable customer ...; offer them a payment plan instead"
            found = instead(before, line, named)
            if found is not None:
                out.append(found)
                continue
        asked = answered(previous, line)
        if asked:  # "Was the item returned within 30 days? If not, decline the refund."
            found = acted(asked, named) or granted(asked, named) or _one(asked, named)
            if found is not None:
                out.append(replace(found, line=previous, more=line))
                continue
        previous = line
        if IF_SO.match(line):
            continue  # "If so, ...": about a question it does not follow, no fact to name
        said = checked(_ARROW.sub(r"If \1, \2", line))  # "X -> Y": if X, Y
        said = said_plainly(said)
        # "...: tell the customer they will hear back within 5 working days": what support
        # says, read apart from the rule (its number is no condition)
        said, tail = told_tail(said)
        found = add_on(said) or acted(said, named) or granted(said, named) or _one(said, named)
        if found is not None and tail and found.action != NEVER:
            found = replace(found, told=tail)
        if found is not None and said != line:
            found = replace(found, line=line)
        found = found or prohibited(line)
        if found is not None:
            out.append(found)
    return with_kinds(shared(_also_ways(out, known), known), known)


def _also_ways(found: list[Suggestion], known: dict[Any, Any]) -> list[Suggestion]:
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
