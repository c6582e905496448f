"""Tool arguments checked against the tool's JSON-Schema `parameters`, without a dependency.

Agents (an LLM, a bot under test) send arguments that are wrong in every possible way; a
tool answers those with an error result the agent can read and correct, never an exception.
Only the part of JSON Schema that function-calling tools use is supported; `schema_problems`
names any other keyword when a domain is linted, so a schema never silently means less
than its author thinks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from scenarios.userregex import MATCH_SECONDS, RegexTimeout, compile_user, pattern_problem, search

__all__ = ["ANNOTATIONS", "KEYWORDS", "TYPES", "schema_problems", "validate_arguments"]

TYPES = ("object", "string", "integer", "number", "boolean", "array", "null")
KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "const",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
    }
)
# Keywords that describe but do not constrain: accepted and ignored when validating.
ANNOTATIONS = frozenset({"description", "title", "default", "examples", "format", "$comment"})


def _type_ok(value: Any, kind: str) -> bool:
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if kind == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return isinstance(value, int | float)  # number


def _kind(value: Any) -> str:
    for kind in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _type_ok(value, kind):
            return kind
    return type(value).__name__


def _at(path: str, key: str | int) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)


def _errors(schema: Mapping[str, Any], value: Any, path: str) -> Iterator[str]:
    where = f"'{path}'" if path else "the arguments"
    kinds = schema.get("type")
    if kinds is not None:
        allowed = [kinds] if isinstance(kinds, str) else list(kinds)
        if not any(_type_ok(value, k) for k in allowed):
            yield f"{where} must be {' or '.join(allowed)}, got {_kind(value)}"
            return
    if "enum" in schema and value not in schema["enum"]:
        options = ", ".join(repr(v) for v in schema["enum"])
        yield f"{where} must be one of {options}, got {value!r}"
    if "const" in schema and value != schema["const"]:
        yield f"{where} must be {schema['const']!r}, got {value!r}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        yield from _number_errors(schema, value, where)
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            yield f"{where} must have at least {schema['minLength']} characters"
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield f"{where} must have at most {schema['maxLength']} characters"
        if "pattern" in schema:
            yield from _pattern_errors(str(schema["pattern"]), value, where)
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            yield f"{where} must have at least {schema['minItems']} items"
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            yield f"{where} must have at most {schema['maxItems']} items"
        items = schema.get("items")
        if isinstance(items, Mapping):
            for i, item in enumerate(value):
                yield from _errors(items, item, _at(path, i))
    if isinstance(value, dict):
        yield from _object_errors(schema, value, path)


def _number_errors(schema: Mapping[str, Any], value: float, where: str) -> Iterator[str]:
    if "minimum" in schema and value < schema["minimum"]:
        yield f"{where} must be at least {schema['minimum']}, got {value}"
    if "maximum" in schema and value > schema["maximum"]:
        yield f"{where} must be at most {schema['maximum']}, got {value}"
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        yield f"{where} must be more than {schema['exclusiveMinimum']}, got {value}"
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        yield f"{where} must be less than {schema['exclusiveMaximum']}, got {value}"


def _object_errors(schema: Mapping[str, Any], value: dict[str, Any], path: str) -> Iterator[str]:
    properties = schema.get("properties") or {}
    for name in schema.get("required") or []:
        if name not in value:
            yield f"missing required argument '{_at(path, name)}'"
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        sub = properties.get(name)
        if isinstance(sub, Mapping):
            yield from _errors(sub, item, _at(path, name))
        elif extra is False:
            known = ", ".join(properties) or "none"
            yield f"unknown argument '{_at(path, name)}' (arguments: {known})"
        elif isinstance(extra, Mapping):
            yield from _errors(extra, item, _at(path, name))


def validate_arguments(schema: Mapping[str, Any], arguments: Any) -> list[str]:
    """Every way `arguments` break `schema`, as short sentences an agent can act on; empty
    when they are valid. Unknown arguments are refused unless the schema allows them
    (`additionalProperties`), because a misspelt optional argument would otherwise be lost."""
    if not isinstance(arguments, dict):
        return [f"the arguments must be an object, got {_kind(arguments)}"]
    strict = {"additionalProperties": False, **schema}
    return list(_errors(strict, arguments, ""))


def schema_problems(schema: Any, path: str = "parameters") -> Iterator[tuple[str, str]]:
    """(dotted path, message) for each part of a parameters schema this module cannot honour
    or that is malformed; the top level must be an object schema."""
    if path == "parameters" and (not isinstance(schema, dict) or schema.get("type") != "object"):
        yield path, "must be a JSON Schema with type: object"
        if not isinstance(schema, dict):
            return
    if not isinstance(schema, dict):
        yield path, "must be a JSON Schema (a mapping)"
        return
    for key, value in schema.items():
        where = f"{path}.{key}"
        if key in ANNOTATIONS:
            continue
        if key not in KEYWORDS:
            supported = ", ".join(sorted(KEYWORDS))
            yield where, f"unsupported JSON Schema keyword '{key}' (supported: {supported})"
        elif key == "type":
            kinds = [value] if isinstance(value, str) else value
            if not isinstance(kinds, list) or any(k not in TYPES for k in kinds):
                yield where, f"unknown type {value!r}; use one of {', '.join(TYPES)}"
        elif key == "properties":
            if not isinstance(value, dict):
                yield where, "must map argument names to schemas"
                continue
            for name, sub in value.items():
                yield from schema_problems(sub, f"{where}.{name}")
        elif key == "required":
            props = schema.get("properties") or {}
            if not isinstance(value, list):
                yield where, "must be a list of argument names"
                continue
            for name in value:
                if name not in props:
                    yield where, f"'{name}' is required but not under properties"
        elif key in ("items", "additionalProperties") and not isinstance(value, bool):
            yield from schema_problems(value, where)
        elif key == "pattern":
            problem = pattern_problem(str(value))
            if problem is not None:
                yield where, problem
        elif key == "enum" and not isinstance(value, list):
            yield where, "must be a list of allowed values"


def _pattern_errors(pattern: str, value: str, where: str) -> Iterator[str]:
    """JSON Schema's `pattern`, matched within userregex's time bound (the value comes from
    the bot under test; the pattern was linted, but a slow one must not hang the run)."""
    compiled = compile_user(pattern, ignore_case=False)
    if compiled is None:
        yield f"{where} cannot be checked: the pattern {pattern} is not a valid regular expression"
        return
    try:
        if search(compiled, value) is None:
            yield f"{where} must match {pattern}, got {value!r}"
    except RegexTimeout:
        yield f"{where} could not be matched against {pattern} within {MATCH_SECONDS:g} s"
