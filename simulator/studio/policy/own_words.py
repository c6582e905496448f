"""What support says about a rule, in its own words, from the policy sentence the rule came
from.

A policy sentence is written to support ("If the bike is damaged, hand over to the workshop
team", "The late fee of non-members cannot be waived"), about the customer in the third
person. Said to the customer as it is, it read as support reciting its instructions
(walkthrough 7: "I'm passing this to a colleague who can decide: if the bike is damaged, hand
over to the workshop team"). So support's made lines say what support does, in the first
person, to "you": "I'm passing this to our workshop team, since the bike is damaged", "I
can't waive the late fee of non-members".

This reads sentence shapes, not language: the customer named in the third person becomes
"you", a refusal said in the passive ("X cannot be waived", "X are not accepted") becomes "I
can't waive X", one said as what is allowed ("X are waived once if ...") "I can only waive X
once if ...", a hand-over names who it goes to. A sentence of no shape it knows is still said
to "you", behind words that say it is the rule, never as an instruction to support. English
only, like the studio's policy reader.
"""

from __future__ import annotations

import re

from simulator.studio.policy.handover_words import handover_line
from simulator.studio.policy.policy_read import GRANT_VERBS
from simulator.studio.policy.voice import (
    base_verb,
    clean_sentence,
    contracted,
    participle_base,
    to_me,
    to_you,
)

# handover_line, base_verb, to_me, to_you: re-exported for the modules that import them here.
__all__ = ["base_verb", "handover_line", "refusal_core", "refusal_lines", "to_me", "to_you"]


_NEG_BE = (
    r"(?:cannot|can't|can not|may not|must not|will not|won't|shall not|should not|is not to|"
    r"are not to) be|(?:is|are|isn't|aren't|will be|can be) (?:not|never|no longer)|isn't|"
    r"aren't|(?:is|are) never|can never be|will never be"
)
_POS_BE = r"(?:is|are|can be|will be|may be|gets|get|is only|are only|can only be|will only be)"
_OFFERED = r"(?:possible|available|an option|allowed|permitted|offered|accepted)"
# Words that end a noun phrase's qualifier before a condition: "once if ...", "only when ...".
_CONDITION = r"(?:if|when|whenever|provided|as long as|so long as|for|to|within|unless|once)"
_REQUEST_CLASS = (
    r"(?:(?:[a-z]+ )?[a-z]+(?:ers|ents|ants|ees|ists)|"
    r"members|customers|clients|guests|users|people|callers|riders|renters|anyone|those|"
    r"a member|a customer|a client|a guest|a user|the member|the customer|the client|"
    r"the guest|the user|you)"
)


def refusal_lines(sentence: str, ask: str = "") -> list[str]:
    """A refusal's two lines (the second for a push-back) from the rule's `reason`: what
    support does, said as support; a reason of no shape it knows (one the studio made from
    the condition, "days late is more than 3") said as the reason why."""
    text = clean_sentence(sentence)
    core = refusal_core(text) if text else ""
    if not core:
        core, shaped = "that isn't something we can do", False
    else:
        shaped = core != to_you(contracted(text))
    first = f"I'm sorry, but {core}." if shaped else f"I'm sorry, I can't do that: {core}."
    return [f"{first}{ask}", f"I understand, but the answer has to stay the same: {core}."]


