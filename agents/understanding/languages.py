"""Which language a support turn is written in, and its text folded for reading.

The support reader has frames for English (agents.understanding.support) and for Spanish,
French, German and Portuguese (agents.understanding.foreign). A bot may answer in any of them
whatever the customer wrote, so the language is decided per turn from the text itself:
counts of each language's commonest function words (articles, pronouns, prepositions,
auxiliaries; never trade phrases) plus the letters only one of them uses (ñ ¿ ¡; ç ã õ; ß ä ö
ü; è ê à œ). A turn with too little evidence is English, the reader's default.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

EN, ES, FR, DE, PT = "en", "es", "fr", "de", "pt"
IT = "it"  # read (decided_language), never played
FOREIGN = (ES, FR, DE, PT)


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words, accents folded (`fold`). Words shared by two languages count for both.
_FUNCTION: dict[str, frozenset[str]] = {
    EN: _w(
        "the and is are to of in for you your we i it this that with have has be on please "
        "will can was were an at by our my not been it's i'm i've we've don't thanks sorry "
        "sure help do how what yes ok a me no so let know"
    ),
    ES: _w(
        "el los las del y su sus usted ustedes esta estan hemos han muy pero mas "
        "puedo podemos gracias hola tu te se lo le les nos al entiendo siento disculpa "
        "ayudar necesito momento tus hay que la de en un una no por para con es se me mi ese "
        "esa este desde ningun ninguna nada ya vale tengo tiene tenemos alguien algun alguna"
    ),
    FR: _w(
        "le les des du et un une pour avec pas ne est vous votre vos nous je il ce cette sur "
        "au aux avons sont merci bonjour qui dans plus tres comprends "
        "desole excuses aider besoin que la de en un une par sans mais"
    ),
    DE: _w(
        "der die das und ist ich sie nicht ein eine einen mit fur auf ihre ihr ihnen ihren "
        "wir zu den dem des bitte danke es auch noch habe haben wurde werden kann konnen "
        "mein meine sich bei verstehe entschuldigung helfen brauche leider bis vielen dank gerne "
        "sind kein keine mir dir mich dich nein als oder aber wie schon mal kurz hab "
        "gleich jetzt gerade geht"
    ),
    # Italian is no language convsim plays, but a bot may answer in it: its own words keep
    # such a turn from being decided as Spanish or French (decided_language only).
    IT: _w(
        "di che per sono della delle degli dei nel nella nei alla alle gli ho abbiamo "
        "hanno grazie prego suo sua puo posso questo questa sul sulla anche ancora molto "
        "buona buongiorno giornata ordine sara lei piacere dispiace subito ecco entro giorni "
        "lavorativi importo rimborso rimborsato controllato indicare procedere quindi gia "
        "avuto nuovo nuova ora perche piu tutto tutti fatto essere stato stata adesso allora "
        "volta stesso il si usata usato acquisto previsto intestato intestata"
    ),
    PT: _w(
        "o os do da dos das em um uma nao seu sua voce obrigado obrigada ola foi na pelo "
        "pela ja posso vou pode entendo desculpas desculpe ajudar preciso instante estou e "
        "isso que eu a de no por para com se me nenhum nenhuma mais ate aqui ainda agora quase "
        "tambem muito te tenho tem temos alguem algum alguma lhe meu minha sim entao pra pro ao "
        "aos num numa"
    ),
}
_LETTERS: dict[str, str] = {ES: "ñ¿¡", FR: "èêàœùûç", DE: "ßäöü", PT: "ãõç", IT: "ìò"}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_ASCII_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # `_WORD` on folded ASCII text, by bitmap
# French elision ("l'adresse", "j'ai", "qu'il"); an English contraction ("what's", "don't")
# is one English word.
_ELIDED = re.compile(r"^(?:[cdjlmnst]|qu)'")
_CONTRACTED = re.compile(r"'(?:s|t|re|ve|ll|d|m)$")


def fold(text: str) -> str:
    """Lower case without diacritics ("Éxito" -> "exito", "ß" -> "ss"): bots and customers
    drop accents, so the cues are written and matched without them."""
    if text.isascii():  # nothing to replace or decompose: most turns of the default mix
        return text.lower()  # casefold, on ASCII
    text = text.casefold().replace("ß", "ss").replace("n°", "num ").replace("nº", "num ")
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_MARKS)


class _Marks(dict[int, int | None]):
    """A `str.translate` table that drops combining marks (`unicodedata.combining`), filled
    per code point as texts bring them: one look-up per character in C instead of a Python
    test per character."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def _words(folded: str) -> list[str]:
    """The words of a folded text."""
    return (_ASCII_WORD if folded.isascii() else _WORD).findall(folded)


