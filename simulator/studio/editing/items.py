"""Whole items of a scenario added, moved or removed from the studio's form: a rule (where
it goes: new_rule.py), an answer, a variable, a fact the customer knows or support asks for,
a check; a rule or answer moved one place up (order is meaning); any item removed with what
names it (a fact the customer forgets goes from every list). Apart from offline.py, which
sets one field of an item already there.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from simulator.studio.editing.conditions import ACTIONS, NAME, scalar
from simulator.studio.editing.new_rule import add_rule, added_note
from simulator.studio.editing.roundtrip import dump, round_trip_yaml
from simulator.studio.editing.spoken import english_only
from simulator.studio.policy.lookups import customer_tells
from simulator.studio.policy.told import tell_tested

__all__ = ["CHECKS", "add_item", "add_item_noted", "child", "move_up", "remove"]


def _named(fields: dict[str, str], what: str) -> str:
    name = fields.get("name", "").strip()
    if not NAME.fullmatch(name):
        raise ValueError(
            f"{what} name '{name}': use lowercase letters, digits and _ (like plan_type)"
        )
    return name


def child(data: Any, key: str, make: Any) -> Any:
    if not isinstance(data.get(key), type(make)):
        data[key] = make
    return data[key]


# Checks the form can add: (kind, what the value is). Text checks take plain words, matched
# case-insensitively as written (escaped), not a regular expression.
CHECKS = {
    "requested": "support asks for the fact",
    "verified_before_action": "the customer gave the fact before support acted",
    "support_action": "support does this (resolve, refuse or escalate)",
    "no_support_action": "support never does this (resolve, refuse or escalate)",
    "support_says": "support says these words",
    "support_avoids": "support never says these words",
}


def _add_check(data: Any, kind: str, value: str) -> None:
    if kind not in CHECKS:
        raise ValueError(f"check '{kind}': give one of {', '.join(CHECKS)}")
    if not value:
        raise ValueError(f"check '{CHECKS[kind]}': give its value")
    if kind in ("support_action", "no_support_action") and value not in ACTIONS:
        raise ValueError(f"check '{CHECKS[kind]}': give one of {', '.join(ACTIONS)}")
    given: Any = value
    if kind in ("support_says", "support_avoids"):
        given = "(?i)" + re.escape(value).replace("\\ ", " ")
    checks = child(data, "success", CommentedSeq())
    stem = re.sub(r"[^a-z0-9]+", "_", f"{kind}_{value}".lower()).strip("_")[:40].rstrip("_")
    taken = {c.get("id") for c in checks if isinstance(c, dict)}
    name = next(f"{stem}_{n}" if n else stem for n in range(len(checks) + 2)
                if (f"{stem}_{n}" if n else stem) not in taken)  # fmt: skip
    check = CommentedMap([(kind, given)])
    check.fa.set_flow_style()
    checks.append(CommentedMap([("id", name), ("check", check)]))


def add_item_noted(
    text: str, kind: str, fields: dict[str, str] | None = None
) -> tuple[str, dict[str, str]]:
    """`add_item`, and what the answer says and where the page takes the author: a rule
    added says where it went and that its condition is an example (new_rule.py)."""
    noted: dict[str, str] = {}
    return add_item(text, kind, fields, noted), noted


def add_item(
    text: str, kind: str, fields: dict[str, str] | None = None, noted: dict[str, str] | None = None
) -> str:
    """A new rule (before a final catch-all rule, so it can apply), knowledge answer,
    variable (`name`, `values` comma-separated), fact the customer knows (`name`, `value`,
    `hidden`: tells it only when asked) or fact support asks for (`name`)."""
    fields = fields or {}
    noted = {} if noted is None else noted
    yaml = round_trip_yaml()
    data = yaml.load(text)
    if not isinstance(data, dict):
        raise ValueError("the file does not read as a scenario; fix it in the file text")
    if kind == "variable":
        name = _named(fields, "variable")
        values = [scalar(v.strip()) for v in fields.get("values", "").split(",") if v.strip()]
        if not values:
            raise ValueError(f"variable {name}: give its values, a comma between them")
        variables = child(data, "variables", CommentedMap())
        if name in variables:
            raise ValueError(f"variable {name} exists already")
        choice = CommentedSeq(values)
        choice.fa.set_flow_style()
        spec = CommentedMap([("choice", choice)])
        spec.fa.set_flow_style()
        variables[name] = spec
        rules = (data.get("support") or {}).get("rules")
        if any(isinstance(r, dict) and name in (r.get("when") or {}) for r in rules or []):
            tell_tested(data, [name])  # a rule written before its variable
        return dump(yaml, data)
    if kind == "knows":
        name = _named(fields, "fact")
        customer = child(data, "customer", CommentedMap())
        child(customer, "knows", CommentedMap())[name] = " ".join(fields.get("value", "").split())
        if fields.get("hidden"):
            hidden = child(customer, "reveal_only_when_asked", CommentedSeq())
            if name not in hidden:
                hidden.append(name)
        return dump(yaml, data)
    if kind == "english":
        english_only(data)
        return dump(yaml, data)
    if kind == "tells":  # a variable support looked up: the customer's to tell instead
        customer_tells(data, _named(fields, "variable"))
        return dump(yaml, data)
    if kind == "check":
        _add_check(data, fields.get("kind", ""), " ".join(fields.get("value", "").split()))
        return dump(yaml, data)
    support = child(data, "support", CommentedMap())
    if kind == "verify":
        name = _named(fields, "fact")
        customer = child(data, "customer", CommentedMap())
        knows = child(customer, "knows", CommentedMap())
        if name not in knows and name in (data.get("variables") or {}):
            # A variable asked for (walkthrough 8: support could ask only for a fact, and
            # nothing said so): it becomes a fact the customer knows and tells when asked.
            knows[name] = "{" + name + "}"
            child(customer, "labels", CommentedMap()).setdefault(name, name.replace("_", " "))
        asks = child(support, "verify", CommentedSeq())
        if name not in asks:
            asks.append(name)
        return dump(yaml, data)
    if kind == "rule":
        at = add_rule(data)
        noted["status"] = added_note(data, at)
        noted["focus"] = f"o-rule.{at}.when"
    elif kind == "knowledge":
        items = support.setdefault("knowledge", CommentedSeq())
        taken = {i.get("id") for i in items if isinstance(i, dict)}
        n = next(n for n in range(1, len(items) + 2) if f"answer_{n}" not in taken)
        keywords = CommentedSeq(["a word in the question"])
        keywords.fa.set_flow_style()
        items.append(
            CommentedMap(
                [
                    ("id", f"answer_{n}"),
                    ("keywords", keywords),
                    ("answer", CommentedSeq(["Write support's answer here."])),
                ]
            )
        )
    else:
        raise ValueError(f"cannot add '{kind}'")
    return dump(yaml, data)


def move_up(text: str, key: str) -> str:
    """`text` with the rule or answer at `key` (`support.rules.2`) one place earlier: the
    first rule whose condition holds is the one used, so order is meaning."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    group, _, index = key.rpartition(".")
    items = (
        (data.get("support") or {}).get(group.rpartition(".")[2])
        if isinstance(data, dict)
        else None
    )
    if group not in ("support.rules", "support.knowledge") or not isinstance(items, list):
        raise ValueError(f"cannot move '{key}'")
    if not index.isdigit() or not 0 < int(index) < len(items):
        raise ValueError(f"'{key}' is first already, or not in the file")
    i = int(index)
    items.insert(i - 1, items.pop(i))
    return dump(yaml, data)


