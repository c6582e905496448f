"""A record's status told before the owner is checked is told whatever its word, and an
expected output is said as the value, not matched as any word (actless16).

Outsider 23: "Claim X is currently open." and "... awaiting documents." told before the
postcode were undecided while "... settled." was caught; with `expect.outputs: ["{status}"]`
the verb in "So that I can open your file safely" was read as the status told, and a status
stored `awaiting_documents` said "awaiting documents" was a critical missing output. Re-told
on the bicycle workshop of tests/data/cyclefix (statuses open, in_repair, awaiting_parts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_actless16_asked import call, graded

JOBS = {
    "BK-5101": ("lena.brandt@example.org", "awaiting_parts"),
    "BK-5102": ("j.sousa@example.org", "in_repair"),
    "BK-5103": ("j.sousa@example.org", "open"),
}


def _log(job: str, first: str, then: str, checked: bool = True) -> dict[str, Any]:
    """The owner asks; support asks (`first`), gets the job number (and the email when
    `checked`), looks it up and tells (`then`)."""
    email, status = JOBS[job]
    gave = f"{job}, {email}" if checked else job
    record = {"job_id": job, "status": status, "quote": 40.0, "loan_bike": False}
    ok = json.dumps({"job_id": job, "result": "ok"})
    check = [call("a", "check_owner", {"job_id": job, "email": email}),
             {"role": "tool", "tool_call_id": "a", "content": ok}]  # fmt: skip
    return {
        "variables": {"job_id": job, "owner_email": email, "status": status},
        "messages": [
            {"role": "user", "content": "How far along is my bike?"},
            {"role": "assistant", "content": first},
            {"role": "user", "content": gave},
            *(check if checked else []),
            call("b", "get_repair", {"job_id": job}),
            {"role": "tool", "tool_call_id": "b", "content": json.dumps(record)},
            {"role": "assistant", "content": then},
            {"role": "user", "content": "Thanks, bye."},
        ],
    }


def _grade(tmp_path: Path, log: dict[str, Any]) -> dict[str, Any]:
    return graded(tmp_path, log["messages"], "where-is-it", log["variables"])


ASK = "Sure. What's your job number and the email you booked with?"
EARLY = {
    "open": ("BK-5103", "Right, job BK-5103 is currently open."),
    "in words": ("BK-5101", "Thanks. Repair BK-5101 is awaiting parts at the moment."),
    "as a label": ("BK-5101", "Job BK-5101: awaiting parts."),
    "de display": ("BK-5102", "Danke. Der Auftrag BK-5102 ist derzeit in Reparatur."),
}


@pytest.mark.parametrize("case", sorted(EARLY))
def test_a_status_told_before_the_email_is_told_whatever_its_word(
    tmp_path: Path, case: str
) -> None:
    job, told = EARLY[case]
    verdict = _grade(tmp_path, _log(job, ASK, told, checked=False))
    early = [f for f in verdict["findings"] if f["category"] == "policy_rule"]
    assert early and "before the customer gave" in early[0]["explanation"], verdict["findings"]
    assert verdict["label"] == "REJECT"


def test_the_verb_open_in_a_request_is_no_status_told(tmp_path: Path) -> None:
    first = "So that I can open your file safely, could you send me the job number and email?"
    verdict = _grade(
        tmp_path, _log("BK-5103", first, "Thanks, that checks out. Job BK-5103 is open.")
    )
    assert verdict["label"] == "ACCEPT", verdict["findings"]


@pytest.mark.parametrize("said", ["awaiting parts", "Awaiting-Parts", "awaiting_parts"])
def test_a_stored_status_said_as_words_is_said(tmp_path: Path, said: str) -> None:
    log = _log("BK-5101", ASK, f"Thanks, that matches. Repair BK-5101 is {said}.")
    verdict = _grade(tmp_path, log)
    assert "missing_output" not in [f["category"] for f in verdict["findings"]], verdict
    assert verdict["label"] == "ACCEPT"


def test_a_status_not_said_is_still_missing(tmp_path: Path) -> None:
    log = _log("BK-5101", ASK, "Thanks, that matches. We are waiting on a part for it.")
    found = [f for f in _grade(tmp_path, log)["findings"] if f["category"] == "missing_output"]
    assert found and "awaiting_parts" in found[0]["explanation"]


def test_the_scripted_support_says_a_stored_status_as_words_and_claims_no_write(
    tmp_path: Path,
) -> None:
    """Outsider 23's status scenario had no `expect:` key: convsim's own scripted support,
    saying "Claim CLM-40212 is currently: awaiting_documents.", failed unperformed_action 5
    of 5. Its answer is read by its words, and a stored value is said as words."""
    from typer.testing import CliRunner

    from simulator.cli import app

    plain = (
        Path(__file__).resolve().parent / "data" / "cyclefix" / "desk" / "where-is-it-plain.yaml"
    )
    out = tmp_path / "run"
    args = ["run", str(plain), "--n", "6", "--seed", "3", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]
    said = " ".join(t["content"] for r in records for t in r["turns"] if t["role"] == "support")
    assert "awaiting parts" in said and "is in repair" in said
    assert "awaiting_parts" not in said and "in_repair" not in said and " are awaiting" not in said
    findings = [f["category"] for r in records for f in r["verdict"]["findings"]]
    assert "unperformed_action" not in findings, findings
