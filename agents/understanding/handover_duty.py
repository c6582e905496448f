"""Does a policy oblige support to hand over a customer who asks for a person?

A policy sentence that ties a handover to the customer's request, in the imperative or with
a word of duty, is an **obligation**: "If the guest asks for a person, transfer them",
"Hand the customer to a person when they ask for one", "Customers who ask for a manager
must be transferred", "Si el huésped pide hablar con una persona, transfiéralo", "Si le
client demande à parler à quelqu'un, transférez-le", "Wenn der Kunde einen Menschen
verlangt, leiten Sie ihn weiter", "Se o cliente pedir para falar com uma pessoa,
transfira-o". Then the reply to such a request must hand over, or say why not yet (a
check the policy puts first, opening hours): "let me try first" is not what it allows.

The same sentence with a word of leave is a **permission**: "you may transfer them", "you
can hand them over", "feel free to", "at your discretion", "if needed", "puede
transferirlo", "vous pouvez", "Sie können / dürfen", "pode transferir". So is a handover
tied to the customer insisting or asking again ("when the customer insists on a person",
"if they keep asking"): support may try once first. A policy that says nothing of a
request for a person obliges nothing; agents.checks.escalation still asks that a request
is not brushed aside.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["obliges_handover"]

_SENTENCE = re.compile(r"[^.;!?\n]+(?:[.;!?\n]|$)")
# The customer asking for a person: a verb of asking and a word for a person in the sentence.
_ASKS = re.compile(
    r"(?i)\b(?:asks?|asking|requests?|requesting|wants?|wanting|demands?|demanding|"
    r"would like|wishes|pide|pida|piden|pidiera|solicita|quiere|desea|exige|demande|"
    r"demandent|veut|souhaite|verlangt|verlangen|m[öo]chte|w[üu]nscht|bittet|fragt|"
    r"pede|pedir|pedem|quer|deseja|solicitar|solicite)\b"
)
_PERSON = re.compile(
    r"(?i)\b(?:person|people|human|manager|supervisor|agent|representative|someone|somebody|"
    r"staff member|colleague|operator|persona|humano|gerente|responsable|agente|alguien|"
    r"personne|humain|conseiller|quelqu'un|mensch\w*|mitarbeiter\w*|vorgesetzt\w*|pessoa|"
    r"atendente|algu[ée]m)\b"
)
# A verb of passing the customer on, in the imperative or after a word of duty.
_HAND = re.compile(
    r"(?i)\b(?:transfer|hand|pass|connect|route|escalate|put)\b(?: (?:them|him|her|the \w+|"
    r"it|over|on|through))?|\buse (?:the )?\w*(?:transfer|hand_?off|handover|escalat|human)\w*|"
    r"\b(?:transfi[ée]r|p[áa]s|deriv|conect)\w*(?:lo|la|le|los|las|les)\b|"
    r"\b(?:transf[ée]rez|passez|mettez|transfira|transfere|encaminhe|passe)(?:-(?:le|la|les|o|a|"
    r"os|as))?\b|\bleiten sie\b|\bverbinden sie\b|\b[üu]bergeben sie\b|\bstellen sie\b"
)
_DUTY = re.compile(
    r"(?i)\b(?:must|always|shall|has to|have to|is to be|are to be|needs? to be|debe|deben|"
    r"siempre|doit|doivent|toujours|muss|m[üu]ssen|immer|deve|devem|sempre)\b"
)
# "Customers who ask for a manager must be transferred", "debe ser transferido".
_PASSIVE = re.compile(
    r"(?i)\b(?:transferred|handed over|passed on|connected|escalated|put through|"
    r"transferid[oa]s?|pasad[oa]s?|transf[ée]r[ée]e?s?|weitergeleitet|verbunden|"
    r"transferid[oa]s?|encaminhad[oa]s?)\b"
)
_LEAVE = re.compile(
    r"(?i)\b(?:may|can|could|might|allowed|free to|feel free|is fine|is ok(?:ay)?|"
    r"discretion|if (?:needed|necessary|appropriate|you (?:cannot|can't|are unable))|optional|"
    r"offer|puede|puedes|pueden|podr[íi]a|si (?:es )?necesario|pouvez|peut|peuvent|"
    r"si n[ée]cessaire|k[öo]nnen|kann|d[üu]rfen|darf|bei bedarf|pode|podem|poder[áa]|"
    r"se necess[áa]rio)\b"
)
_INSISTS = re.compile(
    r"(?i)\b(?:insist\w*|keeps? asking|asks? again|repeatedly|still wants?|more than once|"
    r"insiste\w*|vuelve a pedir|redemande|insist\w*|besteht darauf|erneut|wieder|"
    r"volta a pedir|de novo|outra vez)\b"
)


@lru_cache(maxsize=256)
def obliges_handover(policy: str) -> bool:
    """A sentence of the policy obliges a handover when the customer asks for a person (the
    module docstring: imperative or duty, no word of leave, not only once they insist)."""
    for sentence in _SENTENCE.findall(policy or ""):
        if not _asks_person(sentence):
            continue
        passive = _PASSIVE.search(sentence) and _DUTY.search(sentence)
        if not (_HAND.search(sentence) or passive):
            continue
        if _LEAVE.search(sentence) or _INSISTS.search(sentence):
            continue
        return True
    return False


def _asks_person(sentence: str) -> bool:
    """The sentence has the customer ask for a person: a verb of asking with a word for a
    person a few words on ("asks for a person", "pide hablar con una persona", "demande à
    parler à quelqu'un"), or a person and then a verb that ends the clause ("einen Menschen
    verlangt", "a person when they ask for one"). "Transfer to a human agent if the request
    cannot be handled" names no request for a person."""
    for ask in _ASKS.finditer(sentence):
        ahead = sentence[ask.end() : ask.end() + 60]
        if _PERSON.search(" ".join(ahead.split()[:6])):
            return True
    return any(_ASKS_AFTER.match(sentence, person.end()) for person in _PERSON.finditer(sentence))


# A person named first, the asking after it: German's verb at the clause's end, English's
# "ask for one".
_ASKS_AFTER = re.compile(
    r"(?i)(?:\W+\w+){0,4}?\W+(?:verlangt|verlangen|w[üu]nscht|w[üu]nschen|m[öo]chten?|"
    r"fordert|(?:asks?|requests?|wants?) (?:for )?one)\b"
)
