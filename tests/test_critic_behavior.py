"""The customer-behaviour checks: ended early, rescued support, verbosity and quirk drift."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from agents.critic import grade
from agents.types import ConversationPlan, Outcome, Turn, Verdict

FIXTURE = yaml.safe_load((Path(__file__).parent / "data/critic/plan.yaml").read_text())
FIXTURE.pop("edge_case_library")
BASE = ConversationPlan.model_validate(FIXTURE)
RESOLVED = Outcome(status="resolved", reason="customer thanked support", ended_by="customer")
ABANDONED = Outcome(status="abandoned", reason="ran out of patience", ended_by="customer")
ASK = "Could you give me your order number?"
POLICY = "Verify the order. Refunds go back to the original card within 5 business days."


def c(content: str, act: str | None = None, edge_case: str | None = None) -> Turn:
    return Turn(role="customer", content=content, act=act, edge_case=edge_case)


def s(content: str, act: str | None = None) -> Turn:
    return Turn(role="support", content=content, act=act)


def plan(verbosity: str = "normal", quirks: tuple[str, ...] = ()) -> Any:
    persona = BASE.persona.model_copy(update={"verbosity": verbosity, "quirks": quirks})
    support = BASE.scenario.support.model_copy(update={"policy": POLICY})
    scenario = BASE.scenario.model_copy(update={"support": support})
    return BASE.model_copy(update={"persona": persona, "scenario": scenario})


def found(v: Verdict, category: str) -> list[tuple[int | None, str, str]]:
    return [(f.turn, f.severity, f.explanation) for f in v.findings if f.category == category]


# --- ended early -----------------------------------------------------------------------------


def test_closing_satisfied_after_only_a_request_is_ending_early() -> None:
    turns = [
        c("My order is broken.", "open"),
        s(ASK, "request_info"),
        c("All good, thanks!", "thank"),
    ]
    v = grade(plan(), turns, RESOLVED)
    assert found(v, "ended_early") == [
        (
            2,
            "major",
            "the customer closed the conversation as resolved while support had only "
            "greeted, asked or held",
        ),
    ]
    assert v.label == "REVIEW"


def test_act_less_support_is_read_from_text_holding_is_not_answering() -> None:
    held = [c("My order is broken."), s("Let me check that for you, one moment."), c("Thanks!")]
    assert [f[0] for f in found(grade(plan(), held, RESOLVED), "ended_early")] == [2]
    answered = [c("My order is broken."), s("I've refunded ORD-12345 to your card."), c("Thanks!")]
    assert found(grade(plan(), answered, RESOLVED), "ended_early") == []
    # Something the classifier does not recognise counts as an answer: never blame a bot.
    odd = [c("My order is broken."), s("Your parcel is insured."), c("Thanks!")]
    assert found(grade(plan(), odd, RESOLVED), "ended_early") == []


def test_giving_up_or_an_answer_is_not_ending_early() -> None:
    asked = [c("My order is broken.", "open"), s(ASK, "request_info"), c("Forget it.", "give_up")]
    assert found(grade(plan(), asked, ABANDONED), "ended_early") == []
    answer = [c("When is my refund due?", "open"), s("Within 5 days.", "answer"), c("Ta", "thank")]
    assert found(grade(plan(), answer, RESOLVED), "ended_early") == []


# --- rescued support -------------------------------------------------------------------------


def test_customer_stating_the_policy_first_rescues_support() -> None:
    turns = [
        c("It's ORD-12345; refunds go back to the original card within 5 business days."),
        s("Refunded 120 for ORD-12345."),
        c("Thanks."),
    ]
    v = grade(plan(), turns, RESOLVED)
    assert found(v, "rescued_support") == [
        (0, "major", "the customer supplies support's own wording: 'refunds go back to the'")
    ]


def test_repeating_support_back_or_sharing_only_labels_and_values_is_fine() -> None:
    turns = [
        c("My order is broken."),
        s("Refunds go back to the original card within 5 business days. " + ASK),
        c("Back to the original card within 5 business days? Fine, it's ORD-12345."),
        s("Refunded 120 for ORD-12345."),
        c("Thanks."),
    ]
    assert found(grade(plan(), turns, RESOLVED), "rescued_support") == []


def test_telling_support_what_to_do_and_support_agreeing() -> None:
    directive = c("ORD-12345. You should verify the order number before refunding.")
    agreed = [
        c("My order is broken."),
        s(ASK),
        directive,
        s("You're right, thanks for the reminder. Refunded 120."),
        c("Thanks."),
    ]
    v = grade(plan(), agreed, RESOLVED)
    assert found(v, "rescued_support") == [
        (2, "major", "the customer tells support its procedure and support just agrees")
    ]
    assert (
        v.findings[-1].evidence == "ORD-12345. You should verify the order number before refunding."
    )
    asked = [
        c("You need to refund me today."),
        s(ASK),
        c("ORD-12345"),
        s("Refunded 120."),
        c("Thanks."),
    ]
    assert found(grade(plan(), asked, RESOLVED), "rescued_support") == []


# --- verbosity and quirks --------------------------------------------------------------------

LONG = " ".join(["word"] * 40)
FIX = s("Refunded 120 for ORD-12345.", "resolve")


def test_verbosity_bands() -> None:
    long_turns = [c("Broken. " + LONG), s(ASK), c("ORD-12345 " + LONG), FIX, c("ok")]
    assert found(grade(plan("terse"), long_turns, RESOLVED), "verbosity_drift") == [
        (0, "minor", "a terse customer's turns run to a median of 40 words")
    ]
    assert found(grade(plan("brief"), long_turns, RESOLVED), "verbosity_drift") != []  # alias
    assert found(grade(plan("normal"), long_turns, RESOLVED), "verbosity_drift") == []
    curt = [c("broken"), s(ASK), c("ORD-12345"), FIX, c("ok thanks")]
    assert found(grade(plan("chatty"), curt, RESOLVED), "verbosity_drift") == [
        (0, "minor", "a chatty customer writes at most 2 words a turn")
    ]
    assert found(grade(plan("chatty"), curt[:3], RESOLVED), "verbosity_drift") == []


CALM = [
    "My order arrived broken today.",
    "The box was fine but not the item.",
    "Sure, the order is ORD-12345.",
    "Okay, that works for me.",
    "No, that is all, thanks.",
]


def five(texts: list[str]) -> list[Turn]:
    turns: list[Turn] = []
    for i, text in enumerate(texts):
        turns += [c(text), s("Refunded 120 for ORD-12345." if i == 2 else "Noted, go on.")]
    return turns[:-1]


def test_all_caps_persona_never_shouting_is_quirk_drift() -> None:
    v = grade(plan(quirks=("all_caps",)), five(CALM), RESOLVED)
    assert found(v, "quirk_drift") == [
        (0, "minor", "an all-caps customer writes none of its 5 turns in capitals")
    ]
    one = [CALM[0].upper(), *CALM[1:]]
    assert found(grade(plan(quirks=("all_caps",)), five(one), RESOLVED), "quirk_drift") == []
    assert found(grade(plan(quirks=("all_caps",)), five(CALM)[:7], RESOLVED), "quirk_drift") == []


def test_lowercase_and_no_punctuation_quirks() -> None:
    v = grade(plan(quirks=("lowercase",)), five(CALM), RESOLVED)
    assert found(v, "quirk_drift") == [
        (0, "minor", "a lowercase customer capitalises sentences (5 of 5 turns)")
    ]
    own = [t.lower() for t in CALM]
    own[2] = "sure, ORD-12345, i'm Dana Whitfield, dana.whitfield@example.net"
    assert found(grade(plan(quirks=("lowercase",)), five(own), RESOLVED), "quirk_drift") == []
    v = grade(plan(quirks=("no_punctuation",)), five(CALM), RESOLVED)
    assert found(v, "quirk_drift") == [
        (0, "minor", "a customer who writes without punctuation punctuates (5 of 5 turns)")
    ]
    bare = [
        "my order arrived broken :(",
        "box fine item not",
        "ORD-12345 dana.whitfield@example.net",
        "ok it cost $24.50",
        "no thats all :)",
    ]
    assert found(grade(plan(quirks=("no_punctuation",)), five(bare), RESOLVED), "quirk_drift") == []


def test_edge_case_turns_are_exempt() -> None:
    turns = [
        c("broken"),
        s(ASK),
        c("ORD-12345"),
        FIX,
        c("I am going to tell you my whole life story now " + LONG, edge_case="x"),
        s("Ok."),
        c("ok"),
    ]
    assert found(grade(plan("chatty"), turns, RESOLVED), "verbosity_drift") == [
        (0, "minor", "a chatty customer writes at most 1 word a turn")
    ]