@cache
def _cues() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """word -> (the languages it is a function word of, those it is a trade word of): one
    look-up per word of a turn instead of one per word and language. Built on first use (the
    trade vocabularies import this module)."""
    from agents.understanding import foreign, lexicon

    trade = {code: foreign.vocabulary(code) for code in FOREIGN}
    trade[EN] = frozenset(lexicon.verb_forms()) | frozenset(lexicon.OBJECT_KIND)
    every = frozenset().union(*_FUNCTION.values(), *trade.values())
    return {
        w: (
            tuple(code for code, vocab in _FUNCTION.items() if w in vocab),
            tuple(code for code, vocab in trade.items() if w in vocab),
        )
        for w in every
    }


def language_scores(text: str) -> dict[str, float]:
    """Every language's evidence in `text` (function words, trade words, letters)."""
    return _weigh(text)[1]


def exclusive_words(text: str, lang: str, others: Iterable[str]) -> tuple[int, int]:
    """(words of `text` that are cues of `lang` and of none of `others`, words that are cues
    of one of `others` and not of `lang`): words only one side can claim. "Votre prochain
    paiement ... sera prélevé le" has a French-only word ("votre") and no Spanish-only one, though
    Spanish claims "de" and "le" too."""
    theirs = frozenset(others)
    cues = _cues()
    own = other = 0
    for word in _words(fold(text.replace("\u2019", "'"))):
        cue = cues.get(word)
        if cue is None:
            continue
        langs = set(cue[0]) | set(cue[1])
        if lang in langs and not langs & theirs:
            own += 1
        elif langs & theirs and lang not in langs:
            other += 1
    return own, other


def language_of(text: str) -> str:
    """The language of a support text: en, es, fr, de or pt (en when unsure)."""
    return _weigh(text)[0]


def _weigh(text: str) -> tuple[str, dict[str, float]]:
    """The language and every language's evidence (function words, trade words, letters):
    a dict of the caller's own, whatever `_weighed` keeps."""
    if len(text) > CACHED_TEXT:
        return _weigh_text(text)
    found, score = _weighed(text)
    return found, dict(score)


# Texts longer than this are weighed without keeping the result: the caches hold a bounded
# number of texts, and a bot's 100,000-character replies must not make that megabytes.
CACHED_TEXT = 2_000


@lru_cache(maxsize=2048)
def _weighed(text: str) -> tuple[str, tuple[tuple[str, float], ...]]:
    """`_weigh`, once per text: the critic and the roles weigh one sentence or reply several
    times (a reply whole, then each clause, `decided_language` of what is left), a quarter of
    the calls of a run. Kept as tuples, so no caller can change what the next one reads."""
    found, score = _weigh_text(text)
    return found, tuple(score.items())