def refusal_core(sentence: str) -> str:
    """The refusal a rule from `sentence` says, as support: "I can't waive the late fee of
    non-members", "I can only waive late fees once if you're a member ...", "you can't pause
    while you owe money"; else the sentence said to "you"."""
    text = clean_sentence(sentence)
    m = re.match(r"we (?:can )?only (?P<rest>.+)", text)
    if m:  # "we only drop the damage fee if ...": the ways to get it (ways.py)
        return to_you(contracted(f"I can only {m['rest']}"))
    granted = _granted(text)
    if granted:
        return granted
    refused = _not_granted(text)
    if refused:
        return refused
    if re.match(r"(?:we|our|us|i)\b", text):
        # Already support's own words ("we need a meter reading to re-issue the bill";
        # walkthrough 9 got "... to re-issue the bill for we."): said as it is.
        return to_you(contracted(text))
    # "X cannot be waived ...", "X are not accepted ...": I can't waive X ...
    m = re.fullmatch(rf"(?P<s>.+?) (?:{_NEG_BE}) (?P<v>[a-z]+)\b(?P<rest>.*)", text)
    if (
        m
        and m["v"] not in ("possible", "available", "allowed", "permitted")
        and participle_base(m["v"])
    ):
        return to_you(contracted(f"I can't {participle_base(m['v'])} {m['s']}{m['rest']}"))
    # "Pauses longer than 3 months are not possible": I can't offer them.
    m = re.fullmatch(rf"(?P<s>.+?) (?:{_NEG_BE}) (?:{_OFFERED})\b(?P<rest>.*)", text)
    if m:
        return to_you(contracted(f"I can't offer {m['s']}{m['rest']}"))
    # "Gift cards are not refundable": I can't refund them.
    m = re.fullmatch(rf"(?P<s>.+?) (?:{_NEG_BE}) (?P<a>[a-z]+?)(?:l)?able\b(?P<rest>.*)", text)
    if m and m["a"] not in ("avail", "accept", "applic", "suit", "reason", "comfort", "c"):
        return to_you(contracted(f"I can't {m['a']} {m['s']}{m['rest']}"))
    # "Damage claims after 14 days are refused": I can't accept them.
    m = re.fullmatch(
        r"(?P<s>.+?) (?:is|are|will be|get|gets) (?:always )?(?:refused|declined|rejected|denied)"
        r"\b(?P<rest>.*)",
        text,
    )
    if m:
        return to_you(contracted(f"I can't accept {m['s']}{m['rest']}"))
    # "A pause needs at least 14 days notice": I need that for a pause.
    m = re.fullmatch(r"(?P<s>.+?) (?:needs|requires|need|require) (?P<x>.+)", text)
    if (
        m
        and not re.fullmatch(_REQUEST_CLASS + r"(?: .*)?", m["s"])
        and not re.search(r"\b(?:manager|supervisor|approval|sign-off)\b", m["x"])
    ):
        return to_you(contracted(f"I need {m['x']} for {m['s']}"))
    # "A pause must be requested 7 days ahead": it needs to be.
    m = re.fullmatch(r"(?P<s>.+?) (?:must|has to|have to|should) be (?P<rest>.+)", text)
    if m and not re.fullmatch(_REQUEST_CLASS + r"(?: .*)?", m["s"]):
        plural = re.search(r"[^s]s$", m["s"].split()[-1]) and not m["s"].startswith(("a ", "an "))
        return to_you(contracted(f"{m['s']} {'need' if plural else 'needs'} to be {m['rest']}"))
    # "Late fees are waived once if the customer is a member": said as what I can do.
    m = re.fullmatch(
        rf"(?P<s>.+?) (?:{_POS_BE}) (?:only )?(?P<v>[a-z]+)\b(?P<rest>(?: only| just)? "
        rf"(?:{_CONDITION})\b.*| once\b.*| (?:up to|at most|no more than|a maximum of)\b.*|"
        rf"(?: free of charge| for free| at no (?:extra )?cost| once)+,? (?:{_CONDITION})\b.*)",
        text,
    )
    if m and participle_base(m["v"]):
        rest = re.sub(r"^ (?:only|just)\b", "", m["rest"])
        return to_you(contracted(f"I can only {participle_base(m['v'])} {m['s']}{rest}"))
    m = re.fullmatch(rf"(?P<s>.+?) (?:{_POS_BE}) (?:only )?(?:{_OFFERED})\b(?P<rest>.*)", text)
    if m and re.match(rf" (?:only )?(?:{_CONDITION}|up to|at most|once)\b", m["rest"]):
        rest = re.sub(r"^ only\b", "", m["rest"])
        return to_you(contracted(f"I can only offer {m['s']}{rest}"))
    # "Late fee waived once if ...", a heading's shorthand for "is waived".
    m = re.fullmatch(
        r"(?P<s>[a-z][\w' -]+?) (?P<v>[a-z]+)(?P<rest> (?:once |only |just )?"
        r"(?:if|when|whenever|provided|as long as|unless)\b.*)",
        text,
    )
    if (
        m
        and participle_base(m["v"])
        and not re.search(r"\b(?:is|are|be|can|may|will|must)$", m["s"])
    ):
        rest = re.sub(r"^ (?:only|just)\b", "", m["rest"])
        return to_you(contracted(f"I can only {participle_base(m['v'])} {m['s']}{rest}"))
    # "Cancellations are free if made 24 hours ahead": only then.
    m = re.fullmatch(
        r"(?P<s>.+?) (?P<be>is|are) (?P<a>free|(?:fully )?refundable|possible|available|allowed|"
        r"permitted|accepted)(?P<rest> (?:if|when|whenever|provided|as long as|within|up to|"
        r"for|once|until|before)\b.*)",
        text,
    )
    if m:
        return to_you(contracted(f"{m['s']} {m['be']} only {m['a']}{m['rest']}"))
    # "Members who owe money cannot pause": you can't pause while you owe money.
    m = re.fullmatch(
        rf"(?:only )?(?P<who>{_REQUEST_CLASS})(?: (?P<rel>who|that|with|without|whose) "
        rf"(?P<clause>.+?))? (?P<modal>cannot|can't|can not|may not|must not|are not allowed to|"
        rf"aren't allowed to|are unable to|is not allowed to|isn't allowed to|must|need to|"
        rf"needs to|have to|has to|can|may|are allowed to|get|gets) (?P<rest>.+)",
        text,
    )
    if m:
        return to_you(contracted(_class_said(m)))
    return to_you(contracted(text))


