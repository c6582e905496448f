"""French elision, applied once to a whole turn: "me" + "indiquer" is "m'indiquer".

Frames, leads and labels are written apart and joined by the composition, so a word that
elides before a vowel ("me", "le", "de", "que", "si" before "il") often meets its vowel only
at a seam ("pouvez-vous me" + "indiquer votre adresse", reading s12). Elision is a rule of the
language, not of a phrase: it is applied here to every seam of a French turn, outside the
values the turn carries (an order number, a brand name keep their form).

Not elided: a pronoun after a hyphen ("transmettez-le à"), a word before an aspirated h
("le haut", "le héros") or before a capitalised word or a figure (values, brand names and
codes are left as written: "que ORD-12345" is rare and never wrong enough to rewrite).
"""

from __future__ import annotations

import re

__all__ = ["elide"]

# word -> its elided form; "si" only before "il"/"ils" ("s'il", but "si elle")
_ELIDES = {
    "je": "j'", "me": "m'", "te": "t'", "se": "s'", "le": "l'", "la": "l'", "de": "d'",
    "ne": "n'", "que": "qu'", "lorsque": "lorsqu'", "puisque": "puisqu'", "jusque": "jusqu'",
}  # fmt: skip
# Words whose h is aspirated: no elision before them.
_ASPIRATED = (
    "haut", "hausse", "hors", "héros", "honte", "hâte", "hasard", "huit", "hall", "hamster",
    "handicap", "hangar", "hibou", "hockey", "homard", "hublot", "hurl", "hache", "haine",
    "hamac", "hanche", "harc", "haricot", "hiérarch", "hollandais", "hongr", "housse",
)  # fmt: skip
_WORDS = "|".join(sorted(_ELIDES, key=len, reverse=True))
_SEAM = re.compile(
    rf"(?<![\w'’-])({_WORDS}|si)\s+(?=([aeiouéèêëàâîïôûùœh][\w'’-]*))", re.IGNORECASE
)


def elide(text: str, keep: list[str] | None = None) -> str:
    """`text` with every French elision made outside the kept values ('pouvez-vous me
    indiquer' -> 'pouvez-vous m'indiquer', 'si il' -> 's'il')."""
    if not _SEAM.search(text):
        return text
    spans = _spans(text, keep or [])

    def one(m: re.Match[str]) -> str:
        word, nxt = m.group(1), m.group(2)
        if any(s <= m.start() < e or s < m.end() + len(nxt) <= e for s, e in spans):
            return m.group(0)
        if nxt[:1].isupper():  # a value, a brand, a code: left as written
            return m.group(0)
        low, next_low = word.lower(), nxt.lower()
        if low == "si":
            if next_low not in ("il", "ils"):
                return m.group(0)
            out = "s'"
        else:
            if next_low.startswith("h") and next_low.startswith(_ASPIRATED):
                return m.group(0)
            out = _ELIDES[low]
        return out[:1].upper() + out[1:] if word[:1].isupper() else out

    return _SEAM.sub(one, text)


def _spans(text: str, keep: list[str]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for v in keep:
        if not v:
            continue
        at = text.find(v)
        while at != -1:
            out.append((at, at + len(v)))
            at = text.find(v, at + len(v))
    return out
