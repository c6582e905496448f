"""The report's figures: text variety, distance to a reference corpus, cost and latency.

Distinct-n grows as text shrinks, so corpora are compared at one token budget: turns are drawn
in a seeded order until the budget is reached. Self-similarity is the mean Jaccard similarity
of word 3-gram shingles over seeded random pairs of conversations (0: nothing shared). The
distances between length distributions are the Wasserstein-1 distance (in words or turns: how
far, on average, mass has to move) and the Kolmogorov-Smirnov statistic (largest gap between
the two CDFs, 0..1). Everything is seeded, so a report is the same for the same run.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from scenarios import jsondata
from scenarios.inputfiles import InputFileError
from simulator.errors import UserError
from simulator.export.dedup import DEFAULT_THRESHOLD, jaccard, near_duplicates, shingles

TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
BUDGET = 20_000  # tokens per role for distinct-n
PAIRS = 600
SAMPLE = 2000  # conversations for the near-duplicate share
SEED = 7
ROLE_NAMES = {"customer": "customer", "user": "customer", "human": "customer",
              "support": "support", "assistant": "support", "agent": "support",
              "wizard": "support", "gpt": "support"}  # fmt: skip


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.casefold())


def distinct_n(turns: Sequence[str], n: int, budget: int = BUDGET, seed: int = SEED) -> float:
    """Unique n-grams over all n-grams, on a seeded sample of `budget` tokens."""
    order = list(range(len(turns)))
    random.Random(seed).shuffle(order)
    return distinct_in_order((turns[i] for i in order), n, budget)


def distinct_in_order(turns: Iterable[str], n: int, budget: int = BUDGET) -> float:
    """Unique n-grams over all n-grams of the turns' first `budget` tokens, in the order given."""
    grams: list[tuple[str, ...]] = []
    used = 0
    for text in turns:
        if used >= budget:
            break
        toks = tokens(text)[: budget - used]
        used += len(toks)
        grams.extend(tuple(toks[j : j + n]) for j in range(len(toks) - n + 1))
    return len(set(grams)) / len(grams) if grams else 0.0


def duplicate_turn_share(turns: Sequence[str]) -> float:
    """Share of turns whose normalized text already occurred earlier."""
    seen: set[str] = set()
    repeats = 0
    for text in turns:
        key = " ".join(tokens(text))
        repeats += key in seen
        seen.add(key)
    return repeats / len(turns) if turns else 0.0


def self_similarity(texts: Sequence[str], pairs: int = PAIRS, seed: int = SEED) -> float:
    if len(texts) < 2:
        return 0.0
    rng = random.Random(seed)
    cache: dict[int, frozenset[str]] = {}
    total = 0.0
    for _ in range(pairs):
        a, b = rng.sample(range(len(texts)), 2)
        sa = cache.setdefault(a, shingles(texts[a]))
        sb = cache.setdefault(b, shingles(texts[b]))
        total += jaccard(sa, sb)
    return total / pairs


@dataclass
class Variety:
    distinct: dict[str, dict[int, float]]  # role -> n -> distinct-n
    duplicate_turns: dict[str, float]  # role -> share
    self_similarity: float
    near_duplicate_share: float


def variety(
    conversations: Sequence[Mapping[str, Any]], budget: int = BUDGET, sample: int = SAMPLE
) -> Variety:
    """Variety figures; pairwise ones on a seeded sample of at most `sample` conversations."""
    by_role = role_texts(conversations)
    texts = [conversation_text(c) for c in conversations]
    if len(texts) > sample:
        texts = random.Random(SEED).sample(texts, sample)
    dups = near_duplicates([(str(i), t) for i, t in enumerate(texts)], DEFAULT_THRESHOLD)
    return Variety(
        distinct={r: {n: distinct_n(t, n, budget) for n in (1, 2, 3)} for r, t in by_role.items()},
        duplicate_turns={r: duplicate_turn_share(t) for r, t in by_role.items()},
        self_similarity=self_similarity(texts),
        near_duplicate_share=len(dups) / len(texts) if texts else 0.0,
    )


def said(turn: Mapping[str, Any]) -> bool:
    """A message of the dialogue: not a tool result, not a support turn that only calls tools."""
    if turn.get("role") not in ("customer", "support"):
        return False
    return not (turn.get("tool_calls") and not str(turn.get("content", "")).strip())


def role_texts(conversations: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"customer": [], "support": []}
    for conv in conversations:
        for turn in conv.get("turns", []):
            if said(turn):
                out[turn["role"]].append(str(turn.get("content", "")))
    return out


