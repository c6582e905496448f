"""A bot's tool calls in messages that say nothing belong to the step they are made in: the
checks that ask whether support did something (stall, acted, idle, goal) see them."""

from __future__ import annotations

from critic_fixture import LEFT, c, categories, s, verdict_for

from agents.checks.step_calls import step_calls
from agents.types import ToolCall, Turn

REFUNDED = [{"id": "refunded", "check": {"support_action": "resolve"}}]


def _call(n: int, name: str) -> list[Turn]:
    """A message that only calls `name`, and the tool's answer."""
    asked = ToolCall(id=f"call-{n}", name=name, arguments={"order_id": "ORD-12345"})
    return [
        Turn(role="support", content="", tool_calls=[asked]),
        Turn(role="tool", content='{"ok": true}', tool_call_id=f"call-{n}", name=name),
    ]


OPENING = [
    c("The blender I got is cracked, I want my money back.", "open"),
    s("Could you give me your order number?"),
    c("Sure, it's ord 12345."),
]


def test_a_call_goes_to_the_message_of_its_step_that_speaks() -> None:
    turns = [
        *OPENING,
        *_call(1, "lookup_order"),  # 3, 4: before the words of its step
        s("Found it, one moment."),  # 5
        *_call(2, "lookup_payment"),  # 6, 7: after them, before the customer speaks
        c("ok"),
        s("All good."),  # 9: a step without calls
    ]
    said = [i for i, t in enumerate(turns) if t.role == "support" and t.content]
    calls = step_calls(turns, said)
    assert {i: [x.name for x in v] for i, v in calls.items()} == {
        5: ["lookup_order", "lookup_payment"]
    }


def test_holding_words_between_lookups_are_no_stall() -> None:
    """Each "one moment" follows a lookup made in a message of its own: the bot works."""
    turns = [
        *OPENING,
        *_call(1, "lookup_order"),
        s("Thanks, let me check that, one moment."),
        c("ok"),
        *_call(2, "lookup_payment"),
        s("Still checking, one moment please."),
        c("??"),
        *_call(3, "lookup_shipment"),
        s("Bear with me, I'm looking into it."),
        c("forget it, bye"),
    ]
    v = verdict_for(turns, success=REFUNDED, outcome=LEFT)
    assert "stalled" not in [cat for _, cat, _ in categories(v)]
    # what the calls did is unknown to a plan without tools: undecided, never passed
    assert "refunded" in v.unjudged


def test_holding_words_without_calls_are_still_a_stall() -> None:
    turns = [
        *OPENING,
        s("Thanks, let me check that, one moment."),
        c("ok"),
        s("Still checking, one moment please."),
        c("??"),
        s("Bear with me, I'm looking into it."),
        c("forget it, bye"),
    ]
    v = verdict_for(turns, success=REFUNDED, outcome=LEFT)
    assert "stalled" in [cat for _, cat, _ in categories(v)]


def test_a_call_of_a_tool_the_plan_does_not_know_is_never_read_as_no_action() -> None:
    """The call may have refunded (the plan has no tools to tell): the customer did not leave
    "before support acted", and the criterion is undecided, never passed."""
    turns = [
        *OPENING,
        *_call(1, "lookup_order"),
        s("Thanks. Money for returns can't be paid out over chat."),
        c("Fine, whatever, bye."),
    ]
    v = verdict_for(turns, success=REFUNDED, outcome=LEFT)
    assert not [f for f in v.findings if "before support acted" in f.explanation]
    assert "refunded" in v.unjudged
