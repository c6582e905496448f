"""OpenAI's strict-mode rules for JSON schemas, so the fake server refuses what the API refuses.

With `strict: true` (a `response_format` json_schema, or a tool's function) the real API
compiles the schema into a decoding constraint and answers 400 to a schema outside the subset
it supports, before generating anything. The fake does the same, so a schema convsim would
send that OpenAI refuses fails in the test suite first, with the API's wording:

    Invalid schema for response_format 'Move': In context=('properties', 'turn'),
    'default' is not permitted.

The rules (OpenAI's "Structured Outputs: supported schemas"): the root is an object, not
`anyOf`; every object has `additionalProperties: false` and lists every property in
`required`; a `$ref` stands alone and resolves inside the schema; only the keywords below
appear (no `default`, `minLength`, `allOf`, `oneOf`, `not`, `if`, `patternProperties`, ...);
at most 5000 properties, 10 levels of object nesting and 1000 enum values. The real API stays
the authority: this is a check for the schemas convsim builds, not a full re-implementation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

ALLOWED = frozenset(
    {
        # any schema
        "type", "description", "title", "enum", "const", "anyOf", "$ref", "$defs",
        "definitions",
        # objects
        "properties", "required", "additionalProperties",
        # strings
        "pattern", "format",
        # numbers
        "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        # arrays
        "items", "minItems", "maxItems",
    }
)  # fmt: skip
FORMATS = frozenset(
    {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}
)
TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})
NAME = re.compile(r"^[a-zA-Z0-9_-]+$")
MAX_NAME = 64
MAX_PROPERTIES = 5000
MAX_DEPTH = 10
MAX_ENUM_VALUES = 1000

Path = tuple[str, ...]


@dataclass(frozen=True)
class Rejection:
    """A 400 as the API words it: the message, and the request parameter it names."""

    message: str
    param: str
    code: str | None


class _Invalid(Exception):
    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


def check_request(request: dict[str, Any]) -> Rejection | None:
    """The first schema or name in the request that OpenAI would refuse, or None: strict
    schemas in full; every tool's name, and its parameters being an object."""
    fmt = request.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema")
        if not isinstance(spec, dict):
            return Rejection(
                "Missing required parameter: 'response_format.json_schema'.",
                "response_format.json_schema",
                "missing_required_parameter",
            )
        if bad := _name_problem(spec.get("name"), "response_format.json_schema.name"):
            return bad
        if spec.get("strict") is True:
            where = f"response_format '{spec['name']}'"
            if problem := schema_problem(spec.get("schema")):
                return Rejection(f"Invalid schema for {where}: {problem}", "response_format", None)
    for i, tool in enumerate(request.get("tools") or []):
        function = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(function, dict):
            continue
        # Every tool, strict or not: a name the API takes, parameters that are an object.
        if bad := _name_problem(function.get("name"), f"tools[{i}].function.name"):
            return bad
        param = f"tools[{i}].function.parameters"
        params = function.get("parameters")
        if params is not None and (not isinstance(params, dict) or params.get("type") != "object"):
            got = params.get("type") if isinstance(params, dict) else type(params).__name__
            message = (
                f"Invalid schema for function '{function.get('name')}': schema must be a JSON "
                f"Schema of 'type: \"object\"', got 'type: \"{got}\"'."
            )
            return Rejection(message, param, "invalid_function_parameters")
        if function.get("strict") is not True:
            continue
        if problem := schema_problem(function.get("parameters")):
            message = f"Invalid schema for function '{function.get('name')}': {problem}"
            return Rejection(message, param, "invalid_function_parameters")
    return None


def schema_problem(schema: Any) -> str | None:
    """Why OpenAI strict mode refuses `schema` (the API's sentence), or None if it accepts it."""
    if not isinstance(schema, dict) or schema.get("type") != "object" or "anyOf" in schema:
        got = schema.get("type") if isinstance(schema, dict) else type(schema).__name__
        return f"schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{got}\"'."
    counts = {"properties": 0, "enum": 0}
    try:
        _walk(schema, (), schema, counts, 1)
    except _Invalid as exc:
        return f"In context={exc.path!r}, {exc.problem}"
    return None


