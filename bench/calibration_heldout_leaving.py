"""Held-out calibration records for `ended_early` and `rescued_support`
(agents/checks/behavior.py), and their hard negatives, written after the checks were final
(assembled by bench/calibration_heldout.py).
"""

from __future__ import annotations

from bench.calibration_heldout_records import ASK_INV, BILL, REVERSE, Held, bill
from bench.calibration_records import ABANDONED, c, s


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
