"""A customer asking for a person, in Spanish, French, German and Portuguese, read from text
that carries no act (a transcript graded from elsewhere, an LLM customer).

A request is a verb of the customer's own voice (wanting, speaking with, being put through)
followed closely by a person or a team, or a question whether there is a person at all
("¿hay algún humano?"). It is none when the person is the customer's own ("mi compañero de
piso"), when a clause starts between the verb and the person ("ich möchte, dass die Person
versichert ist"), when the verb is said as a no outside a question ("no quiero hablar con
nadie", "ich möchte nicht mit einem Menschen sprechen"; "¿no puedo hablar con alguien?" still
asks), or when it is told of the past ("ya hablé con un agente": no such verb form is read).
Function words and general nouns of the trade only, never a bot's or a customer's sentence;
text is folded first (no accents, lower case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.understanding.foreign.people import _PERSON
from agents.understanding.languages import DE, ES, FR, PT, fold

# Someone other than this agent, besides the nouns for a person or a team; "someone" told
# what about ("hablar con alguien sobre una comisión", an opening) asks for no one else.
_SOMEONE = {
    ES: r"alguien(?! (?:sobre|acerca))|otra persona|otro agente|superior(?:es)?",
    FR: r"quelqu'? ?un(?! (?:a propos|au sujet|sur))|une? autre (?:personne|conseill\w+|agent)|"
    r"superieur",
    DE: r"jemand(?:en|em)?(?! (?:wegen|uber))|einen? anderen? \w+",
    PT: r"alguem(?! (?:sobre|a respeito))|outra pessoa|outro atendente|superior(?:es)?|"
    r"ouvidoria",
}
# Wanting or speaking with, in the customer's voice (first person, present or conditional;
# infinitives after "can I"): a no before it or between it and the person undoes it.
_WANT = {
    ES: r"quiero|quisiera|queria|exijo|necesito|prefiero|pido|solicito|me gustaria|hablar|"
    r"pasar|pasarme|ponerme|comunicarme|transferirme",
    FR: r"je veux|je voudrais|j'exige|je souhaite|je souhaiterais|j'aimerais|je demande|"
    r"il me faut|parler|avoir affaire|me passer|me mettre|me transferer",
    DE: r"ich will|will ich|wir wollen|mochte|mocht|hatte gern|hatte gerne|wurde gern|"
    r"wurde gerne|verlange|bestehe|brauche|sprechen|reden",
    PT: r"quero|queria|exijo|preciso|prefiro|peco|gostaria|falar|me passar|me transferir",
}
# Being passed on with no one named ("¿me puede transferir?", "können Sie das eskalieren?").
_BARE = {
    ES: r"transfierame|transfiereme|transferirme|escalar|escalarlo|escale|escalen",
    FR: r"me transferer|transferez-moi|transfere-moi|escalader|escaladez",
    DE: r"verbinden sie mich|eskalieren|eskalieren sie",
    PT: r"me transferir|me transfere|me transfira|escalar|escalone",
}
# Imperatives and wishes of putting through ("páseme con", "passez-moi", "verbinden Sie
# mich", "me passa pra", "que me transfiram"): no negated form is spelt this way.
_PUT_THROUGH = {
    ES: r"pasame|paseme|pasenme|ponme|pongame|comunicame|comuniqueme|transfiereme|"
    r"transfierame|llame|deme|dame|me pasa|me pase|me pasen|me pone|me ponga|me pongan|"
    r"me comunica|me transfieran|me transfiera|me atienda|me atiendan",
    FR: r"passez-moi|passe-moi|passez moi|transferez-moi|mettez-moi|mets-moi|appelez|"
    r"donnez-moi|me passiez|me transferiez",
    DE: r"verbinden sie|verbinde|stellen sie|holen sie|geben sie mir",
    PT: r"me passa|me passe|me passem|me transfere|me transfira|me transfiram|me coloca|"
    r"me coloque|chama|chame|me da|me de|me atenda|me atendam",
}
# The carrier company, not a person ("sair da operadora").
_NOT_PERSON = {PT: r"(?!operadora\b)"}
# The customer's own people are not asked for ("mi compañero de piso", "mein Kollege");
# "your" is the agent's ("hablar con su supervisor", "mit Ihrem Chef"), so it stays.
_OWN = {ES: r"mi|mis", FR: r"mon|ma|mes", DE: r"mein\w*", PT: r"meu|minha|meus|minhas"}
_NEGATED = {
    ES: r"\b(?:no|nunca|ni)\b",
    FR: r"\b(?:ne|n'|pas|jamais)\b",
    DE: r"\b(?:nicht|kein\w*|nie)\b",
    PT: r"\b(?:nao|nunca|nem)\b",
}
_THERE_IS = {
    ES: r"\b(?:hay|existe)\b",
    FR: r"\b(?:y a-t-il|il y a|y a t il)\b",
    DE: r"\b(?:gibt es|ist da)\b",
    PT: r"\b(?:tem|ha|existe)\b",
}
# A clause that starts between the verb and the person wants something else of that person
# ("dass die Person versichert ist", "wenn Sie jemandem den Flug streichen"), unless it asks
# for one: someone new or the agent's ("qu'un superviseur s'en occupe", "que su jefe lo vea").
_CLAUSE_START = (
    r"(?:que|dass|damit)(?! (?:un|una|une|ein|eine|einen|um|uma|su|sus|votre|ihr\w*|o seu|a sua|"
    r"alguien|alguem|jemand)\b)|qu'(?!une?\b|quelqu)\w*|wenn|falls|weil|si|cuando|quand|porque|"
    r"parce|quando|sobald|como"
)
_GAP = rf"(?:(?!(?:{_CLAUSE_START})\b)[\w'-]+,? ){{0,6}}?"
# German ends the clause with the verb: "mit einem Vorgesetzten sprechen"; a clause that ends
# in another infinitive does something else with the person ("eine weitere Person in meine
# Versicherung aufnehmen").
_DE_VERB_LAST = r"sprechen|reden|verbinden|verbunden|durchstellen|weiterleiten"
_DE_LAST_OK = frozenset(("sprechen", "reden", "haben", "verbinden", "telefonieren", "ihnen"))
# In Spanish, French and Portuguese an infinitive between the request and the person makes
# the person its object ("quiero añadir otra persona"), unless it is one of speaking or
# passing on; words that only look like infinitives are kept.
_INFINITIVE = {
    ES: re.compile(r"\b\w+(?:ar|er|ir)(?:me|le|lo|la|les|nos)?\b"),
    FR: re.compile(r"\b\w+(?:er|ir)\b|\b(?:faire|prendre|mettre|dire)\b"),
    PT: re.compile(r"\b\w+(?:ar|er|ir)\b"),
}
_NOT_INFINITIVE = frozenset(
    (
        # words that end like one
        *("ayer", "mujer", "taller", "cualquier", "lugar", "premier", "dernier", "cher"),
        *("hier", "fier", "qualquer", "mulher", "par"),
        # the infinitives of speaking and passing on themselves
        *("hablar", "pasar", "pasarme", "ponerme", "comunicarme", "transferirme", "parler"),
        *("passer", "transferer", "falar", "passar", "transferir", "avoir", "affaire"),
    )
)


@dataclass(frozen=True)
class _Reader:
    """One language's patterns; each match has a `who` group, and a `verb` group when the
    request can be said as a no."""

    code: str
    patterns: tuple[re.Pattern[str], ...]
    there: re.Pattern[str]
    bare: re.Pattern[str]
    own: re.Pattern[str]
    negators: re.Pattern[str]


def _reader(code: str) -> _Reader:
    who = rf"{_NOT_PERSON.get(code, '')}(?:{_PERSON[code]}|{_SOMEONE[code]})"
    if code == DE:  # nouns joined onto others: "Teamleitung", "Beschwerdeabteilung"
        who = rf"(?:\w*(?:team|abteilung)|chef(?:in)?|manager(?:in)?|{who})"
    patterns = [
        re.compile(rf"\b(?P<verb>{_WANT[code]})\b {_GAP}(?P<who>{who})\b"),
        re.compile(rf"\b(?:{_PUT_THROUGH[code]})\b {_GAP}(?P<who>{who})\b"),
    ]
    if code == DE:
        patterns.append(
            re.compile(rf"\b(?:mit|an) {_GAP}(?P<who>{who})\b,? {_GAP}(?P<verb>{_DE_VERB_LAST})\b")
        )
    return _Reader(
        code,
        tuple(patterns),
        re.compile(rf"{_THERE_IS[code]} {_GAP}(?P<who>{who})\b"),
        re.compile(rf"\b(?P<verb>{_BARE[code]})\b"),
        re.compile(rf"\b(?:{_OWN[code]}) (?:\w+ )?$"),
        re.compile(_NEGATED[code]),
    )


_READERS = tuple(_reader(code) for code in (ES, FR, DE, PT))
# Every person word and every bare transfer verb of the four languages: a text with none
# asks for no one, whatever its verbs (most customer turns stop here).
_ANY = re.compile(
    r"\b(?:"
    + "|".join(rf"{_PERSON[c]}|{_SOMEONE[c]}|{_BARE[c]}" for c in (ES, FR, DE, PT))
    + r")\b|team|abteilung|chef|manager"
)
_SENTENCE = re.compile(r"[^.!?;]+[.!?;]*")
_CLAUSE_END = re.compile(r"[,:;.!?]")


def asks_for_person(text: str) -> bool:
    """Whether `text` (any of the four languages) asks for a person or a team other than
    the one answering, or to be passed on."""
    folded = fold(text)
    if not _ANY.search(folded):
        return False
    folded = folded.replace("¿", " ").replace("¡", " ")
    for sentence in _SENTENCE.findall(folded):
        question = "?" in sentence
        for reader in _READERS:
            if any(
                _asks(reader, sentence, question, m) for m in _matches(reader, sentence, question)
            ):
                return True
    return False


def _matches(reader: _Reader, sentence: str, question: bool) -> list[re.Match[str]]:
    found = [m for p in reader.patterns if (m := p.search(sentence))]
    if question:
        found += [m for m in (reader.there.search(sentence),) if m]
    found += [m for m in (reader.bare.search(sentence),) if m]
    return found


def _asks(reader: _Reader, sentence: str, question: bool, found: re.Match[str]) -> bool:
    groups = found.groupdict()
    at = found.start("who") if groups.get("who") else found.end()
    if groups.get("who"):
        if reader.own.search(sentence[:at]):
            return False  # the customer's own people
        infinitive = _INFINITIVE.get(reader.code)
        gap = sentence[found.end("verb") if groups.get("verb") else found.start() : at]
        if infinitive is not None and any(
            w.group(0) not in _NOT_INFINITIVE for w in infinitive.finditer(gap)
        ):
            return False  # the person is another verb's object
        if reader.code == DE and not groups.get("verb", "").startswith(("spr", "red", "verb")):
            rest = _CLAUSE_END.split(sentence[found.end("who") :], 1)[0].split()
            if rest and rest[-1].endswith("en") and rest[-1] not in _DE_LAST_OK:
                return False  # the clause ends in another verb
    if groups.get("verb") and not question:
        # a no just before the verb, or between it and the person
        start = found.start()
        before = " ".join(sentence[:start].rsplit(",", 1)[-1].split()[-2:])
        if reader.negators.search(before) or reader.negators.search(sentence[start:at]):
            return False
    return True
