"""Whether a support turn in Spanish, French, German or Portuguese says why it will not hand
over: a person or team named, and a reason given (a causal conjunction, the policy, opening
hours, nobody available), as the English escalation check reads "no agents are available
because we're closed". The words are each language's function words of cause and the
general nouns of the subject, never a bot's sentence; text is folded first (no accents).
"""

from __future__ import annotations

import re

from agents.understanding.foreign import LEXICONS, tokens
from agents.understanding.foreign.people import PEOPLE, person
from agents.understanding.languages import DE, EN, ES, FR, PT, fold, language_of

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
_COMPILED = {code: (PEOPLE[code], re.compile(rf"\b(?:{_REASON[code]})\b")) for code in _REASON}


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


# English: a person asked for, and the speaker trying first ("let me try first", "let me see
# what I can do before I pass you on"): the request heard and put off, not granted.
_EN_PERSON = re.compile(
    r"\b(?:manager|supervisor|human|person|agent|someone|somebody|colleague|team lead|"
    r"specialist|representative|rep|boss)s?\b"
)
_EN_DEFER = re.compile(
    r"\blet me (?:\w+ )?(?:try|have a go|have a crack|have a shot|give it a (?:go|shot|try)|"
    r"see what i can do)\b|\b(?:i'd|i would) (?:like|love) to (?:try|have a go)\b|\bbefore "
    r"(?:i|we) (?:\w+ )?(?:transfer|pass|escalate|hand|bring|loop)\w*\b|\b(?:first|instead),? "
    r"let me\b"
)


def defers_handover(text: str, code: str | None = None) -> bool:
    """A turn that names the person the customer asked for and puts the request off to try
    first, in any of the five languages (`code`, or the text's own): a no for now (a
    refusal), never a handover."""
    code = code or language_of(text)
    folded = fold(text)
    if code == EN:
        return bool(_EN_PERSON.search(folded) and _EN_DEFER.search(folded))
    found = _COMPILED.get(code)
    return found is not None and bool(
        found[0].search(folded) and LEXICONS[code].defer.search(folded)
    )


def _names_person(folded: str, code: str) -> bool:
    """The turn (folded) names a person or team the customer could be handed to."""
    return bool(_EN_PERSON.search(folded) if code == EN else person(code, folded))


# The request for a person said to be heard ("Entiendo que quiera hablar con un responsable",
# "Ihren Wunsch habe ich verstanden", "Anotei que você quer falar com um supervisor"): a verb
# of understanding or noting, and a person or the request itself named in the same turn.
# Per language: (the verb, the word for the request).
_HEARD = {
    EN: (
        r"\b(?:i (?:totally |completely )?(?:understand|hear you|see)|understood|(?:i've |i have )?"
        r"noted|i get (?:it|that))\b",
        r"\brequest\b",
    ),
    ES: (r"\b(?:entiendo|comprendo|entendido|he anotado|anoto|tomo nota)\b",
         r"\b(?:peticion|solicitud)\b"),
    FR: (r"\b(?:je comprends|j'entends|j'ai (?:bien )?compris|bien compris|je note|c'est note)\b",
         r"\bdemande\b"),
    DE: (r"\b(?:ich verstehe|verstehe ich|(?:habe ich|ich habe) (?:\w+ )?(?:verstanden|notiert)|"
         r"verstanden|notiert)\b", r"\b(?:wunsch|anliegen|bitte)\b"),
    PT: (r"\b(?:entendo|entendi|compreendo|anotei|anotado)\b", r"\b(?:solicitacao|pedido de)\b"),
}  # fmt: skip
_HEARD_RX = {code: (re.compile(verb), re.compile(ask)) for code, (verb, ask) in _HEARD.items()}


def hears_person_request(text: str, code: str | None = None) -> bool:
    """A turn that says the customer's request for a person was heard (and names the person
    or the request), in any of the five languages, or puts it off to try first: support
    acknowledged it, it did not brush it aside."""
    code = code or language_of(text)
    if defers_handover(text, code):
        return True
    if code not in _HEARD_RX:
        return False
    heard, request = _HEARD_RX[code]
    folded = fold(text)
    return bool(heard.search(folded)) and (
        _names_person(folded, code) or bool(request.search(folded))
    )


# A check the policy puts before the handover ("injuries always go to our duty manager; so
# they can find your record, I first need your membership number"): a word of "first" or of
# purpose and a verb of needing, in the same turn that names the person. Support has heard
# the request and says what must come before it; the docs count it as a reason.
# Per language: (the word of "first" or purpose, the verb of needing).
_FIRST = {
    EN: (
        r"\b(?:first|before (?:that|i|we|they|he|she)|so (?:that )?(?:they|he|she|we|i|someone|"
        r"the \w+|our \w+) can|in order to)\b",
        r"\b(?:need|needs|require|requires|must|have to|has to)\b",
    ),
    ES: (r"\b(?:primero|antes|para que|a fin de)\b",
         r"\b(?:necesito|necesitamos|necesita|requiero|requerimos|hace falta|tengo que|debo)\b"),
    FR: (r"\b(?:d'abord|avant|pour qu|afin qu|afin de)",
         r"\b(?:besoin|il me faut|il nous faut|dois|devons|doit)\b"),
    DE: (r"\b(?:zuerst|zunachst|vorher|vorab|erst|damit)\b",
         r"\b(?:brauche|brauchen|benotige|benotigen|muss|mussen)\b"),
    PT: (r"\b(?:primeiro|antes|para que|a fim de)\b",
         r"\b(?:preciso|precisamos|precisa|necessito|tenho que|devo)\b"),
}  # fmt: skip
_FIRST_RX = {code: (re.compile(first), re.compile(need)) for code, (first, need) in _FIRST.items()}


# A handover named by its verb rather than by the person ("I can transfer you, but first I
# need ...", "je peux vous transférer", "ich kann Sie verbinden"): the request is named too.
_HANDOVER_VERB = re.compile(
    r"\b(?:transfer\w*|put you through|pass(?:ing)? you|hand(?:ing)? you|connect\w* you|"
    r"escalat\w*|pasarl[eo]|transferirl[eo]|transf[eé]r\w*|vous passer|"
    r"weiterleit\w*|weiterverbind\w*|verbinde\w*|durchstell\w*|ubergeb\w*|encaminh\w*|"
    r"transferi\w*)"
)


def checks_first(text: str, code: str | None = None, answering: bool = False) -> bool:
    """A turn that names the person asked for (or the handover, by its verb) and says what
    it needs first (a check the policy puts before the handover), in any of the five
    languages: a reason, not a brush-off. With `answering` (the turn is support's first
    reply to the request for a person), the person need not be named: "Gern, aber zuerst
    brauche ich Ihre Sendungsnummer" puts the request it answers after the check (outsider
    21: "zuerst brauche ich" and "I can transfer you, but first I need" were not read)."""
    code = code or language_of(text)
    if code not in _FIRST_RX:
        return False
    first, need = _FIRST_RX[code]
    folded = fold(text)
    named = answering or _names_person(folded, code) or bool(_HANDOVER_VERB.search(folded))
    return named and bool(first.search(folded) and need.search(folded))
