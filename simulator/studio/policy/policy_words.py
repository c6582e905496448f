"""The words of a policy sentence, as the studio's policy reader sees them: tokens, the
content words that name things (no articles, no "customer"), singulars, a variable's name
made from words, and where the sentence's verb is. Shared by policy_read.py (clauses, what
support does) and policy_numbers.py (numbers and what they count). English only."""

from __future__ import annotations

import re

__all__ = ["GRANT_VERBS", "NEG", "VERB"]


def _words(text: str) -> set[str]:
    return set(text.split())


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip

# Where the sentence's verb starts: a comparison before it describes what is asked for
# ("Pauses longer than 3 months | are not possible"), after it the limit ("A pause | needs
# at least 14 days notice"), whose other side is refused.
VERB = re.compile(
    r"\b(?:cannot|can't|can not|can|may|must|needs?|needed|requires?|required|are|is|will|"
    r"won't|should|ha(?:ve|s) to|go(?:es)?|gets?|don't|doesn't|aren't|isn't|never)\b"
)

# Words that say no: a refusal, a prohibition, or the other side of a condition.
NEG = re.compile(
    r"\b(?:cannot|can't|can not|not|never|no longer|refus\w*|won't|isn't|aren't|don't|"
    r"doesn't|unable|denied|impossible|forbidden|prohibited|declined?|deny|reject(?:ed)?)\b"
)
# Verbs that grant what the customer asks for ("we refund ...", "If ..., waive the fee").
GRANT_VERBS = (
    r"(?:waive|refund|replace|exchange|extend|approve|cancel|change|move|reschedule|credit|"
    r"reverse|remove|reduce|upgrade|downgrade|pause|freeze|unlock|reset|reactivate|renew|"
    r"accept|allow|grant|honou?r|ship|resend|repair|rebook|return|issue|release|lift|drop|"
    r"forgive|discount|reimburse|compensate|cover|let|take)(?:s|ed|d)?\b"
)

_STOP = _words(
    "a an the their his her its your our my this that these those is are was were be been "
    "being has have had do does did any some all of for to in on at by from and or as it "
    "they them he she we you i who which whose with without if when unless then there than "
    "more less can cannot may must need needs should will would could not no never only "
    "also just per each every still yet already first last up down out into over under "
    "ago get gets got go goes please support agent agents staff we us next following "
    "upcoming thats its theres whats cant wont dont doesnt isnt arent"
)
_GENERIC = _words(
    "member members customer customers client clients user users person people someone "
    "anyone everyone account holder holders guest guests caller callers policyholder "
    "policyholders anything something involving patient patients renter renters hirer hirers "
    "tenant tenants passenger passengers"
)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies") and word[-4] not in "aeiou":
        return word[:-3] + "y"  # policies, emergencies (were "policie", "emergencie")
    if len(word) > 3 and re.search(r"(?:sses|xes|ches|shes)$", word):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _tokens(text: str) -> list[str]:
    """Words (`no-show` is one), numbers and currency signs."""
    return re.findall(r"[a-z][a-z']*(?:-[a-z]+)*|\d+(?:[.,]\d+)?|[$€£%]", text)


def _content(words: list[str]) -> list[str]:
    # ("the pet's" -> pets, "48 hours'" -> hours, never "hourss")
    kept = [re.sub(r"'s$", "s", w).replace("'", "").replace("-", "_") for w in words]
    return [
        w
        for w in kept
        if w.replace("_", "").isalpha()
        and w not in _STOP
        and w not in _GENERIC
        and w not in _NUMBER_WORDS
    ]


def _name(words: list[str]) -> str:
    name = "_".join(words[:3])
    return name if re.fullmatch(r"[a-z][a-z0-9_]*", name) else ""
