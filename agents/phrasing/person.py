"""A customer's own words said back by support: the first person made the second.

A scenario's variable may be drawn in the customer's voice ("a cash withdrawal I didn't
make", "deux achats en ligne que je ne reconnais pas"), because the customer says it. When a
support line says it back ("Because you've seen {suspicious}, ..."), the value must be in
the second person, as support addresses the customer: "a cash withdrawal you didn't make",
"deux achats en ligne que vous ne reconnaissez pas" (reading s18: "you've seen a cash
withdrawal I didn't make"). The languages other than English address the customer formally
(usted, vous, Sie) or as "você", as the banks do.

`addressed(value, language)` gives the value with its person shifted, or None when it has a
first-person word this module cannot shift (a verb form it does not know): the caller then
keeps the value as it is rather than guess a conjugation.
"""

from __future__ import annotations

import re

# Pronouns and possessives, each language: the first person -> the form support uses.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "I'm": "you're",
        "I've": "you've",
        "I'd": "you'd",
        "I'll": "you'll",
        "I": "you",
        "me": "you",
        "my": "your",
        "mine": "yours",
        "myself": "yourself",
        "am": "are",
        "was": "were",
    },
    "es": {
        "yo": "usted",
        "mi": "su",
        "mis": "sus",
        "me": "le",
        "conmigo": "con usted",
        # verbs in the first person singular (present, preterite) -> usted
        "hice": "hizo",
        "hago": "hace",
        "tengo": "tiene",
        "tuve": "tuvo",
        "he": "ha",
        "estoy": "está",
        "estuve": "estuvo",
        "soy": "es",
        "fui": "fue",
        "puedo": "puede",
        "pude": "pudo",
        "quiero": "quiere",
        "necesito": "necesita",
        "reconozco": "reconoce",
        "conozco": "conoce",
        "sé": "sabe",
        "vi": "vio",
        "veo": "ve",
        "pedí": "pidió",
        "pido": "pide",
        "autoricé": "autorizó",
        "autorizo": "autoriza",
        "compré": "compró",
        "recibí": "recibió",
        "perdí": "perdió",
        "pagué": "pagó",
        "uso": "usa",
        "usé": "usó",
        "llamé": "llamó",
        "encuentro": "encuentra",
        "reconocí": "reconoció",
        "di": "dio",
    },
    "fr": {
        "je": "vous",
        "j'": "vous ",
        "moi": "vous",
        "me": "vous",
        "m'": "vous ",
        "mon": "votre",
        "ma": "votre",
        "mes": "vos",
        "le mien": "le vôtre",
        "la mienne": "la vôtre",
        # verbs after "je" -> "vous"
        "ai": "avez",
        "suis": "êtes",
        "fais": "faites",
        "peux": "pouvez",
        "veux": "voulez",
        "sais": "savez",
        "vais": "allez",
        "dois": "devez",
        "reconnais": "reconnaissez",
        "connais": "connaissez",
        "vois": "voyez",
        "prends": "prenez",
        "avais": "aviez",
        "étais": "étiez",
        "faisais": "faisiez",
        "retrouve": "retrouvez",
        "trouve": "trouvez",
        "utilise": "utilisez",
        "paie": "payez",
        "comprends": "comprenez",
    },
    "de": {
        "ich": "Sie",
        "mich": "sich",
        "mir": "Ihnen",
        "mein": "Ihr",
        "meine": "Ihre",
        "meinen": "Ihren",
        "meinem": "Ihrem",
        "meiner": "Ihrer",
        "meines": "Ihres",
        # verbs in the first person singular -> "Sie"
        "habe": "haben",
        "hatte": "hatten",
        "bin": "sind",
        "war": "waren",
        "kenne": "kennen",
        "mache": "machen",
        "brauche": "brauchen",
        "weiß": "wissen",
        "kann": "können",
        "will": "wollen",
        "muss": "müssen",
        "sehe": "sehen",
        "finde": "finden",
        "erkenne": "erkennen",
        "benutze": "benutzen",
        "nutze": "nutzen",
        "zahle": "zahlen",
        "bekomme": "bekommen",
        "möchte": "möchten",
    },
    "pt": {
        "eu": "você",
        "meu": "seu",
        "minha": "sua",
        "meus": "seus",
        "minhas": "suas",
        "comigo": "com você",
        # verbs in the first person singular (present, preterite) -> "você"
        "fiz": "fez",
        "faço": "faz",
        "tenho": "tem",
        "tive": "teve",
        "sou": "é",
        "fui": "foi",
        "estou": "está",
        "estive": "esteve",
        "posso": "pode",
        "pude": "pôde",
        "quero": "quer",
        "preciso": "precisa",
        "reconheço": "reconhece",
        "conheço": "conhece",
        "sei": "sabe",
        "vi": "viu",
        "vejo": "vê",
        "pedi": "pediu",
        "peço": "pede",
        "autorizei": "autorizou",
        "comprei": "comprou",
        "recebi": "recebeu",
        "perdi": "perdeu",
        "paguei": "pagou",
        "uso": "usa",
        "usei": "usou",
        "liguei": "ligou",
        "encontro": "encontra",
        "dei": "deu",
    },
}
# Verb forms read as the first person only beside another first-person word: alone they are
# nouns or other persons too ("el uso", "he" in English text, "di").
_AMBIGUOUS = {"uso", "he", "di", "vi", "encuentro", "sé", "sei", "war", "will", "kann", "muss"}
_PRONOUNS: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|myself)\b"),
    "es": re.compile(r"(?i)\b(?:yo|mi|mis|me|conmigo)\b"),
    "fr": re.compile(r"(?i)(?:\bje\b|\bj'|\bmoi\b|\bme\b|\bm'|\bmon\b|\bma\b|\bmes\b)"),
    "de": re.compile(r"(?i)\b(?:ich|mich|mir|mein\w*)\b"),
    "pt": re.compile(r"(?i)\b(?:eu|meu|minha|meus|minhas|comigo)\b"),
}
# Spanish and Portuguese drop the pronoun ("que no reconozco"): their verb forms say it.
_VERBS: dict[str, frozenset[str]] = {
    lang: frozenset(k for k in _WORDS[lang] if k not in _AMBIGUOUS) for lang in ("es", "pt")
}
_TOKEN = re.compile(r"(?i)\b[jmn]'|\w+|\W+")
_EN_TOKEN = re.compile(r"[\w']+|[^\w']+")


