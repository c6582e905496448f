"""A detail read back wrong in a request for the go-ahead ("Reason: no longer needed. Shall I
go ahead?" to a customer who ordered by mistake).

A real customer does not say yes to that: it says no and gives the right value. The values a
detail can take are known when the fact is a `choice` variable (`reason: "{reason}"`): each
value, in every language the scenario gives it, has words the other values do not (its
*own* words: "mistake", "error", "Versehen", "engano" against "longer", "besoin", "nicht",
"mehr", "preciso"). A question that shows another value's own words and none of the
customer's value's is reading the detail back wrong. Text that shows neither is not read at
all (nothing is assumed), so a paraphrase the words miss leaves the customer's answer as it
was.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agents.understanding.languages import fold
from scenarios.model import Scenario

_WORD = re.compile(r"[^\W\d_]{4,}")
# Articles and demonstratives tell no value apart: "eine" of "eine Barabhebung" is in every
# German read-back that says "eine neue Karte" ("umas", "unos", "this" alike), and "habe" of
# "die ich nicht gemacht habe" in every "Ich habe ... gefunden".
_FUNCTION = frozenset(
    {"eine", "einen", "einem", "einer", "eines", "unos", "unas", "umas", "some", "this",
     "that", "these", "those", "diese", "dieser", "dieses", "esta", "este", "esse", "essa",
     "cette", "habe", "haben", "have"}
)  # fmt: skip
_TEMPLATE = re.compile(r"^\{(\w+)\}$")


def _words(text: str) -> frozenset[str]:
    """Words of four letters or more, cut to six: "necesito" and "necesita" are one word."""
    return frozenset(w[:6] for w in _WORD.findall(fold(text)))


@lru_cache(maxsize=256)
def _own_words(scenario: Scenario, variable: str) -> dict[str, frozenset[str]]:
    """Choice value -> the words of that value (in every language) no other value has."""
    var = scenario.variables.get(variable)
    if var is None or var.choice is None:
        return {}
    said: dict[str, set[str]] = {}
    for i, value in enumerate(var.choice):
        words = said.setdefault(str(value), set())
        words |= _words(str(value))
        for values in var.translations.values():
            words |= _words(str(values[i]))
    if len(said) < 2:
        return {}
    # The scenario's topic words ("Bestellung" in "aus Versehen bestellt", "commande" in
    # "commandé par erreur"): every question about the case says them, whatever the value.
    c = scenario.customer
    topic = _words(" ".join([scenario.title, scenario.description or "", *c.labels.values()]))
    for labels in c.label_translations.values():
        topic |= _words(" ".join(labels.values()))
    return {
        value: frozenset(
            w - topic - _FUNCTION - set().union(*(o for v, o in said.items() if v != value))
        )
        for value, w in said.items()
    }


def misread_fact(scenario: Scenario, variables: dict[str, str], text: str) -> str | None:
    """The first fact the customer knows as a choice variable that `text` reads back as
    another of its values (none of its own value's words, some of another's)."""
    said = _words(text)
    for fact, template in scenario.customer.knows.items():
        m = _TEMPLATE.match(template.strip())
        if m is None or m.group(1) not in variables:
            continue
        own = _own_words(scenario, m.group(1))
        mine = own.get(variables[m.group(1)])
        if not mine or said & mine:
            continue
        if any(said & words for value, words in own.items() if value != variables[m.group(1)]):
            return fact
    return None
