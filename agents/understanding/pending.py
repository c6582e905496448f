"""A handover put after something still to come: "I can pass you to a colleague, but first I
need to confirm who you are: your ticket number and the email ...", "before I can transfer
you I need your booking code", "once you've confirmed your email I'll connect you", "le paso
con un compañero, pero primero necesito ...", "sobald Sie ... bestätigt haben, verbinde ich
Sie". Such a turn makes no handover yet: it offers one on a condition the customer has still
to meet, and asks for what the condition needs (outsider 19: every correct bot that verifies
before a handover was failed `unperformed_handover` for saying so, and the simulated customer
took the offer for a transfer made and left).

Read in the five languages from function words and the verbs of needing, giving and checking
(accents folded), never from a bot's sentence: a word of "first" with a verb of needing in
the same sentence; "before I/we (can) <pass on>" or "before that"; "once / as soon as /
after" followed within a few words by giving, confirming or checking. A condition ("if you
want, ...") is read where the handover is (agents.understanding.support, foreign).
"""

from __future__ import annotations

import re

from agents.understanding.languages import DE, EN, ES, FR, PT, fold, language_of

__all__ = ["for_now", "handover_waits", "if_wanted", "waits_in"]

# Giving, confirming, checking: what a condition before a handover waits for.
_GIVE = {
    EN: r"(?:confirm\w*|verif\w*|check\w*|give|gave|given|send|sent|provid\w*|shar\w*|have|"
    r"has|got|receiv\w*|tell|told|let me know|know|pass\w* (?:me|on|along)|answer\w*)",
    ES: r"(?:confirm\w*|verifi\w*|comprob\w*|compruebe|de|den|des|dado|envi\w*|facilit\w*|"
    r"proporcion\w*|indiqu\w*|indic\w*|teng\w*|diga|dig\w*|pas\w*|sepa\w*|comparta\w*|reciba)",
    FR: r"(?:confirm\w*|verifi\w*|donn\w*|envoy\w*|envoi\w*|communiqu\w*|fourni\w*|indiqu\w*|"
    r"ai|aurai|aurez|avez|avons|recu|re[cç]\w*|dit|dites|transmis\w*|transmet\w*)",
    DE: r"(?:bestatig\w*|gepruft|pruf\w*|uberpruf\w*|verifiz\w*|gegeben|geben|genannt|nennen|"
    r"gesendet|gesandt|geschickt|schicken|senden|mitgeteilt|mitteilen|habe|haben|hab|liegt|"
    r"liegen|vorliegt|vorliegen|erhalten)",
    PT: r"(?:confirm\w*|verific\w*|d[eê]|der|derem|dado|envi\w*|mand\w*|inform\w*|passe|"
    r"passar|tiver|tivermos|tenha|receb\w*|diga|disser|fornec\w*)",
}
_FIRST = {
    EN: r"\bfirst\b",
    ES: r"\b(?:primero|antes)\b",
    FR: r"\b(?:d'abord|avant tout|au prealable|prealablement)\b",
    DE: r"\b(?:zuerst|zunachst|vorher|vorab|erst noch|erst)\b",
    PT: r"\b(?:primeiro|antes)\b",
}
_NEED = {
    EN: r"\b(?:need|needs|needed|require|requires|required|must|have to|has to|got to|"
    r"gotta|should)\b",
    ES: r"\b(?:necesito|necesitamos|necesita|necesitaria|requiero|requerimos|hace falta|"
    r"tengo que|tenemos que|debo|debemos|es necesario|he de)\b",
    FR: r"\b(?:besoin|il me faut|il nous faut|il faut|dois|devons|doit|faudrait|faut)\b",
    DE: r"\b(?:brauche|brauchen|benotige|benotigen|muss|mussen|musste|mussten|notig|"
    r"erforderlich)\b",
    PT: r"\b(?:preciso|precisamos|precisa|precisaria|necessito|tenho que|temos que|devo|"
    r"devemos|e necessario)\b",
}
# "before I can transfer you", "before that", "antes de pasarle", "avant de vous transférer",
# "bevor ich Sie verbinde", "antes de transferir": support's own handover put after something.
_BEFORE = {
    EN: r"\bbefore (?:(?:i|we) (?:\w+ ){0,2}?(?:transfer|pass|connect|hand|put|escalat|loop|"
    r"bring|get|send|refer|route|forward|do)\w*|that|doing (?:so|that)|then)\b",
    ES: r"\bantes (?:de (?:\w+ )?(?:pas|transfer|comunic|deriv|escal|poner|ponerle|ponerte|"
    r"eso|ello|nada|hacerlo)\w*|de eso|de nada|que nada)\b",
    FR: r"\bavant (?:de (?:vous |te )?(?:pass|transf|mettre|rediriger|escalad|faire|le faire)\w*|"
    r"cela|ca|tout|de le faire)\b",
    DE: r"\b(?:bevor (?:ich|wir)|vorher|davor|zuvor)\b",
    PT: r"\bantes (?:de (?:\w+ )?(?:pass|transfer|encaminh|escal|fazer|isso|tudo|mais nada)\w*|"
    r"disso|de mais nada)\b",
}
# "once you've confirmed", "as soon as I have your email", "en cuanto me dé", "dès que vous
# m'aurez donné", "sobald Sie ... bestätigt haben", "assim que você confirmar".
_ONCE = {
    EN: r"\b(?:once|as soon as|after) (?:[^\s.,;!?]+ ){0,2}?",
    ES: r"\b(?:una vez (?:que )?|en cuanto|tan pronto (?:como )?|despues de que|"
    r"despues de) (?:[^\s.,;!?]+ ){0,4}?",
    FR: r"\b(?:une fois (?:que )?|des que|aussitot que|apres que|apres) "
    r"(?:[^\s.,;!?]+ ){0,4}?",
    DE: r"\b(?:sobald|nachdem|erst wenn|sowie) (?:[^\s.,;!?]+ ){0,5}?",
    PT: r"\b(?:assim que|logo que|uma vez que|depois que|depois de|apos) (?:[^\s.,;!?]+ ){0,4}?",
}
_FIRST_RX = {c: re.compile(p) for c, p in _FIRST.items()}
_NEED_RX = {c: re.compile(p) for c, p in _NEED.items()}
_BEFORE_RX = {c: re.compile(p) for c, p in _BEFORE.items()}
_ONCE_RX = {c: re.compile(_ONCE[c] + _GIVE[c] + r"\b") for c in _ONCE}
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
# A handover already made ("I've transferred you", "has been escalated", "he pasado su caso"):
# what the team needs afterwards puts nothing off.
_DONE = {
    EN: r"\b(?:i'?ve|i have|we'?ve|we have|has been|have been|was|were) (?:\w+ )?(?:transferr?ed|"
    r"passed|handed|escalated|connected|forwarded|referred|routed)\b|\b(?:i'?m|i am|we'?re|we "
    r"are) (?:now |just )?(?:transferr?ing|connecting|passing|handing|putting|escalating)\b",
    ES: r"\b(?:he|hemos|ha sido|fue) (?:\w+ )?(?:pasado|transferido|derivado|escalado|remitido)\b|"
    r"\b(?:estoy|estamos) (?:pasando|transfiriendo|comunicando|derivando)(?:le|te)?\b|"
    r"\b(?:ahora mismo|ya) (?:le|te) (?:paso|transfiero|comunico)\b",
    FR: r"\b(?:j'ai|nous avons|a ete) (?:\w+ )?(?:transfere|passe|transmis|escalade|redirige)|"
    r"\b(?:je|nous) vous (?:transfere|transferons|passe|passons|redirige)\w* (?:maintenant|des "
    r"maintenant|tout de suite)\b",
    DE: r"\b(?:habe|haben|wurde|wurden) (?:\w+ ){0,4}?(?:weitergeleitet|ubergeben|verbunden|"
    r"weitergegeben)\b|\b(?:(?:verbinde|leite|ubergebe) (?:ich|wir)|(?:ich|wir) (?:verbinde|"
    r"verbinden|leite|leiten|ubergebe|ubergeben)) sie (?:jetzt|sofort|gleich)\b",
    PT: r"\b(?:transferi|encaminhei|passei|foi (?:transferid|encaminhad|escalad)\w*)\b|"
    r"\b(?:estou|estamos) (?:te |lhe )?(?:transferindo|passando|encaminhando)\b",
}
_DONE_RX = {c: re.compile(p) for c, p in _DONE.items()}