def _forget_fact(data: Any, fact: str) -> None:
    """A fact the customer no longer knows goes from every list that names it (told only
    when asked, its label, what support asks for, the checks about it): left there, each
    would be a problem the author could fix only in the YAML."""
    customer, support = data.get("customer") or {}, data.get("support") or {}
    for node, key in ((customer, "reveal_only_when_asked"), (support, "verify")):
        if isinstance(node.get(key), list) and fact in node[key]:
            node[key].remove(fact)
            if not node[key] and key == "reveal_only_when_asked":
                del node[key]
    if isinstance(customer.get("labels"), dict):
        customer["labels"].pop(fact, None)
    checks = data.get("success")
    if isinstance(checks, list):
        for i in reversed(range(len(checks))):
            check = checks[i].get("check") if isinstance(checks[i], dict) else None
            if isinstance(check, dict) and fact in (
                check.get("requested"),
                check.get("verified_before_action"),
            ):
                del checks[i]


def remove(text: str, key: str) -> str:
    """`text` without the item at `key`: a dotted path with list indexes (`success.2`,
    `expect.actions.0`, `support.rules.1`) or a whole key (`flow`). A fact the customer
    knows (`customer.knows.NAME`) goes with every mention of it (`_forget_fact`); a variable
    (`variables.NAME`) with the facts the customer knows that are only it, their labels and
    "told only when asked" (places.py no longer names those as places it is used)."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    if not isinstance(data, dict):
        raise ValueError("the file does not read as a scenario; fix it in the file text")
    *parents, last = key.split(".")
    node: Any = data
    holder: Any = None  # the mapping that holds `node`, when one does
    for part in parents:
        holder = node if isinstance(node, dict) else None
        if isinstance(node, list):
            node = node[int(part)] if part.isdigit() and int(part) < len(node) else None
        else:
            node = node.get(part)
        if not isinstance(node, dict | list):
            raise ValueError(f"nothing at '{key}' in the file")
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        del node[int(last)]
    elif isinstance(node, dict) and last in node:
        del node[last]
    else:
        raise ValueError(f"nothing at '{key}' in the file")
    if parents == ["customer", "knows"]:
        _forget_fact(data, last)
    if parents == ["variables"]:
        # What the customer knows of it goes with it, as a fact it is (walkthrough 15:
        # "Removing one removes it everywhere", then 2 problems and the fact still offered)
        found = data.get("customer")
        customer: dict[Any, Any] = found if isinstance(found, dict) else {}
        known = customer.get("knows")
        knows: dict[Any, Any] = known if isinstance(known, dict) else {}
        for fact in [k for k, v in knows.items() if v == "{" + last + "}"]:
            del knows[fact]  # what support asks for first and the checks stay: still named
            if isinstance(customer.get("labels"), dict):
                customer["labels"].pop(fact, None)
            hidden = customer.get("reveal_only_when_asked")
            if isinstance(hidden, list) and fact in hidden:
                hidden.remove(fact)
                if not hidden:
                    del customer["reveal_only_when_asked"]
    if isinstance(node, list) and not node and holder is not None and parents[-1] in holder:
        # An emptied list goes with its key: `flow: []` says nothing `flow` left out does not
        # (and `expect`'s `actions: []` would mean "change nothing", a new expectation).
        del holder[parents[-1]]
    if parents[:1] == ["expect"] and not data.get("expect", True):
        del data["expect"]
    return dump(yaml, data)
