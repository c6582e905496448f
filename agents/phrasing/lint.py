"""Structural checks on generated text: the mistakes composition makes, found without a parser.

Templates, slot fillers and word swaps fail in a few recognisable ways: a word said twice
across a seam ("the the"), an article that does not fit the next sound ("a economy fare"), a
template token or a variable name left in the text (`$ask`, `<opt_more>`, `order_id`), a
lead and a reaction that contradict each other ("Not impressed! 😊", "I can't skip this
step! Of course!"), punctuation seams (" ,", ",."), a support turn that does not end as a
sentence. `findings(text, role)` names each one; the test suite runs it over a fixed sample
of generated turns and bench/grammar.py over a whole run, next to a grammar parser.

Persona quirks (typos, no punctuation, all caps, lowercase) are intended: callers pass
`quirks` and the checks they would trip are not made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.phrasing.seams import vowel_sound
from agents.phrasing.style import split_protected

# Repetitions people do write on purpose ("no no", "ok ok", "bye bye").
_REDUPLICATED = frozenset(
    {"no", "ok", "okay", "right", "hey", "cool", "bye", "very", "so", "ha", "haha", "tick",
     "hello", "yes", "yeah", "really", "please", "wait", "that", "had", "now", "brilliant",
     "thanks", "well", "sorry", "again", "much", "far", "more", "ho", "la", "hi"}
)  # fmt: skip
_DOUBLED = re.compile(r"\b([A-Za-z']+)(\s+)\1(?![\w'])", re.IGNORECASE)  # "it, it" is fine
_ARTICLE = re.compile(r"(?:^|(?<=[\s(\"]))(a|an)\s+([A-Za-z][A-Za-z'-]+)", re.IGNORECASE)
_RAW_TOKEN = re.compile(
    r"\$[a-z_]+\b|<[a-z_]+>|\{[^}]*\|[^}]*\}|(?<![\w.@-])[a-z]+_[a-z_]+(?![\w@.-])"
)
_SEAMS = re.compile(r"\s[,.;:!?](?![\d()/DPp]|\S*\d)|,[.!?]|[.!?],|\(\s*\)|,\s*,")
_ENDS = (".", "!", "?", "…", ")", '"', "'", "*")
_CHEER = re.compile(
    r"(?i)(?:^|[.!?]\s+)(perfect|great|awesome|lovely|excellent|wonderful|brilliant|"
    r"sounds good|no worries|of course|definitely|absolutely|yay|fantastic)[!.]"
)
_ANGER = re.compile(
    r"(?i)\b(not impressed|unacceptable|furious|ridiculous|disgrace|what a joke|worst "
    r"service|i'm done with this|losing patience|really not happy|i'll be leaving a "
    r"review|unbelievable)\b"
)
_REFUSAL_LEAD = re.compile(
    r"(?i)\b(i can't skip this step|i'm not able to make an exception|can't make an "
    r"exception|this check is required|i have to follow our (policy|process))\b"
)
_HAPPY_EMOJI = ("😊", "🙂", "😀", "😄", ":)")
_STACKED_CONCESSION = re.compile(
    r"(?i)\b(i get it|i understand|i hear you|i see where you're coming from),?\s+but\s+"
    r"(i understand|i get it|i hear you|i know)\b"
)
_EMPATHY_THEN_CHEER = re.compile(
    r"(?i)\b(sorry (to hear|about|for)|frustrating|i understand)\b[^.!?]*[.!?]\s+"
    r"(perfect|great|awesome|lovely|excellent|sounds good)[!.]"
)
_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _free_text(text: str) -> str:
    """The text with fact-like values (ids, emails, amounts, dates) blanked out."""
    return "".join(t if not p else "X" for t, p in split_protected(text, ()))


def findings(
    text: str,
    role: str,
    quirks: Sequence[str] = (),
    edge_case: str | None = None,
    language: str = "en",
) -> list[str]:
    """Names of the structural problems in one turn (empty: none found). The article check
    is English ('a une' is French, 'a entrega' Portuguese)."""
    out: list[str] = []
    q = {x.strip().lower().replace("-", "_").replace(" ", "_") for x in quirks}
    typos = bool(q & {"typos", "typo", "misspellings"}) or edge_case == "heavy_typos"
    free = _free_text(text)
    if not text.strip():
        return ["empty"] if role == "support" else []
    for m in _DOUBLED.finditer(free):
        if m.group(1).lower() not in _REDUPLICATED and m.group(1) != "X" and not typos:
            out.append(f"doubled word: {m.group(0)!r}")
    if not typos and language == "en":
        for m in _ARTICLE.finditer(free):
            art, word = m.group(1).lower(), m.group(2)
            if word.isupper() and len(word) > 1 and "all_caps" in q:
                continue  # an all-caps quirk makes every word look like an acronym
            if (art == "a") == vowel_sound(word):
                out.append(f"article: {m.group(0)!r}")
    if raw := _RAW_TOKEN.search(free):
        out.append(f"raw template token: {raw.group(0)!r}")
    loose = q & {"no_punctuation", "nopunct", "run_on", "ellipses"}
    if not loose and (seam := _SEAMS.search(free)):
        out.append(f"punctuation seam: {seam.group(0)!r}")
    if role == "support" and not text.rstrip().endswith(_ENDS):
        out.append("no final punctuation")
    if _ANGER.search(text) and (_CHEER.search(text) or text.rstrip().endswith(_HAPPY_EMOJI)):
        out.append("anger joined with cheer")
    if _REFUSAL_LEAD.search(text) and _CHEER.search(text):
        out.append("refusal joined with cheer")
    if _STACKED_CONCESSION.search(text):
        out.append("stacked concession")
    if _EMPATHY_THEN_CHEER.search(text):
        out.append("empathy joined with cheer")
    return out


def sentences(text: str) -> list[str]:
    """Split a turn into sentences for a parser: at final punctuation or a line break."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n+", text.strip())
    return [p.strip() for p in parts if p.strip() and _WORDS.search(p)]