_LEAD = r"(?P<lead>if|when|whenever|as long as|so long as|provided(?: that)?|only if|once)"
_WE_DO = (
    r"(?:then\s+)?(?:we|i|support)"
    r"(?:'ll|\s+will|\s+can|\s+may|\s+do|\s+happily|\s+gladly|\s+always)*\s+"
)
# An order to staff about talking, never said to the customer: "..., and say sorry".
_TALK = (
    r"(?:say sorry|apologi[sz]e|say we're sorry|explain\b.*|tell (?:them|the customer)\b.*|"
    r"thank (?:them|the customer)\b.*|be (?:kind|polite|nice)\b.*)"
)


def _deed(main: str) -> str:
    """What support does in a main clause, without the talking ("refund the fee and say
    sorry": "refund the fee"); "" when it is all talk or no grant."""
    main = re.sub(rf"\s*,?\s+(?:and|then)\s+{_TALK}$", "", main)
    main = re.sub(r"^(?:apologi[sz]e|say sorry)\s+(?:and|then)\s+", "", main)
    return main if re.match(GRANT_VERBS, main) else ""


def _granted(text: str) -> str:
    """A sentence that says when support grants something, said as a refusal of the other
    side: "if the customer bought the full cover, we drop the damage fee" -> "I can only drop
    the damage fee if you bought the full cover" (walkthrough 10 heard "I can't do that: if you
    bought ..., we drop the damage fee", and "..., refund the fee and say sorry" read aloud);
    an order with no condition ("refund the fee and say sorry") -> "I can't refund the fee"."""
    m = re.fullmatch(rf"{_LEAD} (?P<c>.+?),\s+(?P<m>.+)", text)
    if m:
        main = re.sub(rf"^{_WE_DO}", "", m["m"])
        deed = _deed(main)
        if deed:
            return to_you(contracted(f"I can only {deed} {m['lead']} {m['c']}"))
        return ""
    m = re.fullmatch(rf"{_WE_DO}(?P<m>.+?) {_LEAD} (?P<c>.+)", text)
    if m:
        deed = _deed(m["m"])
        if deed:
            return to_you(contracted(f"I can only {deed} {m['lead']} {m['c']}"))
    deed = _deed(text)
    if deed and deed != text:
        return to_you(contracted(f"I can't {deed}"))
    return ""


