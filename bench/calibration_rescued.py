"""Calibration records for `rescued_support` (agents/checks/behavior.py): customers who
supply what only support should know (the policy, a knowledge answer, the resolution) while
support just agrees, and the hard negatives that look like it (written by hand; assembled by
bench/calibration_set.py).
"""

from __future__ import annotations

from bench.calibration_records import ASK, FIX, OPEN, Writer, c, s


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
