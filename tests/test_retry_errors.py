"""`--retry-errors`: on resume, conversations that ended in an infrastructure error run again,
each replacing its stored row in one transaction (never a duplicate); results stay as they are."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from test_bottest_cli import SCENARIO, TESTS, invoke
from test_run_runner import NAMES, StandIn, grade, request

from agents.types import ConversationPlan, Reply, Turn
from simulator.run.runner import Engines, run


class FailsOnce(StandIn):
    """Support that fails the first time it meets a plan whose index is a multiple of 3."""

    def __init__(self) -> None:
        super().__init__("support")
        self.failed: set[str] = set()

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        if plan.index % 3 == 0 and plan.id not in self.failed:
            self.failed.add(plan.id)
            raise ConnectionError("endpoint returned 500")
        return await super().respond(plan, turns, memory)


def rows(out: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(out / "run.db") as db:
        return db.execute(sql).fetchall()


def test_errors_run_again_only_with_retry_errors_and_replace_their_rows(tmp_path: Path) -> None:
    out = tmp_path / "r"
    eng = Engines(StandIn("customer"), FailsOnce(), grade, NAMES)
    first = run(request(out, n=10), eng)
    assert first.outcomes["error"] == 4  # plans 0, 3, 6, 9
    kept = dict(rows(out, "SELECT id, transcript FROM conversations WHERE status != 'error'"))
    again = run(request(out, n=10), eng)  # a plain resume keeps errors: they are stored
    assert (again.simulated, again.outcomes["error"]) == (0, 4)
    retried = run(request(out, n=10, retry_errors=True), eng)
    assert (retried.simulated, retried.already_done) == (4, 6)
    assert "error" not in retried.outcomes and sum(retried.outcomes.values()) == 10
    for table in ("plans", "conversations", "coverage"):
        assert rows(out, f"SELECT COUNT(*), COUNT(DISTINCT idx) FROM {table}") == [(10, 10)]
    assert rows(out, "SELECT COUNT(*) FROM turns WHERE conversation_id NOT IN "
                     "(SELECT id FROM conversations)") == [(0,)]  # fmt: skip
    assert rows(out, "SELECT COUNT(*) FROM verdicts") == [(10,)]
    now = dict(rows(out, "SELECT id, transcript FROM conversations"))
    assert all(now[cid] == text for cid, text in kept.items())  # results are never re-run
    records = [json.loads(x) for x in (out / "transcripts.jsonl").read_text().splitlines()]
    assert [r["outcome"]["status"] for r in records].count("error") == 0
    assert len({r["id"] for r in records}) == 10


FLAKY_BOT = '''
import hashlib
import os
from pathlib import Path

from bots.logic import correct

STATE = Path(os.environ["CONVSIM_FLAKY_STATE"])


def reply(messages):
    """Crashes on the first message of every other conversation, the first time only."""
    first = messages[0]["content"]
    marker = STATE / hashlib.sha1(first.encode()).hexdigest()
    if len(messages) == 1 and len(first) % 2 == 0 and not marker.exists():
        marker.write_text("crashed once")
        raise RuntimeError("bot process crashed")
    return correct(messages)
'''


def test_cli_test_retry_errors_reruns_target_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "flaky_bot.py").write_text(FLAKY_BOT)
    state = tmp_path / "state"
    state.mkdir()
    monkeypatch.setenv("CONVSIM_FLAKY_STATE", str(state))
    target = tmp_path / "bot.yaml"
    target.write_text(
        f"kind: python\ncallable: flaky_bot:reply\npythonpath: [{tmp_path}, {TESTS}]\n"
    )
    out = tmp_path / "run"
    args = ("test", SCENARIO, "--target", str(target), "--n", "8", "--out", str(out), "-q")
    first = invoke(*args)
    assert first.exit_code == 0, first.stderr
    errors = rows(out, "SELECT COUNT(*) FROM conversations WHERE status = 'error'")[0][0]
    assert errors == len(list(state.iterdir())) > 0
    plain = invoke(*args)
    assert rows(out, "SELECT COUNT(*) FROM conversations WHERE status = 'error'") == [(errors,)]
    assert plain.exit_code == 0
    retried = invoke(*args, "--retry-errors")
    assert retried.exit_code == 0, retried.stderr
    assert rows(out, "SELECT COUNT(*) FROM conversations WHERE status = 'error'") == [(0,)]
    assert rows(out, "SELECT COUNT(*), COUNT(DISTINCT idx) FROM conversations") == [(8, 8)]
    assert "infrastructure errors │ 0 (none)" in retried.stdout
    report = json.loads((out / "report.json").read_text())
    assert report["total"]["errors"] == 0


def test_cli_test_honours_planner_flags(tmp_path: Path) -> None:
    target = tmp_path / "bot.yaml"
    target.write_text(f"kind: python\ncallable: bots.logic:correct\npythonpath: [{TESTS}]\n")
    out = tmp_path / "run"
    done = invoke("test", SCENARIO, "--target", str(target), "--n", "2", "--out", str(out),
                  "-q", "--planner", "random")  # fmt: skip
    assert done.exit_code == 0, done.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["fingerprint"]["planner"] == {"mode": "random"}
