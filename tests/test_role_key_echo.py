"""A model endpoint that echoes the API key it was sent: the key is never stored, shown or
exported (outsider18 #1: an LLM role's key went into run.db, transcripts.jsonl, `show` and
the training export in full, while a bot target's echo was already `[redacted]`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store import make

from agents.llm.fake import FakeSettings, Running, serve
from agents.scrub import REDACTED, keep_secret, known_secrets
from simulator.store.rows import conversation_rows
from simulator.store.rundb import RunStore

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-proj-AbCdEfGhSECRETkey"  # no run of digits a privacy screen would drop for its own reason


@pytest.fixture(scope="module")
def leaky() -> Iterator[Running]:
    with serve(FakeSettings(seed=2, echo_key=True)) as running:
        yield running


def convsim(*args: str, key_env: str = "OPENAI_API_KEY") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), key_env: KEY}
    cmd = [sys.executable, "-m", "simulator", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


def assert_no_key(out: Path) -> None:
    for path in out.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("role", ["customer", "support", "critic"])
def test_a_role_endpoint_echoing_its_key_stores_shows_and_exports_no_key(
    leaky: Running, tmp_path: Path, role: str
) -> None:
    out = tmp_path / "run"
    done = convsim(
        "run", "--n", "2", "--seed", "1", "--out", str(out), "--quiet",
        f"--{role}-model", "fake", "--base-url", leaky.base_url,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = (out / "transcripts.jsonl").read_text()
    assert REDACTED in text  # the endpoint did echo it: what was stored is the redaction
    assert_no_key(out)
    shown = convsim("show", str(out))
    assert shown.returncode == 0, shown.stderr
    assert KEY not in shown.stdout + shown.stderr
    exported = tmp_path / "train.jsonl"
    done = convsim("export", str(out), "--format", "openai", "--out", str(exported))
    assert done.returncode == 0, done.stderr
    assert KEY not in exported.read_text() + done.stdout + done.stderr


def test_a_key_named_with_api_key_env_is_redacted_too(leaky: Running, tmp_path: Path) -> None:
    out = tmp_path / "run"
    done = convsim(
        "run", "--n", "1", "--seed", "4", "--out", str(out), "--quiet", "--model", "fake",
        "--base-url", leaky.base_url, "--api-key-env", "MY_ROLE_KEY", key_env="MY_ROLE_KEY",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert REDACTED in (out / "transcripts.jsonl").read_text()
    assert_no_key(out)


def test_the_store_redacts_every_known_secret_in_every_text_it_writes(tmp_path: Path) -> None:
    """Wherever a secret came from (a role's reply, a bot's, an error quoting either, a
    verdict's rationale), run.db never holds it: the store is the last gate."""
    secret = 'tok"en\\with-quote-9f8e'  # JSON escapes it: the escaped form is found as well
    keep_secret(secret)
    assert secret in known_secrets()
    plan, transcript = make(0)
    said = f"your token is {secret}, keep it"
    transcript = transcript.model_copy(
        update={"turns": [transcript.turns[0].model_copy(update={"content": said})]}
    )
    rows = conversation_rows(plan, transcript)
    assert secret in rows.turns[0][4] and json.dumps(secret)[1:-1] in rows.conversation[6]
    with RunStore(tmp_path / "run.db") as store:
        store.write(rows)
        stored = store.transcript(transcript.id)
    assert stored is not None
    assert REDACTED in stored.turns[0].content
    data = (tmp_path / "run.db").read_bytes()
    wal = tmp_path / "run.db-wal"
    data += wal.read_bytes() if wal.exists() else b""
    assert secret.encode() not in data and json.dumps(secret)[1:-1].encode() not in data
