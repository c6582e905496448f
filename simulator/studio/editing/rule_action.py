"""A rule's action as the form offers it: the YAML's three, plus "asks first" (`resolve`
with `confirm:` lines) and "refuses and offers something else" (`refuse` with `offer:`),
each given a starter line to replace when it has none."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedSeq

from simulator.studio.editing.conditions import ASKS_FIRST, CONFIRM_STARTER, OFFER_STARTER, OFFERS

__all__ = ["put_key", "set_action"]


def put_key(node: Any, key: str, value: Any) -> None:
    """Set `key`, a new one right after the rule's reason (else its action), where a reader
    of the file looks for it."""
    if key in node or "action" not in node:
        node[key] = value
        return
    after = "reason" if "reason" in node else "action"
    node.insert(list(node).index(after) + 1, key, value)


def set_action(node: Any, value: str) -> None:
    """`value` is a YAML action, or ASKS_FIRST: does it (`resolve`) once the customer agrees
    to the rule's `confirm` question, given a first question to edit when it has none; or
    OFFERS: refuses (`refuse`) and offers the rule's `offer`, given one to edit."""
    node["action"] = {ASKS_FIRST: "resolve", OFFERS: "refuse"}.get(value, value)
    if value == "resolve":  # a reason is for refusing, handing over or asking first (why)
        node.pop("reason", None)
    if value != OFFERS:
        node.pop("offer", None)
    elif not node.get("offer"):
        put_key(node, "offer", OFFER_STARTER)
    if value != ASKS_FIRST:
        node.pop("confirm", None)
    elif not node.get("confirm"):
        ask = CommentedSeq([CONFIRM_STARTER])
        node.insert(list(node).index("action") + 1, "confirm", ask)
