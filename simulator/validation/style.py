"""How customers write: the persona statistics `learn` drafts traits from and `validate`
compares, per conversation (a persona is a conversation's customer, not a single turn).

Every figure is a share of conversations or a length, measured on the customer's turns only:
- words per turn (mean over the conversation's customer turns);
- typos: a word seen once in the whole corpus that is one edit away from a word seen at least
  20 times (a corpus-relative reading, so it needs no dictionary and holds in any language);
- lowercase: letters, none of them capitals; all caps: a turn of 3+ words written in capitals;
- no punctuation: 2+ customer turns of 3+ words and none ends with or holds . , ! ?;
- emoji: a character in the emoji blocks; run-on: a turn of 40+ words with at most one stop;
- tone markers: politeness (please, thank, thanks, appreciate, sorry), exclamation marks,
  repeated !!/?? (heat), question-only openings.
The tone marker words are English; other languages get the surface figures only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from simulator.report.metrics import tokens
from simulator.validation.logs import CUSTOMER, Dialogue

_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\U0001f000-\U0001f2ff]")
_POLITE = re.compile(r"\b(please|pls|thank|thanks|thx|appreciate|sorry)\b", re.I)
_HEAT = re.compile(r"[!?]{2,}")
_STOP = re.compile(r"[.!?]")
_PUNCT = re.compile(r"[.,!?;:]")
FREQUENT = 20  # a word seen this often is a spelling a misspelling may be one edit from
FLAGS = (
    "typos",
    "lowercase",
    "all_caps",
    "no_punctuation",
    "emoji",
    "run_on",
    "polite",
    "exclaims",
    "heated",
)


@dataclass(frozen=True)
class Style:
    """One conversation's customer writing habits."""

    words: float  # mean words per customer turn
    turns: int  # customer turns
    flags: frozenset[str]  # which of FLAGS hold


def spelling_index(dialogues: Iterable[Dialogue]) -> tuple[Counter[str], dict[str, bool]]:
    """Word counts over customer turns, and a lookup `word -> is a likely typo`."""
    counts: Counter[str] = Counter()
    for d in dialogues:
        for text in d.texts(CUSTOMER):
            counts.update(tokens(text))
    frequent = {w for w, c in counts.items() if c >= FREQUENT and len(w) >= 3}
    by_deletion: dict[str, set[str]] = {}
    for word in frequent:
        for variant in _deletions(word):
            by_deletion.setdefault(variant, set()).add(word)
    typo: dict[str, bool] = {}
    for word, count in counts.items():
        if count == 1 and len(word) >= 4 and word.isalpha() and word not in frequent:
            variants = {word, *_deletions(word)}
            typo[word] = any(v in by_deletion or v in frequent for v in variants)
    return counts, typo


def _deletions(word: str) -> list[str]:
    """One-deletion variants; two words one edit apart share one (symmetric delete, as in
    SymSpell), which also catches swaps and substitutions."""
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def style_of(dialogue: Dialogue, typo: dict[str, bool]) -> Style:
    texts = dialogue.texts(CUSTOMER)
    lengths = [len(tokens(t)) for t in texts]
    flags: set[str] = set()
    joined = " ".join(texts)
    letters = [c for c in joined if c.isalpha()]
    if letters and not any(c.isupper() for c in letters):
        flags.add("lowercase")
    if any(typo.get(w, False) for t in texts for w in tokens(t)):
        flags.add("typos")
    pairs = list(zip(texts, lengths, strict=True))
    if any(n >= 3 and t.upper() == t and any(c.isalpha() for c in t) for t, n in pairs):
        flags.add("all_caps")
    wordy = [t for t, n in pairs if n >= 3]
    if len(wordy) >= 2 and not any(_PUNCT.search(t) for t in wordy):
        flags.add("no_punctuation")
    if _EMOJI.search(joined):
        flags.add("emoji")
    if any(n >= 40 and len(_STOP.findall(t)) <= 1 for t, n in pairs):
        flags.add("run_on")
    if _POLITE.search(joined):
        flags.add("polite")
    if "!" in joined:
        flags.add("exclaims")
    if _HEAT.search(joined):
        flags.add("heated")
    mean = sum(lengths) / len(lengths) if lengths else 0.0
    return Style(mean, len(texts), frozenset(flags))


def styles(dialogues: Sequence[Dialogue], typo: dict[str, bool] | None = None) -> list[Style]:
    if typo is None:
        _, typo = spelling_index(dialogues)
    return [style_of(d, typo) for d in dialogues]


def shares(found: Sequence[Style]) -> dict[str, float]:
    """Share of conversations showing each flag."""
    total = len(found) or 1
    return {flag: sum(flag in s.flags for s in found) / total for flag in FLAGS}
