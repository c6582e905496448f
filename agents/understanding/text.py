"""Support text as the reader takes it: markup removed, split into sentences and tokens.

Bots write markdown (headings, bullets, bold, tables, code spans) and emoji; the frames in
agents.understanding.support read words, so `plain` turns markup into the sentences it
stands for ("## Refund issued" is a sentence, a bullet is a sentence, a table cell is a
sentence) before anything else is read. Tokens spell clitics apart ("can't" -> can n't).
"""

from __future__ import annotations

import re
from functools import lru_cache

from agents.understanding import lexicon as lx

# Markdown that carries no words: heading marks, bullets and quote marks at a line start,
# emphasis and code marks around words, table rules; a link keeps its text.
_LINE_MARK = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+\u2022][ \t]+|\d{1,2}[.)][ \t]+)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`+|~~)(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORE = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TABLE_RULE = re.compile(
    r"(?m)^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*(?:\n|$)"
)
_CELL = re.compile(r"[ \t]*\|[ \t]*")


_ITEM = re.compile(r"^[ \t]*(?:[-*+\u2022]|\d{1,2}[.)])[ \t]+(.+?)[ \t]*$")


def _join_lists(text: str) -> str:
    """A short list right after a line ending in a colon joined onto that line ("I'll need:
    - your order number - your email" -> "I'll need your order number, your email"): the
    items are the lead's objects, read in its mood, not sentences of their own."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        items: list[str] = []
        j = i + 1
        while line.rstrip().endswith(":") and j < len(lines):
            m = _ITEM.match(lines[j])
            if m is None or len(m.group(1).split()) > 12 or re.search(r"[.!?]\S", m.group(1)):
                break
            items.append(m.group(1).rstrip(".;,"))
            j += 1
        if items and (j == len(lines) or not _ITEM.match(lines[j])):
            out.append(f"{line.rstrip().rstrip(':').rstrip()} {', '.join(items)}")
            i = j
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def plain(text: str) -> str:
    """`text` without markdown markup; each table cell and list item on its own line, but
    a short list after a colon joined onto its lead."""
    if not any(ch in text for ch in "#*_`>|[~-+\u2022") and not re.search(r"(?m)^\s*\d", text):
        return text
    out = _LINK.sub(r"\1", _join_lists(text) if ":\n" in text else text)
    out = _TABLE_RULE.sub("", out)
    out = _LINE_MARK.sub("", out)
    for _ in range(2):  # bold inside italics
        out = _EMPHASIS.sub(r"\2", out)
    out = _UNDERSCORE.sub(r"\1", out)
    if "|" in out:
        out = "\n".join(
            "\n".join(c.strip() for c in _CELL.split(line.strip().strip("|")) if c.strip())
            if "|" in line
            else line
            for line in out.splitlines()
        )
    return out


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_CLITIC = re.compile(r"(?<=[a-z])(n't|'ve|'s|'re|'m|'ll|'d)\b")
_TYPO = {
    "cant": "can n't", "cannot": "can not", "wont": "wo n't", "dont": "do n't",
    "doesnt": "does n't", "didnt": "did n't", "isnt": "is n't", "wasnt": "was n't",
    "couldnt": "could n't", "havent": "have n't", "hasnt": "has n't", "im": "i 'm",
    "ive": "i 've", "ill": "i 'll", "thats": "that 's", "youre": "you 're", "were": "were",
    "u": "you", "ur": "your", "pls": "please", "plz": "please", "thx": "thanks", "n": "and",
}  # fmt: skip
_TOKEN = re.compile(r"n't|'\w+|#|[\w$£€%@.\-]*\w|[?!]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+|;\s+|\s+-\s+|(?<=\?)(?=\w)")
CLAUSE_BREAK = lx.wordset("and but so then or because")
CONDITIONAL = re.compile(r"^\W*(?:if|once|when|after|unless|as soon as|before)\b", re.I)


def spelled_out(text: str) -> str:
    """Contractions spelled out ("don't" -> "do not") for the patterns that read negation."""
    return " ".join(tokens(text)).replace(" n't", " not").replace("can not", "cannot")


def tokens(sentence: str) -> list[str]:
    """The sentence's tokens, a list of the caller's own (see `_tokens`); a text longer
    than CACHED_TEXT is not kept."""
    if len(sentence) > CACHED_TEXT:
        return list(_tokens.__wrapped__(sentence))
    return list(_tokens(sentence))


# The longest text whose reading a cache here keeps: bounded caches of short texts (a reply's
# sentences) stay small; a bot's 100,000-character reply is read again rather than kept.
CACHED_TEXT = 2_000


@lru_cache(maxsize=4096)
def _tokens(sentence: str) -> tuple[str, ...]:
    """`tokens`, once per sentence: most calls repeat a sentence already read (the readers
    of one reply read its clauses in turn). A tuple, so no caller can change the cached
    value."""
    low = _CLITIC.sub(r" \1", sentence.casefold().translate(_QUOTES)).replace("won 't", "wo n't")
    out: list[str] = []
    for tok in _TOKEN.findall(low):
        out.extend(_TYPO.get(tok, tok).split())
    return tuple("will" if t == "wo" else t for t in out)


_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:no|nr|num|ref|acct|approx|e\.g|i\.e|etc|mr|mrs|ms|dr|st|vs|min|hr|hrs|"
    r"mon|tue|wed|thu|fri|sat|sun|[a-z])\.$",
    re.IGNORECASE,
)


