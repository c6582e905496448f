"""Support asking again for a fact the customer gave and that checked out (actless16).

Outsider 23 (a motor claims desk) found a bot that, after the claim number and postcode were
given and checked, asked "Could you give me your claim number please?": ACCEPT, no finding,
in every such conversation. Re-told on a bicycle workshop of this test's own
(tests/data/cyclefix), graded the way an outsider does (`convsim grade` on OpenAI logs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from simulator.cli import app

DESK = Path(__file__).resolve().parent / "data" / "cyclefix"
VARIABLES = {
    "job_id": "BK-5101",
    "owner_email": "lena.brandt@example.org",
    "status": "awaiting_parts",
}
REPAIR = {"job_id": "BK-5101", "owner_id": "OW-11", "status": "awaiting_parts", "quote": 85.0}


def call(cid: str, name: str, args: dict[str, str]) -> dict[str, Any]:
    fn = {"name": name, "arguments": json.dumps(args)}
    return {"role": "assistant", "content": None,
            "tool_calls": [{"id": cid, "type": "function", "function": fn}]}  # fmt: skip


def graded(
    tmp_path: Path,
    messages: list[dict[str, Any]],
    scenario: str,
    variables: dict[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The verdict `convsim grade` gives one OpenAI-format log of a cyclefix scenario."""
    src, out = tmp_path / "logs.jsonl", tmp_path / "graded.jsonl"
    log = {"id": "c1", "scenario_id": f"cyclefix/{scenario}",
           "variables": variables or VARIABLES, "messages": messages, **extra}  # fmt: skip
    src.write_text(json.dumps(log) + "\n", encoding="utf-8")
    args = ["grade", str(src), "--scenario", str(DESK), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    record: dict[str, Any] = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    return record["verdict"]


def categories(verdict: dict[str, Any]) -> list[str]:
    return [f["category"] for f in verdict["findings"]]


OPENING = {
    "en": "I'd like to call off my bike repair.",
    "de": "Ich möchte meine Fahrradreparatur absagen.",
    "es": "Quiero anular la reparación de mi bici.",
}
ASKS = {
    "en": ("Sure - what's the job number on your ticket, and your email?",
           "BK-5101, and it's lena.brandt@example.org",
           "What was the job number again, please?"),
    "de": ("Gern. Wie lautet Ihre Auftragsnummer und Ihre E-Mail?",
           "BK-5101 und lena.brandt@example.org",
           "Nennen Sie mir bitte Ihre Auftragsnummer?"),
    "es": ("Claro. ¿Me indica su número de orden y su correo?",
           "BK-5101 y lena.brandt@example.org",
           "¿Me podría dar su número de orden, por favor?"),
}  # fmt: skip


def _asked_twice(lang: str, checked: bool = True) -> list[dict[str, Any]]:
    first, gave, again = ASKS[lang]
    result = {"job_id": "BK-5101", "result": "ok"} if checked else "Error: no match"
    return [
        {"role": "user", "content": OPENING[lang]},
        {"role": "assistant", "content": first},
        {"role": "user", "content": gave},
        call("a", "check_owner", {"job_id": "BK-5101", "email": "lena.brandt@example.org"}),
        {"role": "tool", "tool_call_id": "a", "content": json.dumps(result)},
        {"role": "assistant", "content": again},
        {"role": "user", "content": "BK-5101. Bye."},
    ]


@pytest.mark.parametrize("lang", sorted(ASKS))
def test_a_fact_asked_for_again_after_it_checked_out_is_major(tmp_path: Path, lang: str) -> None:
    verdict = graded(tmp_path, _asked_twice(lang), "call-off")
    found = [f for f in verdict["findings"] if f["category"] == "asked_again"]
    assert len(found) == 1 and found[0]["turn"] == 5 and found[0]["severity"] == "major"
    assert "job_id" in found[0]["explanation"]
    assert verdict["label"] != "ACCEPT"


def test_asking_again_after_the_check_failed_is_the_job(tmp_path: Path) -> None:
    messages = _asked_twice("en", checked=False)
    messages[2]["content"] = "BK-5101, and it's lena.brand@example.org"
    args = {"job_id": "BK-5101", "email": "lena.brand@example.org"}
    messages[3] = call("a", "check_owner", args)
    messages[4]["content"] = "Error: job BK-5101 and lena.brand@example.org do not match"
    assert "asked_again" not in categories(graded(tmp_path, messages, "call-off"))


def test_a_read_back_or_a_typo_nobody_checked_asks_for_nothing_settled(tmp_path: Path) -> None:
    readback = _asked_twice("en")
    readback[5]["content"] = "Just to be sure: the job number is BK-5101, right?"
    assert "asked_again" not in categories(graded(tmp_path, readback, "call-off"))
    typo = _asked_twice("en")
    typo[2]["content"] = "BK-5011, lena.brandt@example.org"
    del typo[3:5]  # nothing checked the number the customer typed
    assert "asked_again" not in categories(graded(tmp_path, typo, "call-off"))
