"""`convsim run` against an endpoint that fails every call (outsider 16 #3: exit 0 with every
conversation an error) exits 1 with the commonest cause, as `test` does; a judge that fails
on every conversation (#13: only 'with undecided criteria') is named in the summary and
exits 1. A loopback server started here answers every chat request 500."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


class Failing(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None

    def _send(self, code: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._send(500, {"error": {"message": "boom"}})


@pytest.fixture
def failing() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def run(out: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", "run", "--n", "2", "--seed", "1",
         "--max-retries", "0", "--out", str(out), "--quiet", *flags],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": "sk-x"},
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_a_run_where_every_conversation_is_an_error_exits_1(failing: str, tmp_path: Path) -> None:
    done = run(tmp_path / "r", "--model", "fake", "--base-url", failing)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "convsim: error: every conversation ended in an error (2 of 2), so nothing was "
        "simulated: customer role failed: LLMCallError: fake: server error 500 (after 1 "
        "attempts); fix it and run the same command again with --retry-errors"
    )


def test_a_judge_that_failed_on_every_conversation_is_said_and_exits_1(
    failing: str, tmp_path: Path
) -> None:
    done = run(tmp_path / "r", "--critic-model", "fake", "--base-url", failing)
    assert done.returncode == 1
    assert (
        "judge: failed on 2 of 2: their judge criteria are undecided (LLMCallError: fake: "
        "server error 500 (after 1 attempts))"
    ) in done.stdout
    # the summary row said a plain 'ACCEPT 2' (outsider 20 #9): the judge decided none of them
    table = " ".join(" ".join(line.strip("│ ").split()) for line in done.stdout.splitlines())
    assert "ACCEPT 2 (2 with undecided criteria; the judge failed on 2: undecided)" in table
    assert done.stderr.splitlines()[-1] == (
        "convsim: error: the judge failed on every conversation, so none was graded on its "
        "judge criteria; fix the judge model's endpoint and run again with --force or a new --out"
    )


def test_accepts_the_judge_failed_on_are_undecided_in_the_verdicts_row(tmp_path: Path) -> None:
    """A scenario without judge criteria: the failed judge left only its scores unjudged
    (courtesy, correctness), and the row read a plain 'ACCEPT 4' (outsider 20 #9)."""
    from simulator.bots.metrics import verdicts_line
    from simulator.commands.run_health import read_health

    failed = {
        "outcome": {"status": "resolved", "reason": "done"},
        "verdict": {
            "label": "ACCEPT",
            "rationale": "No findings. Not judged: the judge failed (LLMCallError: boom).",
            "unjudged": ["correctness", "courtesy"],
        },
    }
    judged = {"outcome": {"status": "resolved"}, "verdict": {"label": "ACCEPT", "unjudged": []}}
    lines = [failed, failed, failed, judged, {**failed, "verdict": {**failed["verdict"],
             "label": "REJECT"}}]  # fmt: skip
    path = tmp_path / "transcripts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines))
    health = read_health(path, judge=True)
    assert dict(health.judge_failed_labels) == {"ACCEPT": 3, "REJECT": 1}
    row = verdicts_line({"ACCEPT": 4, "REJECT": 1}, 0, health.judge_failed_labels)
    assert row == "ACCEPT 4 (the judge failed on 3: undecided), REJECT 1 (the judge failed on 1)"
    assert verdicts_line({"ACCEPT": 4}, 2) == "ACCEPT 4 (2 with undecided criteria)"
