"""Forks and replays on model engines: the real ChatOpenAI client against the fake
OpenAI-compatible server on 127.0.0.1 (agents/llm/fake), in real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agents.llm.fake import FakeSettings, Running, serve
from agents.types import Transcript
from simulator.forks.forktree import fork_transcript
from simulator.run.runner import RunRequest, run
from simulator.store.rundb import RunStore

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
KEY = "sk-fork-llm-5120"


@pytest.fixture(scope="module")
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=11)) as running:
        yield running


def convsim(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": KEY, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def dumped(turns: list[object]) -> list[str]:
    return [t.model_dump_json() for t in turns]  # type: ignore[attr-defined]


def test_model_engine_forks_through_chatopenai(fake: Running, tmp_path: Path) -> None:
    out = tmp_path / "run"
    run(RunRequest((), 2, 5, out, concurrency=1))
    with RunStore(out / "run.db", readonly=True) as store:
        parent = next(store.iter_transcripts())
    served = fake.stats.requests
    # At support's first reply: the model answers from there on.
    args = ["fork", str(out), "--id", parent.id, "--at", "1", "--n", "2",
            "--support-model", "fake", "--base-url", fake.base_url]  # fmt: skip
    done = convsim(*args)
    assert done.returncode == 0, done.stderr
    ids = [line.split()[0] for line in done.stdout.splitlines()[1:]]
    assert len(ids) == 2 and all(i.startswith(f"{parent.id}-f1-") and "-e" in i for i in ids)
    assert fake.stats.requests > served  # the continuations' support turns came from it
    with RunStore(out / "run.db", readonly=True) as store:
        children = [fork_transcript(store, i) for i in ids]
    for child in children:
        assert child is not None
        assert dumped(child.turns[:1]) == dumped(parent.turns[:1])
        assert child.turns[1].role == "support"
        support = [t for t in child.turns[1:] if t.role == "support"]
        assert all(t.usage and t.usage["model"] == "fake" for t in support)
        assert all(t.usage is None for t in child.turns[1:] if t.role == "customer")
    manifest = json.loads((out / "manifest.json").read_text())
    listed = {f["id"]: f["engines"] for f in manifest["forks"]}
    assert listed[ids[0]] == {"critic": "rules", "customer": "scripted", "support": "llm:fake"}
    for path in out.iterdir():
        assert KEY.encode() not in path.read_bytes(), path

    # The same command again: nothing new is simulated, no chat completion is asked for.
    before = fake.stats.requests
    again = convsim(*args)
    assert again.returncode == 0, again.stderr
    assert "(0 simulated now, 2 already stored)" in again.stdout
    chats_after = fake.stats.requests - before
    assert chats_after <= 2  # at most the preflight (a ping and a probe), no conversation

    # A fork of the model-backed fork, on the scripted engines: its own turns restored.
    child = max(children, key=lambda c: len(c.turns) if c else 0)
    assert isinstance(child, Transcript)
    at = next(i for i in range(2, len(child.turns)) if child.turns[i].role == "customer")
    grand = convsim("fork", str(out), "--id", child.id, "--at", str(at), "--n", "1")
    assert grand.returncode == 0, grand.stderr
    with RunStore(out / "run.db", readonly=True) as store:
        g = fork_transcript(store, f"{child.id}-f{at}-0")
    assert g is not None and dumped(g.turns[:at]) == dumped(child.turns[:at])


def test_replay_with_a_model_customer(fake: Running, tmp_path: Path) -> None:
    """The stored customer turns go to the bot as they were; then the model plays the customer."""
    source = tmp_path / "src"
    bot = tmp_path / "bot.yaml"
    bot.write_text(f"kind: python\ncallable: bots.logic:correct\npythonpath: [{TESTS}]\n")
    scenario = TESTS / "data" / "bots" / "refund.yaml"
    made = convsim("test", str(scenario), "--target", str(bot), "--n", "2", "--seed", "4",
                   "--out", str(source), "--quiet")  # fmt: skip
    assert made.returncode == 0, made.stderr
    with RunStore(source / "run.db", readonly=True) as store:
        src = next(store.iter_transcripts())
    out = tmp_path / "replay"
    done = convsim("test", "--replay", str(source), "--id", src.id, "--at", "3",
                   "--target", str(bot), "--out", str(out), "--quiet",
                   "--customer-model", "fake", "--base-url", fake.base_url)  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    record = json.loads((out / "transcripts.jsonl").read_text())
    customer = [t for t in record["turns"] if t["role"] == "customer"]
    sent = [t for t in src.turns[:3] if t.role == "customer"]
    assert [t["content"] for t in customer[:2]] == [t.content for t in sent]
    assert all(t.get("usage") is None for t in customer[:2])
    assert len(customer) > 2 and all(t["usage"]["model"] == "fake" for t in customer[2:])
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["engines"]["customer"] == "llm:fake"
    assert record["replay"]["customer_turns"] == 2

    # That replay as a source in its turn: the model's customer turns are sent as they were,
    # without the usage the first replay paid for.
    again = tmp_path / "again"
    done = convsim("test", "--replay", str(out), "--id", src.id, "--at", str(len(record["turns"])),
                   "--target", str(bot), "--out", str(again), "--quiet")  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    second = json.loads((again / "transcripts.jsonl").read_text())
    resent = [t for t in second["turns"] if t["role"] == "customer"]
    assert [t["content"] for t in resent] == [t["content"] for t in customer]
    assert all(t.get("usage") is None for t in resent)
    assert second["replay"]["run"] == str(out)
