"""Conditions in plain words: a rule's `when` written and read as
`days_since_delivery is more than 30 and payment_method is gift card`, so an author who does
not read YAML can say when support refuses, hands over or resolves."""

from __future__ import annotations

import re
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.nodes import ScalarNode as ScalarNode12
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

__all__ = [
    "ACTIONS",
    "ASKS_FIRST",
    "CONFIRM_STARTER",
    "NAME",
    "OFFERS",
    "OFFER_STARTER",
    "RULE_ACTIONS",
    "condition_text",
    "flow_condition",
    "parse_condition",
    "scalar",
]

# The support actions in plain words (the YAML's word in brackets in the form).
ACTIONS = {
    "resolve": "does it (resolves)",
    "refuse": "refuses",
    "escalate": "hands over to a person (escalates)",
}
# A rule's choices in the form: "confirm" is no YAML action but `action: resolve` with
# `confirm:` lines (support says one, and does it only once the customer agrees).
ASKS_FIRST = "confirm"
# "offer" is `action: refuse` with an `offer:` (support names the alternative and asks
# whether to arrange it; a yes gets it arranged).
OFFERS = "offer"
RULE_ACTIONS = {
    "resolve": ACTIONS["resolve"],
    ASKS_FIRST: "asks first, then does it (asks the customer to confirm)",
    "refuse": ACTIONS["refuse"],
    OFFERS: "refuses and offers something else",
    "escalate": ACTIONS["escalate"],
}
# The alternative a rule starts with when it is made to offer one: the author replaces it.
OFFER_STARTER = "another option (write yours here)"
# The question a rule starts with when it is made to ask first: the author replaces it.
CONFIRM_STARTER = "Write here what the customer should know first (a fee). Shall I go ahead?"

# Condition operators in plain words, longest first so "is not" wins over "is".
_OPS: tuple[tuple[str, str], ...] = (
    ("is more than", "gt"),
    ("is at least", "ge"),
    ("is less than", "lt"),
    ("is at most", "le"),
    ("is none of", "not_in"),
    ("is one of", "in"),
    ("is not", "ne"),
    ("is", "eq"),
)
_WORDS = {op: words for words, op in _OPS}
NAME = re.compile(r"[a-z][a-z0-9_]*")
_EXAMPLE = "write it like: days_since_delivery is more than 30 and payment_method is gift card"


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def condition_text(when: Any) -> str:
    """`{days: {gt: 30}, method: {eq: card}}` -> `days is more than 30 and method is card`."""
    if not isinstance(when, dict):
        return ""
    parts = []
    for name, cond in when.items():
        if not isinstance(cond, dict):
            continue
        parts += [f"{name} {_WORDS.get(str(op), op)} {_value_text(v)}" for op, v in cond.items()]
    return " and ".join(parts)


_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVE11 = yaml.resolver.Resolver()  # what convsim reads (YAML 1.1, as PyYAML)
_RESOLVE12 = VersionedResolver(version=(1, 2))  # what the studio and editors read


def _plain_is_text(text: str) -> bool:
    """Whether `text` written without quotes reads back as that text in both YAML versions
    (not `yes`/`off` as true/false, `null`/`~` as nothing, `0123`/`1e3`/`12:30` as numbers,
    `2024-01-31` as a date)."""
    return (
        _RESOLVE11.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG
        and _RESOLVE12.resolve(ScalarNode12, text, (True, False)) == _STR_TAG
    )


def scalar(text: str) -> str | int | float:
    """A number stays a number (30, 4.5); anything else is text, exactly as typed: quoted in
    the YAML written when YAML would read it plainly as something else. The walkthrough's
    expert typed `yes, no`; written plainly, convsim read true/false and the studio told
    them to quote it in a file they never saw, and typing the quotes made them part of the
    values. A pair of quotes around the whole value is taken as that advice, not as text."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1]
    if re.fullmatch(r"-?(0|[1-9]\d*)", text):  # 007 is a code, kept as typed
        return int(text)
    if re.fullmatch(r"-?(0|[1-9]\d*)\.\d+", text):
        return float(text)
    return text if _plain_is_text(text) else DoubleQuotedScalarString(text)


def parse_condition(text: str) -> dict[str, dict[str, Any]]:
    """The inverse of `condition_text`; an empty text means "always". Raises ValueError
    naming the clause it cannot read and how to write it."""
    out: dict[str, dict[str, Any]] = {}
    for clause in filter(None, (c.strip() for c in re.split(r"\s+and\s+", text.strip()))):
        name, _, rest = clause.partition(" ")
        if not NAME.fullmatch(name):
            raise ValueError(f"'{clause}': start with a variable name; {_EXAMPLE}")
        for words, found in _OPS:
            if rest == words or rest.startswith(words + " "):
                value, op = rest[len(words) :].strip(), found
                break
        else:
            raise ValueError(
                f"'{clause}': say is, is not, is more than, is at least, is less than, "
                f"is at most, is one of or is none of; {_EXAMPLE}"
            )
        if not value:
            raise ValueError(f"'{clause}': give the value after '{words}'")
        if op in ("in", "not_in"):
            parsed: Any = [scalar(v.strip()) for v in value.split(",") if v.strip()]
        else:
            parsed = scalar(value)
            if op in ("gt", "ge", "lt", "le") and not isinstance(parsed, int | float):
                raise ValueError(f"'{clause}': '{words}' needs a number, got '{value}'")
        out.setdefault(name, {})[op] = parsed
    return out


def flow_condition(when: dict[str, dict[str, Any]]) -> CommentedMap:
    """A condition written on one line, as the library writes them."""
    out = CommentedMap((k, CommentedMap(v)) for k, v in when.items())
    for inner in (out, *out.values()):
        inner.fa.set_flow_style()
    return out