def waits_in(sentence: str, code: str | None = None) -> bool:
    """`sentence` (one sentence or a whole turn) puts what support does after something still
    to come: "first" with a verb of needing, "before I transfer you", "once you've confirmed".
    Its language is `code` or its own; a language without these words never waits."""
    code = code or language_of(sentence)
    if code not in _FIRST_RX:
        return False
    folded = fold(sentence)
    for part in _SENTENCE.split(folded):
        if _FIRST_RX[code].search(part) and _NEED_RX[code].search(part):
            return True
        if _BEFORE_RX[code].search(part) or _ONCE_RX[code].search(part):
            return True
    return False


def handover_waits(text: str, code: str | None = None) -> bool:
    """A turn whose handover waits for something still to come (`waits_in`), unless it also
    says the handover was made or is being made ("I've transferred you; before they call,
    have your number ready", "I'm transferring you now; once you're through, ..."): an
    offer of the handover, not the handover."""
    code = code or language_of(text)
    done = _DONE_RX.get(code)
    if done is not None and done.search(fold(text)):
        return False
    return waits_in(text, code)


# A no for now, until something comes: "not until you confirm", "I can't share it yet",
# "without your email", "hasta que confirme", "tant que", "pas encore", "ohne Ihre",
# "noch nicht", "até que", "ainda não".
_FOR_NOW = {
    EN: r"\b(?:until|till|unless|yet|without|before (?:you|i|we|verif\w*|confirm\w*|check\w*)|"
    r"first|at the moment|for now|right now)\b",
    ES: r"\b(?:hasta que|hasta (?:verificar|confirmar|comprobar)|todavia|aun no|sin|antes de|"
    r"antes que|primero|por ahora|de momento)\b",
    FR: r"\b(?:tant que|jusqu'a ce|pas encore|sans|avant de|avant que|d'abord|pour l'instant|"
    r"pour le moment)\b",
    DE: r"\b(?:bis|solange|noch nicht|ohne|bevor|erst|zuerst|zunachst|vorher|im moment|"
    r"vorerst)\b",
    PT: r"\b(?:ate que|ate (?:verificar|confirmar)|ainda nao|ainda|sem|antes de|antes que|"
    r"primeiro|por enquanto|no momento)\b",
}
_FOR_NOW_RX = {c: re.compile(p) for c, p in _FOR_NOW.items()}


