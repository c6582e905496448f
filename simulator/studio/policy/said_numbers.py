"""A number the customer's first messages say, tied to the variable a rule tests.

Walkthrough 11: the first messages said "three days" while the rules tested `lasted_days`,
drawn from 1 to 14, so a customer said three days and support refunded for nine. When a rule
tests a number the customer tells (a range variable the customer knows) in a unit the first
messages name with a number ("three days", "3 days"), the page offers to say the variable
there instead, in one click; nothing changes without it.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.studio.pages.pages import esc
from simulator.studio.policy.policy_numbers import UNITS

__all__ = ["number_offers", "numbers_html"]

_COUNT = (
    r"\d+|a couple of|a few|several|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|twenty|thirty"
)


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def number_offers(data: Any) -> list[tuple[str, list[str]]]:
    """(variable, the phrases of the first messages it would stand for) for each number a
    rule tests that the customer tells, in a unit the first messages count with a number."""
    customer = _d(_d(data).get("customer"))
    openings = customer.get("openings")
    if not isinstance(openings, list):
        return []
    said = "\n".join(str(o) for o in openings)
    knows = _d(customer.get("knows"))
    variables = _d(_d(data).get("variables"))
    rules = _d(_d(data).get("support")).get("rules")
    tested = [
        str(n)
        for rule in (rules if isinstance(rules, list) else [])
        for n in _d(_d(rule).get("when"))
    ]
    out: list[tuple[str, list[str]]] = []
    for name in dict.fromkeys(tested):
        unit = UNITS.get(name.rsplit("_", 1)[-1]) or UNITS.get(name.split("_", 1)[0])
        if not unit or "range" not in _d(variables.get(name)) or name not in knows:
            continue
        if "{" + name + "}" in said:
            continue
        singular = unit[:-1] if unit.endswith("s") else unit
        found = re.findall(rf"(?i)\b(?:{_COUNT})\s+(?:{unit}|{singular})\b", said)
        if found:
            out.append((name, list(dict.fromkeys(found))))
    return out


def numbers_html(data: Any) -> str:
    """The offer under the policy's rules: each phrase and the button that says the
    variable there instead ('' when there is none)."""
    items = []
    for name, phrases in number_offers(data):
        unit = UNITS.get(name.rsplit("_", 1)[-1]) or UNITS.get(name.split("_", 1)[0]) or ""
        quoted = ", ".join(f"<i>{esc(p)}</i>" for p in phrases)
        items.append(
            f"<p class='note numoffer'>Your first messages say {quoted}, but the rules test "
            f"<code>{esc(name)}</code>, a number drawn for each conversation. "
            f"<button class='numvar' data-phrases='{esc(chr(31).join(phrases))}' "
            f"data-with='{esc('{' + name + '} ' + unit)}'>say {esc('{' + name + '}')} "
            f"{esc(unit)} instead</button></p>"
        )
    return "".join(items)
