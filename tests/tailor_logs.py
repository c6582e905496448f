"""Graded OpenAI-format logs of the alterations counter of tests/data/tailor (session 20,
actless17): the helpers its tests share, imported as `from tailor_logs import ...`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from simulator.cli import app

DESK = Path(__file__).resolve().parent / "data" / "tailor"
TICKETS = {
    "AL-301": {"client_id": "CL-7", "client_email": "ines.moreau@example.net",
               "garment": "wool coat", "status": "in_alteration", "booked_on": "2026-11-24",
               "ready_on": "2026-12-08", "price": 64.0, "deposit": 18.4},
    "AL-302": {"client_id": "CL-8", "client_email": "t.wilk@example.net",
               "garment": "suit trousers", "status": "ready", "booked_on": "2026-11-08",
               "ready_on": "2026-12-08", "price": 39.5, "deposit": 12.0},
    "AL-303": {"client_id": "CL-8", "client_email": "t.wilk@example.net",
               "garment": "silk dress", "status": "on_hold", "booked_on": "2026-12-02",
               "ready_on": "2026-12-18", "price": 120.0, "deposit": 30.0},
    "AL-304": {"client_id": "CL-7", "client_email": "ines.moreau@example.net",
               "garment": "linen shirt", "status": "out_for_delivery", "booked_on": "2026-11-30",
               "ready_on": "2026-12-07", "price": 22.0, "deposit": 5.0},
}  # fmt: skip


def call(cid: str, name: str, args: dict[str, str]) -> dict[str, Any]:
    fn = {"name": name, "arguments": json.dumps(args)}
    return {"role": "assistant", "content": None,
            "tool_calls": [{"id": cid, "type": "function", "function": fn}]}  # fmt: skip


def looked_up(ticket: str) -> list[dict[str, Any]]:
    """Support checks the client and reads the ticket, as a bot's tool calls and results."""
    t = TICKETS[ticket]
    row = {"ticket_id": ticket, **{k: v for k, v in t.items() if k != "client_email"}}
    ok = {"ticket_id": ticket, "result": "ok"}
    return [
        call("c1", "check_client", {"ticket_id": ticket, "email": str(t["client_email"])}),
        {"role": "tool", "tool_call_id": "c1", "content": json.dumps(ok)},
        call("c2", "get_ticket", {"ticket_id": ticket}),
        {"role": "tool", "tool_call_id": "c2", "content": json.dumps(row)},
    ]


def variables(ticket: str) -> dict[str, str]:
    t = TICKETS[ticket]
    return {"ticket_id": ticket, **{k: str(v) for k, v in t.items()}}


def graded(
    tmp_path: Path, scenario: str, messages: list[dict[str, Any]], ticket: str
) -> dict[str, Any]:
    """The graded record `convsim grade` writes for one log of a tailor scenario."""
    src, out = tmp_path / "logs.jsonl", tmp_path / "graded.jsonl"
    log = {"id": "t1", "scenario_id": f"tailor/{scenario}", "variables": variables(ticket),
           "messages": messages}  # fmt: skip
    src.write_text(json.dumps(log) + "\n", encoding="utf-8")
    args = ["grade", str(src), "--scenario", str(DESK), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    record: dict[str, Any] = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    return record
