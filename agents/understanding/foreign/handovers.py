"""Handovers in Spanish, French, German and Portuguese that the lexicons' verb + person
pattern misses: the idiom "in the hands of" a team, a participle of transferring with its
agreement ("encaminhado para a equipe"), and a transfer to someone named by a capitalised
name ("te paso con Marta", "ich verbinde Sie mit Frau Berger"), read in the original case.
Function words and the trade's verbs only; never a bot's sentence.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from functools import lru_cache

from agents.understanding.foreign.people import person
from agents.understanding.languages import fold

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
# A person of the trade taking the case or the conversation on, in the person's own words:
# "le responsable va prendre le relais", "una supervisora se hará cargo", "meine Kollegin
# übernimmt", "um supervisor vai assumir" (folded).
_TAKES = {
    "es": r"\b(?:tomar\w*|toma) el relevo\b|\bse (?:\w+ ){0,2}?(?:hara|hace|va a hacer|hacen|"
    r"haran) cargo\b|\bse (?:unira|une|va a unir|uniran)\b",
    "fr": r"\b(?:prendre|prend|prendra|prennent|prendront) le relais\b|\b(?:reprendre|reprend|"
    r"reprendra) (?:votre|ton|le|ce) dossier\b|\b(?:rejoindre|rejoint|rejoindra) (?:la|cette|"
    r"notre) (?:conversation|discussion)\b",
    "de": r"\b(?:ubernimmt|ubernehmen|ubernehmen wird)\b|\b(?:kommt|kommen) (?:\w+ ){0,2}(?:in|"
    r"zu) (?:den|diesen|das|dieses) (?:chat|gesprach)\b",
    "pt": r"\b(?:vai|vao|ira|irao) (?:\w+ )?assumir\b|\bassume (?:daqui|a partir daqui|o (?:seu|"
    r"teu) caso|seu caso)\b|\b(?:vai|vao) entrar (?:na|nesta) conversa\b",
}
_TAKES_RX = {code: re.compile(p) for code, p in _TAKES.items()}
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
    takes = _TAKES_RX.get(code)
    if takes is not None:
        for m in takes.finditer(folded):
            if person(code, folded[max(0, m.start() - 60) : m.start()]):
                return True
    named = _NAMES.get(code)
    return named is not None and bool(named.search(sentence))


# What any handover says, in words a reader may lack: who takes over (a person or a team of
# the language, a first name, a title and a name) or that the customer is passed on, put in
# touch, called back or looked after by someone else ("Ana te llamará en 10 minutos", "Frau
# Weber meldet sich morgen", "a Júlia assume daqui"). Stems of those verbs, folded.
_PASSING = {
    "es": r"\b(?:transfier\w*|transfer\w*|pas(?:o|amos|are|aremos|arle|arte|ando) con|comunic\w*|"
    r"deriv\w*|escal\w*|contact\w*|llamar\w*|llamad\w*|se pondr\w*|atender\w*|atiende\w*|"
    r"se encarg\w*|se ocupar\w*|relevo)\b",
    "fr": r"\b(?:transf\w*|mise? en relation|mettre en relation|met en relation|redirig\w*|"
    r"escalad\w*|contact\w*|rappel\w*|appel\w*|relais|prend\w* en charge|s'occup\w*|"
    r"reprend\w*)\b",
    "de": r"\b(?:verbind\w*|weiterleit\w*|weitergeleitet|ubergeb\w*|ubergab\w*|meld\w*|ruft|"
    r"anruf\w*|ruckruf\w*|zuruckruf\w*|kontakt\w*|ubernimm\w*|ubernehm\w*|ubernomm\w*|"
    r"kummer\w*|kummert)\b",
    "pt": r"\b(?:transfer\w*|pass(?:o|amos|ar|ando|ei) (?:pra|para|pro|ao|a)|encaminh\w*|escal\w*|"
    r"contat\w*|contact\w*|ligar\w*|ligacao|retorn\w*|assum\w*|cuidar\w*|atender\w*|atende)\b",
}
_PASSING_RX = re.compile("|".join(f"(?:{p})" for p in _PASSING.values()))
_TITLED = re.compile(
    rf"\b(?:Frau|Herrn?|Sr|Sra|Srta|Mme|Mlle|Monsieur|Madame|Senhora?|Dona|Dom)\.? {_NAME}"
)
_WORD = re.compile(r"[^\W\d_]+")
_NAME_LOCALES = ("es_ES", "es_MX", "fr_FR", "de_DE", "pt_BR", "pt_PT")


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """First names people in the four languages' countries go by (Faker's lists, which also
    name the simulated customers): "Lucía lo verá en un rato" names who takes over."""
    names: set[str] = set()
    for locale in _NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            names.update(getattr(provider, attribute, ()))
    return frozenset(names)


def may_hand_over(text: str, own: Iterable[str] = ()) -> bool:
    """Whether a support turn in Spanish, French, German or Portuguese could hold a handover
    in words the reader lacks: it names a person or a team of any of the four languages, a
    first name (not the customer's own, `own`) or a title and a name, or a verb of passing on,
    putting in touch, calling back or taking over. A turn with none of them hands over to no
    one, however little of it was read."""
    folded = fold(text)
    if _PASSING_RX.search(folded) or any(person(c, folded) for c in _PASSING):
        return True
    if _TITLED.search(text):
        return True
    skip = set(own)
    return any(
        w[0].isupper() and w in _first_names() and w not in skip for w in _WORD.findall(text)
    )
