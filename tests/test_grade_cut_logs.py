"""`convsim grade` on logs that stop where nobody answered, and on template debris (outsider
26, session 20: a cut production export was failed for what support "never said", a log with
no bot turn was a plain REVIEW, and "{{bot_response}}" was graded as recited instructions).

The kennel desk (tests/data/kennel) refuses a deposit refund after checking the stay number
and the pet's name; these logs are in OpenAI messages form with no `outcome`, as exports are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from simulator.cli import app

KENNEL = Path(__file__).resolve().parent / "data" / "kennel"
ASK = "I fetched my dog two days early, can I get the deposit refunded?"
FACTS = "Stay KN-3302, she's called Pepper"


def _log(*said: tuple[str, str], **extra: Any) -> dict[str, Any]:
    messages = [{"role": "system", "content": "You are the kennel's assistant."}]
    messages += [{"role": role, "content": text} for role, text in said]
    return {"scenario_id": "kennel/refund", "messages": messages, **extra}


def _grade(tmp_path: Path, *records: dict[str, Any]) -> list[dict[str, Any]]:
    src = tmp_path / "logs.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", **r}) + "\n" for i, r in enumerate(records)))
    out = tmp_path / "graded.jsonl"
    args = ["grade", str(src), "--scenario", str(KENNEL), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text().splitlines()]


def _found(record: dict[str, Any], category: str) -> list[dict[str, Any]]:
    return [f for f in record["verdict"]["findings"] if f["category"] == category]


def test_a_log_cut_after_the_customer_gave_the_facts_is_unanswered_not_failed(
    tmp_path: Path,
) -> None:
    asked = ("assistant", "Of course. What's the stay number, and your dog's name?")
    (record,) = _grade(tmp_path, _log(("user", ASK), asked, ("user", FACTS)))
    verdict = record["verdict"]
    assert verdict["label"] == "REVIEW"
    (cut,) = _found(record, "unanswered_turn")
    assert (cut["turn"], cut["severity"], cut["evidence"]) == (2, "major", FACTS)
    assert not _found(record, "success_criterion")
    assert {"checked_first", "says_no", "end_state"} <= set(verdict["unjudged"])
    assert verdict.get("blame") is None  # the silence is not the customer's
    why = "the log stops on the customer's turn 2, which support never answered"
    assert why in verdict["rationale"]
    assert record["task"]["reward"] is None and why in record["task"]["undecided"]


def test_a_log_with_no_support_turn_says_so(tmp_path: Path) -> None:
    (record,) = _grade(tmp_path, _log(("user", "Vocês cobraram o depósito duas vezes.")))
    (cut,) = _found(record, "unanswered_turn")
    assert cut["explanation"].startswith("the log has no support turn")
    assert record["verdict"]["label"] == "REVIEW"


def test_a_goodbye_or_a_short_last_word_is_not_a_cut(tmp_path: Path) -> None:
    done = [
        ("user", ASK),
        ("assistant", "Happy to check. The stay number and your dog's name, please?"),
        ("user", FACTS),
        ("assistant", "Thanks. I'm sorry, a deposit can't be refunded once the stay has begun."),
    ]
    lasts = ["Obrigada.", "ok", "Unbelievable.", "Fine, bye then", "Vale, gracias por nada"]
    records = _grade(tmp_path, *(_log(*done, ("user", last)) for last in lasts))
    for last, record in zip(lasts, records, strict=True):
        assert not _found(record, "unanswered_turn"), last
    asked_back = _grade(tmp_path, _log(*done, ("user", "Why not? She only stayed one night")))
    assert _found(asked_back[0], "unanswered_turn")


def test_a_recorded_outcome_is_believed(tmp_path: Path) -> None:
    outcome = {"status": "abandoned", "reason": "customer left", "ended_by": "customer"}
    asked = ("assistant", "What's the stay number and the pet's name?")
    (record,) = _grade(tmp_path, _log(("user", ASK), asked, ("user", FACTS), outcome=outcome))
    assert not _found(record, "unanswered_turn")


def test_template_debris_is_an_empty_turn_not_recited_instructions(tmp_path: Path) -> None:
    debris = ["{{bot_response}}", "undefined", "[object Object]", "${reply}", "None"]
    said: list[tuple[str, str]] = [("user", ASK)]
    for text in debris:
        said += [("assistant", text), ("user", "hello??")]
    said.append(("assistant", "Sorry, could I have the stay number and the dog's name?"))
    (record,) = _grade(tmp_path, _log(*said))
    empty = _found(record, "empty_turn")
    assert [f["turn"] for f in empty] == [1, 3, 5, 7, 9]
    assert all(f["severity"] == "critical" for f in empty)
    assert "what the bot's code printed where no reply was filled in" in empty[0]["explanation"]
    assert not _found(record, "disclosed_instructions")
    kept = _grade(tmp_path, _log(("user", ASK), ("assistant", "None of our stays allow that.")))
    assert not _found(kept[0], "empty_turn")
