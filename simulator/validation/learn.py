"""`convsim learn`: from a team's real conversations, a draft of what convsim needs to
simulate that team's traffic (intents, fact kinds, persona statistics), with nothing personal
and nothing verbatim beyond short n-grams in it.

The draft is data (`Draft`), turned into files by `simulator.validation.draft_files`.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from simulator.validation import style as st
from simulator.validation.facts import fact_kinds, identifier_shape
from simulator.validation.intents import Clustering, cluster_openings, opening
from simulator.validation.logs import CUSTOMER, SUPPORT, Dialogue
from simulator.validation.rewording import (
    K_ANON,
    Rewriter,
    document_frequency,
    ngram_keys,
)

OPENINGS = 8
CLOSINGS = 3
FACT_SHARE = 0.25  # a fact kind given in this share of an intent's conversations is drafted
TERSE_WORDS = 6.0  # mean words per customer turn below this: terse; above CHATTY: chatty
CHATTY_WORDS = 18.0
FLOOR = 0.02  # every trait value keeps this weight, so coverage still reaches the unseen
QUIRK_FLAGS = ("typos", "lowercase", "no_punctuation", "emoji", "run_on", "all_caps")
SEED = 7


@dataclass
class Intent:
    name: str
    count: int
    words: list[str]  # the characteristic words the name is made of
    terms: list[str]
    openings: list[str]
    closings: list[str]
    facts: dict[str, float]  # kind -> share of the intent's conversations giving it
    id_shape: str
    customer_turns: int  # the 90th percentile of customer turns per conversation


@dataclass
class Draft:
    conversations: int
    clustering: Clustering
    intents: list[Intent]
    persona: dict[str, Any]  # statistics
    weights: dict[str, dict[str, float]]  # trait -> value -> weight
    notes: list[str] = field(default_factory=list)


def learn(dialogues: Sequence[Dialogue]) -> Draft:
    texts = [opening(d) for d in dialogues]
    clustering = cluster_openings(texts)
    df = document_frequency([*d.texts(CUSTOMER), *d.texts(SUPPORT)] for d in dialogues)
    forbidden = ngram_keys(t for d in dialogues for _, t in d.turns)
    names: set[str] = set()
    intents: list[Intent] = []
    for c in range(clustering.k):
        members = [d for d, label in zip(dialogues, clustering.labels, strict=True) if label == c]
        if not members:
            continue
        opens = [t for t, label in zip(texts, clustering.labels, strict=True) if label == c]
        words = _words(clustering.terms[c], df)
        name = _name(words, names, c)
        names.add(name)
        closing_texts = [_closing(d) for d in members]
        customer_texts = [t for d in members for t in d.texts(CUSTOMER)]
        fact_counts: Counter[str] = Counter()
        for d in members:
            fact_counts.update({k for t in d.texts(CUSTOMER) for k in fact_kinds(t)})
        counts = sorted(len(d.texts(CUSTOMER)) for d in members)
        intents.append(
            Intent(
                name=name,
                count=len(members),
                words=words,
                terms=[t for t in clustering.terms[c] if _public(t, df)],
                openings=Rewriter(opens, df, forbidden).lines(OPENINGS, SEED + c),
                closings=Rewriter([t for t in closing_texts if t], df, forbidden).lines(
                    CLOSINGS, SEED + 1000 + c
                ),
                facts={k: n / len(members) for k, n in sorted(fact_counts.items())},
                id_shape=identifier_shape(customer_texts),
                customer_turns=counts[min(len(counts) - 1, int(0.9 * len(counts)))],
            )
        )
    intents.sort(key=lambda i: (-i.count, i.name))
    found = st.styles(dialogues)
    persona = persona_statistics(found)
    notes = [
        f"{len(i.openings)} reworded openings for {i.name}; add your own"
        for i in intents
        if len(i.openings) < 3
    ]
    return Draft(len(dialogues), clustering, intents, persona, trait_weights(found), notes)


def _closing(d: Dialogue) -> str:
    """The support side's last words with some content (a bare "Bye" teaches nothing)."""
    for text in reversed(d.texts(SUPPORT)):
        if len(text.split()) >= 4:
            return text
    return ""


def _public(term: str, df: Counter[str]) -> bool:
    return all(df[w.casefold()] >= K_ANON for w in term.split())


def _words(terms: Sequence[str], df: Counter[str]) -> list[str]:
    """An intent's characteristic words: no stop words, no rare (identifying) ones."""
    words: list[str] = []
    for term in terms:
        for word in term.split():
            word = "".join(c for c in word.casefold() if c.isascii() and (c.isalnum() or c == "_"))
            ok = len(word) >= 3 and word[0].isalpha() and word not in ENGLISH_STOP_WORDS
            if ok and word not in words and df[word] >= K_ANON:
                words.append(word)
        if len(words) >= 3:
            break
    return words[:3]


def _name(words: Sequence[str], taken: set[str], index: int) -> str:
    base = "_".join(words) or f"intent_{index + 1}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def persona_statistics(found: Sequence[st.Style]) -> dict[str, Any]:
    words = [s.words for s in found]
    return {
        "words_per_turn": {
            "mean": round(statistics.fmean(words), 2) if words else 0.0,
            "median": round(statistics.median(words), 2) if words else 0.0,
        },
        "customer_turns": {
            "mean": round(statistics.fmean(s.turns for s in found), 2) if found else 0.0,
        },
        "shares": {k: round(v, 4) for k, v in st.shares(found).items()},
    }


def trait_weights(found: Sequence[st.Style]) -> dict[str, dict[str, float]]:
    """Weights for the trait library's verbosity, quirks and tone from the statistics; each
    value keeps at least FLOOR so the planner still draws what the logs do not show."""
    total = len(found) or 1
    verbosity = Counter(
        "terse" if s.words < TERSE_WORDS else "chatty" if s.words > CHATTY_WORDS else "normal"
        for s in found
    )
    shares = st.shares(found)
    quirks = {q: max(shares[q], FLOOR) for q in QUIRK_FLAGS}
    plain = sum(not (s.flags & set(QUIRK_FLAGS)) for s in found) / total
    plain = min(plain, 0.98)
    quirks["none"] = plain * sum(quirks.values()) / (1 - plain)  # P(no quirk) as observed
    tone = Counter(_tone(s) for s in found)
    return {
        "verbosity": {v: _floor(verbosity[v] / total) for v in ("terse", "normal", "chatty")},
        "quirks": {k: round(v, 4) for k, v in quirks.items()},
        "tone": {
            v: _floor(tone[v] / total)
            for v in ("polite", "neutral", "friendly", "frustrated", "angry", "anxious", "confused")
        },
    }


def _tone(s: st.Style) -> str:
    if "heated" in s.flags or "all_caps" in s.flags:
        return "frustrated"
    if "polite" in s.flags:
        return "polite"
    if "exclaims" in s.flags or "emoji" in s.flags:
        return "friendly"
    return "neutral"


def _floor(value: float) -> float:
    return round(max(value, FLOOR), 4)
