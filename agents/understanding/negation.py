"""Words that keep a clause from saying something was done now, in five languages.

One reader for the sentence frames (agents.understanding.frames, English tokens, through
agents.understanding.lexicon.NEGATORS/MODALS) and the clause reader of claimed actions
(agents.checks.claim_clauses, any of the five languages, folded): before session 18 each
kept its own list, and a word added to one ("unable", "nothing") was missing from the other.

Kinds, as a speaker uses them:
- a negator ("not", "no", "nunca", "pas", "nicht", "não"); "without" and its kin negate
  only what follows them, so a whole clause is not read as negated by them;
- a negative subject or quantifier ("nothing", "nada", "rien", "nichts", "nenhum"): "nothing
  has been changed" claims nothing;
- a modal, a future or a wish ("will", "can", "voy a", "peux", "werde", "posso", "quiere
  que"): the act is offered or to come;
- a condition or a time not yet reached ("if", "once", "cuando", "dès que", "sobald",
  "assim que"): the act waits on it.
All folded (no accents, lower case), as agents.understanding.languages.fold gives them.
"""

from __future__ import annotations

import re
from functools import lru_cache

LANGUAGES = ("en", "es", "fr", "de", "pt")


def _set(text: str) -> frozenset[str]:
    return frozenset(w.replace("_", " ") for w in text.split())


# Negators said of the verb or clause. A bare "no" is as often "no problem": frames.py reads
# it only next to the verb.
NEGATORS: dict[str, frozenset[str]] = {
    "en": _set("not n't never no unable nor neither"),
    "es": _set("nunca ni"),
    "fr": _set("pas jamais"),
    "de": _set("nicht kein keine nie weder"),
    "pt": _set("nao nem"),
}
# Not yet: the act is still to come ("haven't refunded it yet", "todavía", "aún no").
NOT_YET: dict[str, frozenset[str]] = {
    "en": _set("yet"),
    "es": _set("todavia aun_no"),
    "fr": frozenset(),
    "de": frozenset(),
    "pt": frozenset(),
}
# Negate only what follows ("cancelled without a fee" is still a cancellation).
WITHOUT: dict[str, frozenset[str]] = {
    "en": _set("without"),
    "es": _set("sin"),
    "fr": _set("sans"),
    "de": _set("ohne"),
    "pt": _set("sem"),
}
# Negative subjects and quantifiers ("nothing has been refunded", "rien n'a été changé").
NOTHING: dict[str, frozenset[str]] = {
    "en": _set("nothing none nobody noone"),
    "es": _set("nada ningun ninguna ninguno"),
    "fr": _set("rien aucun aucune"),
    "de": _set("nichts"),
    "pt": _set("nenhum nenhuma"),
}
# Modals, futures and wishes: the act is offered, asked about or still to come.
MODALS: dict[str, frozenset[str]] = {
    "en": _set(
        "will 'll would 'd can could shall should may might must gonna let going_to about_to"
    ),
    "es": _set("voy_a vamos_a puedo podemos podria podriamos quiere_que desea_que"),
    "fr": _set("vais allons peux pouvons pourrais pourrions souhaitez"),
    "de": _set("werde werden kann konnen konnte soll sollen mochten"),
    "pt": _set("vou posso podemos poderia quer_que deseja_que"),
}
# Conditions and times not reached: the act waits on them.
CONDITIONS: dict[str, frozenset[str]] = {
    "en": _set("if once when whenever as_soon_as before until unless"),
    "es": _set("si cuando una_vez en_cuanto tan_pronto antes_de hasta_que"),
    "fr": _set("quand des_que une_fois lorsque avant jusqu"),
    "de": _set("wenn falls sobald nachdem bevor"),
    "pt": _set("quando assim_que depois_que ate_que"),
}


def union(table: dict[str, frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*table.values())


@lru_cache(maxsize=1)
def _not_now() -> re.Pattern[str]:
    words = union(NEGATORS) | union(NOT_YET) | union(NOTHING) | union(MODALS) | union(CONDITIONS)
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\?|\b(?:{body})\b")


def not_now(folded: str) -> bool:
    """The folded clause asks, offers, waits on a condition or is negated, in any of the
    five languages: it says nothing was done now."""
    return _not_now().search(folded) is not None