def conversation_text(conv: Mapping[str, Any]) -> str:
    return "\n".join(str(t.get("content", "")) for t in conv.get("turns", []) if said(t))


# --- the reference corpus -----------------------------------------------------------------
def load_reference(path: Path) -> list[dict[str, Any]]:
    """Dialogues as {"turns": [{role, content}]}; reads convsim, openai, sharegpt and STAR-like
    records (`turns`/`messages`/`conversations`; `role`/`speaker`/`from`; `content`/`text`/
    `value`), gzipped or not."""
    fix = "give a JSONL file of dialogues"
    dialogues: list[dict[str, Any]] = []
    try:
        for line in jsondata.read_lines(path, fix):
            if line.problem is not None:
                raise UserError(f"--reference {path}:{line.number}: {line.problem}")
            dialogues.append({"turns": _reference_turns(path, line.number, line.value)})
    except InputFileError as exc:
        raise UserError(f"--reference {exc}") from None
    if not dialogues:
        raise UserError(f"--reference {path}: holds no dialogues; give one JSON object per line")
    return dialogues


def _reference_turns(path: Path, number: int, data: Any) -> list[dict[str, str]]:
    where = f"--reference {path}:{number}"
    raw = None
    if isinstance(data, dict):
        raw = data.get("turns", data.get("messages", data.get("conversations")))
    if not isinstance(raw, list):
        raise UserError(f"{where}: no turns; give a `turns`, `messages` or `conversations` list")
    turns: list[dict[str, str]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise UserError(f"{where}: a turn is not an object with a role and a text")
        who = str(item.get("role", item.get("speaker", item.get("from", "")))).casefold()
        text = item.get("content", item.get("text", item.get("value")))
        role = ROLE_NAMES.get(who)
        if role is not None and isinstance(text, str):
            turns.append({"role": role, "content": text})
    return turns


@dataclass
class Distribution:
    name: str
    ours: np.ndarray
    theirs: np.ndarray
    wasserstein: float
    ks: float


def wasserstein(a: np.ndarray, b: np.ndarray) -> float:
    """W1 between two empirical distributions: the area between their CDFs."""
    grid = np.sort(np.concatenate([a, b]))
    cdf_a = np.searchsorted(np.sort(a), grid[:-1], side="right") / len(a)
    cdf_b = np.searchsorted(np.sort(b), grid[:-1], side="right") / len(b)
    return float(np.sum(np.abs(cdf_a - cdf_b) * np.diff(grid)))


def ks_statistic(a: np.ndarray, b: np.ndarray) -> float:
    grid = np.concatenate([a, b])
    cdf_a = np.searchsorted(np.sort(a), grid, side="right") / len(a)
    cdf_b = np.searchsorted(np.sort(b), grid, side="right") / len(b)
    return float(np.max(np.abs(cdf_a - cdf_b)))


def distributions(
    ours: Sequence[Mapping[str, Any]], theirs: Sequence[Mapping[str, Any]]
) -> list[Distribution]:
    """Turn length (words) per role, and turns per conversation, ours against the reference."""
    mine = role_texts(ours)
    lengths = {role: np.array([len(tokens(t)) for t in mine[role]], dtype=float) for role in mine}
    per_conversation = np.array([sum(map(said, c.get("turns", []))) for c in ours], dtype=float)
    return distributions_of(lengths, per_conversation, theirs)


def distributions_of(
    lengths: Mapping[str, np.ndarray],
    per_conversation: np.ndarray,
    theirs: Sequence[Mapping[str, Any]],
) -> list[Distribution]:
    """`distributions` from our turn lengths per role and dialogue turns per conversation
    (numbers a streamed run keeps), against the reference's dialogues."""
    out: list[Distribution] = []
    ref = role_texts(theirs)
    for role in ("customer", "support"):
        a = np.asarray(lengths.get(role, np.zeros(0)), dtype=float)
        b = np.array([len(tokens(t)) for t in ref[role]], dtype=float)
        if len(a) and len(b):
            out.append(Distribution(f"{role} turn length (words)", a, b, wasserstein(a, b),
                                    ks_statistic(a, b)))  # fmt: skip
    a = np.asarray(per_conversation, dtype=float)
    b = np.array([sum(map(said, c.get("turns", []))) for c in theirs], dtype=float)
    if len(a) and len(b):
        out.append(Distribution("turns per conversation", a, b, wasserstein(a, b),
                                ks_statistic(a, b)))  # fmt: skip
    return out
