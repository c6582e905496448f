"""Garbled support replies: what a broken bot or pipeline sends instead of an answer.

A reply cut off mid-sentence (a token limit, a stream closed early), a reply whose words came
out in random order (a tokenizer or join bug), the customer's own message sent back (a
pipeline that returns its input): none of these is a support side failing the scenario, each
makes the transcript unusable and the customer unhelped. They are read from the text alone,
in five languages, by its shape, never by the words a scenario wrote:

- `echoed_turn`: a support reply that says again what a customer turn said (the same words, or
  a reply made of a run of the customer's words: at least 90% of it and six words), or the
  customer's question just asked sent back word for word by a side without acts (three
  words or more).
- `truncated_turn`: a reply that ends on a word that cannot end a sentence in its language (an
  article, a possessive, a conjunction, a preposition that needs its noun: "the", "votre",
  "und", "de la"), or on a comma or an opening bracket, with nothing after it.
- `scrambled_turn`: a reply whose sentence punctuation sits inside the sentence: a word ending
  a sentence (".", "?", "!") followed by a lowercase word, twice or more (abbreviations,
  numbers, addresses aside), or a function word that needs a noun after it right before such a
  mark (". the", "the.") together with one such break.

Severity major (data_quality): one such reply sends the conversation to review, which is where
a reader decides; it is not the scenario's fault of the support side, so no policy score.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.customer import longest_shared_run, word_tuple
from agents.checks.pii import mask_pii
from agents.types import Finding, Turn
from agents.understanding.languages import fold, language_of

# Words that cannot end a sentence: articles, possessive determiners, coordinating and
# subordinating conjunctions, and prepositions that never stand alone at a clause's end (no
# English "for", "about", "with": "what is it for?"; no German separable particles: "zu",
# "an", "auf", "mit"). Folded (lower case, no accents).
_OPEN_ENDED = {
    "en": "the a an and or but of your my our their its than because whether per via into onto the",
    "es": "el la los las un una unos unas y o pero de del al que su sus mi mis tu tus nuestro "
    "nuestra nuestros nuestras con para por en sin porque cuando",
    "fr": "le la les un une des du de et ou mais que votre vos mon ma mes notre nos son sa ses "
    "ce cette ces pour avec sans dans au aux sur par quand parce",
    "de": "der die das den dem des ein eine einen einem einer eines und oder aber dass weil "
    "wenn ob ihr ihre ihren ihrem ihrer ihres mein meine meinen unser unsere unseren fur von "
    "zum zur im vom beim",
    "pt": "o a os as um uma uns umas e ou mas de do da dos das que seu sua seus suas meu minha "
    "nosso nossa com para por em no na pelo pela ao aos porque quando",
}
OPEN_ENDED: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in _OPEN_ENDED.items()}
# Determiners and articles: a sentence never ends right after one, in any of the languages.
_DETERMINERS = {
    "en": "the a an your my our their",
    "es": "el la los las un una unos unas su sus mi mis",
    "fr": "le la les un une des du votre vos mon ma mes notre nos",
    "de": "der die das den dem des ein eine einen einem einer eines ihre ihren ihrem",
    "pt": "o os as um uma uns umas seu sua seus suas meu minha",
}
DETERMINERS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in _DETERMINERS.items()}
# The last word of a reply, and what follows it.
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")
_CUT_MARK = re.compile(r"[,(\[{\u201c\u201e\u00ab]\s*$")
_TERMINAL = re.compile(r"[.!?\u2026]")
# A token that ends a sentence inside the reply, then the next token.
# From a token's start only: tried at every character of a 30,000-character token, `\S+`
# ran to its end each time (quadratic: 14 s of CPU a reply, outsider18 #3).
_BREAK = re.compile(r"(?<!\S)(\S+)[.!?]\s+([^\W\d_][\w'-]*)")
# Tokens before a "." that do not end a sentence: abbreviations ("e.g.", "z.B.", "Nr."), short
# tokens, identifiers, amounts, dates, addresses.
_ABBREVIATION = re.compile(r"^(?:\w{1,3}|\w*[\d@/.:]\w*|[A-Z]+)$")
_KNOWN_ABBREVIATIONS = frozenset(
    [
        "etc",
        "approx",
        "incl",
        "excl",
        "bzw",
        "usw",
        "ggf",
        "inkl",
        "evtl",
        "vgl",
        "mwst",
        "tel",
        "sra",
        "srta",
        "aprox",
        "pag",
        "cf",
        "env",
    ]
)
ECHO_SHARE = 0.9
ECHO_MIN_WORDS = 6
ECHO_QUESTION_WORDS = 3  # a question said back word for word, from this many words
SCRAMBLED_BREAKS = 2
HABIT_MIN = 3
# A sentence mark at the end, before closing quotes/brackets or symbols (emoji, "*").
_ENDING = re.compile(r"[.!?\u2026:)\]][\W_]*$|[^\w\s.,;:!?(\[{]\s*$")
# The last token is a value (an id, an amount, an address, a link), written without a mark.
_SENTENCE_START = re.compile(r"(?<![^\W\d_])[^\W\d_]{2,}[.!?]\s+[A-Z\u00c0-\u00de]")
# A list or a value introduced by a colon, or items on lines of their own.
_LIST = re.compile(r":|\n|(?:^|\s)(?:\d{1,2}[.)]|[-*\u2022])\s")
_VALUE_END = re.compile(r"(?:[\w.+-]*[\d@/][\w.+/@-]*|\b[A-Z]{2,})\s*$")


def garbled_replies(ctx: GradeContext) -> CheckResult:
    """Every support reply read for the three shapes above; one finding per reply."""
    findings: list[Finding] = []
    said = _Said()  # the customer's turns so far
    habits = _Habits.of([t.content for _, t in ctx.support_turns()])
    for index, turn in enumerate(ctx.turns):
        if turn.role == "customer" and turn.content.strip():
            said.add(index, word_tuple(turn.content), _norm(turn.content))
            continue
        if turn.role != "support" or not turn.content.strip():
            continue
        finding = (
            _echo(index, turn, said) or _scrambled(index, turn, habits) or _cut(index, turn, habits)
        )
        if finding is not None:
            findings.append(finding)
    return CheckResult(tuple(findings)) if findings else PASS


@dataclass(frozen=True)
class _Habits:
    """How this support side writes its replies: how many end on a sentence mark and how many
    start with a capital. A reply that breaks a habit every other reply keeps (at least
    HABIT_MIN of them) is read as broken; a side that writes without marks has no habit."""

    replies: int
    ended: int
    capitalised: int
    lower_starts: int  # sentences inside replies that start in lower case ("done. see you")

    @classmethod
    def of(cls, texts: list[str]) -> _Habits:
        texts = [t.strip() for t in texts if t.strip()]
        return cls(
            len(texts),
            sum(_ends_sentence(t) for t in texts),
            sum(t[:1].isupper() for t in texts if t[:1].isalpha()),
            sum(_lower_breaks(t) for t in texts),
        )

    def always_ends(self, text: str) -> bool:
        """Every other reply (HABIT_MIN at least) ends on a sentence mark."""
        others = self.replies - 1
        return others >= HABIT_MIN and self.ended - _ends_sentence(text) == others

    def always_capitalises(self, text: str) -> bool:
        others = self.replies - 1
        return others >= HABIT_MIN and self.capitalised - text[:1].isupper() == others


def _lower_breaks(text: str) -> int:
    """Sentence marks inside the text followed by a lower-case word, abbreviations aside."""
    breaks = 0
    for match in _BREAK.finditer(text):
        before, after = match.group(1), match.group(2)
        if _ABBREVIATION.match(before) or fold(before) in _KNOWN_ABBREVIATIONS:
            continue
        breaks += after[:1].islower()
    return breaks


# What the patterns anchored at the end (`...$`) read: searched over a whole reply they are
# tried at every character and each try may run to the end, quadratic in a long reply.
TAIL_CHARS = 500


def _tail(text: str) -> str:
    return text[-TAIL_CHARS:]


def _ends_sentence(text: str) -> bool:
    """The text ends on a sentence mark, closing quotes, brackets and emoji aside."""
    return bool(_ENDING.search(_tail(text)))


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _finding(index: int, turn: Turn, category: str, why: str) -> Finding:
    return Finding(
        turn=index,
        dimension="data_quality",
        category=category,
        severity="major",
        evidence=mask_pii(turn.content),
        explanation=why,
    )


class _Said:
    """The customer's turns so far, looked up instead of scanned (a scan per reply made a long
    conversation quadratic): by their text, and by their runs of ECHO_MIN_WORDS words."""

    def __init__(self) -> None:
        self.last: tuple[int, str] | None = None  # the latest turn and its text
        self.by_text: dict[str, int] = {}  # text -> the latest turn saying it
        self.words: dict[int, tuple[str, ...]] = {}  # the turns long enough to be copied
        self.grams: dict[tuple[str, ...], list[int]] = {}  # run of words -> turns, in order

    def add(self, index: int, words: tuple[str, ...], text: str) -> None:
        self.last = (index, text)
        self.by_text[text] = index
        if len(words) < ECHO_MIN_WORDS:
            return
        self.words[index] = words
        for start in range(len(words) - ECHO_MIN_WORDS + 1):
            turns = self.grams.setdefault(words[start : start + ECHO_MIN_WORDS], [])
            if not turns or turns[-1] != index:
                turns.append(index)

    def copied(self, words: tuple[str, ...], text: str) -> int | None:
        """The latest turn the reply (`words`, `text`) is a copy of: the same text, or a
        shared run of ECHO_SHARE of the reply's words with a turn at least that long.

        Such a run covers, wherever it starts, the reply's words [w - run, run): a turn that
        holds it holds each of their runs of ECHO_MIN_WORDS words (at least that many: the
        share is 0.9), so only the turns listed under the rarest of those are compared."""
        share = ECHO_SHARE * len(words)
        found = self.by_text.get(text)
        run = math.ceil(share)
        core = words[len(words) - run : run]
        lists = [
            self.grams.get(core[i : i + ECHO_MIN_WORDS], [])
            for i in range(len(core) - ECHO_MIN_WORDS + 1)
        ]
        for at in reversed(min(lists, key=len) if lists else []):
            if found is not None and at < found:
                break
            theirs = self.words[at]
            if len(theirs) >= share and longest_shared_run(words, theirs) >= share:
                return at
        return found


def _echo(index: int, turn: Turn, said: _Said) -> Finding | None:
    """The reply is a customer turn said back: the same text, or a run of its words."""
    words = word_tuple(turn.content)
    text = _norm(turn.content)
    if (
        turn.act is None
        and said.last is not None
        and len(words) >= ECHO_QUESTION_WORDS
        and "?" in text
        and text == said.last[1]
    ):
        # the customer's question sent back as a bot's reply ("What's the best pasta
        # topping?"): no answer asks the same question in the same words (an annotated turn
        # says by its act what it meant: a clarify may quote the question)
        why = f"support sends back the customer's own words (turn {said.last[0]}) as its reply"
        return _finding(index, turn, "echoed_turn", why)
    if len(words) < ECHO_MIN_WORDS:
        return None
    # A shared run is no longer than the customer's turn: a turn shorter than the share
    # (most are: support's replies run longer) is not compared word by word.
    at = said.copied(words, text)
    if at is None:
        return None
    why = f"support sends back the customer's own words (turn {at}) as its reply"
    return _finding(index, turn, "echoed_turn", why)


def _cut(index: int, turn: Turn, habits: _Habits) -> Finding | None:
    """The reply stops where a sentence cannot: on an article, a conjunction, a comma. A reply
    that stops on any other word without a mark is not read as cut, even from a side that ends
    every other reply on one: people and templated bots leave the mark off whole replies
    ("Okay booked", "I do not have that information": 1% of the human agents' replies in a
    public corpus of task dialogues), so that habit only supports `_scrambled`."""
    text = turn.content.rstrip()
    if _TERMINAL.search(text[-1:]):
        return None
    if _CUT_MARK.search(_tail(text)):
        return _finding(index, turn, "truncated_turn", "support's reply breaks off mid-sentence")
    found = _LAST_WORD.search(_tail(text))
    if found is None or not text.endswith(found.group(1)):
        return None  # ends in a value, an emoji, a closing bracket: not read
    last = fold(found.group(1))
    if last in OPEN_ENDED.get(language_of(text), OPEN_ENDED["en"]):
        why = f"support's reply breaks off mid-sentence (after '{found.group(1)}')"
        return _finding(index, turn, "truncated_turn", why)
    if _last_sentence_bare(text) and habits.always_ends(text):
        why = (
            "support's reply breaks off mid-sentence: its last sentence has no mark, where "
            "its sentences before and every other reply end on one"
        )
        return _finding(index, turn, "truncated_turn", why)
    return None


def _last_sentence_bare(text: str) -> bool:
    """A reply of sentences that end on marks ("I'm sorry. ...") whose last one, of two words
    or more and not ending on a value, has none."""
    starts = list(_SENTENCE_START.finditer(text))
    if not starts:
        return False
    last = text[starts[-1].end() - 1 :]
    if _LIST.search(last):
        return False  # "The options are: 1. Change of plan 2. Other": items need no mark
    return len(last.split()) >= 2 and not _VALUE_END.search(_tail(last))


def _scrambled(index: int, turn: Turn, habits: _Habits) -> Finding | None:
    """Sentence marks inside sentences: the words came out of order. Two breaks, or one with
    a stranded article or a broken habit (a lowercase start, no mark at the end)."""
    text = turn.content.strip()
    if len(text.split()) < 6:
        return None
    breaks = _lower_breaks(text)
    if not breaks or habits.lower_starts > breaks:
        return None  # a side that starts sentences in lower case elsewhere writes that way
    determiners = DETERMINERS.get(language_of(text), DETERMINERS["en"])
    stranded = sum(fold(m.group(1)) in determiners for m in _BREAK.finditer(text))
    if not breaks:
        return None
    broken_habit = (text[:1].islower() and habits.always_capitalises(text)) or (
        not _ends_sentence(text) and habits.always_ends(text)
    )
    if breaks >= SCRAMBLED_BREAKS or stranded or broken_habit:
        why = "support's reply has its words out of order (sentences end mid-sentence)"
        return _finding(index, turn, "scrambled_turn", why)
    return None
