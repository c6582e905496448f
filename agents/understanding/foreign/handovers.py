"""Handovers in Spanish, French, German and Portuguese that the lexicons' verb + person
pattern misses: the idiom "in the hands of" a team, a participle of transferring with its
agreement ("encaminhado para a equipe"), and a transfer to someone named by a capitalised
name ("te paso con Marta", "ich verbinde Sie mit Frau Berger"), read in the original case.
Function words and the trade's verbs only; never a bot's sentence.
"""

from __future__ import annotations

import re

from agents.understanding.foreign.people import person

_IDIOM = {
    "es": r"\b(?:en (?:las )?manos de|(?:transferid|derivad|escalad|asignad|remitid|"
    r"trasladad)[oa]s? (?:a|al|con|hacia))\b",
    "fr": r"\b(?:entre les mains (?:de|du|des)|(?:transferee?s?|redirigee?s?|confiee?s?|"
    r"escaladee?s?) (?:a|au|aux|vers))\b",
    "de": r"\b(?:in den handen (?:von|des|der|unseres|unserer|unseren)|(?:ubergeben|"
    r"weitergegeben|zugewiesen) an)\b",
    "pt": r"\b(?:nas maos (?:de|do|da|dos|das)|(?:encaminhad|transferid|direcionad|repassad|"
    r"escalad|escalonad)[oa]s? (?:para|pro|pra|ao|a|à))\b",
}
_UPPER = "A-ZÁÉÍÓÚÑÀÈÊÇÄÖÜÃÕ"
_LOWER = "a-záéíóúñàèêëîïôûçäöüßãõ"
_NAME = rf"[{_UPPER}][{_LOWER}]+"
_NAMED = {
    "es": rf"\b(?:[Tt]e|[Ll]e|[Oo]s|[Ll]es) (?:paso|pasamos|pongo|ponemos|transfiero|"
    rf"transferimos|derivo|derivamos|comunico) con (?:[Ll]a |[Ee]l )?{_NAME}",
    "fr": rf"\b(?:vous|te) (?:passe|transfère|transfere|redirige|confie) (?:à |a |vers )?"
    rf"{_NAME}",
    "de": rf"\b(?:verbinde|übergebe|uebergebe|leite) (?:Sie|dich|\w+ \w+)? ?(?:mit|an|zu) "
    rf"(?:Frau |Herrn? )?(?!Ihr|Ihn|Sie\b|Dein|Euer){_NAME}",
    "pt": rf"\b(?:te|lhe|você|voce) (?:passo|transfiro|encaminho|passar|transferir|"
    rf"encaminhar) (?:pro|pra|para o|para a|para|ao|à) {_NAME}",
}
# German puts the participle last: "an unsere Fachabteilung weitergeleitet".
_VERB_FINAL = {
    "de": re.compile(r"\ban (?:\w+ ){1,4}?(?:weitergeleitet|ubergeben|weitergegeben|uberstellt)\b")
}
_IDIOMS = {code: re.compile(p) for code, p in _IDIOM.items()}
_NAMES = {code: re.compile(p) for code, p in _NAMED.items()}


def hands_over(sentence: str, folded: str, code: str) -> bool:
    """The sentence (and its folded text) hands over: an idiom followed by a person or team
    of the language, or a transfer to someone named."""
    idiom = _IDIOMS.get(code)
    if idiom is not None:
        for m in idiom.finditer(folded):
            if person(code, folded[m.end() : m.end() + 60]):
                return True
    final = _VERB_FINAL.get(code)
    if final is not None and any(person(code, m.group(0)) for m in final.finditer(folded)):
        return True
    named = _NAMES.get(code)
    return named is not None and bool(named.search(sentence))
