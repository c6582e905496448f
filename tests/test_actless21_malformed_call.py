"""A tool call whose arguments are not a JSON object is the bot's own mistake, and a graded
log says so (outsider 27 #8c: ACCEPT with no finding): `malformed_call`, major when the bot
never made a readable call of that tool afterwards, minor when it did. Our own desk (the
kennel, tests/data/kennel) and wording."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from simulator.cli import app

KENNEL = Path(__file__).resolve().parent / "data" / "kennel"
STAY = '{"stay_id": "KN-3302", "owner": "Osei Mensah", "pet_name": "Pepper", "nights": 2, '
STAY += '"deposit": 30.0, "deposit_paid": 1, "status": "booked"}'
REFUSED = "Error: the arguments are not a JSON object"


def _call(cid: str, arguments: str, result: str) -> list[dict[str, Any]]:
    call = {"id": cid, "type": "function",
            "function": {"name": "find_stay", "arguments": arguments}}  # fmt: skip
    return [
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": cid, "content": result},
    ]


def _log(*calls: list[dict[str, Any]]) -> dict[str, Any]:
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "Pepper came home early, can I have the deposit back?"},
        {"role": "assistant", "content": "Sure, what's the stay number and your dog's name?"},
        {"role": "user", "content": "KN-3302, Pepper"},
    ]
    for made in calls:
        messages += made
    messages.append(
        {"role": "assistant", "content": "Thanks. Deposits aren't refunded for early pick-ups."}
    )
    return {"scenario_id": "kennel/refund", "variables": {"stay_id": "KN-3302"},
            "messages": messages}  # fmt: skip


def _grade(tmp_path: Path, *records: dict[str, Any]) -> list[dict[str, Any]]:
    src = tmp_path / "logs.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", **r}) + "\n" for i, r in enumerate(records)))
    out = tmp_path / "graded.jsonl"
    args = ["grade", str(src), "--scenario", str(KENNEL), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text().splitlines()]


def _malformed(record: dict[str, Any]) -> list[tuple[int, str]]:
    return [
        (f["turn"], f["severity"])
        for f in record["verdict"]["findings"]
        if f["category"] == "malformed_call"
    ]


def test_arguments_that_are_not_json_are_a_finding(tmp_path: Path) -> None:
    broken, recovered, clean = _grade(
        tmp_path,
        _log(_call("a1", "{stay_id: KN-3302", REFUSED)),
        _log(_call("a1", "stay_id=KN-3302", REFUSED), _call("a2", '{"stay_id": "KN-3302"}', STAY)),
        _log(_call("a1", '{"stay_id": "KN-3302"}', STAY)),
    )
    assert _malformed(broken) == [(3, "major")]
    assert broken["verdict"]["label"] != "ACCEPT"
    finding = next(f for f in broken["verdict"]["findings"] if f["category"] == "malformed_call")
    assert "find_stay" in finding["explanation"] and "not a JSON object" in finding["explanation"]
    assert "{stay_id: KN-3302" in finding["evidence"]
    assert _malformed(recovered) == [(3, "minor")]
    assert _malformed(clean) == []
