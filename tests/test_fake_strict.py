"""The fake server refuses strict schemas OpenAI refuses: a 400 with the API's error body.

Every schema convsim sends must pass; the bad ones get the message the real API gives (the
wording langchain-openai itself recognises). Requests go to the fake on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterator
from typing import Any, Literal

import httpx
import pytest
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

from agents.judge import JudgeOutput
from agents.llm.client import LLMClient, response_format
from agents.llm.config import ModelConfig
from agents.llm.errors import LLMCallError
from agents.llm.fake import FakeSettings, Running, serve
from agents.llm.fake.strict import check_request, schema_problem
from agents.llm.roles import CustomerMove, SupportMove
from agents.planning.proposals import schema_for
from scenarios.edge_cases import load_edge_cases

KEY = "sk-test-strict-0000"
MESSAGES = [{"role": "user", "content": "hello"}]
CONVSIM_SCHEMAS: list[type[BaseModel]] = [
    CustomerMove,
    SupportMove,
    JudgeOutput,
    schema_for(load_edge_cases()),  # the planner's proposals, with the packaged library's ids
]


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


@pytest.fixture(scope="module")
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=2)) as running:
        yield running


def client(base_url: str) -> LLMClient:
    return LLMClient(ModelConfig(model="fake", base_url=base_url, max_retries=2, backoff_s=0.001))


def post(base_url: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{base_url}/chat/completions", json=body, timeout=10)


def strict_format(name: str, schema: dict[str, Any], strict: bool = True) -> dict[str, Any]:
    spec = {"name": name, "schema": schema, "strict": strict}
    return {"type": "json_schema", "json_schema": spec}


GOOD: dict[str, Any] = {
    "type": "object",
    "properties": {
        "message": {"type": "string", "description": "what to say"},
        "turn": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]},
        "tags": {"type": "array", "items": {"$ref": "#/$defs/Tag"}, "maxItems": 3},
    },
    "required": ["message", "turn", "tags"],
    "additionalProperties": False,
    "$defs": {
        "Tag": {
            "type": "object",
            "properties": {"name": {"type": "string", "enum": ["a", "b"]}},
            "required": ["name"],
            "additionalProperties": False,
        }
    },
}


@pytest.mark.parametrize("schema", CONVSIM_SCHEMAS, ids=lambda s: s.__name__)
def test_every_schema_convsim_sends_passes(fake: Running, schema: type[BaseModel]) -> None:
    assert check_request({"response_format": response_format(schema)}) is None
    before = dict(fake.stats.by_status)
    result = asyncio.run(client(fake.base_url).structured(MESSAGES, schema, seed=1))
    assert isinstance(result.value, schema)
    assert fake.stats.by_status.get(400, 0) == before.get(400, 0)


def test_a_schema_with_a_default_gets_the_api_400(fake: Running) -> None:
    class Note(BaseModel):
        text: str
        mood: Literal["calm", "upset"] = "calm"

    sent = response_format(Note)
    response = post(fake.base_url, {"model": "fake", "messages": MESSAGES, "response_format": sent})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "message": "Invalid schema for response_format 'Note': In context=('properties', "
            "'mood'), 'default' is not permitted.",
            "type": "invalid_request_error",
            "param": "response_format",
            "code": None,
        }
    }


def test_the_client_reports_it_once_without_retrying() -> None:
    class Note(BaseModel):
        text: str = ""

    with serve(FakeSettings()) as fake:
        with pytest.raises(LLMCallError) as failed:  # and no warning (ChatOpenAI's is not said)
            asyncio.run(client(fake.base_url).structured(MESSAGES, Note))
        assert fake.stats.requests == 1  # a 400 is not retried
        assert fake.stats.by_status == {400: 1}
    assert str(failed.value) == (
        "fake: 400: Error code: 400 - Invalid schema for response_format 'Note': "
        "In context=('properties', 'text'), 'default' is not permitted."
    )


def _with(path: tuple[str | int, ...], change: dict[str, Any], drop: str = "") -> dict[str, Any]:
    schema = copy.deepcopy(GOOD)
    node: Any = schema
    for part in path:
        node = node[part]
    node.update(change)
    if drop:
        del node[drop]
    return schema


REQUIRED = (
    "'required' is required to be supplied and to be an array including every key in properties."
)
BAD = [
    (
        _with((), {}, drop="additionalProperties"),
        "In context=(), 'additionalProperties' is required to be supplied and to be false.",
    ),
    (
        _with(("$defs", "Tag"), {"additionalProperties": True}),
        "In context=('$defs', 'Tag'), 'additionalProperties' is required to be supplied and "
        "to be false.",
    ),
    (_with((), {"required": ["message", "tags"]}), f"In context=(), {REQUIRED} Missing 'turn'."),
    (
        _with((), {"required": ["message", "turn", "tags", "mood"]}),
        f"In context=(), {REQUIRED} Extra required key 'mood' supplied.",
    ),
    (
        _with(("properties", "message"), {"minLength": 1}),
        "In context=('properties', 'message'), 'minLength' is not permitted.",
    ),
    (
        _with(("properties", "turn", "anyOf", 0), {"default": 0}),
        "In context=('properties', 'turn', 'anyOf', '0'), 'default' is not permitted.",
    ),
    (
        _with(("properties", "tags", "items"), {"description": "a tag"}),
        "In context=('properties', 'tags', 'items'), $ref cannot have keywords {'description'}.",
    ),
    (
        _with(("properties", "tags", "items"), {"$ref": "#/$defs/Label"}),
        "In context=('properties', 'tags', 'items'), reference to component '#/$defs/Label' "
        "which was not found in the schema.",
    ),
    (
        _with(("properties", "message"), {"allOf": [{"type": "string"}]}),
        "In context=('properties', 'message'), 'allOf' is not permitted.",
    ),
    (
        _with(("properties", "message"), {"format": "uri"}),
        "In context=('properties', 'message'), format 'uri' is not supported.",
    ),
    (
        _with(("properties", "message"), {}, drop="type"),
        "In context=('properties', 'message'), schema must have a 'type' key.",
    ),
    (
        {"type": "array", "items": {"type": "string"}},
        "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"array\"'.",
    ),
]


@pytest.mark.parametrize(("schema", "problem"), BAD, ids=[p.split(", ")[-1] for _, p in BAD])
def test_what_strict_mode_refuses(fake: Running, schema: dict[str, Any], problem: str) -> None:
    assert schema_problem(GOOD) is None
    assert schema_problem(schema) == problem
    body = {"model": "fake", "messages": MESSAGES, "response_format": strict_format("M", schema)}
    response = post(fake.base_url, body)
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message == f"Invalid schema for response_format 'M': {problem}"


def test_limits_and_names() -> None:
    deep: dict[str, Any] = {"type": "string"}
    for _ in range(11):
        deep = {
            "type": "object",
            "properties": {"x": deep},
            "required": ["x"],
            "additionalProperties": False,
        }
    assert schema_problem(deep) == (
        "In context=('properties', 'x', 'properties', 'x', 'properties', 'x', 'properties', 'x', "
        "'properties', 'x', 'properties', 'x', 'properties', 'x', 'properties', 'x', "
        "'properties', 'x', 'properties', 'x'), objects are nested more than 10 levels deep."
    )
    named = check_request({"response_format": strict_format("my schema", GOOD)})
    assert named is not None and named.message == (
        "Invalid 'response_format.json_schema.name': string does not match pattern. Expected a "
        "string that matches the pattern '^[a-zA-Z0-9_-]+$'."
    )


def test_non_strict_schemas_are_only_hints(fake: Running) -> None:
    loose = _with((), {}, drop="additionalProperties")
    hint = strict_format("M", loose, strict=False)
    response = post(fake.base_url, {"model": "fake", "messages": MESSAGES, "response_format": hint})
    assert response.status_code == 200
    assert response.json()["choices"][0]["message"]["content"].startswith('{"message": ')


def test_a_strict_tool_with_a_bad_schema(fake: Running) -> None:
    class Lookup(BaseModel):
        """Look an order up."""

        order_id: str
        urgent: bool = False

    chat = ChatOpenAI(model="fake", base_url=fake.base_url, max_retries=0)
    body = {
        "model": "fake",
        "messages": MESSAGES,
        "tools": chat.bind_tools([Lookup], strict=True).kwargs["tools"],
    }
    response = post(fake.base_url, body)
    assert response.status_code == 400
    assert response.json()["error"] == {
        "message": "Invalid schema for function 'Lookup': In context=('properties', 'urgent'), "
        "'default' is not permitted.",
        "type": "invalid_request_error",
        "param": "tools[0].function.parameters",
        "code": "invalid_function_parameters",
    }
