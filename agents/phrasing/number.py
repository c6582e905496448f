"""A plural value in a singular frame: "the {product} I ordered is broken" filled with
"Nimbus Wireless Earbuds". Scenario authors write frames for the value they had in mind; the
records give others. For English text the verb the value is the subject of, and an article or
demonstrative right before it, agree with the value's number.

Only what is certain is changed: the first finite verb of the value's own clause (past a
relative clause, "the earbuds I ordered is" -> "are", never past a new subject or a
conjunction), an inverted "is"/"has" just before it ("Is my {product} covered?"), "a"/"an"
(dropped) and "this" ("these"). A value that is a name ("FlowDocs"), a count ("3 bags" reads
as it should already) or a phrase headed by a singular noun ("set of bath towels") is left as
it is. A value followed by a noun ("the {product} box is") is a modifier: left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agents.phrasing.local_bank import LANGUAGES, bank
from agents.phrasing.seams import _N_PLURAL, _ONE_PLURAL

_VERB = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
    "doesn't": "don't",
    "seems": "seem",
    "looks": "look",
    "keeps": "keep",
    "works": "work",
    "needs": "need",
    "fits": "fit",
    "shows": "show",
    "comes": "come",
    "arrives": "arrive",
    "goes": "go",
    "costs": "cost",
}
# Words that may follow the value inside its own noun phrase or start a relative clause:
# after anything else the value is a modifier ("the {product} box").
_MAY_FOLLOW = frozenset(
    ["i", "i've", "i'd", "i'm", "you", "we", "they", "that", "which", "who", "from", "in", "on",
     "with", "at", "by", "for", "still", "just", "also", "now", "already", "really", "never",
     "not", "only", "all", "both", "you've", "we've", "got", "bought", "ordered", "inside"]
)  # fmt: skip
_SUBJECTS = frozenset(["it", "he", "she", "they", "we", "you", "i"])
_CLAUSE_END = re.compile(r"[.,;:!?()\"]| and | but | so | or | because | since | while | if ")
_TOKEN = re.compile(r"[A-Za-z']+")
_ARTICLE_BEFORE = re.compile(r"(?i)\b(a|an|this)(\s+)$")
_VERB_BEFORE = re.compile(
    r"(?i)\b(is|was|has|does|isn't|wasn't|hasn't|doesn't)(\s+(?:(?:my|the|your|our|his|her|"
    r"their)\s+)?)$"
)
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ys", "'s")
_SINGULAR_S = frozenset(
    ["news", "series", "species", "lens", "gas", "bus", "plus", "yes", "this", "its", "was",
     "has", "does", "always", "perhaps", "less", "unless", "across", "chaos", "canvas", "atlas",
     "status", "bonus", "campus", "virus", "corpus", "means", "physics", "electronics",
     "headquarters"]
)  # fmt: skip


@lru_cache(maxsize=4096)
def is_plural(value: str) -> bool:
    """Whether a value is a plural noun phrase by its head ("Nimbus Wireless Earbuds", "the
    usual lights"; not "set of bath towels", "a crack down one side", "FlowDocs")."""
    words = value.split()
    if (
        not words
        or len(words) > 6
        or not all(w.replace("-", "").replace("'", "").isalnum() for w in words)
    ):
        return False
    low = [w.lower() for w in words]
    if low[0] in ("a", "an", "one", "each", "every"):
        return False
    head_at = low.index("of") - 1 if "of" in low[1:] else len(words) - 1
    head, raw = low[head_at], words[head_at]
    if len(words) == 1 and raw[:1].isupper():
        return False  # a name, not a noun
    if any(c.isupper() for c in raw[1:]) or any(c.isdigit() for c in raw):
        return False  # "FlowDocs", "4Ks"
    return (
        len(head) > 3
        and head.endswith("s")
        and not head.endswith(_NOT_PLURAL_ENDINGS)
        and head not in _SINGULAR_S
    )


def _agree_after(text: str) -> str:
    """The literal text after a plural value, its clause's verb made plural."""
    end = _CLAUSE_END.search(text)
    clause = text[: end.start()] if end else text
    tokens = list(_TOKEN.finditer(clause))[:6]
    if not tokens or clause[: tokens[0].start()].strip():
        return text  # the value's clause ends with it, or it is possessed ("{x}'s box")
    first = tokens[0].group().lower()
    if first not in _VERB and first not in _MAY_FOLLOW:
        return text  # a modifier: "the {product} box is"
    prev = ""
    for m in tokens:
        word = m.group().lower()
        plural = _VERB.get(word)
        if plural is not None:
            if prev in _SUBJECTS:
                return text  # "{x} I think it is": the verb of another subject
            if m.group()[:1].isupper():
                plural = plural.capitalize()
            return text[: m.start()] + plural + text[m.end() :]
        prev = word
    return text


def _agree_before(text: str) -> str:
    """The literal text before a plural value: no "a", "these" for "this", "are" for an
    inverted "is" ("Is the {product} covered?")."""
    m = _ARTICLE_BEFORE.search(text)
    if m is not None:
        word = m.group(1)
        if word.lower() == "this":
            return text[: m.start()] + ("These" if word[0] == "T" else "these") + m.group(2)
        return text[: m.start()]
    m = _VERB_BEFORE.search(text)
    if m is not None:
        word = m.group(1)
        plural = _VERB[word.lower()]
        if word[:1].isupper():
            plural = plural.capitalize()
        return text[: m.start()] + plural + m.group(2)
    return text


def agree(texts: list[str], values: list[str]) -> None:
    """Make the literal parts around each plural value agree with it, in place: `texts[i]`
    comes before `values[i]` and `texts[i + 1]` after it."""
    for i, value in enumerate(values):
        if is_plural(value):
            texts[i] = _agree_before(texts[i])
            texts[i + 1] = _agree_after(texts[i + 1])


def counts_agree(text: str, language: str) -> str:
    """A count of one in the singular, as the text around it is written: a known fact
    "{days} days" filled with 1 is "1 day" in English ("1 días" -> "1 día" by the language's
    bank), so the fact matches what the customer writes and support hears it said."""
    if "1 " not in text and "(s)" not in text:
        return text
    if language == "en":
        return _N_PLURAL.sub(r"\1s", _ONE_PLURAL.sub(r"\1", text))
    if language in LANGUAGES:
        for plural, pattern, singular in bank(language).singulars:
            if plural in text:
                text = pattern.sub(singular, text)
    return text
