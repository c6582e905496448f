"""The words a support sentence about a record is read with (agents.checks.said_of_records):
the statuses of goods and their wordings in five languages, the nouns that name a record, the
words that state a state, and the negators, modals, conditions, prepositions and determiners
that stop a statement, folded as the reader folds the text.
"""

from __future__ import annotations

import re

# (the record words a group covers, the words and phrases that state it), folded
GROUPS: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = (
    (
        frozenset({"shipped", "reshipped", "dispatched", "in transit", "sent"}),
        ("shipped", "reshipped", "dispatched", "in transit", "on its way", "on the way",
         "with the carrier", "with the courier", "out for delivery", "left our warehouse",
         "left the warehouse", "enviado", "enviada", "en camino", "en transito",
         "con el transportista", "en reparto", "expedie", "expediee", "en route",
         "en transit", "en cours de livraison", "chez le transporteur", "versandt",
         "verschickt", "unterwegs", "beim paketdienst", "beim versanddienstleister",
         "in zustellung", "a caminho", "em transito", "com a transportadora",
         "saiu para entrega"),
    ),
    (
        frozenset({"delivered"}),
        ("delivered", "entregado", "entregada", "livre", "livree", "zugestellt", "geliefert",
         "entregue"),
    ),
    (
        frozenset({"pending"}),
        ("pending", "pendiente", "en attente", "ausstehend", "pendente"),
    ),
    (
        frozenset({"cancelled", "canceled"}),
        ("cancelled", "canceled", "cancelado", "cancelada", "anulado", "anulada", "annule",
         "annulee", "storniert"),
    ),
    (
        frozenset({"processed"}),
        ("processed", "procesado", "procesada", "traite", "traitee", "bearbeitet",
         "processado", "processada"),
    ),
)  # fmt: skip
_KNOWN = frozenset(w for words, _ in GROUPS for w in words)


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, as the lexicons are."""
    return frozenset(text.split())


_RECORD_NOUNS = _words(
    "order parcel package shipment delivery item booking reservation it it's its "
    "pedido paquete envio commande colis envoi bestellung paket sendung lieferung encomenda "
    "pacote reserva buchung"
)
_MARKERS = _words(
    "is was are were been has have had 's s shows show showing shown marked listed appears "
    "status still already now currently as es esta fue sido sigue ya todavia aun est ete "
    "etait toujours deja encore ist wurde war bereits schon noch gerade foi ja ainda "
    "encontra figura aparece steht als se esta consta apparait figure reste continua continue"
)
# A status said with a pronoun for the record or with no subject, as Spanish, French, German
# and Portuguese say it ("Elle apparaît comme expédiée", "Aparece como enviado", "Sie ist
# bereits unterwegs", "Já foi enviado"): the pronoun, or nothing before the verb, is "it".
_PRONOUNS = _words("elle il ella ela ele er")
_PRONOUN_BEFORE = _words("sie es")  # German, only before a verb of being ("Sie sind" is you)
_BEING = _words("ist wurde war")
_SUBJECTLESS = _words("aparece figura consta sigue continua apparait figure reste foi fue ja ya")
_NEGATORS = _words(
    "not never no nothing yet hasn't isn't wasn't haven't aren't won't didn't doesn't "
    "nunca nada pas jamais plus rien nicht kein keine nie nao nem"
)
_MODALS = _words(
    "can could will would may might must should shall 'll cannot can't "
    "puede pueden podria sera seran va vamos peut pourra sera seront doit kann konnte wird "
    "werden muss soll pode podera vai vao sera deve"
)
_CONDITIONS = _words(
    "if once when whenever until unless before after only "
    "si cuando hasta antes despues solo quand lorsque avant apres seulement "
    "wenn falls sobald bevor nachdem nur quando caso ate antes depois so whether ob"
)
# A reference after one of these is the object of a preposition ("a label for order W1 is on
# its way"), not the subject the status is said of.
_PREPOSITIONS = _words(
    "for of on from to with in about under at by para de del con sobre en pour du des sur "
    "avec dans fur von vom zu zur zum mit uber bei an auf do da dos das com sobre em no na"
)
_DETERMINERS = _words(
    "the a an your this that my our el la los las su sus este esta le les votre vos ce cette "
    "mon ma der die das den dem des ihre ihrer ihren ihr diese dieser o os as seu sua este essa"
)
# An active auxiliary before the reference makes it an object ("Das Lager hat die Bestellung
# W1 schon bearbeitet": the warehouse did something to it; no status of it is stated).
_ACTIVE_AUX = _words("has have had hat habe haben hab ha han hemos he ont avons ai tem temos tenho")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_DIGITS_WORD = re.compile(r"\b[a-z]*[0-9][a-z0-9]*\b")  # words that may be keys
_CLAUSE = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\b(?:and|but|y|pero|et|mais|und|aber|e|mas)\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_DIGIT = re.compile(r"\d")
WINDOW = 7  # words from the record's reference to the status

_MONEY_WORDS = re.compile(
    r"\b(?:refund\w*|reimburs\w*|credit\w*|total|charged?|paid|pay|cost|price|amount|worth|"
    r"balance|back|reembols\w*|importe|pagad[oa]|cobrad[oa]|rembours\w*|montant|"
    r"paye|erstatt\w*|betrag|bezahlt|summe|gutgeschrieben|valor|estorn\w*|pago|debit\w*|"
    r"factur\w*|cobr\w*|preleve\w*|berechnet|belastet|abgebucht)\b"
)
_LIMIT_BEFORE = re.compile(
    r"(?:over|above|under|below|up to|more than|less than|exceed\w*|limit|maximum|minimum|"
    r"at least|at most|fee of|mas de|hasta|plus de|jusqu'a|uber|bis zu|mehr als|mais de|ate)"
    r"\W+(?:\w+\W+)?$"
)