def first_person(value: str, language: str) -> bool:
    """Whether `value` says something in the first person (in `language`)."""
    cue = _PRONOUNS.get(language)
    if cue is None:
        return False
    if cue.search(value):
        return True
    verbs = _VERBS.get(language, frozenset())
    return any(w in verbs for w in re.findall(r"\w+", value.lower()))


def addressed(value: str, language: str) -> str | None:
    """`value` with its first person made the second (support's address), the value itself
    when it has none, or None when one of its first-person words cannot be shifted."""
    if not first_person(value, language):
        return value
    table = _WORDS[language]
    if language == "en":
        return _english(value, table)
    words = value.lower().split()
    if not _verb_known(value.lower(), language):
        return None
    out: list[str] = []
    for token in _TOKEN.findall(value):
        low = token.lower()
        new = table.get(low)
        if language == "de" and low == "mich":
            new = "sich" if "ich" in words else "Sie"  # reflexive beside "ich", else "Sie"
        if new is None:
            out.append(token)
            continue
        if token[:1].isupper() and new[:1].islower():
            new = new[:1].upper() + new[1:]
        out.append(new)
    text = re.sub(r"\s{2,}", " ", "".join(out))
    return None if first_person(text, language) else text


_SUBJECT = {"es": ("yo",), "fr": ("je", "j'"), "de": ("ich",), "pt": ("eu",)}
_VERB_NOT_PERSON = frozenset(
    {
        "yo",
        "je",
        "j'",
        "ich",
        "eu",
        "mi",
        "mis",
        "me",
        "moi",
        "m'",
        "mon",
        "ma",
        "mes",
        "mich",
        "mir",
        "meu",
        "minha",
        "meus",
        "minhas",
    }
)


def _verb_known(low: str, language: str) -> bool:
    """A subject pronoun ("je", "ich", "yo", "eu") needs its verb in the table: "je mange"
    shifted to "vous mange" would be wrong. French reads the verb right after the pronoun
    (past "ne", "n'", "en", "y")."""
    tokens = [t.strip() for t in _TOKEN.findall(low) if t.strip()]
    subjects = _SUBJECT[language]
    if not any(t in subjects for t in tokens):
        return True
    verbs = {k for k in _WORDS[language] if k not in _VERB_NOT_PERSON}
    if language != "fr":
        return any(t in verbs for t in tokens)
    for i, t in enumerate(tokens):
        if t in subjects:
            rest = [w for w in tokens[i + 1 :] if w not in ("ne", "n'", "en", "y")]
            if not rest or rest[0] not in verbs:
                return False
    return True


def _english(value: str, table: dict[str, str]) -> str | None:
    """English: pronouns and the two verbs whose form follows "I" (am, was)."""
    out: list[str] = []
    after_i = False
    for token in _EN_TOKEN.findall(value.replace("’", "'")):
        if token.isspace():
            out.append(token)
            continue
        new = table.get(token) if token in ("I", "I'm", "I've", "I'd", "I'll") else None
        if new is None and token.lower() in ("me", "my", "mine", "myself"):
            new = table[token.lower()]
            new = new[:1].upper() + new[1:] if token[:1].isupper() else new
        if new is None and after_i and token in ("am", "was"):
            new = table[token]
        after_i = token == "I"
        out.append(new if new is not None else token)
    return "".join(out)
