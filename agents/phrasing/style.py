"""Persona styling of customer text: tone, verbosity, vocabulary and writing quirks.

Every transformation works on the *free* parts of a message only. Fact values, and anything
that looks like an identifier, email, phone number or amount, are cut out first and put back
untouched, so a typo or an all-caps quirk can never turn a valid order number into a wrong one.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Collection, Iterable, Sequence

from agents.phrasing.facts import protected_spans
from agents.phrasing.voice import LOW_TECH_WORDS

Segments = list[tuple[str, bool]]  # (text, protected)

TONES = ("polite", "neutral", "friendly", "frustrated", "angry", "anxious", "confused")
_TONE_ALIASES = {
    "courteous": "polite",
    "formal": "polite",
    "cheerful": "friendly",
    "warm": "friendly",
    "casual": "friendly",
    "impatient": "frustrated",
    "annoyed": "frustrated",
    "irritated": "frustrated",
    "rude": "angry",
    "hostile": "angry",
    "aggressive": "angry",
    "worried": "anxious",
    "nervous": "anxious",
    "stressed": "anxious",
    "uncertain": "confused",
    "lost": "confused",
    "sarcastic": "frustrated",
    "calm": "neutral",
    "matter_of_fact": "neutral",
}


def tone_of(value: str | None) -> str:
    if not value:
        return "neutral"
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    return key if key in TONES else _TONE_ALIASES.get(key, "neutral")


def verbosity_of(value: str | None) -> str:
    key = (value or "").strip().lower()
    if key in ("terse", "brief", "short", "minimal", "low", "concise"):
        return "terse"
    if key in ("chatty", "verbose", "talkative", "rambling", "high", "wordy", "detailed"):
        return "chatty"
    return "normal"


def savvy_of(value: str | None) -> str:
    key = (value or "").strip().lower()
    if key in ("low", "novice", "beginner", "none", "basic"):
        return "low"
    if key in ("high", "expert", "advanced", "developer"):
        return "high"
    return "medium"


def split_protected(text: str, keep: Iterable[str]) -> Segments:
    """Cut the text into free and protected runs; `keep` values are always protected."""
    # (in any order, repeats and all: the runs below depend only on which characters the
    # spans cover)
    spans = protected_spans(text)
    for value in keep:
        if value:
            start = text.find(value)
            while start != -1:
                spans.append((start, start + len(value)))
                start = text.find(value, start + len(value))
    if not spans:
        return [(text, False)] if text else []
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    out: Segments = []
    pos = 0
    for s, e in merged:
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def map_free(segments: Segments, fn: Callable[[str], str]) -> Segments:
    return [(t, True) if p else (fn(t), False) for t, p in segments]


def join(segments: Segments) -> str:
    return "".join(t for t, _ in segments)


def capitalize_prose(segments: Segments, prose: Collection[str]) -> Segments:
    """A value said as prose ("the washing machine hose split") is protected from swaps and
    typos, not from the sentence: one that starts a sentence gets its capital like any other
    word there. Identifiers and names (not in `prose`) keep their own case."""
    if not prose:
        return segments
    out: Segments = []
    end = ""  # the last non-space character before the segment
    for text, protected in segments:
        if protected and text in prose and text[:1].islower() and end in ("", ".", "!", "?"):
            text = text[0].upper() + text[1:]
        out.append((text, protected))
        end = text.rstrip()[-1:] or end
    return out


# ---- typos ----------------------------------------------------------------------------

_NEIGHBOURS = {
    "a": "sqw",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "x",
}
_MISSPELL = {
    "receive": "recieve",
    "definitely": "definately",
    "separate": "seperate",
    "because": "becuase",
    "account": "acount",
    "address": "adress",
    "really": "realy",
    "order": "oder",
    "please": "pls",
    "thanks": "thx",
    "you": "u",
    "your": "ur",
    "though": "tho",
    "tomorrow": "tommorow",
    "until": "untill",
    "know": "kno",
    "don't": "dont",
    "can't": "cant",
    "it's": "its",
    "i'm": "im",
    "what": "wat",
    "refund": "refnd",
    "problem": "problme",
    "different": "diffrent",
    "which": "wich",
}
_WORD = re.compile(r"[A-Za-z']+")


def _typo_word(word: str, rng: random.Random) -> str:
    low = word.lower()
    if low in _MISSPELL and rng.random() < 0.6:
        fixed = _MISSPELL[low]
        if word.isupper() and len(word) > 1:  # a word typed in capitals keeps them
            return fixed.upper()
        return fixed.capitalize() if word[:1].isupper() else fixed
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.3:  # swap two letters
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.55:  # drop a letter
        return word[:i] + word[i + 1 :]
    if kind < 0.75:  # double a letter
        return word[:i] + word[i] + word[i:]
    near = _NEIGHBOURS.get(word[i].lower())
    hit = rng.choice(near) if near else word[i]
    return word[:i] + (hit.upper() if word[i].isupper() else hit) + word[i + 1 :]


def typos(segments: Segments, rng: random.Random, rate: float) -> Segments:
    def fn(text: str) -> str:
        return _WORD.sub(
            lambda m: _typo_word(m.group(0), rng) if rng.random() < rate else m.group(0), text
        )

    return map_free(segments, fn)


# ---- quirks ---------------------------------------------------------------------------

_EMOJI = ("🙂", "😊", "🙏", "😅", "👍", "😩", "🤔", "😤", "😬", "🤷", "😀", ":)", ":(", ":/")
_TONE_EMOJI = {
    "angry": ("😡", "😤", "🤬"),
    "frustrated": ("😩", "🙄", "😤", ":/"),
    "anxious": ("😟", "😬", "🙏"),
    "friendly": ("😊", "🙂", "😄", "👋"),
    "confused": ("🤔", "😕", "🤷"),
    "polite": ("🙂", "🙏"),
    "neutral": ("🙂", "👍"),
    "plain": ("🙏", "🤔", "😕"),
    "pleased": ("🙂", "😊", "🙏", "👍", ":)"),
    "upset": ("😩", "😤", "🙄", ":/", ":("),
}
_STRIP_PUNCT = re.compile(r"[.,;:!?]+")


def shouts(quirk: str) -> bool:
    """Whether a persona quirk is typing in capitals ("all_caps", "caps", "shouting")."""
    return quirk.strip().lower().replace("-", "_").replace(" ", "_") in (
        "all_caps",
        "caps",
        "shouting",
    )


def apply_quirks(
    segments: Segments,
    quirks: Sequence[str],
    tone: str,
    rng: random.Random,
    prose: Collection[str] = (),
) -> Segments:
    """The persona's writing quirks, on free text; a protected value said as prose (`prose`:
    a reason, a description) takes the writer's case too, as a typed sentence would."""

    def cased(fn: Callable[[str], str]) -> Segments:
        return [(fn(t), p) if not p or t in prose else (t, p) for t, p in segments]

    for quirk in quirks:
        q = quirk.strip().lower().replace("-", "_").replace(" ", "_")
        if q in ("typos", "typo", "misspellings"):
            segments = typos(segments, rng, 0.08)
        elif q in ("all_caps", "caps", "shouting"):
            # on every turn: a writer who types in capitals does not switch them off and on
            # (reading s13: 534 of 1,549 turns of all-caps personas were in mixed case)
            segments = cased(str.upper)
        elif q in ("lowercase", "no_caps", "all_lowercase"):
            segments = cased(str.lower)
        elif q in ("no_punctuation", "nopunct"):
            segments = map_free(segments, lambda t: _STRIP_PUNCT.sub("", t))
        elif q in ("run_on", "run_on_sentences"):
            segments = map_free(segments, _run_on)
        elif q in ("emoji", "emojis"):
            if rng.random() < 0.75:
                pool = _TONE_EMOJI.get(tone, _EMOJI)
                if tone == "pleased":
                    pool += _EMOJI[:3]
                segments = [*segments, (" " + rng.choice(pool), False)]
        elif q in ("exclamations", "exclamation_marks"):
            segments = map_free(segments, lambda t: t.replace("!", "!!").replace(".", "!"))
        elif q in ("ellipses", "ellipsis"):
            segments = map_free(segments, lambda t: re.sub(r"[.,](\s)", r"...\1", t))
    return segments


