"""Whether a support turn in Spanish, French, German or Portuguese says why it will not hand
over: a person or team named, and a reason given (a causal conjunction, the policy, opening
hours, nobody available), as the English escalation check reads "no agents are available
because we're closed". The words are each language's function words of cause and the
general nouns of the subject, never a bot's sentence; text is folded first (no accents).
"""

from __future__ import annotations

import re

from agents.understanding.foreign import LEXICONS, tokens
from agents.understanding.languages import DE, ES, FR, PT, fold, language_of

_PERSON = {
    ES: r"agentes?|human[oa]s?|personas?|compa(?:n|ñ)er[oa]s?|supervisor(?:a|es)?|responsables?|"
    r"encargad[oa]s?|gerentes?|especialistas?|equipo|asesor(?:a|es)?|operador(?:a|es)?|jefe",
    FR: r"conseill(?:er|ere)s?|agents?|humains?|personnes?|collegues?|superviseur|responsables?|"
    r"equipe|specialistes?|operat(?:eur|rice)s?|manager",
    DE: r"mitarbeiter(?:in|innen)?|kolleg(?:e|en|in|innen)|mensch(?:en)?|person(?:en)?|team|"
    r"vorgesetzte[nrm]?|teamleit(?:er|erin|ung)|berater(?:in)?|fachabteilung|supervisor",
    PT: r"atendentes?|human[oa]s?|pessoas?|colegas?|supervisor(?:a|es)?|gerentes?|equipe|equipa|"
    r"especialistas?|responsave(?:l|is)|operador(?:a|es)?|consultor(?:a|es)?",
}
_REASON = {
    ES: r"porque|ya que|puesto que|debido a|segun|politica|normas?|cerrad[oa]s?|horario|"
    r"disponibles?|fuera de",
    FR: r"parce que|parce qu|car|puisque|en raison|selon|politique|regles?|fermee?s?|horaires?|"
    r"disponibles?|en dehors",
    DE: r"weil|aufgrund|wegen|laut|richtlinien?|regeln?|geschlossen|offnungszeiten|"
    r"verfugbar|erreichbar|ausserhalb",
    PT: r"porque|pois|ja que|devido|conforme|segundo|politica|regras?|fechad[oa]s?|horario|"
    r"disponive(?:l|is)|fora do",
}
_COMPILED = {
    code: (re.compile(rf"\b(?:{_PERSON[code]})\b"), re.compile(rf"\b(?:{_REASON[code]})\b"))
    for code in _PERSON
}


def declines_with_reason(text: str) -> bool:
    """A turn in one of the four languages that declines, names a person or team and gives
    a reason ("no puedo pasarte con un agente porque ...", "keine Kollegen erreichbar")."""
    code = language_of(text)
    found = _COMPILED.get(code)
    if found is None:
        return False
    folded = fold(text)
    person, reason = found
    if not (person.search(folded) and reason.search(folded)):
        return False
    # Said as a no ("no puedo", "aucun conseiller n'est disponible", "kann ... nicht"), not
    # "nuestro equipo está disponible": a reason to decline needs something declined.
    return any(t in LEXICONS[code].negators for t in tokens(folded))
