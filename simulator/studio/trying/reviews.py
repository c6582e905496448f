"""Review in the browser: the critic's REVIEW items of a run, decided with accept, reject or
skip and a note. Decisions go through `simulator.quality.review` into run.db's `reviews` table, the
same place `convsim review` writes, and transcripts.jsonl is refreshed, so exports see them."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, get_args

from agents.types import Transcript
from simulator.quality.review import (
    Decision,
    DecisionName,
    decisions,
    record_decision,
    refresh_transcripts,
    review_items,
)
from simulator.store.rundb import RunBusy, RunStore
from simulator.store.rundir import run_db
from simulator.studio.pages.pages import conversation, esc

__all__ = ["BUSY", "decide", "review_body"]

# What the page says when another process (a `convsim review`, a resumed run, another tab's
# decision) still holds the run after the wait below.
BUSY = "another convsim process is writing this run; try again"
# How long a request waits for that writer: a decision or a refresh takes well under a second,
# so two tabs deciding at once both get through, while a long writer gets the sentence above.
BUSY_WAIT_S = 3.0
T = TypeVar("T")


def _when_free(work: Callable[[], T]) -> T:
    """`work()`, tried again while run.db's writer lock is held, up to BUSY_WAIT_S; then RunBusy."""
    deadline = time.monotonic() + BUSY_WAIT_S
    while True:
        try:
            return work()
        except RunBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def review_body(folder: Path, rel: str) -> str:
    def read() -> tuple[list[Transcript], dict[str, Decision]]:
        with RunStore(run_db(folder)) as store:
            return list(review_items(store, include_decided=True)), decisions(store)

    items, known = _when_free(read)
    if not items:
        return "<p>Nothing to review: the critic sent no conversation to REVIEW.</p>"
    parts = [f"<p>{len(items)} conversations the critic sent to review</p>"]
    for t in items:
        done = known.get(t.id)
        state = f"decided: {done.decision}" if done else "undecided"
        if done and done.note:
            state += f" ({done.note})"
        options = "".join(f"<option>{d}</option>" for d in get_args(DecisionName))
        parts.append(
            conversation(t.model_dump(mode="json"))
            + f'<form method="post" action="/review"><input type="hidden" name="run" '
            f'value="{esc(rel)}"><input type="hidden" name="id" value="{esc(t.id)}">'
            f"<b>{esc(state)}</b> <select name='decision' style='width:auto'>{options}</select> "
            "<input name='note' placeholder='note' style='width:40%'> <button>Decide</button>"
            "</form>"
        )
    return "".join(parts)


def decide(folder: Path, conversation_id: str, name: str, note: str) -> None:
    """Store one decision; raises ValueError for an unknown decision or conversation."""
    if name not in get_args(DecisionName):
        raise ValueError(f"decision '{name}': give accept, reject or skip")
    _when_free(lambda: _store(folder, conversation_id, name, note))


def _store(folder: Path, conversation_id: str, name: str, note: str) -> None:
    transcripts = folder / "transcripts.jsonl"
    # Checked before anything is stored: a decision whose transcripts cannot be refreshed
    # would otherwise sit in run.db (and be used by export) behind a page saying it failed.
    if transcripts.is_symlink() or transcripts.resolve().parent != folder.resolve():
        raise ValueError(
            "transcripts.jsonl of this run is a symbolic link; the studio writes only real "
            "files in the workspace: no decision taken"
        )
    with RunStore(run_db(folder)) as store:
        items = {t.id: t for t in review_items(store, include_decided=True)}
        if conversation_id not in items:
            raise ValueError(f"'{conversation_id}' is not a REVIEW item of this run")
        label = items[conversation_id].verdict
        critic = label.label if label is not None else None
        record_decision(store, conversation_id, Decision(name, note.strip(), critic))  # type: ignore[arg-type]
        refresh_transcripts(store, transcripts)
