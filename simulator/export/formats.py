"""Transcript records into the shapes fine-tuning tools read.

- `jsonl`: the transcript record itself (with `review` when a person decided, as
  `simulator.review.apply_review` writes it).
- `openai`: `{"messages": [{"role": "system"|"user"|"assistant", "content": ...}]}` per line,
  the chat fine-tuning format.
- `sharegpt`: `{"id", "conversations": [{"from": "system"|"human"|"gpt", "value": ...}]}`.
- `parquet`: one row per conversation, the metadata as columns and `messages` as a list of
  {role, content} structs, which pandas and Hugging Face `datasets` read.

`--as` picks the side that becomes the assistant. Chat messages follow the fine-tuning rules:
an optional system message first, then user and assistant strictly alternating (consecutive
turns of one side are joined, tool turns left out), and the assistant's message last, since a
trailing user message teaches nothing. A record with an empty turn cannot become chat
messages (every message needs text), so it is dropped from the chat formats with that reason.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa


FORMATS = ("jsonl", "openai", "sharegpt", "parquet")
SIDES = ("support", "customer")
SHAREGPT_ROLES = {"system": "system", "user": "human", "assistant": "gpt"}
TRAIT_COLUMNS = ("tone", "patience", "verbosity", "tech_savviness", "language")

Message = dict[str, str]


class NotChat(Exception):
    """A record that cannot become chat messages; the message is the summary's reason."""


def chat_messages(record: Mapping[str, Any], side: str, system: str | None) -> list[Message]:
    """The record's turns as system/user/assistant messages, with `side` as the assistant."""
    messages: list[Message] = []
    for turn in record.get("turns", []):
        if turn.get("role") not in SIDES:
            continue
        content = str(turn.get("content", ""))
        if not content.strip():
            raise NotChat("empty turn")
        role = "assistant" if turn["role"] == side else "user"
        if messages and messages[-1]["role"] == role:
            messages[-1]["content"] += "\n\n" + content
        else:
            messages.append({"role": role, "content": content})
    if side == "support":
        while messages and messages[0]["role"] == "assistant":
            messages.pop(0)
    while messages and messages[-1]["role"] != "assistant":
        messages.pop()
    if not messages:
        raise NotChat("no assistant turn")
    if system:
        messages.insert(0, {"role": "system", "content": system})
    return messages


def dumps(value: object) -> str:
    """Compact JSON, keys in insertion order, UTF-8 text: stable bytes for the same input."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def jsonl_line(record: Mapping[str, Any]) -> str:
    return dumps(record) + "\n"


def openai_line(messages: Sequence[Message]) -> str:
    return dumps({"messages": list(messages)}) + "\n"


def sharegpt_line(record_id: str, messages: Sequence[Message]) -> str:
    conversations = [{"from": SHAREGPT_ROLES[m["role"]], "value": m["content"]} for m in messages]
    return dumps({"id": record_id, "conversations": conversations}) + "\n"


def parquet_row(
    record: Mapping[str, Any],
    messages: Sequence[Message],
    final_label: str | None,
    review: str | None,
    side: str,
) -> dict[str, Any]:
    persona = record.get("persona") or {}
    verdict = record.get("verdict") or {}
    outcome = record.get("outcome") or {}
    system = messages[0]["content"] if messages and messages[0]["role"] == "system" else None
    return {
        "id": record["id"],
        "run_id": record.get("run_id"),
        "scenario_id": record.get("scenario_id"),
        "domain": str(record.get("scenario_id", "")).split("/", 1)[0],
        "edge_cases": list(record.get("edge_cases", [])),
        "seed": record.get("seed"),
        "status": outcome.get("status"),
        "ended_by": outcome.get("ended_by"),
        "label": verdict.get("label"),
        "review": review,
        "final_label": final_label,
        "scores": json.dumps(verdict.get("scores") or {}, sort_keys=True),
        "n_findings": len(verdict.get("findings", [])),
        "n_turns": len(record.get("turns", [])),
        "locale": (persona.get("identity") or {}).get("locale"),
        **{trait: persona.get(trait) for trait in TRAIT_COLUMNS},
        "quirks": list(persona.get("quirks", [])),
        "assistant": side,
        "system": system,
        "messages": [dict(m) for m in messages if m["role"] != "system"],
    }


def parquet_table(rows: list[dict[str, Any]], score_dims: Sequence[str]) -> pa.Table:
    """Rows -> an Arrow table with a fixed schema (an empty export still has its columns).

    Scores become one float column per rubric dimension (`score_<dim>`), sorted by name.
    """
    import pyarrow as pa

    text = pa.string()
    fields = [
        ("id", text), ("run_id", text), ("scenario_id", text), ("domain", text),
        ("edge_cases", pa.list_(text)), ("seed", pa.int64()), ("status", text),
        ("ended_by", text), ("label", text), ("review", text), ("final_label", text),
        *((f"score_{d}", pa.float64()) for d in score_dims),
        ("n_findings", pa.int32()), ("n_turns", pa.int32()), ("locale", text),
        *((t, text) for t in TRAIT_COLUMNS), ("quirks", pa.list_(text)), ("assistant", text),
        ("system", text),
        ("messages", pa.list_(pa.struct([("role", text), ("content", text)]))),
    ]  # fmt: skip
    schema = pa.schema(fields)
    columns: dict[str, list[Any]] = {name: [] for name, _ in fields}
    for row in rows:
        scores = json.loads(row["scores"])
        for name, _ in fields:
            if name.startswith("score_"):
                value = scores.get(name[len("score_") :])
                columns[name].append(None if value is None else float(value))
            else:
                columns[name].append(row[name])
    return pa.Table.from_pydict(columns, schema=schema)
