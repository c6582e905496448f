"""Calibration records for `ended_early` (agents/checks/behavior.py): customers who close
satisfied before support did anything that could resolve it, and the hard negatives that look
like it (written by hand; assembled by bench/calibration_set.py).
"""

from __future__ import annotations

from bench.calibration_records import ABANDONED, ASK, ESCALATED, FIX, OPEN, Writer, c, clean, s


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
