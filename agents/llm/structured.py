"""Structured output on servers that do not all speak `response_format: json_schema`.

OpenAI, recent vLLM and others constrain decoding to a strict JSON Schema; older vLLM and
LM Studio builds and many OpenRouter models answer 400 to that request, and some ignore it
and answer prose or a fenced block. A client therefore runs in one of three modes, settled
by a probe before the run (or forced by `structured_output` in the config file):

- `json_schema`: the strict schema as `response_format` (the default);
- `json_object`: `response_format: {"type": "json_object"}`, the schema in the system prompt;
- `prompt`: no `response_format` at all, the schema in the system prompt.

In every mode the answer is read leniently (`read_structured`): the content as it is, else
the object inside a ``` fence, else the outermost {...} span, each validated by pydantic.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)

Mode = Literal["json_schema", "json_object", "prompt"]
INSTRUCTION = "Answer with one JSON object matching this JSON Schema: "
FALLBACK: dict[Mode, str] = {  # the CLI's note when a probe settled on a mode
    "json_schema": "takes json_schema response formats",
    "json_object": "does not take json_schema response formats; "
    "using json_object (schema in the prompt)",
    "prompt": "takes neither json_schema nor json_object response formats; "
    "using the schema in the prompt only",
}

# The probe's schema: the smallest strict one, so a refusal is about the feature, not it.
PROBE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"],
    "additionalProperties": False,
}

_FENCE = re.compile(r"```[ \t]*(?:json|JSON)?[ \t]*\r?\n?(.*?)```", re.DOTALL)


@functools.cache
def response_format(schema: type[BaseModel]) -> dict[str, Any]:
    """The strict `json_schema` response_format for `schema`, built once per schema.

    This is the request `with_structured_output(schema, method="json_schema")` sends; calling
    `ainvoke(..., response_format=...)` directly and validating with pydantic here skips that
    runnable chain, which cost 40% of the calls per second on a 2-core machine.
    """
    # imported here: this module's Mode is read by every command's flag checks (the studio's
    # first page among them), which need no LangChain (0.6 s of CPU on a busy machine)
    from langchain_core.utils.function_calling import convert_to_openai_function

    function = convert_to_openai_function(schema, strict=True)
    spec = {"name": function["name"], "schema": function["parameters"], "strict": True}
    if function.get("description"):
        spec["description"] = function["description"]
    return {"type": "json_schema", "json_schema": spec}


def instruction(schema: dict[str, Any]) -> str:
    """The sentence that carries the schema when the request cannot."""
    return INSTRUCTION + json.dumps(schema, separators=(",", ":"))


@functools.cache
def _schema_instruction(schema: type[BaseModel]) -> str:
    return instruction(response_format(schema)["json_schema"]["schema"])


def request(
    mode: Mode, messages: list[dict[str, str]], schema: type[BaseModel]
) -> tuple[list[dict[str, str]], dict[str, Any] | None]:
    """(messages, response_format or None) for one structured call in `mode`."""
    if mode == "json_schema":
        return messages, response_format(schema)
    prompted = with_instruction(messages, _schema_instruction(schema))
    return prompted, ({"type": "json_object"} if mode == "json_object" else None)


def with_instruction(messages: list[dict[str, str]], text: str) -> list[dict[str, str]]:
    """`messages` with `text` appended to the last system message (or a new first one)."""
    for i in range(len(messages) - 1, -1, -1):
        if messages[i]["role"] == "system":
            out = list(messages)
            out[i] = {**messages[i], "content": f"{messages[i]['content']}\n\n{text}"}
            return out
    return [{"role": "system", "content": text}, *messages]


# The preflight's probes, in order of preference: (mode, response_format, messages).
PROBES: tuple[tuple[Mode, dict[str, Any], list[dict[str, str]]], ...] = (
    (
        "json_schema",
        {
            "type": "json_schema",
            "json_schema": {"name": "probe", "schema": PROBE_SCHEMA, "strict": True},
        },
        [{"role": "user", "content": "ping"}],
    ),
    (
        "json_object",
        {"type": "json_object"},
        [
            {"role": "system", "content": instruction(PROBE_SCHEMA)},
            {"role": "user", "content": "ping"},
        ],
    ),
)


def read_structured(content: str, schema: type[T]) -> T:
    """`content` as a `schema` instance, tolerating a fence or prose around the object.

    Raises the pydantic error of the content as it was when no candidate validates, so a
    malformed answer reads as it did before the lenient steps (and is retried).
    """
    try:
        return schema.model_validate_json(content)
    except ValidationError as exc:
        first = exc
    for candidate in _candidates(content):
        try:
            return schema.model_validate_json(candidate)
        except ValidationError:
            continue
    raise first


def _candidates(content: str) -> Iterator[str]:
    """The JSON inside each ``` fence, then the outermost object (strings may hold braces)."""
    for match in _FENCE.finditer(content):
        body = match.group(1).strip()
        if body:
            yield body
    start = content.find("{")
    if start < 0:
        return
    try:
        _, end = json.JSONDecoder().raw_decode(content, start)
    except ValueError:
        end = content.rfind("}") + 1  # not JSON from there: the widest span, for the error
    if end > start:
        yield content[start:end]
