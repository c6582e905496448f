"""Target files: the schema, file:line problems, JSONPath-like reply paths, request bodies."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.llm.config import KEYLESS
from agents.targets import TargetFileError, build_role, load_target
from agents.targets.base import BotRequest
from agents.targets.http import read_reply, render_body, resolve_headers
from agents.targets.jsonpath import PathSyntaxError, find, parse
from agents.targets.model import HttpTarget, OpenAITarget, PythonTarget, is_loopback
from agents.targets.openai import model_config

ROOT = Path(__file__).resolve().parent.parent
BAD = Path("tests/data/targets_bad")
EXAMPLES = ROOT / "examples" / "targets"
EXAMPLES_URL = "http://127.0.0.1:11434/v1"  # the base_url of examples/targets/openai-bot.yaml


def problems(name: str, environ: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(TargetFileError) as info:
        build_role(load_target(BAD / name, environ or {}))
    return [str(p) for p in info.value.problems]


def test_examples_parse() -> None:
    env = {"ACME_BOT_TOKEN": "x", "OPENAI_API_KEY": "x"}
    http = load_target(EXAMPLES / "http-bot.yaml", env)
    assert isinstance(http.spec, HttpTarget)
    assert http.label == "acme-support-bot"
    assert http.spec.headers == {"Authorization": "Bearer ${ACME_BOT_TOKEN}"}
    assert (http.spec.reply, http.spec.handoff, http.spec.end) == ("$.reply", "$.handoff", "$.done")
    openai = load_target(EXAMPLES / "openai-bot.yaml", env)
    assert isinstance(openai.spec, OpenAITarget) and openai.spec.model == "llama3.1"
    python = load_target(EXAMPLES / "python-bot.yaml", env)
    assert isinstance(python.spec, PythonTarget) and python.spec.callable == "mybot.app:reply"


def test_unknown_key_names_line_and_suggests() -> None:
    assert problems("unknown_key.yaml") == [
        f"{BAD}/unknown_key.yaml:4: timeuot_s: unknown key 'timeuot_s' (did you mean 'timeout_s'?)"
    ]


def test_bad_kind() -> None:
    assert problems("bad_kind.yaml") == [
        f"{BAD}/bad_kind.yaml:2: kind: must be 'http', 'openai' or 'python', got 'grpc'"
    ]


def test_every_problem_of_a_file_with_its_line() -> None:
    assert problems("bad_paths.yaml") == [
        f"{BAD}/bad_paths.yaml:2: url: 'ftp://127.0.0.1/chat' must start with http:// or https://",
        f"{BAD}/bad_paths.yaml:5: body.who: unknown placeholder {{user_name}}; use one of "
        "{message}, {conversation_id}, {turn}, {history}, {messages}, {tools}, {tools_url}, "
        "{mcp_url}",
        f"{BAD}/bad_paths.yaml:6: reply: 'reply.text' must start with $ (like $.reply)",
        f"{BAD}/bad_paths.yaml:7: handoff: '$.flags[x]': cannot read '[x]'; use .key, ['key'], "
        "[0] or [*]",
        f"{BAD}/bad_paths.yaml:8: timeout_s: must be more than 0.0, got 0",
    ]


def test_missing_environment_variable() -> None:
    assert problems("missing_env.yaml") == [
        f"{BAD}/missing_env.yaml:4: headers.X-Api-Key: environment variable "
        "CONVSIM_TEST_UNSET_VARIABLE is not set; export it before running"
    ]


def test_openai_missing_model() -> None:
    assert problems("openai_missing.yaml") == [
        f"{BAD}/openai_missing.yaml:1: model: required key is missing"
    ]


def test_openai_missing_key_variable(tmp_path: Path) -> None:
    remote = tmp_path / "remote.yaml"
    text = (EXAMPLES / "openai-bot.yaml").read_text()
    remote.write_text(text.replace(EXAMPLES_URL, "https://llm.example.com/v1"))
    with pytest.raises(TargetFileError) as info:
        load_target(remote, {})
    assert [str(p) for p in info.value.problems] == [
        f"{remote}:6: api_key_env: environment variable OPENAI_API_KEY is "
        "not set; export the API key in it"
    ]


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:11434/v1", "http://localhost:8000/v1", "http://[::1]:9/v1"]
)
def test_a_local_server_needs_no_key(tmp_path: Path, url: str) -> None:
    """A model server on this machine usually takes no key: an unset variable sends a
    placeholder, not a secret, and a remote one still needs the key."""
    local = tmp_path / "local.yaml"
    local.write_text((EXAMPLES / "openai-bot.yaml").read_text().replace(EXAMPLES_URL, url))
    loaded = load_target(local, {})
    assert isinstance(loaded.spec, OpenAITarget)
    config = model_config(loaded.spec)
    assert config.api_key() == KEYLESS == "no-key"
    assert "keyless" not in config.public()
    assert not is_loopback("http://127.0.0.2.example.com/v1")
    assert not is_loopback("https://api.openai.com/v1")


def test_callable_that_cannot_be_imported() -> None:
    assert problems("bad_callable.yaml") == [
        f"{BAD}/bad_callable.yaml:3: callable: cannot import no_such_module_here "
        "(ModuleNotFoundError: No module named 'no_such_module_here')"
    ]


def test_malformed_yaml_and_missing_file() -> None:
    assert problems("not_yaml.yaml") == [
        f"{BAD}/not_yaml.yaml:3: invalid YAML: did not find expected ',' or ']' while parsing a "
        "flow sequence (started at line 2)"
    ]
    assert problems("absent.yaml") == [
        f"{BAD}/absent.yaml: no such target file; give the path of a target YAML file"
    ]


def test_jsonpath() -> None:
    doc = {"choices": [{"message": {"content": "a"}}, {"message": {"content": "b"}}],
           "odd key": 1}  # fmt: skip
    assert find(doc, parse("$.choices[0].message.content")) == ["a"]
    assert find(doc, parse("$.choices[-1].message.content")) == ["b"]
    assert find(doc, parse("$.choices[*].message.content")) == ["a", "b"]
    assert find(doc, parse("$['odd key']")) == [1]
    assert find(doc, parse("$.missing.deeper")) == []
    assert find([{"text": "x"}, {"text": "y"}], parse("$[*].text")) == ["x", "y"]
    with pytest.raises(PathSyntaxError):
        parse("$.a..b")


def test_body_headers_and_reply() -> None:
    spec = HttpTarget(
        kind="http",
        url="http://127.0.0.1:9/chat",
        headers={"Authorization": "Bearer ${TOKEN}", "X-Plain": "yes"},
        body={"s": "{conversation_id}", "m": "Q: {message}", "h": "{history}", "n": 3,
              "all": ["{messages}"]},
        reply="$[*].text",
        handoff="$[0].handoff",
    )  # fmt: skip
    history = [{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}]
    request = BotRequest("c-1", "hi {there}", history, 2)
    body = render_body(spec.body, request)
    assert body == {
        "s": "c-1",
        "m": "Q: hi {there}",
        "h": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}],
        "n": 3,
        "all": [[*request.history, {"role": "user", "content": "hi {there}"}]],
    }
    assert resolve_headers(spec, {"TOKEN": "s3"}) == {
        "Authorization": "Bearer s3",
        "X-Plain": "yes",
    }
    reply = read_reply([{"text": "one", "handoff": True}, {"text": "two"}], spec)
    assert (reply.text, reply.handoff, reply.end) == ("one\ntwo", True, False)


def test_docs_sample_is_the_shipped_example() -> None:
    doc = (ROOT / "docs" / "testing-bots.md").read_text(encoding="utf-8")
    section = doc.split("## Describing your bot", 1)[1]
    sample = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    shipped = (EXAMPLES / "http-bot.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    assert sample == shipped


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("bot1_formal.reply", "'bot1_formal.reply' is not module:function; use module:function "
         "(did you mean 'bot1_formal:reply'?)"),
        ("my bot", "'my bot' is not module:function; use module:function, e.g. "
         "'mybot.handlers:reply'"),
    ],
)  # fmt: skip
def test_a_callable_without_its_colon_says_module_function(
    tmp_path: Path, written: str, message: str
) -> None:
    file = tmp_path / "bot.yaml"
    file.write_text(f"kind: python\ncallable: {written}\n")
    with pytest.raises(TargetFileError) as info:
        load_target(file, {})
    assert [str(p) for p in info.value.problems] == [f"{file}:2: callable: {message}"]
