"""Writes the customer-behaviour part of the critic's calibration set (tuned set).

    python bench/calibration_set.py            # rewrites tests/data/calibration/customer.jsonl

The records cover the four checks on what the simulated customer did and how it wrote:
`ended_early`, `rescued_support`, `verbosity_drift` and `quirk_drift` (agents/checks/behavior.py
and agents/checks/style.py). Every record is written out here in full, by hand, so a reviewer
can read what each label claims; nothing is sampled. Each category has at least 16 defective
conversations and hard negatives (records that look like the defect but are not one), labelled
`expected: []` with a `note` starting "hard negative". The checks were tuned on this file; the
held-out set (bench/calibration_heldout.py) was written after they were final.

Labels list every checkable category the conversation has, not only the one it was written
for: a customer that ends early also leaves the scenario's `support_says` criterion unmet.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "calibration" / "customer.jsonl"

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


def ended_early(w: Writer) -> None:
    p = "cal-early"
    thanks = [
        "Oh never mind, all good now, thanks!",
        "Perfect, thank you so much!",
        "Great, that's everything sorted then, cheers.",
        "lovely, thanks, bye",
        "Brilliant, thanks for your help.",
    ]
    holds = [
        "Let me look into that for you, one moment.",
        "Sure, bear with me while I check.",
        "Thanks, I'm looking into it now.",
        "Just a moment please, let me pull that up.",
    ]
    n = 0
    for scenario in ("refund", "card", "outage"):
        ask, fact, value = ASK[scenario]
        unmet = ["ended_early", "success_criterion"]
        # With acts: support only asked, greeted or clarified.
        w.add(
            p,
            scenario,
            [
                c(OPEN[scenario], "open"),
                s(ask, "request_info", **{fact: ""}),
                c(thanks[n % 5], "thank"),
            ],
            unmet,
            "closes satisfied after a request (acts)",
        )
        n += 1
        w.add(
            p,
            scenario,
            [
                c(OPEN[scenario], "open"),
                s("Hello and welcome!", "greet"),
                c(thanks[n % 5], "thank"),
            ],
            unmet,
            "closes satisfied after a greeting (acts)",
        )
        n += 1
        w.add(
            p,
            scenario,
            [
                c(OPEN[scenario], "open"),
                s(ask, "request_info", **{fact: ""}),
                c(f"{value}", "inform", **{fact: value}),
                s("Thanks, I'll check that. Anything else I can note down?", "clarify"),
                c(thanks[n % 5], "thank"),
            ],
            unmet,
            "closes satisfied after giving a fact (acts)",
        )
        n += 1
        # Without acts: support's text only asked or held.
        w.add(
            p,
            scenario,
            [c(OPEN[scenario]), s(ask), c(thanks[n % 5])],
            unmet,
            "closes satisfied after a request (no acts)",
        )
        n += 1
        w.add(
            p,
            scenario,
            [c(OPEN[scenario]), s(holds[n % 4]), c(thanks[n % 5])],
            unmet,
            "closes satisfied while support holds (no acts)",
        )
        n += 1
        w.add(
            p,
            scenario,
            [
                c(OPEN[scenario]),
                s("Hi there, how can I help today?"),
                c(f"It's about {value}."),
                s(holds[n % 4]),
                c(thanks[n % 5]),
            ],
            unmet,
            "closes satisfied after greeting and holding (no acts)",
        )
        n += 1
    # Hard negatives.
    hn = "hard negative: "
    w.add(
        p,
        "refund",
        [
            c(OPEN["refund"]),
            s(ASK["refund"][0]),
            c("ORD-51377"),
            s("I've processed the refund to your card for ORD-51377."),
            c("Perfect, thanks!"),
        ],
        [],
        hn + "support resolved in text (no acts)",
    )
    w.add(
        p,
        "outage",
        [
            c(OPEN["outage"]),
            s(ASK["outage"][0]),
            c("LS6 2AB"),
            s("There's an outage in your area; engineers expect it back by 6pm."),
            c("Ah ok, thanks for letting me know."),
        ],
        [],
        hn + "support answered (no acts)",
    )
    w.add(p, "card", clean("card"), [], hn + "clean, with acts")
    w.add(
        p,
        "outage",
        [
            c(OPEN["outage"], "open"),
            s(ASK["outage"][0], "request_info", postcode=""),
            c("LS6 2AB", "inform", postcode="LS6 2AB"),
            s("A fault at LS6 2AB is known; our engineers are on it.", "answer"),
            c("Thanks, that's all I needed.", "thank"),
        ],
        [],
        hn + "support answered (acts)",
    )
    w.add(
        p,
        "refund",
        [
            c(OPEN["refund"], "open"),
            s(ASK["refund"][0], "request_info", order_id=""),
            c("Thanks! It's ORD-51377.", "inform", order_id="ORD-51377"),
            s(FIX["refund"], "resolve"),
            c("Thank you!", "thank"),
        ],
        [],
        hn + "an early 'thanks' inside an informing turn",
    )
    w.add(
        p,
        "refund",
        [
            c(OPEN["refund"], "open"),
            s(ASK["refund"][0], "request_info", order_id=""),
            c("Forget it, I'll go elsewhere.", "give_up"),
        ],
        ["success_criterion"],
        hn + "the customer gives up early (abandoned, not resolved)",
        outcome=ABANDONED,
    )
    w.add(
        p,
        "outage",
        [c(OPEN["outage"]), s("I'm transferring you to our engineers now.")],
        [],
        hn + "support escalates (no acts)",
        outcome=ESCALATED,
    )
    w.add(
        p,
        "card",
        [
            c(OPEN["card"]),
            s(ASK["card"][0]),
            c("1984-03-12"),
            s("Thanks. Your card is frozen now and a new one will follow."),
            c("thanks, bye"),
        ],
        [],
        hn + "support resolved in text (no acts)",
    )


def rescued(w: Writer) -> None:
    p = "cal-rescue"
    r = ["rescued_support"]
    give = c("It's ORD-51377.", "inform", order_id="ORD-51377")
    ask_r = s(ASK["refund"][0], "request_info", order_id="")
    # The customer supplies the policy before support says it.
    w.add(
        p,
        "refund",
        [
            c(OPEN["refund"], "open"),
            ask_r,
            give,
            s("Thanks, is there anything else about the order?", "clarify"),
            c(
                "Remember, refunds go back to the original payment method within 5 business days.",
                "inform",
            ),
            s(FIX["refund"], "resolve"),
            c("Thanks.", "thank"),
        ],
        r,
        "customer states the refund policy",
    )
    w.add(
        p,
        "refund",
        [
            c(
                "My kettle is cracked, it should go back to the original payment "
                "method within 5 business days, right?"
            ),
            s(ASK["refund"][0]),
            c("ORD-51377"),
            s(FIX["refund"]),
            c("Great, thanks."),
        ],
        r,
        "customer states the policy (no acts)",
    )
    w.add(
        p,
        "card",
        [
            c(
                "I lost my card. Replacement cards arrive in 3 to 5 working days, so "
                "please send one.",
                "open",
            ),
            s(ASK["card"][0], "request_info", date_of_birth=""),
            c("1984-03-12", "inform", date_of_birth="1984-03-12"),
            s(FIX["card"], "resolve"),
            c("Thanks.", "thank"),
        ],
        r,
        "customer states the replacement time",
    )
    w.add(
        p,
        "card",
        [
            c(OPEN["card"]),
            s("Sorry to hear that, how can I help?"),
            c("Confirm my date of birth before blocking a card, that's the rule. 1984-03-12."),
            s(FIX["card"]),
            c("Cheers."),
        ],
        r,
        "customer states the verification rule",
    )
    w.add(
        p,
        "outage",
        [
            c(OPEN["outage"], "open"),
            s(ASK["outage"][0], "request_info", postcode=""),
            c(
                "LS6 2AB. Check for an outage there, and if there is none book an engineer.",
                "inform",
                postcode="LS6 2AB",
            ),
            s("An engineer is booked for tomorrow.", "resolve"),
            c("Thanks.", "thank"),
        ],
        r,
        "customer dictates the outage procedure",
    )
    w.add(
        p,
        "outage",
        [
            c(
                "Internet's down. You are supposed to check for an outage at the "
                "customer's postcode first."
            ),
            s(ASK["outage"][0]),
            c("LS6 2AB"),
            s("No outage there, so an engineer is booked."),
            c("Good."),
        ],
        r,
        "customer dictates the procedure (no acts)",
    )
    w.add(
        p,
        "refund",
        [
            c(OPEN["refund"], "open"),
            s("Sorry to hear that. How can I help?", "clarify"),
            c(
                "Verify the order number before any refund, that's your rule. ORD-51377.",
                "inform",
                order_id="ORD-51377",
            ),
            s(FIX["refund"], "resolve"),
            c("Thanks.", "thank"),
        ],
        r,
        "customer states the verification rule",
    )
    w.add(
        p,
        "card",
        [
            c(OPEN["card"]),
            s(ASK["card"][0]),
            c("Before blocking a card you're meant to check the birth date, so here: 1984-03-12."),
            s("Good point, thanks. Your card is blocked now."),
            c("Thanks."),
        ],
        r,
        "support just agrees (no acts)",
    )
    # The customer tells support its procedure; support just agrees.
    pairs = [
        (
            "refund",
            "You should verify the order number first, it's ORD-51377.",
            "You're right, thanks for the reminder. I've refunded order ORD-51377.",
            "resolve",
        ),
        (
            "refund",
            "It's ORD-51377. What you need to do is refund it to my card.",
            "Good idea, I'll do that. The refund for ORD-51377 is processed.",
            "resolve",
        ),
        (
            "card",
            "You must verify my date of birth, 1984-03-12, then block it.",
            "Good point. Thanks, that matches; your card is blocked now.",
            "resolve",
        ),
        (
            "card",
            "1984-03-12. Your policy says you block the card as soon as it matches.",
            "That's right, as you said. The card is blocked and a new one is coming.",
            "resolve",
        ),
        (
            "outage",
            "LS6 2AB. The next step is to check for a fault at the exchange.",
            "Good call, will do. There's a fault at the exchange; engineers are on it.",
            "resolve",
        ),
        (
            "outage",
            "It's LS6 2AB. According to your website you send a technician if it's not an outage.",
            "You're absolutely right. A technician is booked.",
            "resolve",
        ),
        (
            "refund",
            "ORD-51377. The correct procedure is a refund, not a replacement.",
            "You are correct, thank you for pointing that out. I've refunded ORD-51377.",
            "resolve",
        ),
        (
            "card",
            "The DOB is 1984-03-12. You need to block it right now and send a new one.",
            "Will do, as you say. The card is blocked and a new one is on its way.",
            "resolve",
        ),
    ]
    for i, (scenario, directive, agree, act) in enumerate(pairs):
        _, fact, value = ASK[scenario]
        acts = i % 2 == 0
        turns = [
            c(OPEN[scenario], "open" if acts else None),
            s(ASK[scenario][0], "request_info" if acts else None, **({fact: ""} if acts else {})),
            c(directive, "inform" if acts else None, **({fact: value} if acts else {})),
            s(agree, act if acts else None),
            c("Thanks.", "thank" if acts else None),
        ]
        w.add(p, scenario, turns, r, "support just agrees with the customer's procedure")
    # Hard negatives.
    hn = "hard negative: "
    w.add(
        p,
        "refund",
        [
            c(OPEN["refund"]),
            s(ASK["refund"][0]),
            c("ORD-51377"),
            s("Done. Refunds go back to the original payment method within 5 business days."),
            c("So back to the original payment method within 5 business days? Fine, thanks."),
        ],
        [],
        hn + "customer repeats back what support said",
    )
    w.add(
        p,
        "refund",
        [
            c("You need to refund me today, the kettle is cracked."),
            s(ASK["refund"][0]),
            c("ORD-51377"),
            s(FIX["refund"]),
            c("Thanks."),
        ],
        [],
        hn + "a demand, support asks instead of agreeing",
    )
    w.add(
        p,
        "outage",
        [
            c("This is taking ages, the internet is still down."),
            s("You're right, sorry for the wait. Which postcode is it?"),
            c("LS6 2AB"),
            s(FIX["outage"]),
            c("ok thanks"),
        ],
        [],
        hn + "support agrees with a complaint",
    )
    w.add(
        p,
        "card",
        [
            c("I read that a replacement card takes a few days, is that so?"),
            s("Yes, replacement cards arrive in 3 to 5 working days. " + ASK["card"][0]),
            c("1984-03-12"),
            s(FIX["card"]),
            c("Thanks."),
        ],
        [],
        hn + "short overlap with the policy, asked as a question",
    )
    w.add(
        p,
        "refund",
        [
            c("I want a refund for the Acme Kettle, it arrived with a cracked base."),
            s(ASK["refund"][0]),
            c("ORD-51377"),
            s(FIX["refund"]),
            c("Thanks."),
        ],
        [],
        hn + "the customer's own opening words",
    )
    w.add(
        p,
        "outage",
        [
            c("You need to check my line, it's LS6 2AB."),
            s("Thanks, I'm checking it now."),
            c("ok"),
            s(FIX["outage"]),
            c("Thanks."),
        ],
        [],
        hn + "a directive, support neither agrees nor follows a procedure",
    )
    w.add(
        p,
        "card",
        [
            c(OPEN["card"]),
            s(ASK["card"][0]),
            c("It is 1984-03-12, my date of birth."),
            s(FIX["card"]),
            c("Thanks."),
        ],
        [],
        hn + "fact labels and values only",
    )


def verbosity(w: Writer) -> None:
    p = "cal-verb"
    v = ["verbosity_drift"]
    for i in range(8):
        scenario = ("refund", "card", "outage")[i % 3]
        who = persona(i, "polite", "terse")
        _, _, value = ASK[scenario]
        if i % 2 == 0:
            turns = clean(
                scenario,
                acts=i % 4 == 0,
                opening=OPEN[scenario] + " " + LONG[i % 5],
                give=f"It's {value}. " + LONG[(i + 1) % 5],
            )
            note = "terse persona, long turns"
        else:
            turns = clean(scenario, acts=i % 4 == 1, opening=OPEN[scenario] + " " + LONGEST)
            note = "terse persona, one very long turn"
        w.add(p, scenario, turns, v, note, who=who)
    curt = [
        ("kettle broken", "ok", "thx"),
        ("card gone", "yes", "ta"),
        ("no internet", "k", "bye"),
        ("broken", "fine", "thanks"),
    ]
    for i in range(8):
        scenario = ("refund", "card", "outage")[i % 3]
        who = persona(i + 1, "neutral", "chatty")
        opening, middle, thanks = curt[i % 4]
        _, _, value = ASK[scenario]
        turns = clean(scenario, acts=i % 2 == 0, opening=opening, give=value, thanks=thanks)
        if i % 2:
            turns = [*turns[:4], c(middle), s("Anything else I can help with?"), c(thanks)]
        w.add(p, scenario, turns, v, "chatty persona, one-word turns", who=who)
    hn = "hard negative: "
    w.add(
        p,
        "refund",
        clean("refund", opening=OPEN["refund"] + " " + LONG[0] + " " + LONG[1]),
        [],
        hn + "normal persona writing long turns",
        who=persona(3, "polite", "normal"),
    )
    w.add(
        p,
        "card",
        clean("card", opening=OPEN["card"] + " " + LONG[2]),
        [],
        hn + "terse persona with one long-ish opening",
        who=persona(1, "polite", "terse"),
    )
    w.add(
        p,
        "outage",
        clean("outage", opening=LONG[3], give="LS6 2AB", thanks="ta"),
        [],
        hn + "chatty persona, long opening then short",
        who=persona(2, "friendly", "chatty"),
    )
    w.add(
        p,
        "refund",
        [c("kettle broken"), s(FIX["refund"] + " Order ORD-51377 was on file."), c("thx")],
        # The refund is claimed before the customer gave the order number: a policy rule
        # the act-less reading of support turns decides (it was left unjudged before).
        ["policy_rule"],
        hn + "chatty persona with only two turns",
        who=persona(0, "neutral", "chatty"),
    )
    w.add(
        p,
        "card",
        clean(
            "card",
            opening="Lost my card on the bus this morning, I think it "
            "fell out of my coat pocket while I was paying for the ticket and looking for my "
            "phone.",
            give="1984-03-12, that's my date of birth as requested.",
            thanks="Thanks, that was quick and easy, have a good day.",
        ),
        [],
        hn + "terse persona, ordinary sentences",
        who=persona(3, "polite", "terse"),
    )
    w.add(
        p,
        "outage",
        clean("outage", opening="No internet.", give="LS6 2AB", thanks="ok"),
        [],
        hn + "terse persona writing short turns",
        who=persona(0, "neutral", "terse"),
    )


CALM = "Okay, that sounds fine to me."
MORE = "Could you tell me a bit more about what happened?"


def long_clean(scenario: str, texts: Sequence[str], acts: bool = True) -> list[Turn]:
    """Five customer turns with text, so quirks have room to show."""
    ask, fact, value = ASK[scenario]
    o, more, inform, accept, thanks = texts
    a = (lambda x: x) if acts else (lambda x: None)
    return [
        c(o, a("open")),
        s(MORE, a("clarify")),
        c(more, a("inform")),
        s(ask, a("request_info"), **({fact: ""} if acts else {})),
        c(inform, a("inform"), **({fact: value} if acts else {})),
        s(FIX[scenario], a("resolve")),
        c(accept, a("accept")),
        s("Is there anything else I can do?", a("close")),
        c(thanks, a("thank")),
    ]


NORMAL_TEXTS = {
    "refund": [
        "My kettle arrived with a crack in the base.",
        "The box was fine but the kettle inside was damaged.",
        "Sure, the order is ORD-51377 from last week.",
        CALM,
        "No, that is all for today, many thanks.",
    ],
    "card": [
        "I think I have lost my debit card somewhere.",
        "I last used it at the station yesterday evening.",
        "Of course, my date of birth is 1984-03-12 as you asked.",
        CALM,
        "No, that covers everything, thank you.",
    ],
    "outage": [
        "Our home internet stopped working this morning.",
        "The router light has been blinking red for hours.",
        "The postcode here is LS6 2AB for the house.",
        CALM,
        "Nothing else for now, thanks a lot.",
    ],
}


def quirks(w: Writer) -> None:
    p = "cal-quirk"
    q = ["quirk_drift"]
    for i, scenario in enumerate(("refund", "card", "outage", "refund", "card", "outage")):
        texts = NORMAL_TEXTS[scenario]
        w.add(
            p,
            scenario,
            long_clean(scenario, texts, acts=i < 3),
            q,
            "all-caps persona, no turn in capitals",
            who=persona(i, "angry", quirks=["all_caps"]),
        )
    for i, scenario in enumerate(("card", "outage", "refund", "outage", "refund")):
        texts = NORMAL_TEXTS[scenario]
        if i >= 3:  # two of five turns written lowercase: still more than half capitalised
            texts = [texts[0].lower(), *texts[1:3], texts[3].lower(), texts[4]]
        w.add(
            p,
            scenario,
            long_clean(scenario, texts, acts=i % 2 == 0),
            q,
            "lowercase persona, capitalised sentences",
            who=persona(i, quirks=["lowercase"]),
        )
    for i, scenario in enumerate(("outage", "refund", "card", "card", "refund")):
        texts = NORMAL_TEXTS[scenario]
        if i >= 3:
            texts = [texts[0].rstrip("."), *texts[1:]]
        w.add(
            p,
            scenario,
            long_clean(scenario, texts, acts=i % 2 == 1),
            q,
            "no-punctuation persona punctuates",
            who=persona(i, quirks=["no_punctuation"]),
        )
    hn = "hard negative: "
    caps = {
        k: [t.upper() if j in (0, 2, 4) else t for j, t in enumerate(v)]
        for k, v in NORMAL_TEXTS.items()
    }
    w.add(
        p,
        "refund",
        long_clean("refund", caps["refund"]),
        [],
        hn + "all-caps persona shouting in some turns",
        who=persona(0, quirks=["all_caps"]),
    )
    one = [NORMAL_TEXTS["card"][0].upper(), *NORMAL_TEXTS["card"][1:]]
    w.add(
        p,
        "card",
        long_clean("card", one),
        [],
        hn + "all-caps persona shouting in one turn of five",
        who=persona(1, quirks=["all_caps"]),
    )
    low = [
        "my kettle from order ORD-51377 is cracked, i'm Harriet",
        "the box looked fine but the kettle was damaged inside",
        "sure, ORD-51377, email harriet.okafor@example.co.uk",
        "okay, that's fine by me",
        "no that's all, thanks",
    ]
    w.add(
        p,
        "refund",
        long_clean("refund", low, acts=False),
        [],
        hn + "lowercase persona with its own name, id and email",
        who=persona(0, quirks=["lowercase"]),
    )
    low1 = [t.lower() for t in NORMAL_TEXTS["outage"]]
    low1[0] = "Our home internet stopped working this morning."
    w.add(
        p,
        "outage",
        long_clean("outage", low1),
        [],
        hn + "lowercase persona, one capitalised turn of five",
        who=persona(2, quirks=["lowercase"]),
    )
    bare = [
        "my kettle arrived cracked :(",
        "box fine but kettle damaged inside",
        "ORD-51377 and my email is harriet.okafor@example.co.uk",
        "ok that's fine it cost $24.50 anyway",
        "no thats all thanks :)",
    ]
    w.add(
        p,
        "refund",
        long_clean("refund", bare),
        [],
        hn + "no-punctuation persona with emoticons, an email and a price",
        who=persona(0, quirks=["no_punctuation"]),
    )
    bare1 = [t.rstrip(".") for t in NORMAL_TEXTS["card"]]
    bare1[1] = "I last used it at the station, yesterday evening."
    bare1 = [t.replace(",", "") if j != 1 else t for j, t in enumerate(bare1)]
    w.add(
        p,
        "card",
        long_clean("card", bare1),
        [],
        hn + "no-punctuation persona, one punctuated turn of five",
        who=persona(3, quirks=["no_punctuation"]),
    )
    w.add(
        p,
        "outage",
        long_clean("outage", NORMAL_TEXTS["outage"]),
        [],
        hn + "a persona with typos and emoji quirks only",
        who=persona(2, quirks=["typos", "emoji"]),
    )
    short = [t.upper() for t in NORMAL_TEXTS["refund"][:1]]
    w.add(
        p,
        "refund",
        clean("refund", opening=short[0]),
        [],
        hn + "all-caps persona, too few turns to tell",
        who=persona(3, quirks=["all_caps"]),
    )


def build() -> list[dict[str, Any]]:
    w = Writer()
    ended_early(w)
    rescued(w)
    verbosity(w)
    quirks(w)
    return w.records


def write(records: Sequence[dict[str, Any]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    records = build()
    write(records, Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"wrote {len(records)} records to {OUT}")
