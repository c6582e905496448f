"""A bot that repeats its credentials: the values its target file reads from the environment
(header variables, a password in the URL, an openai target's key) were stored as it said them,
in run.db, transcripts.jsonl and report.json. They are now `[redacted]` in its turns; the
rest of its text stays as it was, and values too short to be secrets are left alone."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from test_target_tools_http import bot_server

from agents.targets.base import redacted

ROOT = Path(__file__).resolve().parent.parent
SECRET = "sk-live-0123456789abcdef"


def test_a_bot_repeating_its_credentials_stores_none_of_them(tmp_path: Path) -> None:
    def echo(body: dict[str, Any], headers: Mapping[str, str]) -> dict[str, Any]:
        auth, key, tenant = (headers.get(k) for k in ("Authorization", "X-Key", "X-T"))
        said = f"Auth {auth}, key {key}, tenant {tenant}."
        return {"reply": said}

    with bot_server(echo) as url:
        host = url.removeprefix("http://")
        target = tmp_path / "bot.yaml"
        target.write_text(
            f"kind: http\nurl: http://me:pw-{SECRET}@{host}\nheaders:\n"
            "  X-Key: 'Bearer ${BOT_KEY}'\n  X-T: '${TENANT}'\n"
        )
        out = tmp_path / "run"
        env = {**os.environ, "BOT_KEY": SECRET, "TENANT": "42"}
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "test", "examples/scenarios", "--target",
             str(target), "--n", "2", "--out", str(out), "--no-judge", "-q"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    stored = [p for p in out.rglob("*") if p.is_file()]
    assert {p.name for p in stored} >= {"run.db", "transcripts.jsonl"}
    basic = base64.b64encode(f"me:pw-{SECRET}".encode())  # the URL's password, as sent
    assert not [p.name for p in stored if SECRET.encode() in p.read_bytes()]
    assert not [p.name for p in stored if basic in p.read_bytes()]
    assert SECRET not in done.stdout + done.stderr
    text = (out / "transcripts.jsonl").read_text()
    assert "Auth Basic [redacted], key Bearer [redacted], tenant 42." in text


def test_redaction_takes_the_longest_secret_first_and_spares_short_values() -> None:
    assert redacted("key abcdefgh12345678 and abcdefgh", ["abcdefgh", "abcdefgh12345678"]) == (
        "key [redacted] and [redacted]"
    )
    assert redacted("room 42, code local", ["42", "local"]) == "room 42, code local"


def test_credentials_a_bot_passes_to_a_tool_are_not_stored() -> None:
    """The same hiding for a tool call's arguments (parsed and raw), before the call runs, so
    the records' call log, the transcript and a replay all hold `[redacted]`."""
    from tool_domain import orders_domain

    from agents.calls import ReplyCalls, Request
    from agents.tools import Desk

    desk = Desk(orders_domain().new_state())
    calls = ReplyCalls(desk, secrets=(SECRET, "42"))
    raw = f'{{"order_id": "ORD-10001", "note": "token {SECRET}", "{SECRET}": ["room 42"]}}'
    calls.run([Request.parse("c1", "get_order", raw)])
    calls.run([Request.parse("c2", "get_order", f'{{"order_id": "{SECRET}"')])  # unreadable
    turns = desk.take()
    stored = [call.arguments for t in turns for call in t.tool_calls or ()]
    assert stored[0] == {
        "order_id": "ORD-10001",
        "note": "token [redacted]",
        "[redacted]": ["room 42"],
    }
    assert SECRET not in repr(stored) + repr(desk.state.calls)
    assert "[redacted]" in repr(stored[1])
    desk.close()
