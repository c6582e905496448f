"""The critic's dialogue checks read around tool turns: a support turn that only calls tools is
not empty, tool results do not break alternation or count as repeats, and a tool result that
answers no call is a structure problem."""

from __future__ import annotations

from tool_domain import refund_plan

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.data import alternation, empty_turns, repeated_turns, turn_limit
from agents.types import Outcome, ToolCall, Turn

PLAN = refund_plan(1, "ORD-10001")
RESOLVED = Outcome(status="resolved", reason="done", ended_by="customer")
RECORD = '{"order_id": "ORD-10001", "status": "delivered", "email": "ada@example.com"}'


def call(call_id: str) -> ToolCall:
    return ToolCall(id=call_id, name="get_order", arguments={"order_id": "ORD-10001"})


def result(call_id: str, content: str = RECORD) -> Turn:
    return Turn(role="tool", content=content, name="get_order", tool_call_id=call_id, error=False)


def ctx(turns: list[Turn], outcome: Outcome = RESOLVED) -> GradeContext:
    return GradeContext(plan=PLAN, turns=turns, outcome=outcome)


TOOL_CHAT = [
    Turn(role="customer", content="My order ORD-10001 arrived broken."),
    Turn(role="support", content="", tool_calls=(call("a"),)),
    result("a"),
    Turn(role="support", content="Let me check once more.", tool_calls=(call("b"), call("c"))),
    result("b"),
    result("c"),
    Turn(role="support", content="I found the order; it is delivered."),
    Turn(role="customer", content="Great, please refund it then."),
    Turn(role="support", content="", tool_calls=(call("d"),)),
    result("d"),
    Turn(role="support", content="Done, the refund is on its way to you."),
]


def test_a_support_turn_that_only_calls_tools_is_not_empty() -> None:
    assert empty_turns(ctx(TOOL_CHAT)).findings == ()
    empty = [*TOOL_CHAT[:2], Turn(role="support", content="  ")]
    assert [f.turn for f in empty_turns(ctx(empty)).findings] == [2]


def test_tool_turns_neither_break_alternation_nor_repeat() -> None:
    assert alternation(ctx(TOOL_CHAT)).findings == ()
    assert repeated_turns(ctx(TOOL_CHAT)).findings == ()  # the same record, four times


def test_two_support_messages_around_tool_calls_still_alternate_but_two_texts_do_not() -> None:
    twice = [*TOOL_CHAT[:7], Turn(role="support", content="Anything else I can do?")]
    found = alternation(ctx(twice)).findings
    assert [(f.turn, f.explanation) for f in found] == [(7, "two support turns in a row (6 and 7)")]


def test_a_tool_result_must_answer_a_call_made_before_it() -> None:
    stray = [TOOL_CHAT[0], result("zz"), Turn(role="support", content="Done.")]
    found = alternation(ctx(stray)).findings
    assert [(f.turn, f.explanation) for f in found] == [
        (1, "a tool result (get_order) answers no call made before it")
    ]
    answered_twice = [*TOOL_CHAT[:3], result("a"), TOOL_CHAT[6]]
    assert [f.turn for f in alternation(ctx(answered_twice)).findings] == [3]


def test_a_call_the_log_has_no_result_for_is_undecided_not_a_structure_fault() -> None:
    """Graded a critical 'two support turns in a row' (outsider 20 #14): the log stopped
    mid-call or its exporter dropped the result; the bot is not at fault, and what the call
    returned is undecided."""
    dropped = [*TOOL_CHAT[:2], TOOL_CHAT[6]]  # the call, then support's text, no result
    assert alternation(ctx(dropped)) == CheckResult((), ("tool_results",))
    stopped = TOOL_CHAT[:2]  # the log ends at the call
    assert alternation(ctx(stopped)) == CheckResult((), ("tool_results",))
    one_of_two = [*TOOL_CHAT[:5], TOOL_CHAT[6]]  # calls b and c, only b's result
    assert alternation(ctx(one_of_two)) == CheckResult((), ("tool_results",))
    assert alternation(ctx(TOOL_CHAT)) == PASS


def test_a_transcript_that_opens_with_tool_calls_opens_with_support() -> None:
    found = alternation(ctx(TOOL_CHAT[1:])).findings
    assert [(f.turn, f.explanation) for f in found] == [
        (0, "the conversation opens with a support turn, not the customer")
    ]


def test_turn_limit_quotes_the_last_message_not_a_tool_result() -> None:
    limit = Outcome(status="max_turns", reason="limit", ended_by="limit")
    (finding,) = turn_limit(ctx(TOOL_CHAT[:3], limit)).findings
    assert finding.turn == 0 and finding.evidence == "My order ORD-10001 arrived broken."


def test_support_turns_are_the_messages() -> None:
    assert [i for i, _ in ctx(TOOL_CHAT).support_turns()] == [3, 6, 10]
