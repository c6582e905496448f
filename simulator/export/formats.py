"""Transcript records into the shapes fine-tuning tools read.

- `jsonl`: the transcript record itself, tool turns included (with `review` when a person
  decided, as `simulator.quality.review.apply_review` writes it).
- `openai`: `{"messages": [...], "tools": [...]}` per line, the chat fine-tuning format:
  system, user and assistant messages; with `--as support`, support's tool use as OpenAI
  function calling: an assistant message with `tool_calls` (`id`, `type: function`,
  `function: {name, arguments}`, arguments a JSON string), then one `tool` message per call
  with the matching `tool_call_id` (an id a bot used twice in a conversation is exported as
  `ID_2`, `ID_3` ..., as the format needs unique ids); `tools` lists the domain's tool
  definitions.
- `sharegpt`: `{"id", "conversations": [{"from": "system"|"human"|"gpt"|"function_call"|
  "observation", "value": ...}], "tools": "..."}`, the convention LLaMA-Factory reads: a
  call is a `function_call` (`{"name", "arguments"}` as JSON text) answered by an
  `observation`; calls made together become call/result pairs in order, so human/observation
  and gpt/function_call keep alternating; `tools` is the definitions as JSON text.
- `parquet`: one row per conversation, the metadata as columns and `messages` as a list of
  {role, content} structs (the dialogue only), which pandas and Hugging Face `datasets` read.

`--as` picks the side that becomes the assistant. Chat messages follow the fine-tuning rules:
an optional system message first, then user and assistant strictly alternating (consecutive
turns of one side are joined; tool results sit between an assistant's calls and its next
message), and the assistant's message last, since a trailing user message teaches nothing.
The customer never sees support's tool use, so `--as customer` leaves it out. A record with
an empty turn cannot become chat messages (every message needs text), nor one whose tool
call has no result; it is dropped from the chat formats with that reason.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa


FORMATS = ("jsonl", "openai", "sharegpt", "parquet", "dpo", "kto")
SIDES = ("support", "customer")
SHAREGPT_ROLES = {"system": "system", "user": "human", "assistant": "gpt"}
TRAIT_COLUMNS = ("tone", "patience", "verbosity", "tech_savviness", "language")

Message = dict[str, Any]


class NotChat(Exception):
    """A record that cannot become chat messages; the message is the summary's reason."""


def chat_messages(
    record: Mapping[str, Any], side: str, system: str | None, tools: bool = True
) -> list[Message]:
    """The record's turns as system/user/assistant (and tool) messages, `side` the assistant.
    Support's tool use is kept when `tools` and support is the assistant."""
    calls = tools and side == "support"
    messages: list[Message] = []
    # (the id as stored, as exported) of the last assistant calls not yet answered; a bot may
    # reuse an id (its own "c-1" every reply, "same" twice), which OpenAI's format refuses:
    # each call is exported with an id unique in the conversation, its result with it
    waiting: list[tuple[str, str]] = []
    used: set[str] = set()
    for turn in record.get("turns", []):
        role = turn.get("role")
        if role == "tool":
            if calls:
                stored = str(turn.get("tool_call_id"))
                match = next((pair for pair in waiting if pair[0] == stored), None)
                if match is None:
                    raise NotChat("tool result without its call")
                waiting.remove(match)
                content = str(turn.get("content", ""))
                messages.append({"role": "tool", "tool_call_id": match[1], "content": content})
            continue
        if role not in SIDES:
            continue
        if waiting:
            raise NotChat("tool call without a result")
        content = str(turn.get("content", ""))
        made = turn.get("tool_calls") or []
        if not content.strip() and not made:
            raise NotChat("empty turn")
        if made and calls:
            ids = [_unique(str(c["id"]), used) for c in made]
            _add_calls(messages, content, made, ids)
            waiting = [(str(c["id"]), new) for c, new in zip(made, ids, strict=True)]
            continue
        if not content.strip():
            continue  # a support turn that only calls tools, seen from the customer's side
        kind = "assistant" if role == side else "user"
        last = messages[-1] if messages else None
        if last is not None and last["role"] == kind and "tool_calls" not in last:
            last["content"] += "\n\n" + content
        else:
            messages.append({"role": kind, "content": content})
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


def _unique(call_id: str, used: set[str]) -> str:
    """`call_id`, or `call_id_2`, `_3` ... when the conversation already has it."""
    found, n = call_id, 1
    while found in used:
        n += 1
        found = f"{call_id}_{n}"
    used.add(found)
    return found


def _add_calls(
    messages: list[Message], content: str, made: Sequence[Mapping[str, Any]], ids: Sequence[str]
) -> None:
    """An assistant message with `tool_calls` (text said with them kept as its content)."""
    tool_calls = [
        {
            "id": call_id,
            "type": "function",
            "function": {"name": str(c["name"]), "arguments": dumps(c.get("arguments") or {})},
        }
        for c, call_id in zip(made, ids, strict=True)
    ]
    last = messages[-1] if messages else None
    if last is not None and last["role"] == "assistant" and "tool_calls" not in last:
        if content.strip():
            last["content"] += "\n\n" + content
        last["tool_calls"] = tool_calls  # text then calls: one assistant message
        return
    message: Message = {"role": "assistant"}
    if content.strip():
        message["content"] = content
    message["tool_calls"] = tool_calls
    messages.append(message)


def dumps(value: object) -> str:
    """Compact JSON, keys in insertion order, UTF-8 text: stable bytes for the same input."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def jsonl_line(record: Mapping[str, Any]) -> str:
    return dumps(record) + "\n"


def openai_line(messages: Sequence[Message], tools: Sequence[Mapping[str, Any]] = ()) -> str:
    line: dict[str, Any] = {"messages": list(messages)}
    if tools:
        line["tools"] = list(tools)
    return dumps(line) + "\n"


def sharegpt_line(
    record_id: str, messages: Sequence[Message], tools: Sequence[Mapping[str, Any]] = ()
) -> str:
    line: dict[str, Any] = {"id": record_id, "conversations": sharegpt_turns(messages)}
    if tools:
        line["tools"] = dumps([t.get("function", t) for t in tools])
    return dumps(line) + "\n"


def sharegpt_turns(messages: Sequence[Message]) -> list[dict[str, str]]:
    """Chat messages as ShareGPT turns; each call becomes a `function_call` followed by its
    `observation` (text said alongside calls has no place there and is left out)."""
    out: list[dict[str, str]] = []
    pending: dict[str, dict[str, Any]] = {}  # call id -> its function, until its result
    for m in messages:
        if m["role"] == "tool":
            function = pending.pop(m["tool_call_id"])
            out.append({"from": "function_call", "value": _call_value(function)})
            out.append({"from": "observation", "value": m["content"]})
            continue
        for function in pending.values():  # calls whose results were cut off at the end
            out.append({"from": "function_call", "value": _call_value(function)})
        pending = {}
        if "tool_calls" in m:
            pending = {c["id"]: c["function"] for c in m["tool_calls"]}
            continue
        out.append({"from": SHAREGPT_ROLES[m["role"]], "value": m["content"]})
    out.extend({"from": "function_call", "value": _call_value(f)} for f in pending.values())
    return out


def _call_value(function: Mapping[str, Any]) -> str:
    return dumps({"name": function["name"], "arguments": json.loads(function["arguments"])})


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
        "messages": [
            {"role": m["role"], "content": m["content"]} for m in messages if m["role"] != "system"
        ],
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