# "Do not refund if the bike was left unlocked": an order to support not to grant, and when.
_DO_NOT = re.compile(
    r"(?:please\s+)?(?:do not|don't|never|must not|should not)\s+(?P<v>[a-z]+)"
    r"(?P<o>(?:\s+(?!(?:if|when|whenever|where|unless|because|as)\b)[^\s,;]+)*?),?\s+"
    r"(?P<lead>if|when|whenever|where|unless|because|as)\s+(?P<c>.+)"
)


def _not_granted(text: str) -> str:
    """An order not to grant something when a fact holds, said as the outcome and its
    reason: "do not refund if the bike was left unlocked" -> "I can't refund this, as the
    bike was left unlocked" (walkthrough 13 heard "I can't do that: don't refund if the bike
    was left unlocked", an instruction read out, and the critic failed it for reciting the
    policy). The rule refuses only when the fact holds, so it is said as a fact; "unless"
    stays a condition. "" for any other shape."""
    m = _DO_NOT.fullmatch(text)
    if m is None:
        return ""
    # "don't promise a payout if ...": what support must not do is no outcome to say
    said = (
        f"{m['v']} {m['o'].strip() or 'this'}" if re.fullmatch(GRANT_VERBS, m["v"]) else "do that"
    )
    if m["lead"] == "unless":
        return to_you(contracted(f"I can't {said} unless {m['c']}"))
    return to_you(contracted(f"I can't {said}, as {m['c']}"))


def _class_said(m: re.Match[str]) -> str:
    """A sentence about a kind of customer, said to this one."""
    rel, clause, rest, modal = m["rel"], m["clause"] or "", m["rest"], m["modal"]
    # "they", "their", "them" are the kind of customer: this one.
    for word, said_to in (("they", "you"), ("their", "your"), ("them", "you")):
        if word != "them" or rel != "with":  # "with unpaid fees must pay them": the fees
            rest = re.sub(rf"\b{word}\b", said_to, rest)
    if rel in ("who", "that"):
        tail = (
            f" while you {clause}"
            if re.match(r"(?:owe|have|hold)\b", clause)
            else (f", as you {clause}")
        )
        said = f" {tail.strip()}" if tail.startswith(" while") else tail
    elif rel == "whose":
        said = f" when your {clause}"
    elif rel:
        said = f" {rel} {clause}"
    else:
        said = ""
    if modal == "must not" and re.match(r"(?:have|hold|owe)\b", rest):
        owed = re.sub(r"^(?:have|hold) (?:any )?", "", rest)
        return (
            f"I can't do that while you have {owed}"
            if owed != rest
            else f"I can't do that while you {rest}"
        )
    if modal in ("must", "need to", "needs to", "have to", "has to"):
        if rel == "with" and re.search(r"\b(?:them|it)\b", rest):
            thing = re.sub(r"^(?:any|some|an?|the)\s+", "", clause)
            named = re.sub(r"\b(?:them|it)\b", "the " + thing, rest, count=1)
            return f"you need to {named}"
        if rest.startswith("not "):
            have = re.sub(r"^not (?:have|hold) (?:any )?", "", rest)
            return (
                f"I can't do that while you have {have}"
                if have != rest
                else f"you can't {rest[4:]}"
            )
        return f"you need to {rest}{said}"
    if modal in ("can", "may", "are allowed to", "get", "gets"):
        doing = f"get {rest}" if modal in ("get", "gets") else rest
        if rel == "with":
            return f"you'd need {clause} to {doing}"
        if rel in ("who", "that"):
            return f"only customers who {clause} can {doing}"
        doing = re.sub(r"\s+only\b", "", doing, count=1)
        return f"you can only {doing}"
    return f"you can't {rest}{said}"
