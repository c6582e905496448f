"""Held-out calibration records for `verbosity_drift` and `quirk_drift` (agents/checks/style.py),
and their hard negatives, written after the checks were final (assembled by
bench/calibration_heldout.py).
"""

from __future__ import annotations

from bench.calibration_heldout_records import ASK_INV, BILL, CALM, REVERSE, Held, bill, five
from bench.calibration_records import c, s


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
