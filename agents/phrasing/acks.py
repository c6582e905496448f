"""Acknowledgements that must fit the turn they answer, in every language.

A scenario's decision text is written for the usual path, and often opens by reacting to the
details that verified the customer ("Thanks, that matches.", "Gracias, coincide.", "Danke,
das passt."). The same decision is also reached after a turn that verified nothing ("Lost
them too.", reading s12), where that reaction answers nothing. `unverified` drops such an
opening sentence when the turn being answered checked nothing; the rest of the text stands.

`heated` reads a customer turn as angry or sarcastic in any of the five languages, so a
cheerful lead ("Great question!", "Gute Frage!") is not said to it.
"""

from __future__ import annotations

import re

from agents.phrasing.cue import Cue

__all__ = ["declined", "heated", "unverified"]

# A first sentence that only says the details checked out (with an optional thanks).
_VERIFIED_ACK = re.compile(
    r"(?i)^\s*(?:(?:thanks|thank you|great|perfect|gracias|perfecto|merci|parfait|danke|"
    r"perfekt|obrigad[oa]|perfeito)\s*[,!.]?\s*)?"
    r"(?:that matches|that's a match|that all matches|everything matches|everything checks "
    r"out|that checks out|you're (?:all )?verified|you are verified|verified|"
    r"coincide|todo coincide|los datos coinciden|queda verificad[oa]|"
    r"c'est bien ça|ça correspond|tout correspond|vous êtes vérifiée?|"
    r"das passt|das stimmt|alles stimmt|Sie sind verifiziert|"
    r"confere|está tudo certo|tudo confere|você está verificad[oa])"
    r"\s*[.!]\s+(?=\S)"
)


def unverified(content: str | None) -> str | None:
    """`content` without an opening sentence that says the details just given checked out:
    for a decision reached on a turn that verified nothing ('Lost them too.')."""
    if not content:
        return content
    m = _VERIFIED_ACK.match(content)
    if m is None:
        return content
    rest = content[m.end() :]
    return rest[:1].upper() + rest[1:]


# Anger, exasperation or sarcasm in a customer's turn, in the five languages: marks that any
# language shares (!!, ?!) and the usual words (case aside: an all-caps persona
# shouts whatever its mood).
_HEATED = Cue(
    r"(!!|\?!|!\?|😤|😡|🤬|🙄|😩|😠|"
    r"not the first time|about time|love that for me|can't wait|cannot wait|typical|"
    r"again\?|still waiting|waited long enough|no es la primera vez|ya era hora|otra vez|"
    r"ce n'est pas la première fois|il serait temps|encore une fois|j'attends toujours|"
    r"nicht zum ersten mal|wurde auch zeit|schon wieder|hoffentlich|warte immer noch|"
    r"não é a primeira vez|já era hora|de novo|já esperei demais|mais uma vez|"
    r"ridiculous|unacceptable|furious|disgrace|joke|absurd|useless|pathetic|outrageous|"
    r"fed up|sick of|angry|seriously\?|world-class|brilliant, just|great, just|oh great|"
    r"inaceptable|indignante|vergüenza|ridículo|harto|harta|furios[oa]|un chiste|"
    r"inadmissible|scandaleux|honteux|ridicule|marre|furieu|n'importe quoi|bravo,|"
    r"unverschämt|lächerlich|frechheit|unglaublich|sauer|wütend|reicht mir|na toll|"
    r"inaceitável|absurdo|ridículo|vergonha|cansad[oa] de|palhaçada|que ótimo,)"
)


def heated(text: str) -> bool:
    """Whether a customer's turn reads as angry or sarcastic (see `_HEATED`)."""
    return bool(text) and _HEATED.search(text)


# An answer that says there is nothing more to say ("I can't tell you more about that from
# here"): the customer's reaction to it is not thanks for an explanation ("Now I understand
# it better!", reading s12), in any of the five languages.
_DECLINED = Cue(
    r"(can't tell you (any)?more|cannot tell you (any)?more|don't have (any more detail|"
    r"anything more|more information)|no more (detail|information) (on|about) that|"
    r"no puedo decirle (nada )?más|no tengo más (información|detalles)|"
    r"ne peux pas vous en dire plus|je n'ai pas plus d'informations|"
    r"nicht mehr (dazu )?sagen|keine weiteren (informationen|details)|"
    r"não consigo (te |lhe )?dizer mais|não posso (te |lhe )?dizer mais|"
    r"não tenho mais (informações|detalhes))"
)


def declined(text: str) -> bool:
    """Whether support's turn says it cannot answer more than it has (see `_DECLINED`)."""
    return bool(text) and _DECLINED.search(text)
