"""Tool arguments nested deeper than a transcript can hold: a model's (or a bot's) call whose
arguments nest hundreds of levels. Before, 900 levels sent as an object ended the reply in a
RecursionError (not an error kind), 300 could not be stored, and 200 were stored in a run.db
that could no longer be read back. Now such a call is refused with an `Error:` result,
recorded cut short like an oversized one, and the transcript reads back."""

from __future__ import annotations

import json

import pytest
from target_tools_fixture import play, shop, tool_turns
from test_llm_tools import play as play_llm
from test_target_tools import openai_target

from agents.calls import MAX_ARGUMENTS_DEPTH, ReplyCalls
from agents.llm.fake import FakeSettings, serve
from agents.llm.fake.tools import ToolScript
from agents.tools import Desk
from agents.types import INVALID_ARGUMENTS, Turn


def nested(levels: int) -> dict[str, object]:
    value: object = "ORD-10001"
    for _ in range(levels):
        value = {"a": value}
    return {"order_id": value}


def test_deep_arguments_from_a_model_are_refused_and_the_transcript_reads_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A key long enough to be hidden: the role's reply is then searched for it (in the full
    # suite another test's secret did the same, and 900 levels ended in a RecursionError)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-deep-arguments")
    steps = [
        {"calls": [{"name": "get_order", "arguments": nested(900)},
                   {"name": "get_order", "arguments": json.dumps(nested(200))},
                   {"name": "get_order", "arguments": nested(MAX_ARGUMENTS_DEPTH - 2)},
                   {"name": "get_order", "arguments": {"order_id": "ORD-10001"}}]},
        {"answer": True},
    ]  # fmt: skip
    for target in (openai_target, None):
        with serve(FakeSettings(seed=2, tool_script=ToolScript.parse(steps))) as fake:
            turns, outcome = play(target(fake.base_url)) if target else play_llm(fake.base_url)
        assert outcome.status != "error", outcome.reason
        found = tool_turns(turns)
        refusal = (
            f"Error: the arguments of get_order nest more than {MAX_ARGUMENTS_DEPTH} levels "
            "deep, more than a tool call may carry"
        )
        assert [(e, c == refusal) for _, e, c in found] == [
            (True, True),
            (True, True),
            (True, False),
            (False, False),
        ]  # fmt: skip  (the third is only the fixture's "no such order")
        (sent,) = [t.tool_calls for t in turns if t.tool_calls]
        assert sent is not None and list(sent[0].arguments) == [INVALID_ARGUMENTS]
        assert sent[0].arguments[INVALID_ARGUMENTS].endswith("...")
        for turn in turns:  # every turn is stored and read back as run.db does
            assert Turn.model_validate_json(turn.model_dump_json()) == turn


def test_a_python_bots_arguments_deeper_than_json_can_write_are_refused_not_raised() -> None:
    desk = Desk(shop().new_state())
    calls = ReplyCalls(desk, 5)
    result = calls.call("get_order", nested(5000))
    assert result.error
    assert result.content.startswith("Error: the arguments of get_order are not a JSON object")
    (call,) = desk.pending[0].tool_calls or []
    assert call.arguments == {INVALID_ARGUMENTS: "<an object nested too deeply>"}
