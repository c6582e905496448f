"""A model that answers the role's schema with a message of megabytes (or lists of thousands):
it was stored turn after turn and read by every check, and two conversations ran past 300 s
and 750 MB. Such a move is now a malformed reply, retried, then the conversation's error;
the schema sent is unchanged (strict mode has no maxLength)."""

from __future__ import annotations

import json

import pytest
from bots.raw import completion, http, raw_server
from test_llm_tools import play

from agents.llm.roles import MAX_MESSAGE_CHARS, CustomerMove, SupportMove

HUGE = {"message": "word " * 40_000, "action": "reply", "asks_for": []}
LISTS = {"message": "Which one?", "action": "request_info", "asks_for": ["x"] * 5000}


@pytest.mark.parametrize("move", [HUGE, LISTS], ids=["message", "asks_for"])
def test_a_move_too_large_to_store_is_the_conversations_error(
    move: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    answer = http(completion({"role": "assistant", "content": json.dumps(move)}))
    with raw_server({"big": answer}) as server:
        turns, outcome = play(server.url("v1/big"), max_retries=0, structured_output="json_schema")
    assert outcome.status == "error"
    assert outcome.reason.startswith("support role failed: LLMOutputError: fake: malformed")
    assert [t.role for t in turns] == ["customer"]  # nothing of the move was stored


def test_the_bounds_leave_the_schema_as_it_was() -> None:
    for model in (SupportMove, CustomerMove):
        text = json.dumps(model.model_json_schema())
        assert "maxLength" not in text and "maxItems" not in text
    assert len(SupportMove(message="x" * MAX_MESSAGE_CHARS, action="reply", asks_for=[]).message)
