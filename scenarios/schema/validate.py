"""Validate parsed YAML against a pydantic model and say what is wrong in plain words.

pydantic's messages are written for programmers ("Input should be a valid dictionary or
instance of CustomerSpec", a location with union tags like `choice.0.str`). Authors get one
short line per mistake instead, at the dotted path and line of the key they wrote.
"""

from __future__ import annotations

import math
import re
import types
import unicodedata
from datetime import date
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from scenarios.model import FAKER_PROVIDERS
from scenarios.schema.problems import Loc, Problem, did_you_mean, visible
from scenarios.schema.source import Source
from scenarios.strict import CALLABLE_PATTERN, ID_PATTERN, NAME_PATTERN

__all__ = ["describe", "validate"]

M = TypeVar("M", bound=BaseModel)
_NONE = type(None)
_PATTERN_HINTS = {
    ID_PATTERN: "is not a valid id: use lowercase letters, digits, '-' and '_', "
    "with '/' between parts (like ecommerce/refund-damaged-item)",
    NAME_PATTERN: "is not a valid name: use lowercase letters, digits and '_', "
    "starting with a letter",
}
_FAKER_NOT_ALLOWED = re.compile(r"faker provider '(.*)' is not allowed")


def callable_hint(value: str) -> str:
    """Why a `callable:` was refused, in the words of the fix: the usual slip is a dot where
    the colon goes (`mybot.reply`), so the message shows the spelling that was likely meant."""
    text = f"'{value}' is not module:function; use module:function"
    head, dot, tail = value.strip().rpartition(".")
    guess = f"{head}:{tail}" if dot and ":" not in value else ""
    if guess and re.fullmatch(CALLABLE_PATTERN, guess):
        return f"{text} (did you mean '{guess}'?)"
    return f"{text}, e.g. 'mybot.handlers:reply'"


def _lookalike(value: str) -> str:
    """Which character of an id or name that must be ASCII is not, for the author who cannot
    see the difference (a Cyrillic 'е' for 'e', a zero-width space)."""
    for i, ch in enumerate(value, 1):
        if not ch.isascii():
            name = unicodedata.name(ch, "a character with no name")
            return f" (character {i} is U+{ord(ch):04X} {name}, not an ASCII letter; retype it)"
    return ""


