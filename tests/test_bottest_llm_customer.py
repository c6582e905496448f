"""`convsim test --customer-model M --base-url URL`: LLM customers against a bot under test.

The fake LLM server (127.0.0.1) plays the customer through the real client, the test bots'
flaky HTTP endpoint (127.0.0.1) plays support: some replies are 500s, so a run holds passes,
failures and infrastructure errors. Both sides require a secret; neither may reach a file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bots.server import serve as serve_bot
from typer.testing import CliRunner

from agents.llm.fake import FakeSettings
from agents.llm.fake import serve as serve_llm
from simulator.cli import app

SCENARIO = Path(__file__).resolve().parent / "data" / "bots" / "refund.yaml"
API_KEY = "sk-llm-customer-7c41e9d0-key"
BOT_TOKEN = "bot-token-52aa19"
N = 8
ERRORS = 4  # the flaky bot's 500s over this seed's conversations and their re-runs


def bot_target(folder: Path, url: str) -> Path:
    path = folder / "bot.yaml"
    path.write_text(
        f"kind: http\nurl: {url}\n"
        "headers: {Authorization: 'Bearer ${CONVSIM_BOT_TOKEN}'}\n"
        "body: {conversation_id: '{conversation_id}', message: '{message}', history: '{history}'}\n"
        "reply: $.reply\nhandoff: $.handoff\ntimeout_s: 5\nretries: 0\n"
    )
    return path


def records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]


def test_llm_customers_against_a_bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONVSIM_TEST_CUSTOMER_KEY", API_KEY)
    monkeypatch.setenv("CONVSIM_BOT_TOKEN", BOT_TOKEN)
    out = tmp_path / "run"
    junit = tmp_path / "junit.xml"
    # The fake refuses any other key (401), so a run that stores LLM turns sent this one.
    with serve_llm(FakeSettings(seed=1, api_key=API_KEY)) as fake, serve_bot(BOT_TOKEN) as bot:
        target = bot_target(tmp_path, bot.url + "/flaky")
        result = CliRunner().invoke(
            app,
            ["test", str(SCENARIO), "--target", str(target), "--n", str(N), "--seed", "0",
             "--out", str(out), "--customer-model", "fake", "--base-url", fake.base_url,
             "--api-key-env", "CONVSIM_TEST_CUSTOMER_KEY", "--junit", str(junit), "--quiet"],
        )  # fmt: skip
        # session: conversation id (plus -rN for a re-run of a simulator fault) and a suffix
        faults = {
            re.sub(r"-r\d+$", "", session.rsplit("-", 1)[0]): kind
            for session, kind in bot.failed.items()
        }
        server_prompt, server_completion = fake.stats.prompt_tokens, fake.stats.completion_tokens
    assert result.exit_code == 0, result.output
    recs = records(out)
    assert len(recs) == N
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["engines"] == {"critic": "rules", "customer": "llm:fake",
                                   "support": "target:http"}  # fmt: skip
    customer_turns = 0
    for rec in recs:
        assert rec["turns"][0]["role"] == "customer"
        for turn in rec["turns"]:
            if turn["role"] == "customer":
                customer_turns += 1
                usage = turn["usage"]
                assert usage["model"] == "fake" and usage["cached"] is False
                assert usage["prompt_tokens"] > 0 and usage["completion_tokens"] > 0
                assert turn["act"] is not None  # the LLM customer says what it does
            else:
                assert turn["role"] == "support"
                assert turn["usage"] is None and turn["act"] is None  # the bot's reply
                assert turn["latency_ms"] is not None
        # Attempts dropped as the simulator's fault (re-run with another seed) cost calls too.
        dropped = ["simulator_faults"] if rec.get("simulator_faults") else []
        assert list(rec["usage"]["llm"]) == ["customer", *dropped]
        assert rec["usage"]["llm"]["customer"]["calls"] == rec["usage"]["customer_turns"]
    # The run's meter is the stored customer turns (no judge, no planner model), and the server
    # saw those calls and the preflight's two one-token "ping"s (the plain call and the
    # structured-output probe) and nothing else.
    session = manifest["llm"]["usage"]
    rows = [r["usage"]["llm"].get("simulator_faults") for r in recs]
    dropped = [row for row in rows if row]
    assert session["calls"] == customer_turns + sum(row["calls"] for row in dropped)
    stored = [t["usage"] for r in recs for t in r["turns"] if t["role"] == "customer"]
    assert session["prompt_tokens"] == sum(u["prompt_tokens"] for u in stored) + sum(
        row["prompt_tokens"] for row in dropped) == server_prompt - 2  # fmt: skip
    assert session["prompt_tokens"] == sum(r["usage"]["prompt_tokens"] for r in recs)
    assert session["completion_tokens"] == sum(r["usage"]["completion_tokens"] for r in recs)
    assert server_completion > session["completion_tokens"]

    # pass + fail + error adds up, errors are exactly the bot's 500s, never graded.
    report = json.loads((out / "report.json").read_text())
    total = report["total"]
    # The fake customer's words are random: some conversations fail through its fault (the
    # simulator's, re-run and then left ungraded), some leave a criterion undecided.
    graded = ("passed", "failed", "undecided", "simulator")
    assert (total["conversations"], total["errors"]) == (N, ERRORS)
    assert sum(total[k] for k in graded) == N - ERRORS
    statuses = {c["id"]: c["status"] for c in report["conversations"]}
    assert sorted(statuses) == sorted(r["id"] for r in recs)
    # A "hang" of the flaky bot (2 s) is inside the 5 s timeout: only its 500s are errors.
    assert {cid for cid, s in statuses.items() if s == "error"} == {
        cid for cid, kind in faults.items() if kind == "500"
    }
    assert report["errors_by_kind"] == {"http_status": ERRORS}
    decided = total["passed"] + total["failed"]
    assert report["pass_rate"] == (total["passed"] / decided if decided else None)
    labels = {r["id"]: r["verdict"]["label"] for r in recs}
    blamed = {r["id"] for r in recs if r["verdict"].get("blame") == "simulator"}
    for cid, status in statuses.items():
        assert (labels[cid] == "ERROR") == (status == "error")
        assert (labels[cid] == "ACCEPT") == (status in ("pass", "undecided"))
        assert (cid in blamed) == (status == "simulator")
    for rec in recs:
        if faults.get(rec["id"]) == "500":
            assert rec["outcome"]["status"] == "error"
            assert rec["outcome"]["reason"].startswith("support role failed: Target")
    assert manifest["counts"]["verdicts"]["ERROR"] == ERRORS
    assert 'tests="8"' in junit.read_text()

    # The secrets stay in the environment: not in any output file, not on the terminal.
    assert API_KEY not in result.output and BOT_TOKEN not in result.output
    for file in [*sorted(out.iterdir()), junit]:
        data = file.read_bytes()
        assert API_KEY.encode() not in data, file.name
        assert BOT_TOKEN.encode() not in data, file.name
    assert manifest["llm"]["models"]["customer"]["api_key_env"] == "CONVSIM_TEST_CUSTOMER_KEY"
