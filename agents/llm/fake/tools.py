"""How the fake server decides to call tools: a deterministic policy, or a script of calls.

The policy plays a careful agent on the wire protocol: after each user message it calls one
*lookup* tool (a name starting with get/find/lookup/search/list/check/show/read/fetch/view,
in the order the request lists them) with arguments found in the conversation (a word with
a digit for an `*_id`/number/code parameter, an email for an email parameter, a match of a
`pattern`; the latest user message first), once every required free-text parameter has a
value there, and never the same call twice; other required parameters take values from the
JSON Schema. Once a tool result is in, it answers. Tools that are not lookups are never
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
# Money, decimals and times are not ids: $474.41, 12.5, 10:30, 3pm.
AMOUNT = re.compile(r"[$€£]\S*|\d+[.,:]\d+\S*|\d+(?:%|am|pm|h|hrs?|st|nd|rd|th)", re.I)
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
    found = _lookup_to_call(tools, messages, rng, ending)
    if found is not None:
        return [_call(found[0], json.dumps(found[1]), rng)]
    if choice == "required":
        return [_call(tools[0]["name"], _arguments(tools[0], messages, rng, ending), rng)]
    return []


def _raw(arguments: dict[str, Any] | str) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments)


def _call(name: str, arguments: str, rng: random.Random) -> dict[str, Any]:
    return {
        "id": f"call_{rng.getrandbits(48):012x}",
        "type": "function",
        "function": {"name": name, "arguments": arguments},
    }


def _called(messages: Sequence[dict[str, Any]]) -> tuple[set[str], bool]:
    """(calls made so far as `name:arguments` canonical JSON, whether one was made since the
    last user message)."""
    made: set[str] = set()
    since_user = False
    for m in messages:
        if m.get("role") == "user":
            since_user = False
        for call in m.get("tool_calls") or []:
            function = call.get("function") or {}
            made.add(_key(str(function.get("name")), function.get("arguments")))
            since_user = True
    return made, since_user


def _key(name: str, arguments: Any) -> str:
    try:
        value = json.loads(arguments) if isinstance(arguments, str) else arguments
    except ValueError:
        value = arguments
    return f"{name}:{json.dumps(value, sort_keys=True)}"


def _lookup_to_call(
    tools: Sequence[dict[str, Any]],
    messages: Sequence[dict[str, Any]],
    rng: random.Random,
    ending: bool,
) -> tuple[str, dict[str, Any]] | None:
    """The first lookup whose required text arguments the conversation gives, with those
    arguments, that was not made before (a lookup waits until it has grounds)."""
    made, since_user = _called(messages)
    if since_user:
        return None
    for tool in tools:
        if not LOOKUP.match(tool["name"]):
            continue
        args = _grounded(tool, messages, rng, ending)
        if args is not None and _key(tool["name"], args) not in made:
            return tool["name"], args
    return None


def _texts(messages: Iterable[dict[str, Any]]) -> list[str]:
    """What the other side said (user turns), latest first, where the facts are."""
    out = [str(m.get("content") or "") for m in messages if m.get("role") == "user"]
    return out[::-1]


def _arguments(
    tool: dict[str, Any], messages: Sequence[dict[str, Any]], rng: random.Random, ending: bool
) -> str:
    """Arguments for a call that must be made (a forced tool): grounded where possible,
    schema values elsewhere."""
    params = tool.get("parameters") or {"type": "object", "properties": {}}
    args = value_for(params, rng, ending, params)
    if not isinstance(args, dict):
        return json.dumps(args)
    grounded = _grounded(tool, messages, rng, ending, strict=False)
    return json.dumps({**args, **(grounded or {})})


def _grounded(
    tool: dict[str, Any],
    messages: Sequence[dict[str, Any]],
    rng: random.Random,
    ending: bool,
    strict: bool = True,
) -> dict[str, Any] | None:
    """Arguments from the conversation: None (when `strict`) if a required free-text
    parameter has no value there; optional ones it has no grounds for are left out; other
    required ones (enums, numbers, booleans) take a schema value."""
    params = tool.get("parameters") or {"type": "object", "properties": {}}
    props: dict[str, Any] = params.get("properties") or {}
    required = set(params.get("required") or [])
    texts = _texts(messages)
    args: dict[str, Any] = {}
    for name, schema in props.items():
        sub = schema if isinstance(schema, dict) else {}
        found = _from_conversation(name, sub, texts)
        if found is not None:
            args[name] = found
        elif name in required and _free_text(sub):
            if strict:
                return None
        elif name in required:
            args[name] = value_for(sub, rng, ending, params)
    return args


def _free_text(schema: dict[str, Any]) -> bool:
    return schema.get("type", "string") == "string" and "enum" not in schema


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
        idlike = any(lowered == n or lowered.endswith("_" + n) for n in ID_NAMES)
        if idlike and (found := _id_in(text, lowered)) is not None:
            return found
    return None


def _id_in(text: str, name: str) -> str | None:
    """The id for parameter `name` in `text`: a word with a digit, preferring one closest
    after a word of the name ("account number 6221659630" for account_number), then a long
    or lettered one (ORD-12345, mia_li_3668), the latest on ties; never an amount, a time or
    a short number."""
    keys = {part for part in name.split("_") if part not in ID_NAMES}
    words = EMAIL.sub(" ", text).split()
    best: tuple[int, int, str] | None = None
    for i, raw in enumerate(words):
        word = raw.strip(".,;:!?()[]{}'\"")
        if not any(c.isdigit() for c in word) or AMOUNT.fullmatch(word):
            continue
        near = [d for d in (1, 2, 3) if i >= d and _bare(words[i - d]) in keys]
        shaped = len(word) >= 5 or (len(word) >= 4 and any(c.isalpha() for c in word))
        score = 10 - near[0] if near else 1 if shaped else 0  # the nearer the name, the better
        if score and (best is None or score >= best[0]):
            best = (score, i, word.strip("-_"))
    return best[2] if best is not None else None


def _bare(word: str) -> str:
    return word.strip(".,;:!?'\"#()").lower()
