"""The built-in scenarios' customer lines agree with the variables drawn for them.

An opening or flow line is drawn whatever the plan drew: one that states a value of a
choice variable the customer knows ("Clicked buy on the wrong thing" when the drawn reason is
"no longer needed") makes the customer contradict its own facts, and support that takes it at
its word fails on the records. For every choice variable in `customer.knows`, a line that
does not use the variable's placeholder must not hold a word that only one of its values has
(in any of the five languages; agents.scripted.readback's own words, less words common in
the library's lines). The words listed below were read in their lines and state no value
(another sense: "I ordered", "que se passe", "perdí el móvil"); a new hit fails until a
person reads it.
"""

from __future__ import annotations

import re
from collections import Counter

from agents.scripted.readback import _own_words, _words
from scenarios.loader import builtin_library, load_scenarios
from scenarios.model import Scenario

REVIEWED: dict[str, frozenset[str]] = {
    "banking/dispute-unknown-charge": frozenset(
        {"avoir", "contes", "ningue", "jamais", "keine", "haben", "they"}
    ),
    "banking/lost-debit-card": frozenset({"cash", "nenhum", "ningun"}),
    "banking/overdraft-fee-refund": frozenset({"sich", "jour", "wurde"}),
    "ecommerce/cancel-pending-order": frozenset({"ordere"}),
    "insurance/add-driver-to-policy": frozenset({"segund"}),
    "insurance/cancel-policy-refund": frozenset({"poliza", "vertra", "argent", "right"}),
    "insurance/home-water-damage-claim": frozenset({"hace", "dans"}),
    "saas/data-deletion-request": frozenset({"pessoa"}),
    "saas/locked-out-2fa": frozenset({"perdi"}),
    "telecom/early-termination-fee": frozenset({"pars", "barata", "cheape", "moins", "sont"}),
    "telecom/internet-outage": frozenset(
        {"encend", "aucun", "habitu", "nenhum", "ningun", "normal"}
    ),
    "travel/cancel-flight-refund": frozenset({"imprev", "work", "tempo"}),
}
COMMON = 0.01  # a word in more than 1% of the library's customer lines says nothing


def _lines(s: Scenario) -> list[str]:
    c = s.customer
    out = list(c.openings) + [line for lines in c.translations.values() for line in lines]
    for beat in s.flow:
        out += list(beat.say) + [line for lines in beat.translations.values() for line in lines]
    return out


def contradictions(scenarios: list[Scenario]) -> list[str]:
    every = [line for s in scenarios for line in _lines(s)]
    seen = Counter(w for line in every for w in _words(line))
    common = {w for w, n in seen.items() if n / len(every) > COMMON}
    found: list[str] = []
    for s in scenarios:
        for fact, template in s.customer.knows.items():
            m = re.fullmatch(r"\{(\w+)\}", template.strip())
            if m is None:
                continue
            own = _own_words(s, m.group(1))
            for line in _lines(s):
                if "{" + m.group(1) + "}" in line:
                    continue
                for value, words in own.items():
                    hit = (_words(line) & words) - common - REVIEWED.get(s.id, frozenset())
                    if hit:
                        found.append(f"{s.id}: {fact}={value!r} stated by {sorted(hit)}: {line}")
    return found


def test_no_library_line_states_a_value_the_plan_may_not_have_drawn() -> None:
    assert contradictions(load_scenarios([builtin_library()])) == []


def test_the_audit_finds_an_opening_that_states_the_reason() -> None:
    library = {s.id: s for s in load_scenarios([builtin_library()])}
    cancel = library["ecommerce/cancel-pending-order"]
    customer = cancel.customer.model_copy(
        update={"openings": [*cancel.customer.openings, "I ordered it by mistake, cancel it."]}
    )
    found = contradictions([*library.values(), cancel.model_copy(update={"customer": customer})])
    assert any("ordered by mistake" in f and "mistak" in f for f in found), found