def _weigh_text(text: str) -> tuple[str, dict[str, float]]:
    found = _words(fold(text.replace("\u2019", "'")))
    if not found:
        return EN, {}
    score = dict.fromkeys(_FUNCTION, 0.0)
    # The verbs and nouns of the trade in each language: "Reembolso tramitado." has no
    # function word at all.
    trade = dict.fromkeys(_FUNCTION, 0)
    cues = _cues()
    for word in found:
        if "'" in word:
            if elided := _ELIDED.match(word):
                score[FR] += 1
                word = word[elided.end() :]
            elif _CONTRACTED.search(word):
                score[EN] += 1
        cue = cues.get(word)
        if cue is not None:
            for code in cue[0]:
                score[code] += 1
            for code in cue[1]:
                trade[code] += 1
    for code, count in trade.items():
        score[code] += count
    if not text.isascii():  # every letter counted is outside ASCII
        low = text.casefold()
        for code, letters in _LETTERS.items():
            score[code] += 1.5 * sum(low.count(ch) for ch in letters)
    best = max(FOREIGN, key=lambda c: score[c])
    if score[EN] == 0 and score[best] >= 1.5:
        return best, score  # not one English word, and some of another language's
    if (
        score[EN] == 0
        and trade[best] >= 1
        and all(
            score[c] < score[best] or trade[c] == trade[best] == len(found)
            for c in FOREIGN
            if c != best
        )
    ):
        # A curt turn ("Erstattet. ORD-41531."): a trade word, one language's; or words that
        # are the same trade words in two languages ("Reembolsado."), read alike in either.
        return best, score
    need = max(2.0, 0.15 * len(found)) if len(found) > 3 else 1.5
    if score[best] >= need and score[best] > score[EN] * 1.2:
        return best, score
    return EN, score


_CLAUSE = re.compile(r"[,:;]\s+|\s+[-\u2013\u2014]\s+")


def _clause_language(clause: str, turn: str) -> str | None:
    """A clause's own language, when its words show one clearly; None when it is too short
    to tell or says nothing against the turn's language. Cached: `by_language` and the
    critic's mixed-language check ask it of the same clause again."""
    if len(clause) > CACHED_TEXT:
        return _clause_language_of(clause, turn)
    return _cached_clause_language(clause, turn)


@lru_cache(maxsize=4096)
def _cached_clause_language(clause: str, turn: str) -> str | None:
    return _clause_language_of(clause, turn)


def _clause_language_of(clause: str, turn: str) -> str | None:
    words = [_unelided(w) for w in _words(fold(clause.replace("\u2019", "'")))]
    if len(words) < 4:
        return None
    found, score = _weigh(clause)
    if found != EN:
        # Twice the turn's own evidence: a short clause shares words with its neighbours
        # ("Según mis instrucciones" has French-looking words and is Spanish).
        return (
            found if found == turn or score[found] >= 2 * max(score.get(turn, 0.0), 1.0) else None
        )
    english = sum(w in _FUNCTION[EN] for w in words) + sum(
        1 for w in _WORD.findall(clause.casefold()) if _CONTRACTED.search(w)
    )
    other = sum(w in _FUNCTION[turn] for w in words) if turn != EN else 0
    return EN if english >= 2 and other == 0 else None


def function_words(text: str, lang: str) -> int:
    """How many of the text's words are function words of `lang` (its own articles,
    pronouns, auxiliaries)."""
    vocab = _FUNCTION.get(lang, frozenset())
    return sum(_unelided(w) in vocab for w in _words(fold(text.replace("\u2019", "'"))))


def _unelided(word: str) -> str:
    """`word` without a French elision ("l'adresse" -> "adresse"); a word without an
    apostrophe is returned as it is, without running the regex on it."""
    return _ELIDED.sub("", word) if "'" in word else word


def clause_language(clause: str, turn: str) -> str | None:
    """A clause's or sentence's own language where its words clearly show one other than
    the turn's, else the turn's or None (agents.checks.mixed_language)."""
    return _clause_language(clause, turn)


def by_language(sentence: str, turn: str) -> list[tuple[str, str]]:
    """A sentence cut where it changes language ("Le remboursement a été effectué, you'll
    see it soon"), or read whole in its own language: each part with the language to read it
    in. Bots switch language in mid turn and mid sentence; a part read in the wrong
    language's frames reads as nothing, or wrongly."""
    parts = [p for p in _CLAUSE.split(sentence) if p.strip()]
    if len(parts) < 2:
        # A whole sentence in another language (a policy quoted in English in a Spanish turn).
        return [(sentence, _clause_language(sentence, turn) or turn)]
    out: list[tuple[str, str]] = []
    current = turn
    for part in parts:
        current = _clause_language(part, turn) or current
        if out and out[-1][1] == current:
            out[-1] = (f"{out[-1][0]}, {part}", current)
        else:
            out.append((part, current))
    return out if len(out) > 1 else [(sentence, turn)]


