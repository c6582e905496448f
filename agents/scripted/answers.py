"""What the scripted support agent says to a question no knowledge item answers, and to a
second issue raised beside the first.

A question asked after the decision ("When will I hear back?", "Do I need to do anything?")
is answered from the decision's own sentences when one of them answers that kind of
question (the email it mentions, the date it gives); otherwise support says it has nothing
more than it told, rather than replaying the whole decision as if that answered it. The cues
are kinds of question (when, how much, will I be told, what must I do), read from the
question's words, and kinds of answer, read from the decision's words: both hold for any
scenario's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[a-z]{4,}")

# (question cue, answer cue): the first question cue the question shows picks the sentence
# of the decision that shows its answer cue.
_KINDS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (  # being told: an email, a letter, a text, a call
        re.compile(
            r"(?i)\b(hear back|hear from|get an? (?:e-?mail|confirmation|letter|text)|"
            r"be (?:told|notified|contacted)|know (?:it|that|if|when)|confirm\w*)\b"
        ),
        re.compile(
            r"(?i)\b(e-?mail\w*|letter|notice|notif\w*|text message|sms|confirmation|"
            r"call you|contact you|hear from)\b"
        ),
    ),
    (  # time
        re.compile(
            r"(?i)\b(when|how long|how soon|what time|kick in|take effect|by when|"
            r"until when)\b"
        ),
        re.compile(
            r"(?i)\b(\d+(?:\s*(?:to|-)\s*\d+)?\s*(?:business |working )?(?:minutes?|"
            r"hours?|days?|weeks?|months?|years?)|today|tomorrow|tonight|next "
            r"(?:week|month|year|billing|bill)|within|immediately|straight away|right "
            r"away|from the|from now|from today|first of|by the end|\d{4}-\d\d-\d\d|"
            r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
        ),
    ),
    (  # money
        re.compile(r"(?i)\b(how much|cost|price|fee|charged?|pay|refund\w*|money)\b"),
        re.compile(
            r"(?i)(\$\s?\d|\d+(?:\.\d\d)?\s?(?:dollars|euros?|pounds)|\bfree\b|no "
            r"(?:extra )?(?:cost|charge|fee)|refund\w*|credit\w*|deductible|premium)"
        ),
    ),
    (  # what the customer has to do, or can do instead
        re.compile(
            r"(?i)\b(do i (?:need|have) to|(?:need|have) to do|what (?:should|do|can) i "
            r"do|next steps?|what happens now|what now|suggest\w*|instead|alternatives?|"
            r"other (?:way|option)s?|options?|appeal)\b"
        ),
        re.compile(
            r"(?i)\b(you(?:'ll| will)? (?:need|have) to|please|you can|you could|just|make "
            r"sure|remember|send us|reply|sign in|log in|call us|contact us|bring|instead|"
            r"still|alternatively|option|i can offer|we can)\b"
        ),
    ),
    (  # why: the reason support gave
        re.compile(r"(?i)\b(why|how come|what for)\b"),
        re.compile(
            r"(?i)(\bbecause\b|\bsince\b|, so\b|\bonly\b|\bpolicy\b|\brules?\b|"
            r"\beligible\b|\bcan't\b|\bcannot\b|\bnot able\b|\bprotects?\b)"
        ),
    ),
)
_TO_DO = _KINDS[3][0]


# The same kind of question in the other four languages the scripted engine writes ("muss
# ich noch etwas tun?" went unanswered as "nothing more to tell", reading s15).
_TO_DO_OTHER = re.compile(
    r"(?i)(?:tengo que hacer|debo hacer|hace falta que haga|qu[eé] hago|"
    r"dois-je faire|je dois faire|(?:il )?faut(?:-il)? que je fasse|que faire|"
    r"muss ich (?:noch )?(?:etwas|was|irgendetwas) (?:tun|machen)|was muss ich|"
    r"preciso fazer|tenho que fazer|devo fazer|o que eu fa[cç]o)"
)


def asks_what_to_do(question: str) -> bool:
    """Whether the question asks what the customer still has to do."""
    return bool(_TO_DO.search(question) or _TO_DO_OTHER.search(question))


# Questions that ask for the decision itself again.
# (and a check on it: "so that's a no?", "is that all sorted?", "I'm not sure I follow")
_AGAIN = re.compile(
    r"(?i)\b(again|explain|what does (?:that|this) mean|what did you (?:do|say)|"
    r"remind me|recap|go over|that's a no|is that (?:it|all)|all sorted|nothing you can do|"
    r"can't do anything|(?:don't|not sure i) follow)\b"
)
# The same in the other four languages the scripted engine writes: "vous pouvez me
# réexpliquer ?" was read by its words alone, matched no sentence of the decision and was
# answered "I have no more details" (text7's read, session 19). Asking to hear it again, to
# have it summed up, not following, or checking it is all done.
_AGAIN_OTHER = re.compile(
    r"(?i)(?:explic\w* (?:\w+ )?(?:otra vez|de nuevo|nuevamente|outra vez|de novo|novamente)|"
    r"volver a explic|repet\w*|resum\w*|no (?:le |lo )?(?:sigo|entiendo|entend[ií])|"
    r"est[aá] (?:ya )?(?:todo )?(?:hecho|resuelto|listo|solucionado|arreglado)|"
    r"r[ée]-?expliqu|expliqu\w* (?:\w+ )?(?:à nouveau|encore|de nouveau)|r[ée]p[ée]t\w*|"
    r"redire|r[ée]sum\w*|je ne (?:vous )?suis (?:pas|plus)|(?:c'est|tout est|est-ce) "
    r"(?:bien )?(?:r[ée]gl[ée]|fait|termin[ée]|bon)\b|"
    r"noch ?(?:ein)?mal (?:erkl[äa]r|sag|wiederhol|zusammenfass)|wiederhol\w*|"
    r"zusammenfass\w*|komme (?:da |ich )?nicht (?:ganz )?mit|(?:erledigt|geklärt|"
    r"fertig)\?|"
    r"reexplic|n[aã]o (?:te |lhe )?(?:entendi|acompanhei)|est[aá] (?:j[aá] )?(?:tudo )?"
    r"(?:resolvido|certo|feito|pronto)\b)"
)
_STOP = frozenset(
    re.findall(
        r"\w+",
        "that this what when where which will with have does there their they about from your "
        "would could should again just then than into also much many more some need want",
    )
)


def answering(question: str, said: str) -> str | None:
    """The sentences of `said` (the decision, as support said it) that answer `question`,
    or None when none does. A question that asks for the decision again gets all of it."""
    sentences = [s.strip() for s in _SENTENCE.split(said.strip()) if s.strip()]
    if not sentences:
        return None
    if _AGAIN.search(question) or _AGAIN_OTHER.search(question):
        return said.strip()
    for asks, answers in _KINDS:
        if asks.search(question):
            found = [s for s in sentences if answers.search(s)]
            if found:
                return " ".join(found)
            return None  # that kind of answer is not in what support said
    words = {w for w in _WORD.findall(question.lower()) if w not in _STOP}
    stems = {w[:5] for w in words}
    found = [s for s in sentences if stems & {w[:5] for w in _WORD.findall(s.lower())}]
    return " ".join(found) if found else None


# A decision's own opening stance ("I'm sorry,", "Unfortunately", "I checked, and"): said
# again behind a lead that points back ("As I said, ..."), the stance goes, as the lead is
# the turn's reaction now.
_OWN_STANCE = re.compile(
    r"(?i)^(?:(?:i'm|i am) (?:very |really |so )?sorry(?: to say| about that)?|"
    r"sorry about that|sorry|unfortunately|i'm afraid|i am afraid|sadly|regrettably|"
    r"i apologi[sz]e|apologies|honestly|good news|great news|all done|done|okay|alright|"
    r"you're right|you are right|i(?:'ve| have)? checked)(?:\s*,\s*and\b|\s*[,:!.-])?\s+(?=\w)"
)


_POINTS_BACK = re.compile(
    r"(?i)^(?:as|like) i (?:said|mentioned|explained)(?: before| earlier)?\s*,\s+(?=\w)"
)


def gist(said: str, question: str = "", english: bool = True) -> str:
    """What support says again of a decision it already gave: the sentences that answer
    `question` (the customer's words that brought it back), else the first one; in English
    without its own stance, for a lead that points back to take its place ("As I said, the
    size you need isn't available"). Never the whole long turn word for word again."""
    part = answering(question, said) if question else None
    sentences = [t.strip() for t in _SENTENCE.split((part or said).strip()) if t.strip()]
    if not sentences:
        return said.strip()
    if part is None:
        text = sentences[0]
    elif len(sentences) > 1 and part.strip() == said.strip():
        # asked for all of it again ("vous pouvez me réexpliquer ?"): said shorter
        text = shortened(said, "") or sentences[0]
    else:
        text = " ".join(sentences)
    if english:
        # A line that points back itself ("As I said, a refund isn't possible") would get a
        # second lead ("As I said, as I said, ..."): its own goes first.
        text = _POINTS_BACK.sub("", text, count=1) or text
        rest = _OWN_STANCE.sub("", text, count=1)
        if rest and rest != text and rest[:1].isalpha():
            text = rest[0].upper() + rest[1:]
    return text


_DIGIT = re.compile(r"\d")


def shortened(answer: str, question: str) -> str | None:
    """An answer said again, shorter: the sentences of it that answer `question` (by its
    kind of question, else its words), else the ones holding a figure; None when that is the
    whole answer (a one-sentence answer said again is the same answer, said to be so)."""
    sentences = [t.strip() for t in _SENTENCE.split(answer.strip()) if t.strip()]
    if len(sentences) < 2:
        return None
    part = answering(question, answer) if question else None
    chosen = [t for t in sentences if part and t in part]
    if not chosen or len(chosen) == len(sentences):
        chosen = [t for t in sentences if _DIGIT.search(t)] or sentences[:1]
    if len(chosen) == len(sentences):
        chosen = sentences[:1]
    return " ".join(chosen)


_STEM_WORD = re.compile(r"[^\W\d_]{4,}|\d+")


@lru_cache(maxsize=2048)
def _stems(text: str) -> frozenset[str]:
    """The five-letter stems of a text's words. Cached: `said_before` reads every earlier
    turn again for each new line."""
    return frozenset(w[:5] for w in _STEM_WORD.findall(text.lower()))


def said_before(text: str, earlier: Iterable[str]) -> bool:
    """Whether support already said `text` (its first sentence) in an earlier turn: most of
    its words, by stem, in one turn (a word swapped since is still the same sentence)."""
    first = _SENTENCE.split(text.strip(), maxsplit=1)[0]
    words = _stems(first)
    return bool(words) and any(len(words & _stems(e)) >= 0.8 * len(words) for e in earlier)


_LONG_WORDS = re.compile(r"[^\W_]+")


def says_again(text: str, earlier: Iterable[str], own: str = "") -> bool:
    """Whether `text` has a sentence of five words or more that an earlier turn said word
    for word (a lead like "Das verstehe ich, aber diese Prüfung gilt für alle." drawn twice):
    the turn is then drawn again. The scenario's own words (`own`, the move's content) are
    not the draw's: drawing again would not change them."""
    mine = {
        t.strip()
        for t in _clauses(text)
        if len(_LONG_WORDS.findall(t)) >= 5 and t.strip() not in own
    }
    if not mine:
        return False
    if any(t.strip() in mine for e in earlier for t in _clauses(e)):
        return True
    # the same sentence behind another opening word or two ("Lo entiendo, pero las
    # comprobaciones son las mismas para todos." after "Le entiendo, pero ..."): a repeat too
    # (statements only: a request asked again until the details come is no repeat)
    ours = [_words(t) for t in mine if _stating(t)]
    return bool(ours) and any(
        _same_but_opening(w, theirs) for e in earlier for theirs in _stated(e) for w in ours
    )


@lru_cache(maxsize=2048)
def _stated(text: str) -> tuple[tuple[str, ...], ...]:
    """The words of each statement of an earlier turn (`says_again`), once per turn: each
    new turn compares itself with all the earlier ones."""
    return tuple(_words(t) for t in _SENTENCE.split(text.strip()) if _stating(t))


@lru_cache(maxsize=2048)
def _clauses(text: str) -> tuple[str, ...]:
    """The sentences of a turn, and what follows a lead ending on a colon as a sentence of
    its own: "Weiter im Text: Könnten Sie mir bitte Ihre Versicherungsnummer nennen?" says
    the request of the turn before again word for word (German redirects, text7's read).
    Cached (a tuple): `says_again` reads every earlier turn again at each new turn."""
    out = []
    for sentence in _SENTENCE.split(text.strip()):
        out.append(sentence)
        head, colon, tail = sentence.rpartition(": ")
        if colon and head and tail:
            out.append(tail)
    return tuple(out)


def _stating(sentence: str) -> bool:
    return ":" not in sentence and not sentence.rstrip().endswith("?")


@lru_cache(maxsize=4096)
def _words(sentence: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _LONG_WORDS.findall(sentence))


def _same_but_opening(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two sentences end alike in all but their first two words at most, with five
    or more words in common ("Entendo, mas ..." and "Eu entendo, mas ...")."""
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= min(len(a), len(b)) - 2


# What opens a sentence that adds an issue: "Also, ...", "On top of that: ...", "And - ...".
# Compared word by word allowing one slip per word of four letters or more ("Puls",
# "Anotjer thing"): people type these fast.
_ADDERS = tuple(
    tuple(m.split())
    for m in (
        "also",
        "plus",
        "oh and",
        "and also",
        "while im here",
        "on top of that",
        "another thing",
        "one more thing",
        "separately",
        "besides that",
        "in addition",
        "additionally",
        "and another thing",
        # the other languages a persona writes (reading s16: German and Portuguese second
        # requests went unanswered)
        "ah y otra cosa",
        "y otra cosa",
        "otra cosa",
        "ya que estoy",
        "además",
        "y por cierto",
        "ah et autre chose",
        "et autre chose",
        "autre chose",
        "tant que jy suis",
        "en plus",
        "et au fait",
        "ach und noch etwas",
        "und noch etwas",
        "noch etwas",
        "wo ich schon mal hier bin",
        "außerdem",
        "und übrigens",
        "ah e mais uma coisa",
        "e mais uma coisa",
        "mais uma coisa",
        "já que estou aqui",
        "além disso",
        "e aliás",
    )
)
_LEAD_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_AND_MARKED = re.compile(r"(?i)^\W*and\s*[,:\-\u2013\u2014]")  # "And - ...", "and, ..."


def second_issue(text: str, values: Iterable[str] = ()) -> bool:
    """Whether a customer's message raises a second issue: a sentence after the first that
    opens by adding something and states it (a question there asks about the first; one
    carrying a detail of the case, one of `values`, gives that detail: "Plus, Delgado for
    the last name")."""
    sentences = [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]
    adding = [s for s in sentences[1:] if _adds(s) and not s.endswith("?")]
    if not adding:  # most messages: the values are not looked at
        return False
    given = [v.lower() for v in values if v.strip()]
    return any(not any(v in s.lower() for v in given) for s in adding)


def _adds(sentence: str) -> bool:
    """Opens with an adding marker and says something after it: "Oh and: great." adds
    nothing (three words at least follow the marker)."""
    words = [w.replace("'", "") for w in _LEAD_WORDS.findall(sentence.lower())]
    if _AND_MARKED.match(sentence):
        return len(words) >= 4
    if not words:
        return False
    return any(
        len(words) >= len(m) + 3
        and all(_near(w, x) for w, x in zip(words[1 : len(m)], m[1:], strict=True))
        for m in _opened_by(words[0])
    )


@lru_cache(maxsize=4096)
def _opened_by(word: str) -> tuple[tuple[str, ...], ...]:
    """The markers whose first word `word` is near: most sentences open with a word near
    none, and are then done without comparing every marker again."""
    return tuple(m for m in _ADDERS if _near(word, m[0]))


def _near(word: str, marker: str) -> bool:
    """Equal, or (four letters and more) one letter changed, added, dropped or swapped."""
    if word == marker:
        return True
    if min(len(word), len(marker)) < 4 or abs(len(word) - len(marker)) > 1:
        return False
    if len(word) == len(marker):
        diff = [i for i, (p, q) in enumerate(zip(word, marker, strict=True)) if p != q]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1
        return len(diff) == 1 or (
            swapped and word[diff[0]] == marker[diff[1]] and word[diff[1]] == marker[diff[0]]
        )
    short, long_ = sorted((word, marker), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def with_note(text: str, note: str) -> str:
    """`note` placed in `text`: before a closing question (which stays last, for the
    customer to answer), else at the end."""
    sentences = _SENTENCE.split(text.strip())
    if len(sentences) > 1 and sentences[-1].rstrip().endswith("?"):
        return " ".join([*sentences[:-1], note, sentences[-1]])
    if sentences and sentences[-1].rstrip().endswith("?"):
        return f"{note} {text.strip()}"
    return f"{text.strip()} {note}"


# A customer turn with no task content after support spoke: what it says about being there.
# Asking for a moment is a closed class of words in each language a persona writes ("un
# momento", "une seconde", "Moment bitte", "peraí", "je reviens"): read in all of them, as
# a bot under test may be answered in any, and a check-in ("¿Sigue ahí?") after "espera"
# ignores what the customer just said.
_WAITING = re.compile(
    r"(?i)\b(sec|second|moment|minute|brb|be right back|hold on|hang on|wait|one min|"
    r"momento|momentito|segundo|minuto|minutinho|espera|espere|ahora vuelvo|ya vuelvo|"
    r"seconde|secondes|instant|attendez|attends|je reviens|"
    r"sekunde|augenblick|bin gleich|gleich wieder|gleich zur[üu]ck|"
    r"pera[ií]|pera a[ií]|j[aá] volto|volto j[aá])(?!\w)"
)
_POKE = re.compile(r"(?i)^\W*(?:hello+|hi|anyone there|are you (?:still )?there|you there)?\W*$")
_PRESENT = re.compile(r"(?i)\b(still here|i'?m here|i am here|i'?m back|back now|ok|okay|hmm+)\b")


def silence_kind(text: str) -> str | None:
    """None for nothing said ("", "..."): support checks in. "wait" for a customer who asks
    for a moment ("one sec", "brb"): support waits. "poke" for one asking whether support is
    there ("hello?", "?"), "present" for one saying they are ("still here", "ok"): support
    carries on rather than asking whether they are still there."""
    if not any(ch.isalnum() for ch in text):
        return "poke" if "?" in text else None
    if _WAITING.search(text):
        return "wait"
    if _POKE.match(text):
        return "poke"
    if _PRESENT.search(text):
        return "present"
    return None
