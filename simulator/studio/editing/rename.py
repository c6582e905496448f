"""Rename a variable everywhere the scenario uses it.

A newcomer whose rule needs `hours_until` where the template has `days_ago` used to add a
variable, remove the old one and then fix every text and rule the removal broke. A rename
does it in one step: the key under `variables`, every `{name}` in any text (first messages,
replies, answers, follow-ups, what the customer knows, the expected calls' arguments, other
variables' `where`, every language), and every condition that tests it (`when` of the rules
and of the expected calls and records). Literal braces (`{{name}}`) are text, not a use.
Through ruamel's round trip, so comments, quotes and key order stay.

Refused, changing nothing: a name that is not a variable, a new name that is not lowercase
words joined by `_`, one that is already a variable, or one of the names every scenario has
from the customer's persona (`customer_name` ...).
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import ScalarString

from scenarios.model import BUILTIN_VARIABLES
from simulator.studio.editing.conditions import NAME
from simulator.studio.editing.replies import Before, follow
from simulator.studio.editing.roundtrip import dump, round_trip_yaml
from simulator.studio.policy.policy_read import number_label

__all__ = ["rename_variable"]

_CONDITIONS = (("support", "rules"), ("expect", "actions"), ("expect", "records"))


def _rekey(mapping: CommentedMap, old: str, new: str) -> None:
    """`old` renamed to `new` in place, at the same position (and flow style)."""
    position = list(mapping).index(old)
    value = mapping.pop(old)
    mapping.insert(position, new, value)


def rename_variable(text: str, old: str, new: str) -> tuple[str, int]:
    """`text` with variable `old` called `new`, and how many places changed (the variable's
    own key included)."""
    old, new = old.strip(), new.strip()
    yaml = round_trip_yaml()
    data = yaml.load(text)
    variables = data.get("variables") if isinstance(data, CommentedMap) else None
    if not isinstance(variables, CommentedMap) or old not in variables:
        raise ValueError(f"{old} is not a variable in the file")
    if not NAME.fullmatch(new):
        raise ValueError(
            f"'{new}': a variable's name is lowercase words joined by _ (like hours_until)"
        )
    if new == old:
        return text, 0
    if new in variables:
        raise ValueError(f"{new} is a variable already; pick another name or remove that one")
    if new in BUILTIN_VARIABLES:
        raise ValueError(
            f"{new} is a name every scenario has (from the customer's persona); pick another"
        )
    rules = data.get("support", {}).get("rules") if isinstance(data.get("support"), dict) else None
    rules = [r for r in rules if isinstance(r, CommentedMap)] if isinstance(rules, list) else []
    before = [Before(rule, variables) for rule in rules]
    _rekey(variables, old, new)
    changed = 1
    lists = [
        data.get(section, {}).get(key) if isinstance(data.get(section), dict) else None
        for section, key in _CONDITIONS
    ]
    for items in [*lists, data.get("success")]:  # success criteria have a `when` too
        for item in items if isinstance(items, list) else []:
            when = item.get("when") if isinstance(item, dict) else None
            if isinstance(when, CommentedMap) and old in when:
                _rekey(when, old, new)
                changed += 1
    token = re.compile(r"\{\{|\}\}|\{" + re.escape(old) + r"\}")
    changed += _placeholders(data, token, "{" + new + "}")
    for rule, was in zip(rules, before, strict=True):  # the lines the studio made follow
        changed += follow(rule, was, variables)
    changed += _rename_fact(data, old, new)
    return dump(yaml, data), changed


def _rename_fact(data: Any, old: str, new: str) -> int:
    """The fact that only carries the variable (`old: "{new}"` by now, as a suggested rule
    or "Also ask for" made it) takes the new name too, with every list that names it and
    its label when that was made from the name (walkthrough 8: after a rename the fact, the
    "Also ask for" list and the label kept the old name). A fact with its own text keeps
    its name."""
    customer = data.get("customer") if isinstance(data.get("customer"), dict) else {}
    knows = customer.get("knows")
    if not isinstance(knows, CommentedMap) or str(knows.get(old)) != "{" + new + "}":
        return 0
    if new in knows:
        return 0
    _rekey(knows, old, new)
    changed = 1
    labels = customer.get("labels")
    if isinstance(labels, CommentedMap) and old in labels:
        made = {old.replace("_", " "), number_label(old)}
        if str(labels[old]) in made:
            labels[old] = (
                number_label(new)
                if str(labels[old]) == number_label(old)
                else (new.replace("_", " "))
            )
        _rekey(labels, old, new)
    support = data.get("support") if isinstance(data.get("support"), dict) else {}
    for listed in (customer.get("reveal_only_when_asked"), support.get("verify")):
        if isinstance(listed, list) and old in listed:
            listed[listed.index(old)] = new
            changed += 1
    checks = data.get("success")
    for item in checks if isinstance(checks, list) else []:
        check = item.get("check") if isinstance(item, dict) else None
        for key in ("requested", "verified_before_action"):
            if isinstance(check, dict) and check.get(key) == old:
                check[key] = new
                changed += 1
    return changed


def _placeholders(node: Any, token: re.Pattern[str], new: str) -> int:
    """Every `{old}` in the strings under `node` made `new`; how many strings changed."""
    changed = 0
    items: list[tuple[Any, Any]] = []
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    for key, value in items:
        if isinstance(value, str):
            replaced = token.sub(
                lambda m: new if m.group(0) not in ("{{", "}}") else m.group(0), value
            )
            if replaced != value:
                node[key] = type(value)(replaced) if isinstance(value, ScalarString) else replaced
                changed += 1
        else:
            changed += _placeholders(value, token, new)
    return changed
