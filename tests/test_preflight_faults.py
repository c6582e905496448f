"""The preflight is a call like any other: a malformed or slow first reply is retried, and an
endpoint that keeps failing is one line and exit 2 (fake server on 127.0.0.1, real client)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from agents.llm.fake import FakeSettings, serve
from simulator.cli import app

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "library" / "ecommerce" / "refund-damaged-item.yaml"
RECORD = {
    "messages": [
        {"role": "user", "content": "My parcel never came."},
        {"role": "assistant", "content": "Sorry to hear that; what is the order number?"},
    ]
}


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")


def run(base_url: str, out: Path, *extra: str) -> Result:
    args = ["run", str(SCENARIO), "--n", "1", "--seed", "3", "--quiet", "--out", str(out)]
    args += ["--customer-model", "fake", "--base-url", base_url, *extra]
    return CliRunner().invoke(app, args)


def grade(base_url: str, tmp_path: Path, *extra: str) -> Result:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(RECORD) + "\n")
    args = ["grade", str(src), "--out", str(tmp_path / "graded.jsonl")]
    args += ["--critic-model", "fake", "--base-url", base_url, *extra]
    return CliRunner().invoke(app, args)


@pytest.mark.parametrize("fault", ["malformed", "timeout", "server_error"])
def test_one_bad_preflight_reply_is_retried(fault: str, tmp_path: Path) -> None:
    settings = FakeSettings(seed=1, first_faults=(fault,), hang_s=3.0)
    with serve(settings) as fake:
        done = run(fake.base_url, tmp_path / "run", "--timeout", "0.5")
        assert done.exit_code == 0, done.output
        graded = grade(fake.base_url, tmp_path, "--timeout", "0.5")
    assert graded.exit_code == 0, graded.output
    assert len((tmp_path / "run" / "transcripts.jsonl").read_text().splitlines()) == 1


def test_an_endpoint_that_never_answers_json_is_one_line(tmp_path: Path) -> None:
    results = []
    for command in (run, grade):
        with serve(FakeSettings(first_faults=("malformed",) * 3)) as fake:
            target = tmp_path / "run" if command is run else tmp_path
            results.append((fake.base_url, command(fake.base_url, target, "--max-retries", "2")))
    for url, result in results:
        assert result.exit_code == 2
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(
            f"convsim: error: {url} is not an OpenAI-compatible endpoint: the reply "
            "is not OpenAI-compatible JSON ("
        ), lines
        assert lines[0].endswith(", 3 attempts; fix --base-url")
    assert not (tmp_path / "run").exists() and not (tmp_path / "graded.jsonl").exists()


def test_an_endpoint_that_stays_slow_is_one_line(tmp_path: Path) -> None:
    with serve(FakeSettings(first_faults=("timeout",) * 2, hang_s=2.0)) as fake:
        done = run(fake.base_url, tmp_path / "run", "--max-retries", "1", "--timeout", "0.3")
    assert done.exit_code == 2
    assert done.stderr == (
        f"convsim: error: cannot reach {fake.base_url} (timed out after 0.3 s, 2 attempts): "
        "start the server or fix --base-url\n"
    )
    assert not (tmp_path / "run").exists()
