"""The words for a person or a team to hand a customer to, in Spanish, French, German and
Portuguese (folded: no accents, lower case). General nouns of the trade, never a bot's
sentence; German joins them onto other nouns ("Reklamationsteam"), so there they may end a
compound.
"""

from __future__ import annotations

import re

from agents.understanding.languages import DE, ES, FR, PT

_PERSON = {
    ES: r"agentes?|human[oa]s?|personas?|compa(?:n|ñ)er[oa]s?|supervisor(?:a|es)?|responsables?|"
    r"encargad[oa]s?|gerentes?|especialistas?|equipo|asesor(?:a|es)?|operador(?:a|es)?|jefe|"
    r"departamento",
    FR: r"conseill(?:er|ere)s?|agents?|humains?|personnes?|collegues?|superviseur|responsables?|"
    r"equipe|specialistes?|operat(?:eur|rice)s?|manager|service|departement",
    DE: r"mitarbeiter(?:in|innen)?|kolleg(?:e|en|in|innen)|mensch(?:en)?|person(?:en)?|team|"
    r"vorgesetzte[nrm]?|teamleit(?:er|erin|ung)|berater(?:in)?|fachabteilung|supervisor",
    PT: r"atendentes?|human[oa]s?|pessoas?|colegas?|supervisor(?:a|es)?|gerentes?|equipe|equipa|"
    r"especialistas?|responsave(?:l|is)|operador(?:a|es)?|consultor(?:a|es)?|time|setor|"
    r"departamento",
}
_COMPOUND = {DE: r"\w*(?:team|abteilung|service)s?|fuhrungskraft|chef(?:in)?|manager(?:in)?|"}
PEOPLE = {
    code: re.compile(rf"\b(?:{_COMPOUND.get(code, '')}{words})\b")
    for code, words in _PERSON.items()
}


def person(code: str, folded: str) -> bool:
    """A folded text of language `code` names a person or a team."""
    found = PEOPLE.get(code)
    return found is not None and bool(found.search(folded))
