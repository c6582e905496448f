"""What support does when a way from the policy holds, said as support says it ("waive the
late fee", "unlock the phone"), and whether a main clause grants, imposes or orders: the
phrasing half of granted.py, apart because reading a sentence's condition and saying its
deed are two jobs (granted.py was 461 lines). English only, like the rest of the reader.
"""

from __future__ import annotations

import re

from simulator.studio.policy import policy_read as r
from simulator.studio.policy.own_words import base_verb

__all__ = ["GRANTS", "IMPOSES", "deed", "deed_words", "imposes", "order"]

# A main clause that grants: a participle after a form of be or get, "we waive", can/may ...
GRANTS = re.compile(
    r"\b(?:is|are|be|been|gets?|get)\s+(?:\w+\s+){0,2}?(?:\w+ed|\w+en|given|paid|made|done|free|"
    r"refundable|possible|allowed|eligible|entitled|available|okay|ok|fine)\b|"
    r"\b(?:can|may|qualif\w*|eligible|entitled|free|waived?|refund(?:ed)?|we(?:'ll|\s+(?!don't)\w+)|"
    r"(?:i|you)\s+(?:can|may|will|'ll)\b)|"
    r"\b(?:gets?|receives?)\s+(?:\w+\s+){0,4}?(?:back|refund\w*|reimburs\w*|free|credit)\b"
)
# A main clause that imposes something ("we charge an extra day", "we shorten the session"):
# not what the customer asks for, so its other side is no refusal.
IMPOSES = re.compile(
    r"\b(?:charge\w*|shorten\w*|fined?|fines|bill(?:s|ed)?|penali[sz]\w*|cut\w*|"
    r"limit\w*|cancel(?:s|led|ed)? (?:the|your|their)(?! (?:[\w-]+ )?(?:fees?|charges?|"
    r"penalt(?:y|ies)|fines?|surcharges?)\b)|forfeit\w*|lose|loses)\b"
)
# What support says it does when a way holds: "we'll happily unlock the phone", "waive the
# late fee", "late fees are waived once", "passengers may change their flight": the verb and
# its object, said as what support does ("unlock the phone", "waive late fees once").
_WE = re.compile(
    r"^(?:then\s+)?(?:we|i|support)(?:'ll|'d|\s+will|\s+can|\s+may|\s+do|\s+happily|\s+gladly|"
    r"\s+always|\s+only|\s+would|(?:'re|\s+are|'m|\s+am)\s+(?:happy|glad|pleased) to)*\s+"
)
_TALK_TAIL = re.compile(
    r"\s+(?:and|then)\s+(?:say sorry|apologi[sz]e|explain|tell|thank|let)\b.*$|\s+as a\s+.*$"
)


def deed(text: str, clause: re.Match[str], main: str, clause_text: str) -> str:
    """What support does when the way holds; for a sentence that starts with a condition of
    several parts ("If A, B and C, the claim (or ...) is paid ..."), its last part."""
    rest = text[clause.end() :].strip(" ,")
    if clause.start() < 2 and ", " in rest:
        last = deed_words(rest.rsplit(", ", 1)[-1], clause_text)
        if last:
            return last
    return deed_words(main, clause_text)


def deed_words(main: str, clause_text: str) -> str:
    """`main` said as what support does when the way holds, "" when it says no deed; what
    is in brackets and when it happens ("within 5 working days") are no part of the deed
    (walkthrough 14's last rule said "I can only do that if ...")."""
    main = re.sub(r"\s*\([^)]*\)", "", main)
    main = re.sub(r"\s+(?:within|in) (?:\d+|one|two|three|five|ten) [\w-]+(?: days?)?$", "", main)
    main = _TALK_TAIL.sub("", " ".join(main.split()))
    said = ""
    we = _WE.match(main)
    if we or order(main):
        said = main[we.end() :] if we else main
        if not order(said):
            return ""
    else:
        may = re.match(
            r"^(?:[\w'-]+\s+){1,3}?(?:may|can|get to|are allowed to|is allowed to)\s+(?P<v>.+)$",
            main,
        )
        gets = re.match(
            r"^(?:[\w'-]+\s+){1,3}?(?:get|gets|receive|receives|are given|is given)\s+(?P<x>.+)$",
            main,
        )
        if may:
            said = may["v"]
        elif gets:  # "they get the whole deposit back": give the whole deposit back
            said = "give " + gets["x"]
        else:
            said = _passive(main)
            if not said:
                return ""
    subject = re.match(
        r"(?:the|a|an|their|your)\s+([\w'-]+(?:\s+[\w'-]+)?)\s+(?:is|are|was|were|comes?|costs?|totals?)\b",
        clause_text,
    )
    if subject:  # "If the fee is below 150 euros, we drop it": drop the fee
        said = re.sub(r"\b(?:it|them)\b", "the " + subject[1], said, count=1)
    said = re.sub(r"\s+(?:only|also)\b", "", said)
    return " ".join(said.split())


def imposes(main: str) -> bool:
    """Whether the main clause imposes something ("we charge an extra day"), not when the
    charge is what is granted ("penalty charges are cancelled", "we refund the charge")."""
    passive = _passive(main)
    if passive and not _WE.match(main) and not IMPOSES.match(passive):
        return False
    rest = re.sub(
        r"\b(?:refund|waive|drop|credit|reimburse|forgive|reverse|remove|reduce|write off)\w*"
        r"(?:\s+(?:the|a|an|any|their|your|its|this|that))?(?:\s+[\w'-]+){1,3}",
        " ",
        main,
    )
    return bool(IMPOSES.search(rest))


def _passive(main: str) -> str:
    """ "late fees are waived once": "waive late fees once"; "" when no participle follows
    the first few words."""
    words = main.split()
    for i in range(1, min(6, len(words))):
        if words[i] in ("is", "are", "get", "gets", "be", "will", "can", "only", "always"):
            continue
        verb = base_verb(words[i])
        if not verb:
            continue
        subject = [
            w
            for w in words[:i]
            if w not in ("is", "are", "get", "gets", "be", "will", "can", "only", "always")
        ]
        if not subject or order(" ".join(subject)):
            return ""
        return " ".join([verb, *subject, *words[i + 1 :]])
    return ""


def order(main: str) -> bool:
    return bool(re.match(r.GRANT_VERBS, main))
