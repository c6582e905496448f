"""What a customer who does not give the asked-for details is doing, so support's reply
answers that and not a plea nobody made (reading s14: "I'm not able to make an exception on
this" said ~70 times per 2,000 conversations, mostly to customers who asked for none, and "I
understand, but I can't skip this step" to "Not sure where I'd find that").

Four kinds, read from the customer's words in the five languages the scripted engine writes
(and a bot's customer may write): `pleaded` (asks to skip the check or bend a rule: only
then is an exception refused), `why` (asks what the detail is for: support says), `unsure`
(does not know it or where to find it, and is not pressing support to hurry: support lets
them look), else "" (reluctant: the check is explained as everyone's).
"""

from __future__ import annotations

import re

__all__ = ["decline_kind"]

_PLEADED = re.compile(
    r"(?i)(?:exception|\bskip\b|\bbend\b|\brules?\b|\bpolicy\b|this once|against the|"
    r"excepci[oó]n|saltar|\bnormas?\b|\breglas?\b|pol[ií]tica|condiciones|reglamento|"
    r"previsto|por esta vez|"
    r"\bsauter\b|r[eè]gles?\b|r[eè]glement|politique|conditions|pr[ée]vu|pour cette fois|"
    r"Ausnahme|[üu]berspringen|Regeln|Richtlinien|\bAGB\b|Bedingungen|vorgesehen|"
    r"exce[cç][aã]o|\bpular\b|\bregras?\b|condi[cç][õo]es|dessa vez|"
    # knowing it is not allowed and asking all the same ("I know it's probably not
    # possible, but ...", "ya sé que igual no se puede", "ce n'est sûrement pas possible")
    r"not (?:be )?(?:possible|allowed)|no se puede|esta vez|pas possible|cette fois|"
    r"nicht (?:geht|m[öo]glich)|diesmal|ausnahmsweise|n[aã]o d[aáeê]\b|n[aã]o [eé] poss[ií]vel|"
    r"desta vez)"
)
_WHY = re.compile(
    r"(?i)(?:\bwhy\b|what for|got to do with|para qu[eé]|por qu[eé]|qu[eé] tiene que ver|"
    r"pourquoi|[àa] quoi (?:bon|[çc]a sert)|quel rapport|\bwozu\b|\bwarum\b|\bwieso\b|"
    r"was hat das|pra qu[eê]|para qu[eê]|por que|o que isso tem a ver)"
)
_UNSURE = re.compile(
    r"(?i)(?:not sure|no idea|where (?:i'd|i would|do i|can i|would i) find|don't have it|"
    # (Spanish "no se" without its accent only before what one does not know: "no se
    # puede", "eso no se hace" are pleas, not "I don't know"; "no tengo todo el día",
    # "não tenho o dia todo", "Zeit habe ich nicht" are impatience, not a missing detail)
    r"no s[eé] (?:d[oó]nde|cu[aá]l|si|qu[eé])\b|no s[eé]\b(?=\s*(?:[.,;!?]|$))|no sé\b|"
    r"ni idea|d[oó]nde (?:lo|la) encuentro|no lo tengo|no lo s[eé]|"
    r"je ne sais pas|aucune id[ée]e|o[uù] (?:je )?(?:le|la) trouve|je ne l'ai pas|"
    r"keine Ahnung|wei[ßs] (?:ich )?nicht|wo finde ich|(?<!Zeit )habe ich nicht\b(?! den)|"
    r"n[aã]o sei|nem ideia|onde (?:eu )?(?:acho|encontro)|n[aã]o tenho\b(?! (?:o dia|tempo)))"
)
# Not sure they want to give it: reluctance, not a detail they cannot find ("No sé si quiero
# darlo por aquí", "Não sei se quero passar por aqui").
_WANTS_NOT = re.compile(
    r"(?i)(?:not sure (?:i|if i) (?:want|should)|no s[eé] si (?:quiero|debo)|"
    r"je ne sais pas si (?:je veux|je dois)|wei[ßs] (?:ich )?nicht,? ob ich (?:das )?"
    r"(?:will|möchte|sollte)|n[aã]o sei se (?:quero|devo))"
)
# A customer who says they are still waiting or in a hurry: never "take your time".
_WAITING = re.compile(
    r"(?i)(?:still waiting|hurry|how long|come on|tick tock|quickly|"
    r"sigo esperando|d[eé]se prisa|tengo prisa|todo el d[ií]a|cu[aá]nto va a tardar|"
    r"agilizamos|r[aá]pido|"
    r"j'attends toujours|d[ée]p[êe]chez|press[ée]|toute la journ[ée]e|combien de temps|"
    r"vite|"
    r"warte immer noch|beeilen|eilig|den ganzen Tag|wie lange|schneller|schnell bitte|"
    r"continuo esperando|com pressa|o dia todo|quanto tempo|mais r[aá]pido|agilizar|"
    r"rapidinho)"
)


def decline_kind(text: str) -> str:
    """The kind of decline `text` is: "pleaded", "why", "unsure" or "" (reluctant)."""
    if _PLEADED.search(text):
        return "pleaded"
    if _WHY.search(text):
        return "why"
    if _UNSURE.search(text) and not _WAITING.search(text) and not _WANTS_NOT.search(text):
        return "unsure"
    return ""