NAMES = {
    EN: "English", ES: "Spanish", FR: "French", DE: "German", PT: "Portuguese", IT: "Italian",
}  # fmt: skip
# A turn shorter than this, or whose evidence is thin or shared, has no decided language:
# "OK", "Merci!" and "Order W123, refund done" say too little to tell.
# A customer saying they cannot read a language: "I don't understand French", "no entiendo
# este idioma", "je ne comprends pas l'italien", "ich verstehe kein Englisch", "não entendo
# esse idioma", "what language is this?". Grammar of each language, on folded text; the
# language named (or "this language") says which one they cannot read. A request for a
# language ("in Spanish please") is a preference a bot may decline (the switches_language
# edge case), not a statement that the customer cannot follow.
_LANGUAGE_NAMES = {
    "english": EN, "ingles": EN, "anglais": EN, "englisch": EN,
    "spanish": ES, "espanol": ES, "castellano": ES, "espagnol": ES, "spanisch": ES,
    "espanhol": ES, "french": FR, "frances": FR, "francais": FR, "franzosisch": FR,
    "german": DE, "aleman": DE, "allemand": DE, "deutsch": DE, "alemao": DE,
    "portuguese": PT, "portugues": PT, "portugais": PT, "portugiesisch": PT,
    "italian": "it", "italiano": "it", "italien": "it", "italienisch": "it",
}  # fmt: skip
THIS_LANGUAGE = "*"
_NAMED = (
    "|".join(_LANGUAGE_NAMES)
    + "|(?:this|that|your|este|ese|esse|cette|diese) "
    + ("(?:language|idioma|langue|sprache)")
)
_CANNOT_FOLLOW = re.compile(
    rf"\b(?:(?:do not|don'?t|can'?t|cannot|didn'?t) (?:\w+ )?(?:understand|speak|read) "
    rf"(?:\w+ )?(?P<en>{_NAMED})|no (?:entiendo|hablo|comprendo|leo) (?:\w+ )?(?:el )?"
    rf"(?P<es>{_NAMED})|(?:je )?ne (?:comprends|parle|lis) pas (?:\w+ )?(?:l'|le )?"
    rf"(?P<fr>{_NAMED})|ich (?:verstehe|spreche|kann) (?:\w+ )?(?:kein|nicht) (?:\w+ )?"
    rf"(?P<de>{_NAMED})|nao (?:entendo|falo|compreendo|leio) (?:\w+ )?(?:o )?"
    rf"(?P<pt>{_NAMED}))\b|(?P<which>what language is (?:this|that))"
)


def cannot_follow(text: str) -> frozenset[str]:
    """The languages a customer turn says they cannot read (codes; THIS_LANGUAGE for "this
    language" / "what language is this"); empty when it says nothing of the kind."""
    named: set[str] = set()
    for m in _CANNOT_FOLLOW.finditer(fold(text)):
        word = next((g for g in m.groups() if g), "")
        named.add(_LANGUAGE_NAMES.get(word, THIS_LANGUAGE))
    return frozenset(named)


def speaks_none_of(text: str, languages: set[str]) -> bool:
    """A support text of three words or more with not one function word of these languages:
    short turns `decided_language` leaves open can still be shown not to be in them."""
    words = {w.casefold().strip("'") for w in _WORD.findall(fold(text))}
    if len(words) < 3:
        return False
    return not any(words & _FUNCTION[code] for code in languages if code in _FUNCTION)


DECIDE_MIN_WORDS = 5
DECIDE_MIN_SCORE = 2.0
DECIDE_MARGIN = 1.5  # the winner's evidence over the runner-up's
_CLOSE = frozenset({ES, PT, IT})


