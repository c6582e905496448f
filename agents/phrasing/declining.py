"""What a customer who does not give the asked-for details is doing, so support's reply
answers that and not a plea nobody made (reading s14: "I'm not able to make an exception on
this" said ~70 times per 2,000 conversations, mostly to customers who asked for none, and "I
understand, but I can't skip this step" to "Not sure where I'd find that").

Four kinds, read from the customer's words in the five languages the scripted engine writes
(and a bot's customer may write): `pleaded` (asks to skip the check or bend a rule: only
then is an exception refused), `why` (asks what the detail is for: support says), `unsure`
(does not know it or where to find it: support lets them look), else "" (reluctant: the
check is explained as everyone's).
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
    r"exce[cç][aã]o|\bpular\b|\bregras?\b|condi[cç][õo]es|dessa vez)"
)
_WHY = re.compile(
    r"(?i)(?:\bwhy\b|what for|got to do with|para qu[eé]|por qu[eé]|qu[eé] tiene que ver|"
    r"pourquoi|[àa] quoi (?:bon|[çc]a sert)|quel rapport|\bwozu\b|\bwarum\b|\bwieso\b|"
    r"was hat das|pra qu[eê]|para qu[eê]|por que|o que isso tem a ver)"
)
_UNSURE = re.compile(
    r"(?i)(?:not sure|no idea|where (?:i'd|i would|do i|can i|would i) find|don't have it|"
    r"no s[eé]\b|ni idea|d[oó]nde (?:lo|la) encuentro|no lo tengo|"
    r"je ne sais pas|aucune id[ée]e|o[uù] (?:je )?(?:le|la) trouve|je ne l'ai pas|"
    r"keine Ahnung|wei[ßs] (?:ich )?nicht|wo finde ich|habe ich nicht|"
    r"n[aã]o sei|nem ideia|onde (?:eu )?(?:acho|encontro)|n[aã]o tenho)"
)


def decline_kind(text: str) -> str:
    """The kind of decline `text` is: "pleaded", "why", "unsure" or "" (reluctant)."""
    if _PLEADED.search(text):
        return "pleaded"
    if _WHY.search(text):
        return "why"
    if _UNSURE.search(text):
        return "unsure"
    return ""
