"""Text helpers for the localized banks: case at seams, Spanish opening marks, trimming."""

from __future__ import annotations

import random
import re

_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[¿¡]?[^\W\d_])")


_ALT_START = re.compile(r"(^|[{|])([^\W\d_])(?=[a-záéíóúàèçãõâêôñüëïîûœ ,.!?'])")


def lower_alternatives(template: str) -> str:
    """'{Vale|Genial}' -> '{vale|genial}': the first letter of every alternative, when a
    lower-case letter or the word's end follows it (acronyms kept: 'CEP', never 'cEP'); the
    sentence start is capitalised again when finished."""
    return _ALT_START.sub(lambda m: m.group(1) + m.group(2).lower(), template)


_CLAUSE = re.compile(r"[^.!?…]+[.!?…]*")


def invert(text: str) -> str:
    """A Spanish question or exclamation opens with its ¿ or ¡ ('¡Vale!', '¿Me ayudan?'),
    where the writer did not put one; chat often leaves them out, written text does not."""

    def mark(m: re.Match[str]) -> str:
        body = m.group(0)
        end = body.rstrip()
        if not end.endswith(("!", "?")) or "¿" in body or "¡" in body:
            return body
        opener = "¿" if end.endswith("?") else "¡"
        lead = len(body) - len(body.lstrip())
        comma = body.rfind(", ")
        if comma > lead:  # 'Bueno, ¡da igual!', 'Perdone, ¿me ayuda?'
            lead = comma + 2
        return body[:lead] + opener + body[lead:]

    return _CLAUSE.sub(mark, text)


def lower_first(text: str, keep: list[str]) -> str:
    """The first word in lower case (after an opening ¿ or ¡), unless it is a kept value or
    an acronym."""
    text = text.lstrip()
    mark = len(text) - len(text.lstrip("¿¡"))
    head, body = text[:mark], text[mark:]
    first = body.split(" ", 1)[0]
    if any(v and body.startswith(v) for v in keep) or (len(first) > 1 and first.isupper()):
        return text
    letters = [ch for ch in first if ch.isalpha()]  # past an elision: "J'ai" -> "j'ai"
    if first[:1].isupper() and (len(letters) < 2 or letters[1].islower()):
        return head + body[0].lower() + body[1:]
    return text


def trim(
    content: str | None,
    verbosity: str,
    rng: random.Random,
    splitter: re.Pattern[str] = _SENTENCES,
) -> str | None:
    """A terse writer keeps the first sentence or two of long scenario text; others sometimes
    leave out a later one. The first sentence (the gist) always stays. (English text is split
    by its own, stricter `splitter`: a capital after the stop.)"""
    if not content:
        return content
    sentences = splitter.split(content.strip())
    if len(sentences) < 2:
        return content
    if verbosity == "terse":
        return " ".join(sentences[: rng.choice((1, 1, 2))])
    if len(sentences) >= 3 and rng.random() < 0.35:
        drop = rng.randrange(1, len(sentences))
        return " ".join(s for i, s in enumerate(sentences) if i != drop)
    return content


def paired_marks(text: str) -> str:
    """Spanish opening marks left by a quirk that dropped the closing ones ('¡Genial ¡Gracias'):
    a writer who leaves out the '!' leaves out the '¡' too."""
    for opener, closer in (("¡", "!"), ("¿", "?")):
        if text.count(opener) > text.count(closer):
            text = text.replace(opener, "")
    return text


def lower_word(word: str) -> str:
    """A sentence's first word joined on mid-sentence: lower case unless an acronym ('CEP')."""
    return word if len(word) > 1 and word.isupper() else word[:1].lower() + word[1:]


# A text that opens with its own short lead ('Bien sûr, ...', 'Gar kein Problem, ...') takes
# no discourse marker before it: never 'En fait, bien sûr, ...'.
_OWN_LEAD = re.compile(r"[¿¡]?[^\W\d_]+(?:[ '’-][^\W\d_]+){0,2},")


def own_lead(text: str) -> bool:
    return _OWN_LEAD.match(text) is not None


_TWO_COLONS = re.compile(r": (?=[^.!?:]*: )")


def one_colon(text: str) -> str:
    """A lead that ends on a colon before text with a colon of its own ends its sentence
    instead ('Tengo un problema. No puedo entrar: ...', never two colons in one sentence)."""
    return _TWO_COLONS.sub(". ", text, count=1)


_VOWELS = frozenset("aeiouéèêâîôûAEIOUÉÈÊÂÎÔÛ")


def elided(words: tuple[str, ...], said: str, value: str) -> str:
    """The frame's word before the value elided when the value starts with a vowel ("au nom
    d'Owen", "je crois qu'Ana ..."); the value is left exactly as given."""
    at = said.find(value)
    if at < 2 or value[:1] not in _VOWELS:
        return said
    head = said[:at]
    low = head.lower()
    for word in words:
        if low.endswith(f" {word} ") or low == f"{word} ":
            return f"{head[:-2]}'{said[at:]}"
    return said


# How an indirect question starts in each language ('si hubo heridos', 'ob jemand verletzt
# wurde'): a label that starts so is asked as the clause it is, one that does not ('estado
# del carné') is a noun and goes in a noun's frame ('¿me indica el estado del carné?').
_CLAUSE_STARTS = {
    "es": r"si|quién|quiénes|cuándo|cómo|qué|dónde|cuánto|cuánta|cuántos|cuántas|cuál",
    "fr": r"si|s'il|qui|quand|comment|quel|quelle|quels|quelles|où|combien|ce qui|ce que",
    "de": r"ob|wer|wann|wie|was|wo|welche|welcher|welches|warum",
    "pt": r"se|quem|quando|como|qual|quais|onde|quanto|quanta|quantos|quantas",
}
_CLAUSE_LABEL = {k: re.compile(rf"(?i)^(?:{v})\b") for k, v in _CLAUSE_STARTS.items()}


def is_clause(code: str, label: str) -> bool:
    """Whether `label` is an indirect question in language `code` ('ob jemand verletzt
    wurde'), not a noun ('Status des Führerscheins')."""
    found = _CLAUSE_LABEL.get(code)
    return found is not None and found.match(label.strip()) is not None
