"""Schema-valid JSON values from a JSON Schema, chosen deterministically by a seeded rng.

Enums steer conversations to an end: while the conversation is short the first value is
chosen (convsim's schemas list "keep going" first), afterwards another value, so runs against
the fake server always finish.
"""

from __future__ import annotations

import random
from typing import Any

WORDS = [
    "thanks",
    "for",
    "the",
    "details",
    "I",
    "checked",
    "the",
    "account",
    "and",
    "the",
    "order",
    "looks",
    "fine",
    "we",
    "can",
    "sort",
    "this",
    "out",
    "today",
    "please",
    "confirm",
    "the",
    "reference",
    "number",
    "so",
    "I",
    "can",
    "continue",
    "the",
    "refund",
    "is",
    "on",
    "its",
    "way",
    "that",
    "works",
    "for",
    "me",
    "could",
    "you",
    "tell",
    "me",
    "more",
    "about",
    "the",
    "delivery",
    "date",
    "I",
    "understand",
    "the",
    "problem",
]


def sentence(rng: random.Random, lo: int = 6, hi: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def value_for(
    schema: dict[str, Any], rng: random.Random, ending: bool, root: dict[str, Any]
) -> Any:
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        defs = root.get("$defs") or root.get("definitions") or {}
        return value_for(defs[name], rng, ending, root)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        options = list(schema["enum"])
        if not ending or len(options) == 1:
            return options[0]
        return rng.choice(options[1:])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            choices = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return value_for(choices[0], rng, ending, root)
    if "allOf" in schema:
        return value_for(schema["allOf"][0], rng, ending, root)
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        props: dict[str, Any] = schema.get("properties", {})
        return {name: value_for(sub, rng, ending, root) for name, sub in props.items()}
    if kind == "array":
        count = max(int(schema.get("minItems", 1)), 1)
        count = min(count, int(schema.get("maxItems", count)))
        return [value_for(schema.get("items", {}), rng, ending, root) for _ in range(count)]
    if kind == "string":
        text = sentence(rng)
        if "maxLength" in schema:
            text = text[: int(schema["maxLength"])]
        return text.ljust(int(schema.get("minLength", 0)), "x")
    if kind == "integer":
        return int(schema.get("minimum", rng.randint(0, 5)))
    if kind == "number":
        return float(schema.get("minimum", round(rng.random(), 3)))
    if kind == "boolean":
        return ending
    return None
