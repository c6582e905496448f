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
from simulator.studio.policy.deducted import deducted
from simulator.studio.policy.follow_ups import (
    any_of,
    escalated,
    goes_on,
    instead_given,
    one_range,
    other_side,
    otherwise_parts,
    unverified,
    verification,
    we_never,
)
from simulator.studio.policy.granted import BACK, granted
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
    written_lines,
    yes_no,
)
from simulator.studio.policy.rephrased import said_plainly
from simulator.studio.policy.roles import only_role
from simulator.studio.policy.ways import also_ways

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


# "If the customer cannot pay the first instalment within 14 days, hand over": the number's
# own clause negated, so the hand-over is for the other side of "within 14 days" (walkthrough
# 17 handed over those who could pay).
_NEGATED_BEFORE = re.compile(r"\b(?:cannot|can't|can not|unable to|not|never|n't)\b[^,;]*$")


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
    for number in (n for n in numbers if n.op):  # an amount said with no comparison: none
        limit = said_limit is not None and said_limit.start() < number.start
        # the sentence says what is allowed: the other side is refused
        invert = (
            action == "refuse" and not negative and (number.start > verb or only or limit or grants)
        ) or (action == "escalate" and _NEGATED_BEFORE.search(text[: number.start]) is not None)
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


_ARROW = re.compile(r"^\s*(.+?)\s*(?:->|=>|→)\s*(.+?)\s*$")


def suggest(policy: str, variables: Any = None) -> list[Suggestion]:
    """The rule each sentence of `policy` reads as (sentences it cannot read give none). A
    line the reader trips on is read as no rule, listed with the lines read as none, and the
    others as usual: an author never sees a server error for a sentence (newcomer 18: "...
    minus a refuelling charge of 40 euros" made Create answer "Internal Server Error")."""
    try:
        return _suggest(policy, variables)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        kept = [line for line in policy.splitlines() if _reads(line, variables)]
        return _suggest("\n".join(kept), variables)


def _reads(line: str, variables: Any) -> bool:
    try:
        _suggest(line, variables)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return False
    return True


def _suggest(policy: str, variables: Any = None) -> list[Suggestion]:
    known = variables if isinstance(variables, dict) else {}
    out: list[Suggestion] = []
    previous = ""
    # the parts of a written line after its first: "...; if they did, refer to Collections"
    going_on = {p for pieces in written_lines(policy) for p in pieces[1:]}
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
                out[-1] = replace(before, more=line, offer=before.offer or instead_given(line))
                continue
        if before is not None and line in going_on and _others_refused(before, line):
            # "Only the main driver may ask; an additional driver cannot, ask the main driver
            # to contact us": who else is refused, the same rule (newcomer 18 got a second
            # fact, "whether I have an additional driver", and a main driver with a co-driver
            # refused)
            out[-1] = replace(before, more=line)
            continue
        # "If they cannot give all of these, do not discuss the balance": verification
        checks = verification(line, before)
        if checks is not None:
            if before is not None and checks.line == before.line:
                out[-1] = checks
            else:
                out.append(checks)
            continue
        if unverified(line) is not None:
            continue  # about verifying, naming nothing to ask: never a fact (listed unread)
        # "...; if they did, do not offer a new plan, refer to the Collections team": the
        # fact of the part before, and what to do about it (follow_ups.py)
        follow = goes_on(before, line) if before is not None and line in going_on else None
        if follow is not None:
            out[-1] = follow
            continue
        # "...refund the fuel charge; if it was not full, the fuel charge stays": the other
        # side of the fact just read, one fact with two values (walkthrough 15 got a made-up
        # `full` variable for "it was not full")
        if before is not None and other_side(before, line):
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
        found = _read(said, named)
        if found is not None and tail and found.action != NEVER:
            found = replace(found, told=tail)
        if found is not None and said != line:
            found = replace(found, line=line)
        found = found or prohibited(line)
        if found is not None:
            out.append(found)
    return with_kinds(shared(also_ways(out, known), known), known)


# Who else may not: "an additional driver cannot", "other family members may not", "if
# someone else asks, refuse".
_OTHERS = re.compile(
    r"(?i)^(?:(?:(?:an?|the|other|any|all)\s+)?(?:[\w'-]+\s+){1,3}?(?:cannot|can't|can not|"
    r"may not|must not|are not allowed|is not allowed|aren't allowed|isn't allowed)\s*(?:[,.;]|$)|"
    r"if (?:someone|anyone|somebody|another person|a third party)(?: else)?\s+(?:asks|calls|"
    r"contacts us|wants|tries)\b)"
)


def _others_refused(before: Suggestion, line: str) -> bool:
    """Whether `line` refuses everyone but the people `before` lets do it ("Only the account
    holder may ..."), adding no condition of its own (no number)."""
    return (
        before.action == "refuse"
        and bool(re.search(r"(?i)\bonly\b", before.line))
        and not before.more
        and _OTHERS.match(line.strip()) is not None
        and not find_numbers(line.lower())
    )


def _read(said: str, named: dict[str, Any]) -> Suggestion | None:
    """The rule one sentence reads as, by the first reader that reads it."""
    either = any_of(said, named) or we_never(said, named)
    if either is not None:
        return either
    parts = otherwise_parts(said)
    if parts is not None:  # "... within 14 days, otherwise refer them to the Repairs desk"
        required = _read(parts[0], named)
        if required is not None and required.action == "refuse" and required.when:
            return escalated(required, said, parts[1])
    # "we release the deposit minus a refuelling charge of 40 euros": a grant, less an amount
    found = (
        deducted(said, named, _plain)
        or only_role(said, named)
        or add_on(said)
        or _plain(said, named)
    )
    return one_range(found) if found is not None else None


def _plain(said: str, named: dict[str, Any]) -> Suggestion | None:
    return acted(said, named) or granted(said, named) or _one(said, named)
