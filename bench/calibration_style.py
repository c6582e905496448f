"""Calibration records for `verbosity_drift` and `quirk_drift` (agents/checks/style.py):
customers who stop writing like their persona, and the hard negatives that look like it
(written by hand; assembled by bench/calibration_set.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from bench.calibration_records import (
    ASK,
    FIX,
    LONG,
    LONGEST,
    OPEN,
    Turn,
    Writer,
    c,
    clean,
    persona,
    s,
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
