"""Labels as nouns of a language other than English: gender, number, and the determiners
that agree with them ("mi número", "ma date", "minha data", "Ihren Nachnamen").

A label reaches the wording as text ("fecha de nacimiento"), from the bank's glossary or a
scenario's `labels`. Its gender is read from its head word through the bank's `genders`
table (Romance languages: the first word; German: the end of the last word, since compounds
take the gender of their last part). A label whose gender cannot be told gets no determiner:
the frames that would need one are not drawn, and the bare label is said instead ("Fecha de
nacimiento: ..."), which is always grammatical. So a scenario label nobody here wrote reads
correctly, if more plainly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

_VOWEL = re.compile(r"(?i)^[aeiouâàéèêëîïôûùœh]")


@dataclass(frozen=True)
class Noun:
    text: str
    gender: str | None  # "m", "f", "n"; None when the bank cannot tell
    plural: bool

    @property
    def key(self) -> str | None:
        """The key determiner tables are indexed by: m, f, n, or pm/pf/pn for plurals."""
        if self.gender is None:
            return None
        return f"p{self.gender}" if self.plural else self.gender


@dataclass(frozen=True)
class Grammar:
    """What a bank says about its nouns (the `nouns` block of its language.yaml)."""

    head: str  # "first" (es, fr, pt) or "last" (de)
    genders: Mapping[str, str]  # head word (or, for "last", word ending) -> gender
    plural_starts: tuple[str, ...]
    determiners: Mapping[str, Mapping[str, str]]  # "my" / "your" / "the" -> key -> word
    elided: Mapping[str, str]  # before a vowel: "ma" -> "mon", "la" -> "l'"
    accusative: Mapping[str, str]  # German weak nouns: word ending -> accusative ending
    be: Mapping[str, str]  # "s" / "p" -> the verb ("es" / "son")
    # A label with its own owner after it ("importe de la última factura") takes the
    # definite article, not a possessive: "el importe de la última factura", never "su
    # importe de la última factura". `definite` lists how such complements start.
    definite: tuple[str, ...] = ()
    # A head word the `genders` table does not list, read by its ending (the bank's
    # `endings`: '-o' masculine and '-ción' feminine in Spanish, '-ment' masculine and
    # '-tion' feminine in French), so a scenario's label nobody here wrote ("presupuesto de
    # la reparación") is asked for in a sentence ("su presupuesto ...") like the known ones.
    endings: Mapping[str, str] = field(default_factory=dict)
    # A label whose head is followed by a participle ("montant envoyé", "importe enviado",
    # "valor enviado") names something done, not something the customer owns: the definite
    # article, never "votre montant envoyé" (reading s16). The bank's participle endings.
    participles: tuple[str, ...] = ()

    @classmethod
    def of(cls, data: Mapping[str, object]) -> Grammar:
        def table(key: str) -> dict[str, str]:
            raw = data.get(key) or {}
            assert isinstance(raw, Mapping), key
            return {str(k): str(v) for k, v in raw.items()}

        dets_raw = data.get("determiners") or {}
        assert isinstance(dets_raw, Mapping)
        starts = data.get("plural_starts") or ()
        assert isinstance(starts, list | tuple)
        return cls(
            head=str(data.get("head", "first")),
            genders={k.lower(): v for k, v in table("genders").items()},
            plural_starts=tuple(str(s).lower() for s in starts),
            determiners={
                str(k): {str(g): str(w) for g, w in v.items()} for k, v in dets_raw.items()
            },
            elided=table("elided"),
            accusative=table("accusative"),
            be=table("be") or {"s": "", "p": ""},
            definite=tuple(str(d) for d in (data.get("definite") or ())),  # type: ignore[attr-defined]
            endings={k.lower(): v for k, v in table("endings").items()},
            participles=tuple(str(d) for d in (data.get("participles") or ())),  # type: ignore[attr-defined]
        )

    def noun(self, label: str) -> Noun:
        text = label.strip()
        low = text.lower()
        plural = low.startswith(self.plural_starts) if self.plural_starts else False
        gender = self._gender(text, plural)
        if gender is not None and gender.startswith("p"):  # a plural head ("códigos": pm)
            return Noun(text, gender[1:], True)
        return Noun(text, gender, plural)

    def _gender(self, text: str, plural: bool) -> str | None:
        words = text.split()
        if not words:
            return None
        if self.head == "last":
            # German: an adjective before the noun would have to be declined; only a bare
            # noun (capitalised), alone or with a genitive after it, gets a determiner.
            if not words[0][:1].isupper() or (
                len(words) > 1 and words[1].lower() not in ("des", "der", "von", "für")
            ):
                return None
            word = words[0].lower().split("-")[-1]
            for ending in sorted(self.genders, key=len, reverse=True):
                if word.endswith(ending):
                    return self.genders[ending]
            return None
        start = 1 if plural and len(words) > 1 and words[0].lower() in ("quatre",) else 0
        for word in words[start : start + 2]:  # a leading adjective ("nuevo conductor")
            found = self.genders.get(word.lower().strip("'"))
            if found:
                return found
        head = words[start].lower().strip("'")
        for ending in sorted(self.endings, key=len, reverse=True):
            if head.endswith(ending) and len(head) > len(ending) + 1:
                return self.endings[ending]
        return None

    def np(self, kind: str, noun: Noun) -> str | None:
        """`kind` ("my", "your", "the") + the noun, agreed; None if the gender is unknown."""
        key = noun.key
        padded = f" {noun.text} "
        if kind in ("my", "your") and (
            any(d in padded for d in self.definite) or self._done(noun.text)
        ):
            kind = "the_acc" if kind == "your" and "the_acc" in self.determiners else "the"
        table = self.determiners.get(kind, {})
        if key is None or not table:
            return None
        word = table.get(key) or (table.get("p") if noun.plural else None)
        if word is None:
            return None
        text = noun.text if self.head == "last" else _lower(noun.text)
        if kind in ("your", "the_acc"):
            text = self._accusative(text)
        if not noun.plural and _VOWEL.match(text) and word in self.elided:
            word = self.elided[word]
        return f"{word}{text}" if word.endswith("'") else f"{word} {text}"

    def _done(self, text: str) -> bool:
        """Whether the head word is followed by a participle ("montant envoyé")."""
        words = text.lower().split()
        return bool(self.participles) and len(words) >= 2 and words[1].endswith(self.participles)

    def _accusative(self, text: str) -> str:
        head, _, rest = text.partition(" ")
        for ending, acc in self.accusative.items():
            if head.lower().endswith(ending):
                new = head[: len(head) - len(ending)] + acc
                new = new[:1].upper() + new[1:]
                return f"{new} {rest}" if rest else new
        return text

    def pronoun(self, nouns: list[Noun]) -> str | None:
        """The object pronoun that stands for the nouns (the bank's `it` table: 'lo', 'la',
        'los'; 'le', 'la', 'les'), so 'vuelva a escribirla' agrees with 'su dirección'; None
        when a gender is unknown or the bank has no table (the frame needing it is skipped)."""
        table = self.determiners.get("it")
        if not table or not nouns or any(n.gender is None for n in nouns):
            return None
        if len(nouns) == 1 and not nouns[0].plural:
            return table.get(nouns[0].gender or "")
        # several things, or one plural: feminine only when every one is
        gender = "f" if all(n.gender == "f" for n in nouns) else "m"
        return table.get(f"p{gender}") or table.get("p")

    def verb(self, noun: Noun) -> str:
        return self.be["p" if noun.plural else "s"]


def _lower(text: str) -> str:
    """A label as said mid-sentence: lower-case start, unless it is an acronym (IBAN, PIN)."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]
