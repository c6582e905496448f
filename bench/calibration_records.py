"""The customer-behaviour calibration records (bench/calibration_set.py) are built from these:
the personas, the scenarios' drawn variables, the turn and record helpers (`c`, `s`, `Writer`),
the support turns that resolve each scenario (`FIX`, `ASK`, `clean`) and the file writer.
bench/calibration_heldout.py uses the turn helpers and the writer too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

IDENTITIES = [
    (
        "en_GB",
        "Harriet",
        "Okafor",
        "harriet.okafor@example.co.uk",
        "+44 7700 900123",
        "4 Mill Row",
        "Leeds",
        34,
    ),
    (
        "en_US",
        "Priya",
        "Raman",
        "priya.raman@example.org",
        "+1 646 555 0142",
        "12 Elm Ct",
        "Queens",
        27,
    ),
    (
        "en_GB",
        "Tom",
        "Hardcastle",
        "t.hardcastle@example.net",
        "+44 113 496 0555",
        "9 Kirk Lane",
        "York",
        61,
    ),
    (
        "en_US",
        "Marcus",
        "Lindqvist",
        "marcus.l@example.com",
        "+1 312 555 0187",
        "77 Pine Ave",
        "Chicago",
        45,
    ),
]


SCENARIO_VARS = {
    "refund": ("calibration/refund", {"product": "Acme Kettle", "order_id": "ORD-51377"}),
    "card": ("calibration/lost-card", {"dob": "1984-03-12"}),
    "outage": ("calibration/outage", {"postcode": "LS6 2AB"}),
}


RESOLVED = {"status": "resolved", "reason": "customer thanked support", "ended_by": "customer"}


ABANDONED = {"status": "abandoned", "reason": "ran out of patience", "ended_by": "customer"}


ESCALATED = {"status": "escalated", "reason": "support handed over", "ended_by": "support"}


Turn = dict[str, Any]


def c(text: str, act: str | None = None, **slots: str) -> Turn:
    return _turn("customer", text, act, slots)


def s(text: str, act: str | None = None, **slots: str) -> Turn:
    return _turn("support", text, act, slots)


def _turn(role: str, text: str, act: str | None, slots: dict[str, str]) -> Turn:
    turn: Turn = {"role": role, "content": text}
    if act is not None:
        turn["act"] = act
    if slots:
        turn["slots"] = slots
    return turn


def persona(
    n: int, tone: str = "polite", verbosity: str = "normal", quirks: Sequence[str] = ()
) -> dict[str, Any]:
    locale, first, last, email, phone, address, city, age = IDENTITIES[n % len(IDENTITIES)]
    return {
        "id": f"cal-q{n}",
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


class Writer:
    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []

    def add(
        self,
        prefix: str,
        scenario: str,
        turns: list[Turn],
        expected: Sequence[str],
        note: str,
        who: dict[str, Any] | None = None,
        outcome: dict[str, str] | None = None,
    ) -> None:
        scenario_id, drawn = SCENARIO_VARS[scenario]
        p = who or persona(len(self.records))
        ident = p["identity"]
        variables = {
            "customer_name": ident["name"],
            "first_name": ident["first_name"],
            "last_name": ident["last_name"],
            "email": ident["email"],
            "phone": ident["phone"],
            "address": ident["address"],
            "city": ident["city"],
            **drawn,
        }
        number = sum(r["id"].startswith(prefix) for r in self.records)
        self.records.append(
            {
                "id": f"{prefix}-{number:02d}",
                "scenario_id": scenario_id,
                "persona": p,
                "variables": variables,
                "edge_cases": [],
                "seed": len(self.records),
                "turns": turns,
                "outcome": outcome or RESOLVED,
                "expected": sorted(expected),
                "note": note,
            }
        )


# Support turns that resolve each scenario properly (with and without dialogue acts).
FIX = {
    "refund": "I've refunded order ORD-51377; it reaches your card within 5 business days.",
    "card": "Thanks, that matches. Your card is blocked and a new one is on its way.",
    "outage": "There's a known outage at LS6 2AB from a cable fault; engineers expect it fixed "
    "by 6pm.",
}


ASK = {
    "refund": ("Sorry about that! Could you give me your order number?", "order_id", "ORD-51377"),
    "card": (
        "I can help. For security, can you confirm your date of birth?",
        "date_of_birth",
        "1984-03-12",
    ),
    "outage": ("Which postcode is the service at?", "postcode", "LS6 2AB"),
}


OPEN = {
    "refund": "My Acme Kettle arrived with a cracked base.",
    "card": "I think I lost my debit card on the bus.",
    "outage": "Our internet has been down since this morning.",
}


def clean(
    scenario: str,
    acts: bool = True,
    opening: str | None = None,
    give: str | None = None,
    thanks: str = "Great, thanks.",
) -> list[Turn]:
    ask, fact, value = ASK[scenario]
    return [
        c(opening or OPEN[scenario], "open" if acts else None),
        s(ask, "request_info" if acts else None, **({fact: ""} if acts else {})),
        c(give or f"It's {value}.", "inform" if acts else None, **({fact: value} if acts else {})),
        s(FIX[scenario], "resolve" if acts else None),
        c(thanks, "thank" if acts else None),
    ]


LONG = [
    "I have been a customer of yours for years and never had a single problem before, which "
    "is why this surprised me so much; I told my sister about it over dinner last night and she "
    "said I should get in touch straight away instead of waiting until the weekend like I "
    "usually would.",
    "So here is the whole story from the start: I got home late on Tuesday, the neighbours had "
    "taken the parcel in for me, and it was only the next morning over breakfast that I noticed "
    "something was badly wrong, so I put everything aside and tried to work out what to do "
    "next.",
    "Honestly I am not very good with these things and my son usually sorts it out for me, but "
    "he is away at university until the end of the month and I did not want to bother him with "
    "it during his exams, so I thought I would try the chat myself this time and see how it "
    "goes.",
    "I should also mention that I tried calling twice yesterday afternoon but the hold music "
    "went on for ages and in the end I had to leave for the school run, so I am hoping this is "
    "quicker, because I have a busy week ahead with work and the kids and everything else.",
    "Just to give you the full picture, this is the second time something like this has "
    "happened to me this year with different companies, and I have learned to keep every email "
    "and receipt in a folder, so I can give you whatever details you need as long as you tell "
    "me exactly what to look for.",
]


LONGEST = " ".join(LONG[:2])  # about 100 words in one turn


def write(records: Sequence[dict[str, Any]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    out.write_text(text, encoding="utf-8")
