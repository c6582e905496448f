"""A "no" that corrects a proposal, not one that declines it.

Support proposes a change with a wrong value ("Shall I cancel order W2040266?", "Freezing
IB-40211 for 3 months costs 15 EUR. Shall I go ahead?") and the customer puts it right: "No,
it's W2040265", "No, two months", "Nein, ich meinte die andere Bestellung". The customer
still wants the change, made on the right record or with the right value; reading the no as
a decline excused the write nobody then made. A reply corrects when, beside its no, it gives
a value the proposal does not hold (an identifier, a figure, a date, a number in words), or
says in words that the proposal got it wrong (five languages).
"""

from __future__ import annotations

import re

from agents.understanding.languages import fold

__all__ = ["corrects"]

# A value-like token: letters and digits together, or a figure ("W2040265", "IB-40212", "2",
# "15,00", "2027-01-08").
_VALUE = re.compile(r"(?<![\w-])[A-Za-z]*[-_]?\d[\w./,-]*")
_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dos|tres|cuatro|cinco|"
    r"seis|siete|ocho|nueve|diez|deux|trois|quatre|cinq|sept|huit|neuf|dix|zwei|drei|vier|"
    r"funf|sechs|sieben|acht|neun|zehn|duas|quatro|sete|oito|nove|dez)\b"
)
# The proposal got it wrong, said in words.
_WRONG = re.compile(
    r"\b(?:i (?:said|meant|asked for|wanted)|not (?:that|this) one|the other one|wrong (?:one|"
    r"order|record|date|number|amount|account|booking|card|flight)|that'?s not (?:it|right|the|"
    r"mine|what)|instead|rather than|"
    r"(?:yo )?(?:dije|quise decir|pedi)\b|no es (?:ese|esa|ese|el mio|la mia|correcto)|el otro|"
    r"la otra|equivocad[oa]|en lugar de|"
    r"j'ai dit|je voulais dire|pas (?:celle|celui)-la|l'autre|ce n'est pas (?:la bonne|le bon|"
    r"ca)|plutot|au lieu de|"
    r"ich (?:sagte|meinte|wollte)|nicht (?:die|den|das) |die andere|den anderen|das andere|"
    r"falsch|sondern|statt|"
    r"eu (?:disse|quis dizer|pedi)|nao e (?:esse|essa|o meu|a minha|isso)|o outro|a outra|"
    r"errad[oa]|em vez de)"
)


def corrects(answer: str, proposal: str) -> bool:
    """`answer`, a customer's reply to support's `proposal`, puts the proposal right: it
    gives a value the proposal does not hold, or says the proposal got it wrong."""
    said = fold(answer)
    if _WRONG.search(said):
        return True
    held = {_norm(v) for v in _VALUE.findall(proposal)}
    if any(_norm(v) not in held for v in _VALUE.findall(answer)):
        return True
    return bool(_NUMBER_WORDS.search(said)) and not _NUMBER_WORDS.search(fold(proposal))


_FIGURE = re.compile(r"^\d+(?:[.,]\d+)?$")


def _norm(value: str) -> str:
    """A value as compared: a figure by its number ("15,00" is "15.00" is "15")."""
    value = value.strip(".,").casefold()
    if _FIGURE.match(value):
        return f"{float(value.replace(',', '.')):g}"
    return value
