"""Preference exports (`dpo`, `kto`) from a run's forks: pairs that share a prefix.

Candidates at one fork point (a conversation's `convsim fork` children at turn T, and the
conversation itself, which continued from the same prefix) are compared by their grade,
`simulator.forks.fork.verdict_score` (mean dimension score). A pair is (better, worse) with a score
gap of at least `min_gap`; equal scores are ties and never paired; a better score with a worse
label (REJECT over ACCEPT) is dropped as contradictory. `chosen` must pass the export filters
(`--verdict`, `--min-score`, `--status`, `--scenario`, `--edge-case`: what may be learnt as
good); `rejected` needs only a grade. Every candidate goes through the privacy screen.

The rows are TRL's conversational shapes: DPO `{"prompt": [messages], "chosen": [assistant
message(s)], "rejected": [...]}`, KTO `{"prompt": [...], "completion": [...], "label": bool}`
(a completion chosen in some pair is True, rejected in some pair False, both: left out).
The prompt is the prefix's chat messages (system prompt first when the scenarios are
readable), ending with the other side's message; a completion is the `--as` side's response
there: its messages up to the other side's next one (with support's tool calls and their
results when `--as support`). A fork point where the other side speaks next has no pair.
Near-duplicate pairs (prompt and both completions alike) are dropped like transcripts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from simulator.export.dedup import near_duplicates
from simulator.export.formats import Message, NotChat, chat_messages, dumps
from simulator.export.select import rejection

PAIRED = ("dpo", "kto")
LABEL_RANK = {"REJECT": 0, "REVIEW": 1, "ACCEPT": 2}


@dataclass
class Candidate:
    record: dict[str, Any]
    score: float | None
    label: str | None
    completion: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class Pair:
    id: str
    prompt: list[Message]
    chosen: Candidate
    rejected: Candidate


FORK_ROWS = (
    "SELECT parent_id, fork_turn, score, label, transcript FROM forks"
    " WHERE status != 'error' ORDER BY parent_id, fork_turn, k, id"
)


def fork_points(
    rows: list[tuple[Any, ...]], parents: dict[str, dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], int, list[Candidate]]]:
    """(parent record, fork turn, candidates with the parent first) per fork point."""
    from agents.types import Verdict
    from simulator.forks.fork import verdict_score

    groups: dict[tuple[str, int], list[Candidate]] = {}
    for parent_id, turn, score, label, text in rows:
        groups.setdefault((parent_id, turn), []).append(Candidate(json.loads(text), score, label))
    for (parent_id, turn), children in groups.items():
        parent = parents.get(parent_id)
        if parent is None or (parent.get("outcome") or {}).get("status") == "error":
            continue
        verdict = parent.get("verdict")
        score = verdict_score(Verdict.model_validate(verdict)) if verdict else None
        own = Candidate(parent, score, (verdict or {}).get("label"))
        yield parent, turn, [own, *children]


def split(
    record: dict[str, Any], turn: int, side: str, system: str | None
) -> tuple[list[Message], list[Message]]:
    """(prompt, completion) of `record` at `turn`; NotChat when there is none for `side`."""
    turns = record.get("turns", [])
    if turn >= len(turns) or turns[turn].get("role") != side:
        raise NotChat("fork point where the other side speaks")
    marker = {"role": side, "content": "\x00"}
    head = chat_messages({"turns": [*turns[:turn], marker]}, side, system)
    prompt = head[:-1]
    if not [m for m in prompt if m["role"] != "system"] and side == "support":
        raise NotChat("no customer message before the fork point")
    whole = chat_messages(record, side, system)
    if whole[: len(prompt)] != prompt:
        raise NotChat("prefix does not match its fork point")
    completion: list[Message] = []
    for m in whole[len(prompt) :]:
        if m["role"] == "user":
            break
        completion.append(m)
    if not completion or completion[0]["role"] != "assistant":
        raise NotChat("no response at the fork point")
    return prompt, completion


def pairs_at(
    candidates: list[Candidate],
    prompt: list[Message],
    min_gap: float,
    decisions: dict[str, str],
    filters: Any,
    dropped: Any,
) -> list[Pair]:
    """Better/worse pairs among the candidates of one fork point, best first."""
    graded = [c for c in candidates if c.score is not None and c.label in LABEL_RANK]
    graded.sort(key=lambda c: (-(c.score or 0.0), str(c.record["id"])))
    out: list[Pair] = []
    for better, worse in combinations(graded, 2):
        gap = (better.score or 0.0) - (worse.score or 0.0)
        if gap <= 0:
            dropped["tie (same score)"] += 1
            continue
        if gap < min_gap:
            dropped["score gap below --min-gap"] += 1
            continue
        if LABEL_RANK[str(better.label)] < LABEL_RANK[str(worse.label)]:
            dropped["higher score with a worse label"] += 1
            continue
        label = decisions.get(better.record["id"], better.label)
        reviewed = better.record["id"] in decisions
        reason = rejection(better.record, label, filters, reviewed=reviewed)
        if reason is not None:
            dropped[f"chosen: {reason}"] += 1
            continue
        if better.completion == worse.completion:
            dropped["same response, different grade"] += 1
            continue
        pair_id = f"{better.record['id']}>{worse.record['id']}"
        out.append(Pair(pair_id, prompt, better, worse))
    return out


def dedup_pairs(pairs: list[Pair], threshold: float) -> tuple[list[Pair], list[Any]]:
    texts = [
        (
            p.id,
            _said(p.prompt)
            + "\n"
            + _said(p.chosen.completion)
            + "\n"
            + _said(p.rejected.completion),
        )
        for p in pairs
    ]
    dups = near_duplicates(texts, threshold)
    gone = {d.id for d in dups}
    return [p for p in pairs if p.id not in gone], dups


def _said(messages: list[Message]) -> str:
    return "\n".join(
        str(m.get("content", "")) for m in messages if m["role"] not in ("tool", "system")
    )


def dpo_lines(pairs: list[Pair]) -> Iterator[str]:
    for p in pairs:
        row = {"prompt": p.prompt, "chosen": p.chosen.completion, "rejected": p.rejected.completion}
        yield dumps(row) + "\n"


def kto_lines(pairs: list[Pair]) -> Iterator[str]:
    """Each completion once per prompt: True if only ever chosen, False if only rejected."""
    seen: dict[str, tuple[list[Message], list[Message], set[bool]]] = {}
    for p in pairs:
        for cand, label in ((p.chosen, True), (p.rejected, False)):
            key = dumps([p.prompt, cand.completion])
            seen.setdefault(key, (p.prompt, cand.completion, set()))[2].add(label)
    for prompt, completion, labels in seen.values():
        if len(labels) == 1:
            yield dumps({"prompt": prompt, "completion": completion, "label": labels.pop()}) + "\n"


def export_pairs(
    request: Any,
    records: list[dict[str, Any]],
    rows: list[tuple[Any, ...]],
    decisions: dict[str, str],
    scenarios: dict[str, Any] | None,
    summary: Any,
    keep: Any,
) -> list[Pair]:
    """The pairs of every fork point; `keep(candidate record, scenario)` is the privacy
    screen (False: the candidate is left out, counted by the caller)."""
    from simulator.export.prompts import system_prompt

    parents = {str(r["id"]): r for r in records}
    for row in rows:  # a fork of a fork shares its prefix with its parent, itself a fork
        fork = json.loads(row[4])
        parents[str(fork["id"])] = fork
    pairs: list[Pair] = []
    for parent, turn, candidates in fork_points(rows, parents):
        summary.total += 1
        scenario = (scenarios or {}).get(str(parent.get("scenario_id")))
        system = system_prompt(request.side, scenario, parent) if scenario else None
        usable: list[Candidate] = []
        prompt: list[Message] = []
        for cand in candidates:
            try:
                prompt, cand.completion = split(cand.record, turn, request.side, system)
            except NotChat as exc:
                summary.dropped[str(exc)] += 1
                continue
            if keep(cand.record, scenario):
                usable.append(cand)
        pairs += pairs_at(usable, prompt, request.min_gap, decisions, request.filters,
                          summary.dropped)  # fmt: skip
    return pairs
