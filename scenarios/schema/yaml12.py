"""Plain values that YAML 1.1 (what convsim reads) and YAML 1.2 (editors, the studio's
browser side, most other tools) read differently.

convsim reads YAML 1.1, as PyYAML does: an unquoted `0123` is the octal number 83, `08` is
the text "08", `12:30` is the number 750 (base 60), `no` is false, `0b11` is 3. A YAML 1.2
reader sees 123, 8, "12:30", "no" and "0b11". A PIN, an account number or a time written
without quotes therefore means one thing to the run and another to the editor, and neither
may be what the author meant. `convsim lint` warns on each such value (a warning, not an
error: the file still loads) and says to put it in quotes.
"""

from __future__ import annotations

import math
import re

import yaml

from scenarios.schema.problems import Loc, Problem, dotted

__all__ = ["ambiguous_scalars"]

_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = {".nan", ".NaN", ".NAN"}
_TAG = "tag:yaml.org,2002:"
_MIRROR = yaml.constructor.SafeConstructor()


def _yaml12(text: str) -> object:
    """The value of an unquoted scalar under YAML 1.2's core schema."""
    if text in _NULL:
        return None
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    if _INT.fullmatch(text):
        return int(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    if text in _NAN:
        return math.nan
    return text


def _yaml11(node: yaml.ScalarNode) -> object:
    """The value convsim reads for a plain scalar (timestamps and others stay text here:
    only the kinds both versions have can disagree in a way this check explains)."""
    kind = node.tag.removeprefix(_TAG)
    if kind == "int":
        return _MIRROR.construct_yaml_int(node)
    if kind == "float":
        return _MIRROR.construct_yaml_float(node)
    if kind == "bool":
        return _MIRROR.construct_yaml_bool(node)
    if kind == "null":
        return None
    return str(node.value)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def _said(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text '{value}'"


def ambiguous_scalars(node: yaml.Node | None, file: str) -> list[Problem]:
    """A warning per unquoted value that YAML 1.1 and 1.2 read differently (the iterative
    walk over the composed nodes; aliases were checked and bounded before)."""
    out: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Loc]] = [] if node is None else [(node, ())]
    while stack:
        current, loc = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            text = str(current.value)
            if current.style not in (None, "") or current.tag.startswith("!"):
                continue
            if not current.tag.startswith(_TAG) or current.tag == _TAG + "timestamp":
                continue
            read, other = _yaml11(current), _yaml12(text)
            if not _same(read, other):
                fix = (
                    "quote it so every reader sees that text"
                    if isinstance(read, str)
                    else "quote it if it is text, or write the value you mean plainly"
                )
                message = (
                    f"{text} is read as {_said(read)} here but as {_said(other)} by YAML 1.2 "
                    f"tools (editors, the studio); {fix} ('{text}')"
                )
                line = current.start_mark.line + 1
                out.append(Problem(file, line, dotted(loc), message, warning=True))
            continue
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in reversed(current.value):
                if isinstance(key_node, yaml.ScalarNode):
                    stack.append((value_node, (*loc, str(key_node.value))))
        elif isinstance(current, yaml.SequenceNode):
            for i in range(len(current.value) - 1, -1, -1):
                stack.append((current.value[i], (*loc, i)))
    return out
