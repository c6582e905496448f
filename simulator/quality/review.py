"""Human review of the critic's REVIEW items: decisions stored in run.db, applied to records.

A decision is `accept` or `reject` (a person overrules or confirms the critic), or `skip` with
a note kept for later. Decisions live in the `reviews` table (migration m003_reviews), one per
conversation, a later decision replacing an earlier one. They win over the critic's label:
`decisions(store)` is what exports read, and `apply_review(record, decision)` is how a
transcript record shows one (a `review` field; the critic's verdict is left as it was).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from agents.types import Transcript, VerdictLabel
from simulator.store.atomic import write_atomic
from simulator.store.rundb import RunStore

DecisionName = Literal["accept", "reject", "skip"]
LABELS: dict[str, VerdictLabel] = {"accept": "ACCEPT", "reject": "REJECT"}


@dataclass(frozen=True)
class Decision:
    decision: DecisionName
    note: str = ""
    critic_label: str | None = None

    @property
    def label(self) -> VerdictLabel | None:
        """The label the person gave (ACCEPT or REJECT), or None when they only skipped."""
        return LABELS.get(self.decision)

    def as_json(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "label": self.label,
            "note": self.note,
            "critic_label": self.critic_label,
        }


def decisions(store: RunStore) -> dict[str, Decision]:
    """Every stored decision by conversation id (exports: a `label` wins over the critic's)."""
    rows = store.db.execute(
        "SELECT conversation_id, decision, note, critic_label FROM reviews ORDER BY seq"
    )
    return {cid: Decision(d, note, label) for cid, d, note, label in rows}


def record_decision(store: RunStore, conversation_id: str, decision: Decision) -> None:
    db = store.db
    db.execute("BEGIN IMMEDIATE")
    try:
        (seq,) = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM reviews").fetchone()
        db.execute(
            "INSERT OR REPLACE INTO reviews (conversation_id, decision, note, critic_label, seq)"
            " VALUES (?, ?, ?, ?, ?)",
            (conversation_id, decision.decision, decision.note, decision.critic_label, seq),
        )
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def review_items(store: RunStore, include_decided: bool = False) -> Iterator[Transcript]:
    """Conversations the critic labelled REVIEW, in plan order; decided ones only on request.

    Skipped ones come back: a skip is not a decision.
    """
    decided = {cid for cid, d in decisions(store).items() if d.label is not None}
    rows = store.db.execute(
        "SELECT id, transcript FROM conversations WHERE label = 'REVIEW' ORDER BY idx"
    )
    for cid, text in rows.fetchall():
        if include_decided or cid not in decided:
            yield Transcript.model_validate_json(text)


def apply_review(record: Mapping[str, Any], decision: Decision | None) -> dict[str, Any]:
    """A transcript record with its `review` field set (or removed when there is none)."""
    out = {k: v for k, v in record.items() if k != "review"}
    if decision is not None:
        out["review"] = decision.as_json()
    return out


def refresh_transcripts(store: RunStore, path: Path) -> int:
    """Rewrite transcripts.jsonl (atomically) with the decisions; returns records changed."""
    if not path.is_file():
        return 0
    known = decisions(store)
    changed = 0
    lines: list[str] = []
    with path.open(encoding="utf-8") as f:
        for text in f:
            if not text.strip():
                continue
            record = json.loads(text)
            updated = apply_review(record, known.get(str(record.get("id"))))
            changed += updated != record
            # pydantic's compact JSON, so untouched records keep their bytes
            lines.append(json.dumps(updated, ensure_ascii=False, separators=(",", ":")) + "\n")
    if changed:
        write_atomic(path, lines)
    return changed
