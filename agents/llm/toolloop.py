"""A model that acts through tools: request, run its calls on the desk, feed results back.

The model gets the domain's tools with `ChatOpenAI.bind_tools` (LLMClient.step). Each reply
that calls tools is run on the conversation's records through the desk (recorded as
transcript turns) and answered with one `tool` message per call; the loop ends when the
model answers without calling a tool. A reply may call tools in at most `max_rounds`
requests: one more is a `ToolLimitError` (the conversation ends in `error`, nothing is
graded). Each request's usage is counted; the reply's turn carries their sum, with `calls`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from agents.calls import DEFAULT_MAX_ROUNDS, ReplyCalls, Request, ToolLimitError
from agents.llm.client import LLMClient
from agents.llm.messages import ModelToolCall, RichMessages
from agents.types import Turn

T = TypeVar("T", bound=BaseModel)


def as_messages(turns: Sequence[Turn], me: str) -> RichMessages:
    """The transcript from `me`'s seat with its own tool calls and their results, as a model
    that calls tools keeps them: its turns `assistant`, the other side `user`."""
    out: RichMessages = []
    for t in turns:
        if t.role == "tool":
            out.append({"role": "tool", "content": t.content, "tool_call_id": t.tool_call_id})
        elif t.role == me and t.tool_calls:
            calls = [
                {"id": c.id, "name": c.name, "arguments": dict(c.arguments), "raw": ""}
                for c in t.tool_calls
            ]
            out.append({"role": "assistant", "content": t.content, "tool_calls": calls})
        else:
            out.append({"role": "assistant" if t.role == me else "user", "content": t.content})
    return out


async def answer_with_tools(
    client: LLMClient,
    messages: RichMessages,
    tools: list[dict[str, Any]],
    calls: ReplyCalls,
    schema: type[T] | None,
    *,
    seed: int | None,
    max_rounds: int | None = None,
) -> tuple[Any, dict[str, Any]]:
    """(the model's answer: `schema` instance or text, the summed usage of its requests).
    `calls` runs and records the model's calls (agents.calls)."""
    limit = max_rounds or DEFAULT_MAX_ROUNDS
    history = list(messages)
    usages: list[Mapping[str, Any]] = []
    for round_ in range(limit + 1):
        result = await client.step(history, tools, schema, seed=seed)
        usages.append(result.usage)
        step = result.value
        if not step.calls:
            return step.value, summed(usages)
        if round_ == limit:
            raise ToolLimitError(
                f"the model still called tools after {limit} rounds in one reply (max_tool_rounds)"
            )
        made = [_named(c, round_, i) for i, c in enumerate(step.calls)]
        results = calls.run([Request(c.id, c.name, c.arguments, c.raw) for c in made], step.content)
        history.append(
            {"role": "assistant", "content": step.content, "tool_calls": [c.__dict__ for c in made]}
        )
        for call, res in zip(made, results, strict=True):
            history.append({"role": "tool", "content": res.content, "tool_call_id": call.id})
    raise AssertionError("unreachable")  # the loop returns or raises


def _named(call: ModelToolCall, round_: int, i: int) -> ModelToolCall:
    """The call with an id (some servers send none; the tool message must name one)."""
    if call.id:
        return call
    return ModelToolCall(f"call_r{round_ + 1}_{i + 1}", call.name, call.arguments, call.raw)


def summed(usages: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One turn's usage for several model requests (`calls` counts them)."""
    if len(usages) == 1:
        return dict(usages[0])
    first = usages[-1]
    out: dict[str, Any] = {
        "model": first.get("model"),
        "prompt_tokens": sum(int(u.get("prompt_tokens", 0)) for u in usages),
        "completion_tokens": sum(int(u.get("completion_tokens", 0)) for u in usages),
        "cost_usd": round(sum(float(u.get("cost_usd") or 0.0) for u in usages), 8),
        "priced": all(u.get("priced", True) for u in usages),
        "cached": all(bool(u.get("cached")) for u in usages),
        "attempts": sum(int(u.get("attempts", 0)) for u in usages),
        "calls": len(usages),
    }
    return out
