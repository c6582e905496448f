"""Every inflected form of a lexicon's action verbs that tells what the text did with them.

Forms are generated from infinitives by the regular conjugation of each language (folded,
accent-free), so a lemma list covers "reembolsado", "reembolsé", "reembolsaré",
"reembolsarle". The form tag is what the reader needs:

- `part`: a past participle (done, with an auxiliary or as a bare fragment);
- `past1`: a first-person past ("anulé", "cancelei"); in Spanish and Portuguese the folded
  subjunctive is often the same word ("que anule"), which the reader tells by a "que" before;
- `fut`: a future ("reembolsaré"): promised, not done;
- `inf`: an infinitive (with its clitic pronouns): done only through what governs it;
- `ger`: a gerund ("estoy tramitando"): in progress;
- `pres1`: a German first-person present ("gerne schicke ich"): promised with "gerne" or a
  modal, done with "hiermit".

German is listed as (infinitive, participle) pairs in the lexicon.
"""

from __future__ import annotations

from functools import lru_cache

from agents.understanding.foreign.lexicon import Lexicon

Form = tuple[str, str, str]  # lemma, kind ("" for a generic verb), tag
_CLITICS = ("le", "les", "lo", "la", "los", "las", "te", "me", "nos", "selo", "sela", "telo")


def _es(lemma: str) -> dict[str, str]:
    stem, end = lemma[:-2], lemma[-2:]
    out: dict[str, str] = {lemma: "inf"}
    for c in _CLITICS:
        out[lemma + c] = "inf"
    if end == "ar":
        hard = {"c": "qu", "g": "gu", "z": "c"}.get(stem[-1:], stem[-1:])
        soft = stem[:-1] + hard
        out.update({stem + s: "part" for s in ("ado", "ada", "ados", "adas")})
        out.update({soft + "e": "past1", stem + "amos": "past1", soft + "emos": "subj"})
        out.update({lemma + s: "fut" for s in ("e", "emos", "a", "an")})
        out.update({stem + "ando": "ger"})
    else:
        out.update({stem + s: "part" for s in ("ido", "ida", "idos", "idas")})
        out.update({stem + "i": "past1", stem + "imos": "past1"})
        out.update({lemma + s: "fut" for s in ("e", "emos", "a", "an")})
        out.update({stem + "iendo": "ger", stem + "a": "subj"})
    return out


def _pt(lemma: str) -> dict[str, str]:
    stem, end = lemma[:-2], lemma[-2:]
    out: dict[str, str] = {lemma: "inf"}
    if end == "ar":
        soft = stem[:-1] + {"c": "qu", "g": "gu"}.get(stem[-1:], stem[-1:])
        out.update({stem + s: "part" for s in ("ado", "ada", "ados", "adas")})
        out.update({soft + "ei": "past1", stem + "amos": "past1", soft + "e": "subj"})
        out.update({lemma + s: "fut" for s in ("ei", "emos", "a", "ao")})
        out.update({stem + "ando": "ger"})
    else:
        out.update({stem + s: "part" for s in ("ido", "ida", "idos", "idas")})
        out.update({stem + "i": "past1", stem + "imos": "past1", stem + "a": "subj"})
        out.update({lemma + s: "fut" for s in ("ei", "emos", "a", "ao")})
        out.update({stem + ("endo" if end == "er" else "indo"): "ger"})
    return out


def _fr(lemma: str) -> dict[str, str]:
    stem = lemma[:-2]
    out: dict[str, str] = {lemma: "inf"}
    if lemma.endswith("er"):
        # Folded, "annulé" is also "annule" (present): the reader reads both as done when
        # an auxiliary or a first-person subject goes before, or the fragment is bare.
        out.update({stem + s: "part" for s in ("e", "ee", "es", "ees")})
        out.update({lemma + s: "fut" for s in ("ai", "ons", "a", "ont")})
        out.update({stem + "ons": "pres1", stem + "ant": "ger"})
    elif lemma.endswith("ir"):
        out.update({stem + s: "part" for s in ("i", "ie", "is", "ies")})
        out.update({lemma + s: "fut" for s in ("ai", "ons", "a", "ont")})
    return out


@lru_cache(maxsize=8)
def _forms_cached(lex: Lexicon) -> dict[str, Form]:
    out: dict[str, Form] = {}
    entries = [(v, k) for k, vs in lex.verbs.items() for v in vs]
    entries += [(v, "") for v in lex.generic]
    conjugate = {"es": _es, "pt": _pt, "fr": _fr}.get(lex.code)
    for lemma, kind in entries:
        if conjugate is not None:
            for word, tag in conjugate(lemma).items():
                if len(word) >= 4:  # "de", "da": function words, whatever a verb makes
                    out.setdefault(word, (lemma, kind, tag))
        else:
            out.setdefault(lemma, (lemma, kind, "inf"))
            if lemma.endswith("en") and not lemma.startswith(("zu", "an", "aus", "ein")):
                out.setdefault(lemma[:-1], (lemma, kind, "pres1"))  # "ich storniere"
    kinds = {v: k for k, vs in lex.verbs.items() for v in vs}
    for part, lemma in lex.participles.items():
        out[part] = (lemma, kinds.get(lemma, ""), "part")
    return out


def verb_forms(lex: Lexicon) -> dict[str, Form]:
    """word -> (lemma, kind, tag) for every action verb of the lexicon."""
    return _forms_cached(lex)