def describe(value: object) -> str:
    """How a YAML value reads to its author, for `got ...` in messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"text '{short}'"
    if isinstance(value, date):  # YAML reads an unquoted 2026-12-08 as a date
        return f"the date {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _members(ann: Any) -> list[Any]:
    if get_origin(ann) in (Union, types.UnionType):
        return [a for a in get_args(ann) if a is not _NONE]
    return [ann]


def _expected(ann: Any) -> str:
    kinds: list[str] = []
    for member in _members(ann):
        origin = get_origin(member)
        if member is str:
            kind = "text"
        elif member in (int, float):
            kind = "a whole number" if member is int else "a number"
        elif member is bool:
            kind = "true/false"
        elif origin in (list, tuple):
            kind = "a list"
        elif origin is dict or (isinstance(member, type) and issubclass(member, BaseModel)):
            kind = "a mapping (key: value)"
        elif origin is Literal:
            kind = " or ".join(f"'{a}'" for a in get_args(member))
        else:
            kind = "a value"
        kinds.append(kind)
    if "a number" in kinds and "a whole number" in kinds:
        kinds.remove("a whole number")
    unique = list(dict.fromkeys(kinds))
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " or " + unique[-1]


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """Input key (alias or name) -> annotation."""
    return {(f.alias or name): f.annotation for name, f in model.model_fields.items()}


def _resolve(model: type[BaseModel], loc: tuple[int | str, ...]) -> tuple[Loc, Any, Any]:
    """Walk pydantic's `loc` through the model's types.

    Returns the location as the author wrote it (union tags dropped), the annotation there
    (None for an unknown key) and the annotation of its parent.
    """
    ann: Any = model
    parent: Any = None
    clean: list[str | int] = []
    for part in loc:
        members = _members(ann)
        if len(members) > 1:  # a union tag such as 'str': the error is about this value
            break
        ann = parent = members[0]
        origin = get_origin(ann)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            ann = _fields(ann).get(str(part))
        elif origin is list:
            ann = get_args(ann)[0]
        elif origin is tuple:
            args = get_args(ann)
            ann = args[part] if isinstance(part, int) and part < len(args) else None
        elif origin is dict:
            ann = get_args(ann)[1]
        else:
            ann = None
        clean.append(part)
    return tuple(clean), ann, parent


def _message(err: ErrorDetails, ann: Any, parent: Any, loc: Loc, src: Source) -> tuple[Loc, str]:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if get_origin(parent) is tuple or (
        get_origin(_members(ann)[0]) is tuple and kind in ("too_short", "too_long")
    ):  # `range: [low, high]` with the wrong number or kind of items
        where = loc[:-1] if get_origin(parent) is tuple else loc
        return where, "expected [low, high]: a list of two whole numbers"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = list(_fields(parent)) if isinstance(parent, type) else []
        guess = did_you_mean(key, allowed)
        if guess:
            return loc, f"unknown key '{key}' (did you mean '{guess}'?)"
        return loc, f"unknown key '{key}'; allowed keys: {', '.join(allowed)}"
    if kind == "missing":
        return loc, "required key is missing"
    if kind == "invalid_key":
        return loc, f"keys must be text, got {describe(value)}"
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return loc, "must not be empty" if need == 1 else f"needs at least {need} items"
    if kind == "too_long":
        return loc, f"has more than {ctx.get('max_length')} items"
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "greater_than": ("more than", "gt"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        if isinstance(value, float) and not math.isfinite(value):  # YAML's .nan, .inf
            return loc, f"got {value}, not a finite number; give a number {words} {ctx.get(key)}"
        return loc, f"must be {words} {ctx.get(key)}, got {value}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == CALLABLE_PATTERN:
            return loc, callable_hint(str(value))
        hint = _PATTERN_HINTS.get(str(ctx.get("pattern")), f"must match {ctx.get('pattern')}")
        return loc, f"'{visible(str(value))}' {hint}{_lookalike(str(value))}"
    if kind == "literal_error":
        return loc, f"must be {ctx.get('expected')}, got {describe(value)}"
    if kind == "value_error":
        text = str(err["msg"]).removeprefix("Value error, ")
        m = _FAKER_NOT_ALLOWED.fullmatch(text)
        if m:
            guess = did_you_mean(m.group(1), FAKER_PROVIDERS)
            tail = (
                f" (did you mean '{guess}'?)"
                if guess
                else f"; allowed: {', '.join(sorted(FAKER_PROVIDERS))}"
            )
            return (*loc, "faker"), f"faker provider '{m.group(1)}' is not allowed{tail}"
        return loc, text
    if kind.endswith(("_type", "_parsing")) or kind in ("model_attributes_type", "dict_type"):
        if isinstance(value, bool) and loc in src.bools and "text" in _expected(ann):
            return loc, (
                f"expected {_expected(ann)}, got {src.bools[loc]}, which YAML reads as "
                f"true/false; put it in quotes"
            )
        hint = quote_hint(value) if _expected(ann) == "text" else ""
        if _expected(ann) == "a list" and isinstance(value, str | int | float):
            hint = "; a list is written with dashes, one item per line ('- item'), or [a, b]"
        return loc, f"expected {_expected(ann)}, got {describe(value)}{hint}"
    return loc, str(err["msg"])


def quote_hint(value: object) -> str:
    """How to make a number or a date that YAML read from the author's text into text."""
    if isinstance(value, date):
        return f", which YAML reads as a date, not text; put it in quotes: '{value}'"
    if _is_number(value):
        return "; put it in quotes"
    return ""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def validate(model: type[M], src: Source, data: Any) -> tuple[M | None, list[Problem]]:
    """The validated model, or None and one problem per distinct mistake."""
    try:
        return model.model_validate(data), []
    except ValidationError as e:
        # A dict keeps file order and dedupes in linear time: a file of 60,000 unknown keys
        # is 60,000 errors, and a list's `in` made that minutes of work.
        problems: dict[Problem, None] = {}
        for err in e.errors():
            loc, ann, parent = _resolve(model, err["loc"])
            where, message = _message(err, ann, parent, loc, src)
            problems.setdefault(src.problem(where, message))
        return None, list(problems)
