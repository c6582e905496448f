"""How the fake server decides to call tools: a deterministic policy, or a script of calls.

The policy plays a careful agent on the wire protocol: after each user message it calls one
*lookup* tool (a name starting with get/find/lookup/search/list/check/show/read/fetch/view,
in the order the request lists them) that it has not called yet in this conversation, with
arguments built from the tool's JSON Schema and values found in the conversation (an id-like
token for an `*_id`/number/code parameter, an email for an email parameter, a token matching
a `pattern`); once a tool result is in, it answers. Tools that are not lookups are never
called by the policy, so it never changes records on its own.

A script (`ToolScript`: `FakeSettings.tool_script`, or `convsim fake-llm --tool-script
FILE`) fixes exact moves instead: each model turn of a request that offers tools takes the
next step of the script, a list of calls (several: parallel calls) or an `answer` step; the
arguments of a call may be a JSON object or a raw string, sent as given (so a test can send
malformed JSON or an unknown tool). When the script runs out, the policy plays on. The
script is one queue for the whole server: run one conversation at a time when using it.
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agents.llm.fake.schema_values import value_for

LOOKUP = re.compile(r"^(get|find|lookup|look_up|search|list|check|show|read|fetch|view)", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A word with a digit in it, e.g. ORD-12345, #W2378156, mia_li_3668, 4111: an id it was given.
WORD = re.compile(r"[\w#-]+")
ID_NAMES = ("id", "number", "code", "reference", "ref", "no")


@dataclass(frozen=True)
class ScriptedCall:
    name: str
    arguments: dict[str, Any] | str  # a raw string is sent unchanged (may be bad JSON)


@dataclass(frozen=True)
class ScriptStep:
    calls: tuple[ScriptedCall, ...] = ()  # empty: answer in text (or structured)


@dataclass
class ToolScript:
    """A queue of model moves for requests that offer tools; thread-safe."""

    steps: list[ScriptStep] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def next(self) -> ScriptStep | None:
        with self._lock:
            return self.steps.pop(0) if self.steps else None

    @classmethod
    def parse(cls, data: Any) -> ToolScript:
        """From JSON data: a list of steps, each `{"calls": [{"name", "arguments"}...]}` or
        `{"answer": true}`; ValueError names the step that is wrong."""
        if not isinstance(data, list):
            raise ValueError("a tool script is a list of steps")
        steps: list[ScriptStep] = []
        for i, raw in enumerate(data):
            if isinstance(raw, dict) and raw.get("answer") is True and len(raw) == 1:
                steps.append(ScriptStep())
                continue
            calls = raw.get("calls") if isinstance(raw, dict) else None
            if not isinstance(calls, list) or not calls or set(raw) != {"calls"}:
                raise ValueError(
                    f'step {i}: give {{"calls": [{{"name": ..., "arguments": ...}}]}} '
                    'or {"answer": true}'
                )
            parsed: list[ScriptedCall] = []
            for j, call in enumerate(calls):
                args = call.get("arguments", {}) if isinstance(call, dict) else None
                name = call.get("name") if isinstance(call, dict) else None
                if not isinstance(name, str) or not isinstance(args, dict | str):
                    raise ValueError(
                        f"step {i}, call {j}: needs a name (text) and arguments "
                        "(an object, or a string sent as it is)"
                    )
                parsed.append(ScriptedCall(name, args))
            steps.append(ScriptStep(tuple(parsed)))
        return cls(steps)


def tool_calls(
    request: dict[str, Any], rng: random.Random, ending: bool, script: ToolScript | None
) -> list[dict[str, Any]]:
    """The `tool_calls` of the assistant's next message, or [] to answer instead."""
    tools = [t["function"] for t in request.get("tools") or [] if isinstance(t, dict)]
    choice = request.get("tool_choice")
    messages = request.get("messages") or []
    if not tools or choice == "none":
        return []
    if isinstance(choice, dict):  # a named tool is forced
        name = (choice.get("function") or {}).get("name")
        forced = next((t for t in tools if t.get("name") == name), tools[0])
        return [_call(forced["name"], _arguments(forced, messages, rng, ending), rng)]
    if script is not None and (step := script.next()) is not None:
        return [_call(c.name, _raw(c.arguments), rng) for c in step.calls]
    last = messages[-1].get("role") if messages else None
    if last == "tool" and choice != "required":
        return []  # the results are in: answer
    tool = _lookup_to_call(tools, messages) or (tools[0] if choice == "required" else None)
    if tool is None:
        return []
    return [_call(tool["name"], _arguments(tool, messages, rng, ending), rng)]


def _raw(arguments: dict[str, Any] | str) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments)


def _call(name: str, arguments: str, rng: random.Random) -> dict[str, Any]:
    return {
        "id": f"call_{rng.getrandbits(48):012x}",
        "type": "function",
        "function": {"name": name, "arguments": arguments},
    }


def _called(messages: Sequence[dict[str, Any]]) -> tuple[set[str], bool]:
    """(tools called so far, whether a call was made since the last user message)."""
    names: set[str] = set()
    since_user = False
    for m in messages:
        if m.get("role") == "user":
            since_user = False
        for call in m.get("tool_calls") or []:
            names.add(str((call.get("function") or {}).get("name")))
            since_user = True
    return names, since_user


def _lookup_to_call(
    tools: Sequence[dict[str, Any]], messages: Sequence[dict[str, Any]]
) -> dict[str, Any] | None:
    called, since_user = _called(messages)
    if since_user:
        return None
    return next((t for t in tools if LOOKUP.match(t["name"]) and t["name"] not in called), None)


def _texts(messages: Iterable[dict[str, Any]]) -> list[str]:
    """What the other side said (user turns), latest first, where the facts are."""
    out = [str(m.get("content") or "") for m in messages if m.get("role") == "user"]
    return out[::-1]


def _arguments(
    tool: dict[str, Any], messages: Sequence[dict[str, Any]], rng: random.Random, ending: bool
) -> str:
    params = tool.get("parameters") or {"type": "object", "properties": {}}
    args = value_for(params, rng, ending, params)
    if not isinstance(args, dict):
        return json.dumps(args)
    props: dict[str, Any] = params.get("properties") or {}
    required = set(params.get("required") or [])
    texts = _texts(messages)
    for name, schema in props.items():
        found = _from_conversation(name, schema if isinstance(schema, dict) else {}, texts)
        if found is not None:
            args[name] = found
        elif name not in required:
            args.pop(name, None)  # an optional value it has no grounds for: leave it out
    return json.dumps(args)


def _from_conversation(name: str, schema: dict[str, Any], texts: Sequence[str]) -> Any:
    if schema.get("type") not in (None, "string") or "enum" in schema:
        return None
    pattern = schema.get("pattern")
    lowered = name.lower()
    for text in texts:
        if isinstance(pattern, str):
            try:
                match = re.search(pattern.strip("^$"), text)
            except re.error:
                match = None
            if match:
                return match.group(0)
            continue
        if "email" in lowered:
            if email := EMAIL.search(text):
                return email.group(0)
            continue
        if any(lowered == n or lowered.endswith("_" + n) for n in ID_NAMES):
            words = WORD.findall(EMAIL.sub(" ", text))
            ids = [w.strip("-_") for w in words if any(c.isdigit() for c in w)]
            if ids:
                return ids[-1]
    return None
