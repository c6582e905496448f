"""A plural value in a singular frame, in Spanish, French, German and Portuguese.

Scenario authors write a frame for the value they had in mind ("quería saber si {product}
puede llegar en 5 días"); a translated choice may be plural ("unos zapatos de vestir"), and
"unos zapatos ... puede llegar" was the verb left in the singular (text7's read, session 19).
English has `agents.phrasing.number.agree`, which reads the value's number from its words; a
translation's number is read from the English choice it translates (its plural is certain
there), and the frame is changed only where that is certain too:

- the verb right after the value, in its own clause (up to two words later, before any
  punctuation): "puede" -> "pueden", "chega" -> "chegam", "peut" -> "peuvent";
- an inverted verb right before it ("kommt {product} ...", "¿Llega {product}?");
- the frame's own article before a value that brings its determiner ("o {product}" with
  "umas xícaras": "umas xícaras", never "o umas xícaras"), whatever the value's number.

A verb the tables do not know is left as it is (no guessed conjugation).
"""

from __future__ import annotations

import re

__all__ = ["agree_local", "own_determiner"]

# third person singular -> plural, the verbs a product, a parcel or a document is the
# subject of in support text
_VERBS: dict[str, dict[str, str]] = {
    "es": {
        "puede": "pueden", "podría": "podrían", "llega": "llegan", "llegará": "llegarán",
        "llegaría": "llegarían", "está": "están", "es": "son", "sale": "salen",
        "saldrá": "saldrán", "cuesta": "cuestan", "tarda": "tardan", "tardará": "tardarán",
        "va": "van", "ha": "han", "será": "serán", "estará": "estarán", "queda": "quedan",
    },
    "fr": {
        "peut": "peuvent", "pourrait": "pourraient", "arrive": "arrivent",
        "arrivera": "arriveront", "arriverait": "arriveraient", "est": "sont",
        "sera": "seront", "part": "partent", "partira": "partiront", "coûte": "coûtent",
        "va": "vont", "a": "ont", "sera-t-il": "seront-ils",
    },
    "de": {
        "kann": "können", "könnte": "könnten", "kommt": "kommen", "ist": "sind",
        "wird": "werden", "würde": "würden", "kostet": "kosten", "geht": "gehen",
        "hat": "haben", "passt": "passen",
    },
    "pt": {
        "pode": "podem", "poderia": "poderiam", "chega": "chegam", "chegará": "chegarão",
        "chegaria": "chegariam", "está": "estão", "é": "são", "sai": "saem",
        "sairá": "sairão", "custa": "custam", "vai": "vão", "demora": "demoram",
        "será": "serão", "estará": "estarão", "fica": "ficam",
    },
}  # fmt: skip
# What opens a noun phrase that has its own determiner, by language.
_DETERMINER = {
    "es": r"(?:un|una|unos|unas|el|la|los|las|mi|mis|su|sus)",
    "fr": r"(?:un|une|des|le|la|les|l'|mon|ma|mes|son|sa|ses)",
    "de": r"(?:ein|eine|einen|einem|einer|der|die|das|den|dem|mein\w*|sein\w*|ihr\w*)",
    "pt": r"(?:um|uma|uns|umas|o|a|os|as|meu|minha|meus|minhas)",
}
# The frame's article right before the value ("o ", "el ", "la ", "le "), to drop.
_ARTICLE = {
    "es": re.compile(r"(?i)(?:^|(?<=\s))(?:el|la|los|las)(\s+)$"),
    "fr": re.compile(r"(?i)(?:^|(?<=\s))(?:le|la|les)(\s+)$"),
    "de": re.compile(r"(?i)(?:^|(?<=\s))(?:der|die|das|den|dem)(\s+)$"),
    "pt": re.compile(r"(?i)(?:^|(?<=\s))(?:o|a|os|as)(\s+)$"),
}
_OWN = {k: re.compile(rf"(?i)^{v}\s") for k, v in _DETERMINER.items()}
_AFTER = re.compile(r"^(\s+)((?:[^\W\d_]+\s+){0,2}?)([^\W\d_]+(?:-t-\w+)?)(?=[\s.,;:!?¿¡]|$)")
_BEFORE = re.compile(r"(?:^|(?<=[\s¿¡]))([^\W\d_]+)(\s+)$")
# words between the value and its verb that keep it the value's clause ("... ya puede")
_BETWEEN = frozenset(
    ["ya", "no", "aún", "todavía", "também", "ainda", "já", "não", "ne", "pas", "bien",
     "bientôt", "schon", "noch", "auch", "nicht", "wirklich", "rechtzeitig"]
)  # fmt: skip


def own_determiner(value: str, language: str) -> bool:
    """Whether a value opens with a determiner of its own ("unas tazas", "um sapato")."""
    found = _OWN.get(language)
    return found is not None and found.match(value) is not None


def _plural(word: str, table: dict[str, str]) -> str | None:
    plural = table.get(word.lower())
    if plural is None:
        return None
    return plural.capitalize() if word[:1].isupper() else plural


def agree_local(language: str, texts: list[str], values: list[str], plural: list[bool]) -> None:
    """Make the literal parts around each value agree with it, in place (`texts[i]` comes
    before `values[i]`, `texts[i + 1]` after it): `plural[i]` says the value is plural."""
    table = _VERBS.get(language)
    article = _ARTICLE.get(language)
    if table is None or article is None:
        return
    for i, value in enumerate(values):
        if own_determiner(value, language):
            m = article.search(texts[i])
            if m is not None:  # "o {product}" + "umas xícaras": the value's own determiner
                texts[i] = texts[i][: m.start()]
        if not plural[i]:
            continue
        after = texts[i + 1]
        m = _AFTER.match(after)
        if m is not None and all(w in _BETWEEN for w in m.group(2).split()):
            verb = _plural(m.group(3), table)
            if verb is not None:
                texts[i + 1] = after[: m.start(3)] + verb + after[m.end(3) :]
                continue
        b = _BEFORE.search(texts[i])
        if b is not None:
            verb = _plural(b.group(1), table)
            if verb is not None:
                texts[i] = texts[i][: b.start(1)] + verb + texts[i][b.end(1) :]
