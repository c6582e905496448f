"""The messages of a tool round, as LLMClient sends and reads them.

A model offered tools answers with `tool_calls`; its arguments arrive as JSON text that may
not parse (LangChain keeps those apart, in `invalid_tool_calls`). convsim keeps both kinds
(`ModelToolCall.arguments` None, `raw` the text) so a call it cannot run is still answered
and recorded, and sends the round back as LangChain messages (`lc_messages`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from langchain_core.messages import AIMessage, ToolMessage

V = TypeVar("V")

# A tool round's messages: an assistant message may carry `tool_calls` ([{id, name,
# arguments (a dict, or None when `raw` did not parse), raw}]); a `tool` one `tool_call_id`.
RichMessages = list[dict[str, Any]]


@dataclass(frozen=True)
class ModelToolCall:
    """A tool call in the model's reply; `arguments` is None when `raw` is not a JSON object."""

    id: str
    name: str
    arguments: dict[str, Any] | None
    raw: str


@dataclass(frozen=True)
class Step(Generic[V]):
    """One reply of a model offered tools: calls to make, or the answer (`value`)."""

    calls: tuple[ModelToolCall, ...]
    content: str
    value: V | None  # the answer (parsed when a schema was asked for); None while calling


def lc_messages(messages: RichMessages) -> list[Any]:
    """LangChain's input: (role, content) pairs, messages for tool rounds."""
    if not any("tool_calls" in m or m.get("role") == "tool" for m in messages):
        return [(m["role"], m["content"]) for m in messages]
    out: list[Any] = []
    for m in messages:
        if m.get("role") == "tool":
            out.append(ToolMessage(content=m["content"], tool_call_id=m["tool_call_id"]))
        elif m.get("tool_calls"):
            valid = [c for c in m["tool_calls"] if c["arguments"] is not None]
            invalid = [c for c in m["tool_calls"] if c["arguments"] is None]
            out.append(
                AIMessage(
                    content=m.get("content") or "",
                    tool_calls=[
                        {
                            "name": c["name"],
                            "args": c["arguments"],
                            "id": c["id"],
                            "type": "tool_call",
                        }
                        for c in valid
                    ],
                    invalid_tool_calls=[
                        {
                            "name": c["name"],
                            "args": c["raw"],
                            "id": c["id"],
                            "error": None,
                            "type": "invalid_tool_call",
                        }
                        for c in invalid
                    ],
                )
            )
        else:
            out.append((m["role"], m["content"]))
    return out


def tool_calls_of(message: AIMessage) -> tuple[ModelToolCall, ...]:
    """The reply's tool calls (LangChain parsed them; those whose arguments did not parse as
    a JSON object come last, their arguments raw)."""
    out = [
        ModelToolCall(str(c.get("id") or ""), c["name"], dict(c["args"]), json.dumps(c["args"]))
        for c in message.tool_calls
    ]
    for c in message.invalid_tool_calls:
        raw = c.get("args")
        out.append(ModelToolCall(str(c.get("id") or ""), str(c.get("name") or ""), None, raw or ""))
    return tuple(out)
