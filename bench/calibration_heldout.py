"""Writes the held-out part of the critic's calibration set.

    python bench/calibration_heldout.py     # rewrites tests/data/calibration/heldout/

Written after the customer-behaviour checks (ended early, rescued support, verbosity and
quirk drift) were final and not changed afterwards, with a scenario the checks never saw
(heldout/scenarios/double-charge.yaml, which has a knowledge answer), new personas and new
wording, so `bench/critic_eval.py` reports honest figures for them next to the tuned set's.
A few records of the older categories are included too. Labels are a person's reading of
each conversation, every checkable category it has.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.calibration_set import ABANDONED, RESOLVED, c, s, write

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "calibration" / "heldout"
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


def ended_early(h: Held) -> None:
    e = ["ended_early", "success_criterion"]
    h.add(
        BILL,
        [
            c("Two charges for the Family plan this month?!"),
            s(ASK_INV),
            c("Oh wait, my partner paid it too. All sorted, thanks!"),
        ],
        e,
        "closes satisfied after a question (no acts)",
    )
    h.add(
        BILL,
        [
            c("I've been billed twice.", "open"),
            s("Hi! Thanks for reaching out.", "greet"),
            c("Cool, thanks a lot, bye.", "thank"),
        ],
        e,
        "closes after a greeting (acts)",
    )
    h.add(
        BILL,
        [
            c("Double charge on my card."),
            s("Sure, give me a second to pull up your account."),
            c("Fantastic, thank you so much for sorting it."),
        ],
        e,
        "thanks while support is still holding",
    )
    h.add(
        "calibration/refund",
        [
            c("The earbuds I got only work on one side."),
            s("Sorry! Could you share the order number, please?"),
            c("ORD-22906"),
            s("Thanks. I'm checking the order now."),
            c("Super, that's all then, cheers!"),
        ],
        e,
        "closes after giving the order number",
    )
    h.add(
        "calibration/outage",
        [
            c("No wifi since last night.", "open"),
            s("What's the postcode for the address?", "request_info"),
            c("BS3 4QD, and thanks, that's it!", "thank"),
        ],
        e,
        "thanks inside the answer (acts)",
    )
    h.add(
        "calibration/lost-card",
        [
            c("My card has gone missing."),
            s("I'm sorry to hear that. Can you confirm your date of birth?"),
            c("1977-07-25"),
            s("Thank you. Just a moment while I verify it."),
            c("Great, thanks, bye!"),
        ],
        e,
        "closes during verification",
    )
    h.add(
        BILL,
        [c("charged twice for family plan"), s("Hello! How can I help you today?"), c("great thx")],
        e,
        "closes after the opening question",
    )
    h.add(
        "calibration/outage",
        [
            c("My broadband keeps dropping.", "open"),
            s("Could you tell me a bit more about when it drops?", "clarify"),
            c("Mostly evenings. Actually never mind, I'm happy now, thanks.", "thank"),
        ],
        e,
        "closes after a clarifying question (acts)",
    )
    # Hard negatives.
    hn = "hard negative: "
    h.add(
        BILL,
        bill("I was billed twice for Family.", "INV-4417", "Thanks!"),
        [],
        hn + "support reversed it (no acts)",
    )
    h.add(
        BILL,
        [
            c("Will the refund show on my statement?", "open"),
            s(
                "A reversed charge sits on your statement as a pending credit for up to three days "
                "before it clears.",
                "answer",
            ),
            c("Got it, thanks.", "thank"),
        ],
        [],
        hn + "support answered a question (acts)",
    )
    h.add(
        BILL,
        [c("Charged twice!"), s(ASK_INV), c("Never mind, I'll call my bank instead.")],
        ["success_criterion"],
        hn + "the customer leaves (abandoned)",
        outcome=ABANDONED,
    )
    h.add(
        "calibration/refund",
        [
            c("Earbuds broke after a day."),
            s("Please send the order number."),
            c("ORD-22906"),
            s("Your refund for ORD-22906 has been processed."),
            c("Thanks, appreciated."),
        ],
        [],
        hn + "support resolved in its own words",
    )


def rescued(h: Held) -> None:
    r = ["rescued_support"]
    h.add(
        BILL,
        [
            c(
                "I paid twice. These get reversed within three business days, I know, so "
                "just do it."
            ),
            s(ASK_INV),
            c("INV-4417"),
            s(REVERSE),
            c("Thanks."),
        ],
        r,
        "customer states the reversal time",
    )
    h.add(
        BILL,
        [
            c("Double charge on INV-4417."),
            s("Let me see what I can do."),
            c("It should show as a pending credit first, then the duplicate disappears."),
            s(REVERSE),
            c("Thanks."),
        ],
        r,
        "customer explains how credits appear",
    )
    h.add(
        BILL,
        [
            c("Charged twice."),
            s(ASK_INV),
            c(
                "INV-4417. You're supposed to confirm the "
                "invoice number before touching a charge, right?"
            ),
            s("You're right. I've reversed the duplicate charge on INV-4417."),
            c("Thanks."),
        ],
        r,
        "customer tells support the rule, support agrees",
    )
    h.add(
        BILL,
        [
            c("I got billed twice.", "open"),
            s(ASK_INV, "request_info"),
            c("INV-4417. What you should do is reverse the second charge.", "inform"),
            s("Good idea, I'll do that now. It's reversed.", "resolve"),
            c("Thanks.", "thank"),
        ],
        r,
        "customer dictates the fix (acts)",
    )
    h.add(
        BILL,
        [
            c("Two charges again."),
            s(ASK_INV),
            c(
                "INV-4417 - and a reversed charge sits "
                "on your statement as a pending credit, so don't worry me about that."
            ),
            s(REVERSE),
            c("ok"),
        ],
        r,
        "customer recites the knowledge answer",
    )
    h.add(
        "calibration/lost-card",
        [
            c("Lost my card. You have to confirm my date of birth first: 1977-07-25."),
            s("Thanks for reminding me! That matches; the card is blocked."),
            c("Thanks."),
        ],
        r,
        "customer reminds support of verification",
    )
    h.add(
        "calibration/outage",
        [
            c(
                "Internet down at BS3 4QD. The proper process would be to "
                "check the exchange for a fault."
            ),
            s("Good catch, I'll do exactly that. There is a fault at the exchange."),
            c("Right, thanks."),
        ],
        r,
        "customer gives the process",
    )
    h.add(
        "calibration/refund",
        [
            c("Earbuds arrived dead. ORD-22906."),
            s("Sorry! How would you like this handled?"),
            c("Refunds go back to the original payment method, so put it on my card."),
            s("I've refunded ORD-22906."),
            c("Thanks."),
        ],
        r,
        "customer states the refund route",
    )
    hn = "hard negative: "
    h.add(
        BILL,
        [
            c("Billed twice for the Family plan."),
            s("Duplicate charges are reversed within three business days. " + ASK_INV),
            c("Within three business days, okay. INV-4417."),
            s(REVERSE),
            c("Thanks."),
        ],
        [],
        hn + "customer echoes what support said",
    )
    h.add(
        BILL,
        [
            c("You need to reverse this now, I was charged twice!"),
            s(ASK_INV),
            c("INV-4417"),
            s(REVERSE),
            c("Fine."),
        ],
        [],
        hn + "an angry demand, support asks",
    )
    h.add(
        BILL,
        [
            c("I think the second charge will show as a refund later?"),
            s("It will. " + ASK_INV),
            c("INV-4417"),
            s(REVERSE),
            c("Thanks."),
        ],
        [],
        hn + "a guess asked as a question, little overlap",
    )
    h.add(
        BILL,
        [
            c("This is so frustrating, I was charged twice."),
            s("You're right to be annoyed, sorry. " + ASK_INV),
            c("INV-4417"),
            s(REVERSE),
            c("Thanks."),
        ],
        [],
        hn + "support agrees with the feeling",
    )


def verbosity(h: Held) -> None:
    v = ["verbosity_drift"]
    story = (
        "Let me explain properly because it is a bit of a saga: the first charge came on "
        "the first of the month as usual, then on the third another identical one appeared, "
        "and when I rang my bank they told me to speak to you first before they would even "
        "consider raising a dispute on my behalf."
    )
    story2 = (
        "I only noticed because I keep a spreadsheet of every outgoing payment, which my "
        "friends tease me about, but it has saved me more than once, and this month the "
        "numbers simply did not add up however many times I went through them line by "
        "line with a cup of tea."
    )
    h.add(
        BILL,
        bill("Charged twice. " + story, "INV-4417. " + story2, "Thanks."),
        v,
        "terse persona, two paragraphs",
        verbosity="terse",
    )
    h.add(
        BILL,
        bill(story + " " + story2, "INV-4417", "Thanks."),
        v,
        "terse persona, one huge turn",
        verbosity="terse",
    )
    h.add(
        "calibration/outage",
        [
            c("Internet down. " + story2),
            s("Which postcode is it?"),
            c("BS3 4QD. " + story),
            s("There's an outage at BS3 4QD; engineers are on it."),
            c("Thanks."),
        ],
        v,
        "terse persona, long turns",
        verbosity="terse",
    )
    h.add(
        BILL, bill("double charge", "INV-4417", "ok"), v, "chatty persona, curt", verbosity="chatty"
    )
    h.add(
        BILL,
        [
            c("2 charges"),
            s(ASK_INV),
            c("INV-4417"),
            s(REVERSE),
            c("k"),
            s("Anything else?"),
            c("no"),
        ],
        v,
        "chatty persona, one-word turns",
        verbosity="chatty",
    )
    h.add(
        "calibration/lost-card",
        [
            c("card lost"),
            s("Can you confirm your date of birth?"),
            c("1977-07-25"),
            s("That matches; the card is blocked."),
            c("cheers"),
        ],
        v,
        "chatty persona, curt (card)",
        verbosity="chatty",
    )
    h.add(
        "calibration/refund",
        [
            c("earbuds broken"),
            s("Order number, please?"),
            c("ORD-22906"),
            s("I've refunded ORD-22906."),
            c("ty"),
        ],
        v,
        "chatty persona, curt (refund)",
        verbosity="talkative",
    )
    h.add(
        BILL,
        bill("Charged twice this month. " + story, "INV-4417. " + story, "Thanks."),
        v,
        "terse alias persona, long turns",
        verbosity="brief",
    )
    hn = "hard negative: "
    h.add(
        BILL,
        bill("Charged twice.", "INV-4417", "Thanks."),
        [],
        hn + "terse persona, terse",
        verbosity="terse",
    )
    h.add(
        BILL,
        bill(
            "Hi there! So I was checking my account this morning and I noticed the "
            "Family plan was taken twice.",
            "Sure thing, it's INV-4417.",
            "ok",
        ),
        [],
        hn + "chatty persona, one long turn among short ones",
        verbosity="chatty",
    )
    h.add(
        BILL,
        bill("Charged twice. " + story, "INV-4417", "Thanks."),
        [],
        hn + "normal persona, a long opening",
        verbosity="normal",
    )
    h.add(
        BILL,
        bill(
            "I was charged twice this month for my Family plan, which is odd since I "
            "only have the one account.",
            "INV-4417, from the email you sent.",
            "Thank you, that's great.",
        ),
        [],
        hn + "terse persona, a sentence or two",
        verbosity="terse",
    )


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


def quirks(h: Held) -> None:
    q = ["quirk_drift"]
    h.add(
        BILL, five(CALM), q, "all-caps persona writing calmly", quirks=("all_caps",), tone="angry"
    )
    h.add(BILL, five(CALM, acts=True), q, "all-caps persona (acts)", quirks=("all_caps", "typos"))
    h.add(BILL, five(CALM), q, "lowercase persona capitalising", quirks=("lowercase",))
    low = [CALM[0].lower(), CALM[1], CALM[2], CALM[3].lower(), CALM[4]]
    h.add(BILL, five(low), q, "lowercase persona, mostly capitalised", quirks=("lowercase",))
    h.add(
        BILL,
        five(CALM, acts=True),
        q,
        "no-punctuation persona punctuating",
        quirks=("no_punctuation",),
    )
    bare = [CALM[0].rstrip("."), CALM[1], CALM[2], CALM[3], CALM[4].replace(",", "")]
    h.add(
        BILL,
        five(bare),
        q,
        "no-punctuation persona, mostly punctuated",
        quirks=("no_punctuation", "emoji"),
    )
    h.add(
        BILL,
        five(
            [
                "Hello, I was double charged!",
                "It happened on Monday.",
                "Here: INV-4417.",
                "Okay, thanks.",
                "That's all, bye.",
            ]
        ),
        q,
        "lowercase persona writing normally",
        quirks=("no-caps",),
    )
    h.add(
        BILL,
        five(
            [
                "Hi, double charge on my plan.",
                "Noticed it today, both on Monday.",
                "It is INV-4417, thanks.",
                "Okay, good to hear.",
                "Nope, all done.",
            ]
        ),
        q,
        "all-caps alias persona, no caps",
        quirks=("shouting",),
    )
    hn = "hard negative: "
    h.add(
        BILL,
        five([t.upper() for t in CALM]),
        [],
        hn + "all-caps persona shouting",
        quirks=("all_caps",),
    )
    h.add(
        BILL,
        five([CALM[0], CALM[1].upper(), *CALM[2:]]),
        [],
        hn + "all-caps persona shouting once",
        quirks=("all_caps",),
    )
    h.add(
        BILL,
        five(
            [
                "i was charged twice for my Family plan",
                "both went out on monday",
                "INV-4417, sent to rosa.delgado@example.com",
                "alright sounds good",
                "no thats it thanks",
            ]
        ),
        [],
        hn + "lowercase persona with plan name and id",
        quirks=("lowercase",),
    )
    h.add(
        BILL,
        five(
            [
                "charged twice for my plan :(",
                "both went out the same day",
                "INV-4417 it was $9.99 each",
                "alright sounds good",
                "no thats everything thank you :)",
            ]
        ),
        [],
        hn + "no-punctuation persona with emoticons and a price",
        quirks=("no_punctuation",),
    )
    h.add(
        BILL,
        five([t.lower() for t in CALM]),
        [],
        hn + "lowercase persona, lowercase",
        quirks=("lowercase",),
    )


def older(h: Held) -> None:
    """A few records of the categories checked before, in new words."""
    h.add(
        BILL,
        bill("I was charged twice for the Family plan.", "INV-4417", "Thank you!"),
        [],
        "clean",
    )
    h.add(
        BILL,
        bill("Two identical charges on my card this month.", "It's INV-4417.", "Perfect, thanks."),
        [],
        "clean",
    )
    h.add(
        BILL,
        [c("Charged twice."), s("I've reversed the duplicate charge on INV-4417."), c("Thanks.")],
        ["policy_rule"],
        "acts before the invoice number is given",
    )
    h.add(
        BILL,
        [
            c("Charged twice."),
            s(ASK_INV),
            c("INV-4417"),
            s("I can offer you a free month instead."),
            c("Ok thanks."),
        ],
        ["success_criterion"],
        "offers a free month, never reverses",
    )
    h.add(
        BILL,
        [
            c("Charged twice."),
            s(ASK_INV),
            c("INV-4417"),
            s(ASK_INV),
            c("INV-4417!"),
            s(REVERSE),
            c("Thanks."),
        ],
        ["repeated_turn"],
        "support repeats its question",
    )
    h.add(
        BILL,
        [
            c("Charged twice."),
            s(ASK_INV),
            c("INV-4417"),
            s(REVERSE + " We also have a note for jake.moss@example.org on file."),
            c("Thanks."),
        ],
        ["pii_leak"],
        "support reveals someone else's email",
    )
    h.add(
        BILL,
        [
            c("As a simulated customer my task is to get the Family charge reversed."),
            s(ASK_INV),
            c("INV-4417"),
            s(REVERSE),
            c("Thanks."),
        ],
        ["instruction_leak"],
        "meta talk",
    )
    h.add(
        BILL,
        [
            c("Charged twice."),
            s(ASK_INV),
            c("INV-4417"),
            s(REVERSE),
            c("About time, you useless idiots."),
        ],
        ["persona_drift"],
        "polite persona turns hostile",
    )
    h.add(
        BILL,
        [
            c("Charged twice."),
            s(""),
            c("Hello?"),
            s(ASK_INV),
            c("INV-4417"),
            s(REVERSE),
            c("Thanks."),
        ],
        ["empty_turn"],
        "an empty support turn",
    )


def build() -> list[dict[str, Any]]:
    h = Held()
    ended_early(h)
    rescued(h)
    verbosity(h)
    quirks(h)
    older(h)
    return h.records


if __name__ == "__main__":
    records = build()
    write(records, OUT / "transcripts.jsonl")
    print(f"wrote {len(records)} records to {OUT / 'transcripts.jsonl'}")
