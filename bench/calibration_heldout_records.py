"""The held-out calibration records (bench/calibration_heldout.py) are built from these: new
personas, the scenarios' drawn variables (the double-charge scenario the checks never saw),
the record writer (`Held`) and the conversations every category varies (`bill`, `five`).
"""

from __future__ import annotations

from typing import Any

from bench.calibration_records import RESOLVED, c, s

PEOPLE = [
    (
        "en_US",
        "Rosa",
        "Delgado",
        "rosa.delgado@example.com",
        "+1 415 555 0110",
        "3 Bay St",
        "Oakland",
        39,
    ),
    (
        "en_GB",
        "Callum",
        "Reid",
        "callum.reid@example.co.uk",
        "+44 131 496 0822",
        "21 Leith Walk",
        "Edinburgh",
        52,
    ),
    (
        "en_US",
        "June",
        "Park",
        "june.park@example.net",
        "+1 206 555 0199",
        "8 Cedar Rd",
        "Seattle",
        23,
    ),
]


VARS = {
    "heldout/double-charge": {"plan_name": "Family", "invoice": "INV-4417"},
    "calibration/refund": {"product": "Nimbus Earbuds", "order_id": "ORD-22906"},
    "calibration/lost-card": {"dob": "1977-07-25"},
    "calibration/outage": {"postcode": "BS3 4QD"},
}


BILL = "heldout/double-charge"


ASK_INV = "I can look into that. What's the invoice number?"


REVERSE = "Thanks, I've reversed the duplicate charge on INV-4417; it shows as a pending credit."


class Held:
    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []

    def add(
        self,
        scenario: str,
        turns: list[dict[str, Any]],
        expected: list[str],
        note: str,
        verbosity: str = "normal",
        quirks: tuple[str, ...] = (),
        tone: str = "polite",
        outcome: dict[str, str] | None = None,
    ) -> None:
        n = len(self.records)
        locale, first, last, email, phone, address, city, age = PEOPLE[n % len(PEOPLE)]
        persona = {
            "id": f"held-p{n}",
            "identity": {
                "locale": locale,
                "first_name": first,
                "last_name": last,
                "name": f"{first} {last}",
                "email": email,
                "phone": phone,
                "address": address,
                "city": city,
                "age": age,
            },
            "tone": tone,
            "patience": "medium",
            "verbosity": verbosity,
            "tech_savviness": "medium",
            "language": "en",
            "quirks": list(quirks),
        }
        variables = {
            "customer_name": f"{first} {last}",
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": phone,
            "address": address,
            "city": city,
            **VARS[scenario],
        }
        self.records.append(
            {
                "id": f"held-{n:03d}",
                "scenario_id": scenario,
                "persona": persona,
                "variables": variables,
                "edge_cases": [],
                "seed": n,
                "turns": turns,
                "outcome": outcome or RESOLVED,
                "expected": sorted(expected),
                "note": note,
            }
        )


def bill(opening: str, give: str, close: str, acts: bool = False) -> list[dict[str, Any]]:
    a = (lambda x: x) if acts else (lambda x: None)
    return [
        c(opening, a("open")),
        s(ASK_INV, a("request_info")),
        c(give, a("inform")),
        s(REVERSE, a("resolve")),
        c(close, a("thank")),
    ]


CALM = [
    "I was charged twice for my plan this month.",
    "Both payments went out on the same day.",
    "Yes, the invoice number is INV-4417.",
    "Alright, that sounds good.",
    "No, that is everything, thank you.",
]


def five(texts: list[str], acts: bool = False) -> list[dict[str, Any]]:
    a = (lambda x: x) if acts else (lambda x: None)
    supports = [
        s("Sorry about that. When did you notice?", a("clarify")),
        s(ASK_INV, a("request_info")),
        s(REVERSE, a("resolve")),
        s("Is there anything else?", a("close")),
    ]
    turns = [c(texts[0], a("open"))]
    for sup, text in zip(supports, texts[1:], strict=True):
        turns += [sup, c(text, a("inform"))]
    return turns