_RUN_ON = re.compile(r"(?<!\.)[.;]\s+(\w)(\w?)")


def _run_on(text: str) -> str:
    """Sentences joined with "and"; the next one's capital goes, unless the word keeps it
    ("GDPR", "I")."""

    def join(m: re.Match[str]) -> str:
        # Not after a word or two said on their own ("Anyway. Is there" is not "Anyway and
        # is there"): only sentences are run on.
        before = re.split(r"[.!?]\s", m.string[: m.start()])[-1]
        after = re.split(r"[.!?]", m.string[m.start(1) :], maxsplit=1)[0]
        if len(before.split()) < 3 or len(after.split()) < 3:  # nor before "Again." or "No fees."
            return m.group(0)
        first, second = m.group(1), m.group(2)
        keeps = second.isupper() or (first == "I" and not second)
        return " and " + (first if keeps else first.lower()) + second

    return _RUN_ON.sub(join, text)


_INNER_VOWELS = re.compile(r"(?<=\w)[aeiou](?=\w)")


def heavy_typos(
    segments: Segments, rng: random.Random, garbled: bool = False, shouts: bool = False
) -> Segments:
    """Many typos; `garbled`: so many that the message carries nothing a reader can act on
    (a message support answers with "what do you mean?" must not read clearly): the first
    few words of it, mistyped and without vowels, sent before it was finished. A whole
    message without vowels still reads ("th stndng dsk i odrd is brkn"), and asking what it
    means is then support not reading it. `shouts`: the writer types in capitals (all_caps),
    which a hurried message keeps."""
    segments = typos(segments, rng, 0.9 if garbled else 0.35)
    if garbled:
        segments = map_free(segments, lambda t: _INNER_VOWELS.sub("", t))
        segments = _fragment(segments, rng.choice((2, 3, 3, 4)))
    if rng.random() < 0.5 and not shouts:
        segments = map_free(segments, str.lower)
    if rng.random() < 0.5:
        segments = map_free(segments, lambda t: _STRIP_PUNCT.sub("", t))
    return segments


def _fragment(segments: Segments, words: int) -> Segments:
    """The first `words` words of the message, nothing after them (no closing mark: it was
    sent unfinished)."""
    out: Segments = []
    left = words
    for text, protected in segments:
        tokens = re.findall(r"\S+\s*", text)
        if len(tokens) < left or (protected and tokens):
            out.append((text, protected))
            left -= len(tokens)
        else:
            out.append(("".join(tokens[:left]).rstrip(" .,!?;:-"), protected))
            left = 0
        if left <= 0:
            break
    return out


# A word swapped only where it is a noun of its own, not a label's modifier ("account number",
# "app store" stay).
_LOW_TECH = tuple(
    (re.compile(rf"\b{re.escape(w)}\b(?! (?:number|no|pin|email|holder|name|id|details|"
                r"ending|owner|type|role|store|address|settings)\b)"), p)
    for w, p in LOW_TECH_WORDS
)  # fmt: skip


def low_tech_words(text: str, rng: random.Random) -> str:
    """One plain word for a technical one, as someone unsure of the terms writes."""
    for pattern, plain in _LOW_TECH:
        if rng.random() < 0.5:
            swapped = pattern.sub(plain, text, count=1)
            if swapped != text:
                return swapped
    return text