@lru_cache(maxsize=4096)
def decided_language(text: str) -> str | None:
    """The language of any turn (customer or support) when the evidence is clear, else None.
    Unlike `language_of`, English is never the default: it must be shown like the others.
    Cached: a support side's stock sentences recur across a run's conversations."""
    if len(text.split()) < DECIDE_MIN_WORDS:
        return None
    _, score = _weigh(text)
    if not score:
        return None
    ranked = sorted(score.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < DECIDE_MIN_SCORE or top < second * DECIDE_MARGIN:
        return None
    runner = ranked[1][0]
    if {best, runner} <= _CLOSE and second:
        # Spanish, Portuguese and Italian share most short words ("que", "se", "te"): the
        # winner must also have more words the runner-up cannot claim, or it is undecided.
        own, other = exclusive_words(text, best, (runner,))
        if own <= other:
            return None
    return best


# A customer asking to go on in a language: "can we continue in Spanish please?", "¿podemos
# seguir en español?", "en français s'il vous plaît", "bitte auf Deutsch", "podemos falar em
# português?". A verb of talking or going on, or a "please", next to the language named, on
# folded text; "the manual is in Spanish" asks for nothing.
_ONLY_LANGUAGES = "|".join(k for k in _LANGUAGE_NAMES if _LANGUAGE_NAMES[k] != "it")
_ASKS_FOR = re.compile(
    rf"\b(?:(?:continue|carry on|go on|speak|talk|write|answer|reply|respond|switch|chat|"
    rf"do (?:this|it)|help me)(?: \w+){{0,3}} (?:in|to) (?P<en>{_ONLY_LANGUAGES})|"
    rf"in (?P<en2>{_ONLY_LANGUAGES}),? please|"
    rf"(?:segu|continu|habl|escrib|respond|contest|atend|cambi)\w*(?: \w+){{0,3}} (?:en|al) "
    rf"(?P<es>{_ONLY_LANGUAGES})|en (?P<es2>{_ONLY_LANGUAGES}),? por favor|"
    rf"(?:continu|parl|ecri|repond|poursui|pass)\w*(?: [\w']+){{0,3}} en "
    rf"(?P<fr>{_ONLY_LANGUAGES})|"
    rf"en (?P<fr2>{_ONLY_LANGUAGES}),? (?:s'il vous plait|s'il te plait|svp)|"
    rf"auf (?P<de>{_ONLY_LANGUAGES})(?: \w+){{0,3}} (?:weiter\w*|sprechen|schreiben|"
    rf"antworten|fortfahren|machen)|auf (?P<de2>{_ONLY_LANGUAGES}),? bitte|"
    rf"bitte (?:\w+ ){{0,3}}auf (?P<de3>{_ONLY_LANGUAGES})|"
    rf"(?:continu|segu|fal|escrev|respond|atend|mud)\w*(?: \w+){{0,3}} (?:em|para o) "
    rf"(?P<pt>{_ONLY_LANGUAGES})|em (?P<pt2>{_ONLY_LANGUAGES}),? por favor)\b"
)
# A reply that speaks of languages at all ("I can only help in English", "lo siento, solo
# hablo inglés", "je ne parle que français"): it answered the request, whatever it decided.
_SPEAKS_OF_LANGUAGE = re.compile(
    rf"\b(?:{'|'.join(_LANGUAGE_NAMES)}|language|languages|idioma|idiomas|langue|langues|"
    rf"sprache|sprachen|lingua|linguas)\b"
)


def asks_for_language(text: str) -> str | None:
    """The language (code) a customer turn asks support to go on in, or None."""
    m = _ASKS_FOR.search(fold(text))
    if m is None:
        return None
    word = next(g for g in m.groups() if g)
    return _LANGUAGE_NAMES[word]


def speaks_of_language(text: str) -> bool:
    """A text that names a language or speaks of languages."""
    return _SPEAKS_OF_LANGUAGE.search(fold(text)) is not None
