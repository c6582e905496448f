"""The last pass over a turn in a language other than English, and its amounts and dates.

`finish` tidies the seams the composition left (no English article or plural rules), says
counts of one in the singular and starts every sentence with a capital, without touching the
values a turn carries (a value's own stops, 'EE. UU. continental', start no sentence).
`native` writes a turn's amounts and ISO dates as the language does (agents.phrasing.
local_numbers) before it is worded, so the wording protects the written form.
"""

from __future__ import annotations

import re
from dataclasses import replace

from agents.phrasing.elision import elide
from agents.phrasing.grammar import tidy
from agents.phrasing.local_bank import LanguageBank, singular
from agents.phrasing.local_facts import is_phrase
from agents.phrasing.local_numbers import localize
from agents.phrasing.local_text import invert, lower_first
from agents.phrasing.utterance import Utterance


def native(u: Utterance) -> Utterance:
    """Amounts and ISO dates as the language writes them ('25,00 $', 'le 18 juin 2025'):
    the scenario's text states dates with the month's name, a fact is typed in figures."""
    content = localize(u.content, u.language) if u.content else u.content
    facts = {k: localize(v, u.language, figures=True) for k, v in u.facts.items()}
    if content == u.content and facts == u.facts:
        return u
    return replace(u, content=content, facts=facts)


_SPACE_BEFORE = re.compile(r"[ \u00a0\u202f]+([?!;:])(?=\s|$)")
_START = re.compile(r"([.!?]\s+[¿¡«\"]?)([^\W\d_])")
_FIRST = re.compile(r"^([¿¡«\"]*)([^\W\d_])")


def finish(b: LanguageBank, text: str, keep: list[str]) -> str:
    """Seams tidied (no English article or plural rules), counts of one said in the
    singular, every sentence started with a capital whatever its first letter (the shared
    tidy knows ASCII only). French is written as in chat, without the space before ? ! ; and
    : that print typography puts there (the team's text lint reads it as a seam)."""
    text = tidy(text, keep, english=False)
    m = b.greeting.match(text)
    if m and b.nouns.head != "last" and text[m.end() : m.end() + 2] == ", ":
        rest = lower_first(text[m.end() + 2 :], keep)  # 'Salut, je vous contacte'
        text = text[: m.end() + 2] + rest
    if b.inverted and ("!" in text or "?" in text):
        text = invert(text)
    text = singular(b.code, text)
    if b.contractions is not None:
        text = _contract(b, text, keep)
    if b.code == "fr":  # 'me' + 'indiquer' joined at a seam: 'm'indiquer'
        text = elide(text, keep)

    # a value's own stops ('EE. UU. continental') start nothing; a value said in words
    # ('encontrei os códigos') starts its sentence with a capital like any other words
    inside = _spans(text, keep)

    def upper(m: re.Match[str]) -> str:
        if _held(m.start(2), inside):
            return m.group(0)
        return m.group(1) + m.group(2).upper()

    text = _START.sub(upper, text)
    if _SPACE_BEFORE.search(text):  # rare: a search costs less than an empty substitution
        text = _SPACE_BEFORE.sub(r"\1", text)
    m = _FIRST.match(text)
    if m and not _held(m.start(2), _spans(text, keep)):
        text = m.group(1) + m.group(2).upper() + text[m.end() :]
    return text


def _spans(text: str, keep: list[str]) -> list[tuple[int, int, bool]]:
    """Where the kept values stand in `text` (each occurrence), and whether each is said in
    words (agents.phrasing.local_facts.is_phrase)."""
    out: list[tuple[int, int, bool]] = []
    for v in keep:
        if not v:
            continue
        at = text.find(v)
        while at != -1:
            out.append((at, at + len(v), is_phrase(v)))
            at = text.find(v, at + len(v))
    return out


def _held(at: int, spans: list[tuple[int, int, bool]]) -> bool:
    """A letter that keeps its case: inside a value ('EE. UU. continental'), or starting one
    that is not said in words (an e-mail, a code). A value in words ('encontrei os códigos')
    starts its sentence with a capital like any words."""
    return any(s < at < e or (at == s and not phrase) for s, e, phrase in spans)


def _contract(b: LanguageBank, text: str, keep: list[str]) -> str:
    """Preposition and article said as one word ('en cuanto a el correo' -> 'al correo',
    'analisado por a equipe' -> 'pela equipe'), outside the values the turn carries."""
    if b.contractions is None or not b.contractions.search(text):
        return text
    inside = _spans(text, keep)

    def one(m: re.Match[str]) -> str:
        if any(s <= m.start() < e or s < m.end() <= e for s, e, _ in inside):
            return m.group(0)
        new = b.contracted[re.sub(r"\s+", " ", m.group(0).lower())]
        return new[:1].upper() + new[1:] if m.group(0)[:1].isupper() else new

    return b.contractions.sub(one, text)