# "Your ride has been booked, should I book the viewing too?": two moves in one sentence.
_TAIL_QUESTION = re.compile(
    r",\s+(?=(?:should|shall|would|will|can|could|do|does|is|are|may|what|when|where|which|"
    r"how|anything)\b[^,]*\?\s*$)",
    re.IGNORECASE,
)
_TITLE = re.compile(r"(?:^|\s)(?:mr|mrs|ms|dr)\.$", re.IGNORECASE)


# How much of a reply is read sentence by sentence: its first READ_HEAD and last READ_TAIL
# characters, in whole sentences, a "sentence" longer than READ_PIECE (text with no marks)
# in pieces cut at spaces. Support replies run to a few thousand characters; one of 99,000
# characters of prose (about 1,000 sentences, or one endless one, under the 100,000 a reply
# may have) cost a quarter to half a second of CPU each time it was read, and it is read
# several times a turn (outsider18 #3).
READ_HEAD = 6_000
READ_TAIL = 2_000
READ_PIECE = 1_000


def _pieces(sentence: str) -> list[str]:
    """`sentence`, or a longer one in pieces of at most READ_PIECE cut at a space."""
    if len(sentence) <= READ_PIECE:
        return [sentence]
    out: list[str] = []
    start = 0
    while start < len(sentence):
        end = min(start + READ_PIECE, len(sentence))
        if end < len(sentence):
            space = sentence.rfind(" ", start + READ_PIECE // 2, end)
            end = space if space != -1 else end
        out.append(sentence[start:end].strip())
        start = end
    return [piece for piece in out if piece]


def reading_window(items: list[str]) -> tuple[list[str], bool]:
    """The sentences (or clauses) of a reply that are read one by one, and whether some were
    left out: a reading that skipped some says so (`SupportReading.unread`), so what it
    could not see is undecided, never passed."""
    if sum(len(item) for item in items) <= READ_HEAD + READ_TAIL:
        return items, False
    pieces = [piece for item in items for piece in _pieces(item)]
    head: list[str] = []
    used = 0
    for piece in pieces:
        if used + len(piece) > READ_HEAD:
            break
        head.append(piece)
        used += len(piece)
    tail: list[str] = []
    used = 0
    for piece in reversed(pieces[len(head) :]):
        if used + len(piece) > READ_TAIL:
            break
        tail.append(piece)
        used += len(piece)
    return head + tail[::-1], True


def sentences(text: str) -> list[str]:
    """Sentences, not broken after an abbreviation ("order no. 5", "e.g. a receipt")."""
    out: list[str] = []
    pieces = [
        q for p in _SENTENCE.split(text.translate(_QUOTES)) if p for q in _TAIL_QUESTION.split(p)
    ]
    for piece in pieces:
        piece = piece.strip() if piece else ""
        if not piece:
            continue
        if (
            out
            and _ABBREVIATION.search(out[-1])
            and (not piece[0].isupper() or _TITLE.search(out[-1]))
        ):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or bool(lx.QUESTION_START.search(sentence))
