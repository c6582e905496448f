"""Who holds each fact a rule decides on: the customer, whom support asks before deciding, or
support's own records, which support looks up.

Walkthrough 9 (an energy supplier, the short starter with no records): support asked the
customer for "your dispute amount" and "whether you're registered as vulnerable", things
support sees on the account, and a figure worked out against the company's estimate was
offered as "(a variable: the customer will know it)". Nothing on the page said which facts
support would ask for and which it would look up, and changing it meant finding the fact
under "Also in this scenario". So beside the rules, one line names the facts support asks
the customer for before deciding, each with "support looks it up" (the fact is removed: the
variable stays, support's own, as a record would be), and one names those support looks up,
each with "the customer tells it".
"""

from __future__ import annotations

import re
from typing import Any

from scenarios.model import BUILTIN_VARIABLES
from simulator.studio.pages.pages import esc
from simulator.studio.policy.policy_numbers import number_label
from simulator.studio.policy.told import made_told, told_label, yes_no_variable

__all__ = ["customer_tells", "decided_on", "decides_html"]


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def decided_on(data: Any) -> list[str]:
    """The variables the rules' conditions test, in order of first use."""
    rules = _d(_d(data).get("support")).get("rules")
    variables = _d(_d(data).get("variables"))
    names = [
        str(n)
        for rule in (rules if isinstance(rules, list) else [])
        for n in _d(_d(rule).get("when"))
    ]
    return [n for n in dict.fromkeys(names) if n in variables and n not in BUILTIN_VARIABLES]


def decides_html(data: Any) -> str:
    """The two lines: asked of the customer before deciding, and looked up by support."""
    customer = _d(_d(data).get("customer"))
    knows, labels = _d(customer.get("knows")), _d(customer.get("labels"))
    verify = _d(_d(data).get("support")).get("verify")
    checked = {str(v) for v in verify} if isinstance(verify, list) else set()
    variables = _d(_d(data).get("variables"))
    tested = [n for n in decided_on(data) if n not in checked]
    asked = [n for n in tested if n in knows]
    looked = [n for n in tested if n not in knows and "record" not in _d(variables.get(n))]
    out = ""
    if asked:
        out += (
            "<p id='decides-asked'>Before deciding, support asks the customer for: "
            + ", ".join(
                f"<b title='in the file: {esc(n)}'>{esc(theirs(_label(n, labels, variables)))}</b> "
                f"<button class='rm' data-key='customer.knows.{esc(n)}' title='support finds "
                "it on the account, as with a record: the customer is not asked'>support "
                "looks it up</button>"
                for n in asked
            )
            + "</p>"
        )
    if looked:
        out += (
            "<p id='decides-looked'>Support looks up itself (its records; Try draws a value "
            "for each conversation): "
            + ", ".join(
                f"<b title='in the file: {esc(n)}'>{esc(n.replace('_', ' '))}</b> "
                f"<button class='tells' data-name='{esc(n)}' title='the customer knows it and "
                "says it when support asks, before support decides'>the customer tells it"
                "</button>"
                for n in looked
            )
            + "</p>"
        )
    return out


_THEIRS = (
    (r"\bI'm\b", "they're"), (r"\bI am\b", "they are"), (r"\bI was\b", "they were"),
    (r"\bI've\b", "they've"), (r"\bI'd\b", "they'd"), (r"\bI\b", "they"),
    (r"\bmy\b", "their"), (r"\bme\b", "them"), (r"\bmine\b", "theirs"),
)  # fmt: skip


def theirs(label: str) -> str:
    """A label in the customer's voice ("whether I'm still unhappy") said on support's side
    of the page ("whether they're still unhappy"; walkthroughs 13 and 14 read "I" there)."""
    for mine, their in _THEIRS:
        label = re.sub(mine, their, label)
    return label


def _label(name: str, labels: dict[Any, Any], variables: dict[Any, Any]) -> str:
    label = labels.get(name)
    if isinstance(label, str) and label.strip():
        return label.strip()
    return _made_label(name, variables.get(name))


def _made_label(name: str, spec: Any) -> str:
    """How both sides name a fact the customer tells: "whether I'm a member", "number of
    rooms booked", "plan type"."""
    if yes_no_variable(spec):
        return told_label(name)
    if "range" in _d(spec):
        return number_label(name)
    return name.replace("_", " ")


def customer_tells(data: Any, name: str) -> None:
    """Variable `name` made a fact the customer knows and says when support asks (support
    then asks before deciding on it)."""
    variables = _d(_d(data).get("variables"))
    if name not in variables:
        raise ValueError(f"'{name}' is not a variable")
    made_told(data, name, _made_label(name, variables[name]))
