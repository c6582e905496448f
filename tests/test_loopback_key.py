"""One key rule for every model role and for a bot of kind `openai` (outsider 14: a judge on
127.0.0.1 exited 2 asking for OPENAI_API_KEY while an `openai` target on localhost was sent a
placeholder): a server on this machine is sent a placeholder when the key's variable is
unset; a remote endpoint needs the key. Real processes, no OPENAI_API_KEY in their
environment, against the packaged fake model server on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_process import child_env

from agents.llm.fake import FakeSettings, Running, serve

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests/data/calibration/scenarios/refund.yaml"


def convsim(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        cwd=ROOT,
        env=child_env({"COLUMNS": "200"}, drop=("OPENAI_API_KEY",)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=2)) as running:
        yield running


def test_a_judge_on_loopback_needs_no_key(fake: Running, tmp_path: Path) -> None:
    src, out = tmp_path / "logs.jsonl", tmp_path / "graded.jsonl"
    chat = [
        {"role": "user", "content": "Hi, my order never came."},
        {"role": "assistant", "content": "Sorry to hear that. What is the order number?"},
    ]
    src.write_text(json.dumps({"messages": chat}) + "\n")
    before = fake.stats.requests
    done = convsim(
        "grade", src, "--out", out, "--critic-model", "fake", "--base-url", fake.base_url
    )
    assert done.returncode == 0, done.stderr
    assert fake.stats.requests > before
    assert " Judge: " in json.loads(out.read_text())["verdict"]["rationale"]


def test_every_role_on_loopback_needs_no_key(fake: Running, tmp_path: Path) -> None:
    before = fake.stats.requests
    done = convsim("run", SCENARIO, "--n", "2", "--seed", "1", "--out", tmp_path / "run",
                   "--model", "fake", "--planner-model", "fake", "--base-url", fake.base_url,
                   "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert set(manifest["llm"]["models"]) == {"customer", "support", "critic", "planner"}
    engines = manifest["engines"]
    assert engines["customer"] == engines["support"] == "llm:fake", engines
    assert engines["critic"] == "rules+judge:fake", engines
    assert fake.stats.requests > before


def test_a_remote_endpoint_needs_the_key(tmp_path: Path) -> None:
    src = tmp_path / "logs.jsonl"
    src.write_text(json.dumps({"messages": [{"role": "user", "content": "hi"}]}) + "\n")
    url = "https://models.example.com/v1"
    for args in (
        ("grade", src, "--out", tmp_path / "g.jsonl", "--critic-model", "m", "--base-url", url),
        ("run", SCENARIO, "--n", "1", "--out", tmp_path / "run", "--customer-model", "m",
         "--base-url", url),
    ):  # fmt: skip
        done = convsim(*args)
        assert (done.returncode, done.stdout) == (2, ""), args
        assert done.stderr == (
            f"convsim: error: OPENAI_API_KEY is not set (needed for model 'm' at {url}): export "
            "OPENAI_API_KEY=<key>, or name another variable with --api-key-env (a server on "
            "this machine, localhost or 127.0.0.1, needs none)\n"
        ), args
    assert not (tmp_path / "g.jsonl").exists() and not (tmp_path / "run").exists()