def for_now(text: str, code: str | None = None) -> bool:
    """A refusal or a holding back that lasts only until something comes ("I can't share it
    until you confirm your email", "sin su correo no puedo", "noch nicht"): it waits for the
    customer, it decides nothing. Its language is `code` or its own; another language never
    waits."""
    code = code or language_of(text)
    found = _FOR_NOW_RX.get(code)
    if found is None:
        return False
    return bool(found.search(fold(text))) or waits_in(text, code)


# The customer's wish as the condition ("si lo prefiere, le paso con ...", "si vous préférez,
# je vous transfère", "wenn Sie möchten, verbinde ich Sie", "se preferir, vou transferir"):
# an offer. English is read by the support reader's own condition words.
_IF_WANTED = {
    ES: r"\bsi (?:\w+ ){0,2}?(?:desea|deseas|quiere|quieres|prefier\w*|gusta\w*|necesit\w*)\b",
    FR: r"\bsi (?:vous|tu) (?:le )?(?:souhait\w*|voul\w*|veu\w*|prefer\w*|desir\w*)|"
    r"\bs'il le faut\b",
    DE: r"\b(?:wenn|falls|sofern) (?:sie|du) (?:\w+ ){0,3}?(?:mochten|mochtest|wollen|willst|"
    r"wunschen|wunschst|lieber|bevorzugen)\b",
    PT: r"\b(?:se|caso) (?:voce |o senhor |a senhora )?(?:quiser|queira|preferir|prefira|"
    r"desejar|deseje|precisar|precise)\b",
}
_IF_WANTED_RX = {c: re.compile(p) for c, p in _IF_WANTED.items()}


def if_wanted(text: str, code: str) -> bool:
    """`text` (a sentence of language `code`) makes what it says depend on the customer's
    wish: an offer, not an act."""
    found = _IF_WANTED_RX.get(code)
    return found is not None and bool(found.search(fold(text)))
