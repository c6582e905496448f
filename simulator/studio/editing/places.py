"""Where a scenario uses each of its variables, named as the page names those places.

Removing a variable that is still used asks first; the question spoke in file line numbers
("amount is still used on lines 27, 37, 88 of the scenario"), which a support lead who works
in the form cannot find (walkthrough 10). It names the places instead: "rule 2's condition",
"rule 2's reply", "what the customer knows", "the customer's first messages", "check
asked_reference" ...
"""

from __future__ import annotations

from typing import Any

__all__ = ["used_places"]


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _uses(node: Any, name: str) -> bool:
    """`{name}` in a text, `name` as a key or a whole value."""
    if isinstance(node, str):
        return node == name or "{" + name + "}" in node
    if isinstance(node, dict):
        return any(str(k) == name or _uses(v, name) for k, v in node.items())
    if isinstance(node, list):
        return any(_uses(v, name) for v in node)
    return False


_RULE_PARTS = (
    ("when", "condition"),
    ("say", "reply"),
    ("reason", "reason"),
    ("confirm", "question"),
    ("offer", "offer"),
)
_CUSTOMER_PARTS = (
    ("knows", "what the customer knows"),
    ("reveal_only_when_asked", "what the customer tells only when asked"),
    ("labels", "what the customer calls things"),
    ("openings", "the customer's first messages"),
    ("goal", "what the customer wants"),
)


def _gone_with(customer: dict[Any, Any], name: str) -> dict[Any, Any]:
    """What the customer knows without the facts that are only variable `name` (`full:
    "{full}"`), their labels and "told only when asked": removing the variable removes them
    too (items.remove), so they are no place it is "still used" (walkthrough 15)."""
    facts = {str(k) for k, v in _d(customer.get("knows")).items() if v == "{" + name + "}"}
    if not facts:
        return customer
    out = dict(customer)
    out["knows"] = {k: v for k, v in _d(customer.get("knows")).items() if str(k) not in facts}
    out["labels"] = {k: v for k, v in _d(customer.get("labels")).items() if str(k) not in facts}
    out["reveal_only_when_asked"] = [
        v for v in _l(customer.get("reveal_only_when_asked")) if str(v) not in facts
    ]
    return out


def _places(data: dict[Any, Any], name: str) -> list[str]:
    out: list[str] = []
    support = _d(data.get("support"))
    for i, rule in enumerate(_l(support.get("rules")), start=1):
        out += [f"rule {i}'s {word}" for key, word in _RULE_PARTS if _uses(_d(rule).get(key), name)]
    if _uses(support.get("verify"), name):
        out.append("what support asks for first")
    for answer in _l(support.get("knowledge")):
        if _uses(_d(answer).get("answer"), name):
            out.append(f"the answer about {_d(answer).get('id')}")
    if _uses(support.get("policy"), name):
        out.append("the support policy")
    customer = _gone_with(_d(data.get("customer")), name)
    out += [words for key, words in _CUSTOMER_PARTS if _uses(customer.get(key), name)]
    for i, beat in enumerate(_l(data.get("flow")), start=1):
        if _uses(beat, name):
            out.append(f"follow-up {_d(beat).get('id') or i}")
    for check in _l(data.get("success")):
        if _uses(check, name):
            out.append(f"check {_d(check).get('id')}")
    seen = {"support", "customer", "flow", "success", "variables"}
    out += [
        f"{key} (in the file)"
        for key, value in data.items()
        if key not in seen and _uses(value, name)
    ]
    return out


def used_places(data: Any) -> dict[str, list[str]]:
    """Each variable of `data` that something uses, and the places, in the page's words."""
    data = _d(data)
    out = {}
    for name in _d(data.get("variables")):
        places = _places(data, str(name))
        if places:
            out[str(name)] = places
    return out