def _name_problem(name: Any, param: str) -> Rejection | None:
    if not isinstance(name, str):
        message = f"Missing required parameter: '{param}'."
        return Rejection(message, param, "missing_required_parameter")
    if len(name) > MAX_NAME:
        return Rejection(
            f"Invalid '{param}': string too long. Expected a string with maximum length "
            f"{MAX_NAME}, but got a string with length {len(name)} instead.",
            param,
            "string_above_max_length",
        )
    if not NAME.match(name):
        return Rejection(
            f"Invalid '{param}': string does not match pattern. Expected a string that matches "
            f"the pattern '{NAME.pattern}'.",
            param,
            "invalid_value",
        )
    return None


def _walk(node: Any, path: Path, root: dict[str, Any], counts: dict[str, int], depth: int) -> None:
    if not isinstance(node, dict):
        raise _Invalid(path, f"schema must be a JSON object, got {type(node).__name__}.")
    for key in node:
        if key not in ALLOWED:
            raise _Invalid(path, f"'{key}' is not permitted.")
    if "$ref" in node:
        if len(node) > 1:
            others = sorted(k for k in node if k != "$ref")
            raise _Invalid(path, f"$ref cannot have keywords {{{', '.join(map(repr, others))}}}.")
        _resolve(str(node["$ref"]), path, root)
        return
    for name, sub in _children(node, path, "$defs", "definitions"):
        _walk(sub, name, root, counts, depth)
    if "anyOf" in node:
        variants = node["anyOf"]
        if not isinstance(variants, list) or not variants:
            raise _Invalid(path, "'anyOf' must be a non-empty array of schemas.")
        for i, variant in enumerate(variants):
            _walk(variant, (*path, "anyOf", str(i)), root, counts, depth)
        return
    if "enum" in node:
        counts["enum"] += len(node["enum"]) if isinstance(node["enum"], list) else 0
        if counts["enum"] > MAX_ENUM_VALUES:
            raise _Invalid(path, f"more than {MAX_ENUM_VALUES} enum values in the schema.")
    kinds = _types(node, path)
    if "format" in node and node["format"] not in FORMATS:
        raise _Invalid(path, f"format '{node['format']}' is not supported.")
    if "object" in kinds:
        _object(node, path, root, counts, depth)
    if "array" in kinds and "items" in node:
        _walk(node["items"], (*path, "items"), root, counts, depth)


def _types(node: dict[str, Any], path: Path) -> list[str]:
    if "type" not in node:
        if "enum" in node or "const" in node:
            return []
        raise _Invalid(path, "schema must have a 'type' key.")
    kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
    for kind in kinds:
        if kind not in TYPES:
            raise _Invalid(path, f"type '{kind}' is not a JSON Schema type.")
    return [str(k) for k in kinds]


def _object(
    node: dict[str, Any], path: Path, root: dict[str, Any], counts: dict[str, int], depth: int
) -> None:
    if depth > MAX_DEPTH:
        raise _Invalid(path, f"objects are nested more than {MAX_DEPTH} levels deep.")
    if node.get("additionalProperties") is not False:
        raise _Invalid(path, "'additionalProperties' is required to be supplied and to be false.")
    properties = node.get("properties", {})
    if not isinstance(properties, dict):
        raise _Invalid(path, "'properties' must be an object.")
    required = node.get("required", None if properties else [])
    must = (
        "'required' is required to be supplied and to be an array including every key in "
        "properties."
    )
    if not isinstance(required, list):
        raise _Invalid(path, must)
    if missing := [k for k in properties if k not in required]:
        raise _Invalid(path, f"{must} Missing '{missing[0]}'.")
    if extra := [k for k in required if k not in properties]:
        raise _Invalid(path, f"{must} Extra required key '{extra[0]}' supplied.")
    counts["properties"] += len(properties)
    if counts["properties"] > MAX_PROPERTIES:
        raise _Invalid(path, f"more than {MAX_PROPERTIES} object properties in the schema.")
    for name, sub in properties.items():
        _walk(sub, (*path, "properties", name), root, counts, depth + 1)


def _children(node: dict[str, Any], path: Path, *keys: str) -> Iterator[tuple[Path, Any]]:
    for key in keys:
        group = node.get(key)
        if group is None:
            continue
        if not isinstance(group, dict):
            raise _Invalid(path, f"'{key}' must be an object of schemas.")
        for name, sub in group.items():
            yield (*path, key, name), sub


def _resolve(ref: str, path: Path, root: dict[str, Any]) -> None:
    """A `$ref` must point inside the schema ("#" for recursion, or "#/$defs/Name")."""
    if ref == "#":
        return
    target: Any = root
    if ref.startswith("#/"):
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
    else:
        target = None
    if not isinstance(target, dict):
        raise _Invalid(path, f"reference to component '{ref}' which was not found in the schema.")
