"""`grade` of OpenAI-style logs where the bot sent its answer as two bubbles: two assistant
messages in a row are one support turn, not a critical 'two support turns in a row'
(outsider 27 #8a)."""

from __future__ import annotations

from simulator.quality.grade_tools import messages_turns


def test_two_assistant_messages_in_a_row_are_one_support_turn() -> None:
    turns = messages_turns(
        [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "My parcel never came, order 5531-B."},
            {"role": "assistant", "content": "Oh no, let me check that."},
            {"role": "assistant", "content": "It was returned to our depot; I'll resend it today."},
            {"role": "user", "content": "Cheers."},
        ]
    )
    assert [t.role for t in turns] == ["customer", "support", "customer"]
    assert "let me check" in turns[1].content and "resend it today" in turns[1].content


def test_a_reply_after_a_tool_call_stays_its_own_turn() -> None:
    turns = messages_turns(
        [
            {"role": "user", "content": "Where is 5531-B?"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "a", "function": {"name": "track", "arguments": '{"id": "5531-B"}'}}
                ],
            },
            {"role": "tool", "tool_call_id": "a", "content": "returned"},
            {"role": "assistant", "content": "It came back to us."},
        ]
    )
    assert [t.role for t in turns] == ["customer", "support", "tool", "support"]


def test_an_empty_or_repeated_bubble_stays_its_own_turn() -> None:
    """Joining them would hide the bot's own faults (outsider 26's g43: one reply sent five
    times in a row lost its repeated_turn findings)."""
    again = "Could you send me your membership number?"
    turns = messages_turns(
        [
            {"role": "user", "content": "I want to freeze my membership."},
            {"role": "assistant", "content": again},
            {"role": "assistant", "content": again},
            {"role": "assistant", "content": "   "},
            {"role": "user", "content": "GM-20412"},
        ]
    )
    assert [t.content for t in turns[1:4]] == [again, again, "   "]
