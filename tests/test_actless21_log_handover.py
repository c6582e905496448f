"""`convsim grade` on exported logs with no `outcome` whose bot handed the customer over by a
tool call: the call that went through is how the conversation ended (escalated by support),
as `convsim test` reads it. An outcome criterion is then decided, not "not in the input", and
a customer who asked for a person before anything was written changed what is expected: the
deposit nobody took is no wrong end state. A call the tool refused hands nothing over.

Our own desk (tests/data/kennel: `escalate_to_duty_manager`) and wording, English and Spanish.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from simulator.cli import app

KENNEL = Path(__file__).resolve().parent / "data" / "kennel"
STAY = '{"stay_id": "KN-3301", "owner": "Maren Holt", "pet_name": "Biscuit", "nights": 4, '
STAY += '"deposit": 60.0, "deposit_paid": 0, "status": "booked"}'
# A scenario of ours on the kennel desk whose success is the hand-over itself.
COMPLAINT = """\
id: kennel/complaint
title: An owner complains about how their dog was walked
domain: kennel
intent: complaint
world: kennel
variables:
  stay_id: {choice: [KN-3301]}
  pet_name: {choice: [Biscuit]}
customer:
  goal: Complain that {pet_name} was not walked during stay {stay_id}.
  knows: {stay_id: "{stay_id}", pet_name: "{pet_name}"}
  openings: ["Nobody walked my dog yesterday."]
support:
  policy: >
    Check the stay number and the pet's name with find_stay, then pass complaints to the
    duty manager.
  verify: [stay_id, pet_name]
  rules:
    - action: escalate
      say: ["I've passed this on to the duty manager."]
success:
  - {id: passed_on, check: {outcome: [escalated]}}
max_turns: 12
"""


def _call(cid: str, name: str, args: dict[str, str], result: str) -> list[dict[str, Any]]:
    call = {"id": cid, "type": "function",
            "function": {"name": name, "arguments": json.dumps(args)}}  # fmt: skip
    return [
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": cid, "content": result},
    ]


def _log(
    scenario: str, said: list[tuple[str, str]], result: str, closing: str, thanks: str = "Thanks."
) -> dict[str, Any]:
    messages: list[dict[str, Any]] = [{"role": "system", "content": "Kennel desk."}]
    messages += [{"role": role, "content": text} for role, text in said]
    messages += _call("k1", "find_stay", {"stay_id": "KN-3301"}, STAY)
    messages += _call("k2", "escalate_to_duty_manager", {"note": "owner wants a person"}, result)
    messages.append({"role": "assistant", "content": closing})
    messages.append({"role": "user", "content": thanks})
    variables = {"stay_id": "KN-3301", "pet_name": "Biscuit"}
    return {"scenario_id": scenario, "variables": variables, "messages": messages}


DEPOSIT_EN = [
    ("user", "I'd like to settle the deposit for Biscuit's stay."),
    ("assistant", "Happy to help. What is the stay number and your dog's name?"),
    ("user", "Actually, I'd rather sort this out with the duty manager, last time it went wrong."),
    ("assistant", "Of course. So the duty manager can find the stay: its number and the pet?"),
    ("user", "KN-3301, Biscuit."),
]
COMPLAINT_ES = [
    ("user", "Ayer nadie sacó a pasear a mi perra, quiero poner una queja."),
    ("assistant", "Lo siento mucho. ¿Me da el número de estancia y el nombre de su perra?"),
    ("user", "KN-3301, se llama Biscuit."),
]
PASSED = '{"status": "passed on"}'


def _grade(tmp_path: Path, *records: dict[str, Any]) -> list[dict[str, Any]]:
    desk = tmp_path / "kennel"
    shutil.copytree(KENNEL, desk)
    (desk / "desk" / "complaint.yaml").write_text(COMPLAINT)
    src = tmp_path / "logs.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", **r}) + "\n" for i, r in enumerate(records)))
    out = tmp_path / "graded.jsonl"
    args = ["grade", str(src), "--scenario", str(desk), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text().splitlines()]


def _categories(record: dict[str, Any]) -> set[str]:
    return {f["category"] for f in record["verdict"]["findings"]}


def test_a_customer_who_asked_for_a_person_and_was_passed_on_is_no_unmade_deposit(
    tmp_path: Path,
) -> None:
    closing = "Thanks, Maren. The duty manager has your case now and will take it from here."
    (record,) = _grade(tmp_path, _log("kennel/deposit", DEPOSIT_EN, PASSED, closing))
    verdict = record["verdict"]
    assert "end_state" not in _categories(record), verdict["findings"]
    assert not [f for f in verdict["findings"] if f["severity"] == "critical"]
    assert verdict["label"] != "REJECT"


def test_an_outcome_criterion_is_decided_by_the_hand_over_call(tmp_path: Path) -> None:
    closing_es = "Gracias. Ya he pasado su queja al encargado de guardia, que le llamará hoy."
    closing_en = "Thanks. I've passed your complaint on to the duty manager, who will call you."
    english = [
        ("user", "Nobody walked my dog yesterday and I want to complain."),
        ("assistant", "I'm sorry. What is the stay number and your dog's name?"),
        ("user", "KN-3301, Biscuit."),
    ]
    records = _grade(
        tmp_path,
        _log("kennel/complaint", COMPLAINT_ES, PASSED, closing_es),
        _log("kennel/complaint", english, PASSED, closing_en),
    )
    for record in records:
        verdict = record["verdict"]
        assert "passed_on" not in verdict["unjudged"], verdict["rationale"]
        assert "policy:escalate" not in verdict["unjudged"], verdict["rationale"]
        assert "not in the input" not in verdict["rationale"]
        assert verdict["label"] == "ACCEPT", verdict["findings"]


def test_a_refused_hand_over_call_hands_nothing_over(tmp_path: Path) -> None:
    refused = '{"error": "the duty manager is off shift"}'
    closing = "Thanks. I've passed your complaint on to the duty manager, who will call you."
    said = [
        ("user", "Nobody walked my dog yesterday and I want to complain."),
        ("assistant", "I'm sorry. What is the stay number and your dog's name?"),
        ("user", "KN-3301, Biscuit."),
    ]
    (record,) = _grade(tmp_path, _log("kennel/complaint", said, refused, closing))
    assert "passed_on" in record["verdict"]["unjudged"]  # how it ended is still unknown
