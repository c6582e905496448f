"""The shape of one language's cues for agents.understanding.foreign, and the rule they follow.
 Same rule as the English lexicon: function words (auxiliaries,
modals, negators, pronouns), the verbs of the trade as lemmas (inflections are generated in
agents.understanding.foreign) and the grammatical cores of formulaic moves (a verb of
transferring + a noun for a person or team), never whole sentences of one bot. Everything is
written accent-free and lower case: text is folded (agents.understanding.languages.fold)
before it is read, so "anulé", "anule" and "ANULÉ" are one word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def seq(text: str) -> tuple[str, ...]:
    """Space-separated words as a tuple, in order."""
    return tuple(text.split())


def pairs(text: str) -> dict[str, str]:
    """ "a b c d" -> {"a": "b", "c": "d"}: irregular participle -> infinitive."""
    items = text.split()
    return dict(zip(items[::2], items[1::2], strict=True))


def rx(body: str) -> re.Pattern[str]:
    return re.compile(body)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """One language's cues. Verbs: kind -> lemmas (infinitives); `generic` verbs take their
    kind from a noun of `objects` near them ("tramitar el reembolso" -> refund)."""

    code: str
    verbs: dict[str, tuple[str, ...]]
    generic: tuple[str, ...]
    objects: dict[str, str]
    participles: dict[str, str]  # irregular participle -> lemma (de: every participle)
    aux: frozenset[str]  # of the perfect and the passive: a participle after one is done
    modals: frozenset[str]  # an infinitive after one is promised or proposed
    negators: frozenset[str]
    first: frozenset[str]  # first-person subjects and verb endings' pronouns
    determiners: frozenset[str]  # a verb-like word after one is a noun ("el reembolso")
    breaks: frozenset[str]  # conjunctions that end a clause
    filler: frozenset[str]
    greet: re.Pattern[str]
    close: re.Pattern[str]
    hold: re.Pattern[str]
    handover: re.Pattern[str]
    refuse: re.Pattern[str]
    request: re.Pattern[str]
    neutral: re.Pattern[str]
    question_start: re.Pattern[str]
    proposal: re.Pattern[str]  # a question that proposes ("quiere que ...", "soll ich ...")
    conditional: re.Pattern[str]
    done: re.Pattern[str]
    offer_verbs: frozenset[str] = frozenset()  # "ofrecer", "proposer": any form offers
    # "sin su número", "ohne Ihr Geburtsdatum": a fact named after it is asked for.
    without: re.Pattern[str] = re.compile(r"(?!)")
    # Regret and sympathy ("qué pena", "navré", "schade"): a sentence of little else in it
    # neither answers nor acts.
    empathy: frozenset[str] = frozenset()
    # First-person "we confirm" + an action noun ("le confirmamos la cancelación"): done.
    confirm: frozenset[str] = frozenset()
    # Auxiliaries of a present passive ("son reembolsados", "sont remboursés", "werden
    # erstattet"): a rule in general unless the customer's own thing is named (`yours`).
    present_aux: frozenset[str] = frozenset()
    yours: frozenset[str] = frozenset()
    # Words of a time to come ("sous 14 jours", "nach Eingang", "após a devolução"): a present
    # passive with one says when things happen ("votre remboursement est effectué sous 14
    # jours"), not that it happened.
    schedule: frozenset[str] = frozenset()
    # A question opening with a word of asking for a value ("cuál", "welche", "qual") asks;
    # "¿cuál prefieres que usemos?" proposes nothing, whatever verb follows.
    wh: re.Pattern[str] = re.compile(r"(?!)")
    # "Not yet" ("todavía no", "pas encore", "noch nicht", "ainda não"): a negated perfect
    # with one reports the state of the case, it refuses nothing.
    yet: frozenset[str] = frozenset()
    # Instructions retold ("mis instrucciones dicen que", "on m'a demandé de", "laut meinen
    # Vorgaben soll ich", "fui orientado a"): the acts under it are someone's rule, not the
    # speaker's offer or claim; the sentence gives information.
    reported: re.Pattern[str] = re.compile(r"(?!)")
    # Deferring a request for a person to try first ("déjame intentarlo yo primero",
    # "laissez-moi d'abord essayer"): with a person named in the turn, a no for now.
    defer: re.Pattern[str] = re.compile(r"(?!)")
