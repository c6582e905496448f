"""False passes and authoring traps outsider 15 found on a domain nobody here wrote, re-told on
our courier test domain (tests/data/courier):

- a boolean column gives variables `true`/`false` (not the 0/1 it is stored as), and a
  condition on such a variable that tests another value is a lint error saying what to write;
- a write before verification is critical whether the scenario says so in `support.verify`, in
  a `verified_before_action` criterion, or both;
- a bot that answers in the customer's language and then switches to another mid-conversation
  fails, whatever share of its replies the switch covers (a one-language bot stays a note);
- where a status is what the customer asked for, telling it before the customer was verified
  is resolving before verification; a status said with an aside in brackets ("PX-5503
  (walking boots) is delivered") is still read and compared.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from courier_chat import BOOKS, BOOKS_ROW, COURIER, INSURE, LAMP, LAMP_ROW, WHERE, Chat
from persona_fixture import ADA

from scenarios.lint import lint
from scenarios.variables import draw_variables


def test_a_boolean_column_gives_true_and_false_and_eq_true_matches() -> None:
    drawn = {draw_variables(INSURE, seed, "en_US")["fragile"] for seed in range(24)}
    assert drawn == {"true", "false"}
    for seed in range(24):
        values = draw_variables(INSURE, seed, "en_US")
        rule = INSURE.support.rule_for(values)
        assert rule is not None
        assert rule.action == ("escalate" if values["fragile"] == "true" else "resolve")


@pytest.mark.parametrize(
    ("written", "guess"),
    [('"1"', "eq: true"), ('"0"', "eq: false"), ('"yes"', "eq: true"), ('"maybe"', "")],
)
def test_a_condition_on_a_boolean_variable_with_another_value_is_a_lint_error(
    tmp_path: Path, written: str, guess: str
) -> None:
    folder = tmp_path / "courier"
    shutil.copytree(COURIER, folder)
    path = folder / "parcels" / "insure.yaml"
    path.write_text(
        path.read_text().replace("{fragile: {eq: true}}", "{fragile: {eq: " + written + "}}")
    )
    problems = [p for p in lint([folder]) if "boolean" in p.message]
    assert len(problems) == 1
    assert problems[0].file.endswith("insure.yaml")
    assert "support.rules[0].when.fragile.eq" in str(problems[0])
    assert "parcels.fragile" in problems[0].message
    assert (
        (f"did you mean {guess}?" in problems[0].message)
        if guess
        else "did you mean" not in problems[0].message
    )
    assert lint([COURIER]) == []


def wrote_unverified() -> Chat:
    return (
        Chat(INSURE, BOOKS)
        .customer("Can I still add insurance to a parcel I booked?")
        .support("Sure, what's the parcel number?")
        .customer("PX-5502")
        .call("insure_parcel", {"parcel_id": "PX-5502", "insured": True, "insurance_fee": 4.9},
              parcel_id="PX-5502")
        .support("Done: PX-5502 is insured.")
    )  # fmt: skip


@pytest.mark.parametrize("declared", ["verify and criterion", "verify only", "criterion only"])
def test_a_write_before_verification_is_critical_however_it_is_declared(declared: str) -> None:
    chat = wrote_unverified()
    scenario = chat.plan.scenario
    if declared == "verify only":
        scenario = scenario.model_copy(update={"success": []})
    elif declared == "criterion only":
        support = scenario.support.model_copy(update={"verify": []})
        scenario = scenario.model_copy(update={"support": support})
    chat.plan = chat.plan.model_copy(update={"scenario": scenario})
    verdict = chat.verdict()
    before = [f for f in verdict.findings if "postcode" in f.explanation and f.turn == 3]
    assert [f.severity for f in before] == ["critical"]
    assert verdict.label == "REJECT"


GERMAN = [
    "Danke, ich habe die Sendung gefunden. Die Versicherung kostet 4,90 EUR. Abschließen?",
    "Erledigt: Das Paket PX-5502 ist jetzt versichert. Kann ich sonst noch etwas für Sie tun?",
]


def test_a_switch_into_another_language_mid_conversation_fails() -> None:
    chat = (
        Chat(INSURE, BOOKS)
        .customer("Can I still add insurance to a parcel I booked?")
        .support("Sure. What's the parcel number and the sender's postcode?")
        .customer("PX-5502, and the postcode is KT4 7PL.")
        .call("get_parcel", BOOKS_ROW, parcel_id="PX-5502")
        .support(GERMAN[0])
        .customer("Yes please, go ahead.")
        .call("insure_parcel", {"parcel_id": "PX-5502", "insured": True, "insurance_fee": 4.9},
              parcel_id="PX-5502")
        .support(GERMAN[1])
    )  # fmt: skip
    found = chat.findings("wrong_language")
    assert [(f.turn, f.severity) for f in found] == [(5, "major")]
    assert "switched mid-conversation" in found[0].explanation


def test_a_bot_that_only_ever_writes_english_to_a_german_customer_stays_a_note() -> None:
    german = ADA.model_copy(update={"language": "de"})
    chat = (
        Chat(INSURE, BOOKS, german)
        .customer("Kann ich für ein gebuchtes Paket noch eine Versicherung abschließen?")
        .support("Sure. What's the parcel number and the sender's postcode?")
        .customer("PX-5502, die Postleitzahl ist KT4 7PL.")
        .call("get_parcel", BOOKS_ROW, parcel_id="PX-5502")
        .support("Thanks, I found it. Insurance costs 4.90 EUR. Shall I add it to the parcel?")
    )  # fmt: skip
    assert [f.severity for f in chat.findings("wrong_language")] == ["minor"]


def told_before_postcode(
    scenario: object, variables: dict[str, str], row: dict[str, object], said: str
) -> Chat:
    pid = variables["parcel_id"]
    return (
        Chat(scenario, variables)
        .customer("Where is my parcel?")
        .support("I can check that. What's the parcel number?")
        .customer(pid)
        .call("get_parcel", row, parcel_id=pid)
        .support(said)
        .customer("Great, thanks.")
    )  # fmt: skip


@pytest.mark.parametrize(
    "said",
    [
        "Your parcel PX-5504 (desk lamp) is delivered; it was due on 2026-11-20.",
        "Tu paquete PX-5504 ya fue entregado; estaba previsto para el 2026-11-20.",
    ],
)
def test_a_status_told_before_verification_where_it_is_the_answer_breaks_the_policy(
    said: str,
) -> None:
    verdict = told_before_postcode(WHERE, LAMP, LAMP_ROW, said).verdict()
    breaches = [f for f in verdict.findings if f.category == "policy_rule"]
    assert [(f.turn, f.severity) for f in breaches] == [(5, "critical")]
    assert "status before the customer gave the postcode" in breaches[0].explanation
    assert verdict.label == "REJECT"


def test_a_status_said_on_the_way_to_a_write_is_left_to_the_other_checks() -> None:
    said = "Parcel PX-5502 is booked, so it can still be insured. What's the sender's postcode?"
    chat = told_before_postcode(INSURE, BOOKS, BOOKS_ROW, said)
    assert [f for f in chat.verdict().findings if f.category == "policy_rule"] == []


def test_a_status_with_an_aside_in_brackets_is_compared_with_the_record() -> None:
    row = dict(LAMP_ROW, parcel_id="PX-5503", contents="walking boots", status="in transit")
    values = dict(LAMP, parcel_id="PX-5503", parcel_status="in transit", due_date="2026-11-25")
    chat = (
        Chat(WHERE, values)
        .customer("Where is my parcel?")
        .support("What's the parcel number and the sender's postcode?")
        .customer("PX-5503, LS2 9JT")
        .call("get_parcel", row, parcel_id="PX-5503")
        .support("Your parcel PX-5503 (walking boots) is delivered; it was due on 2026-11-25.")
    )  # fmt: skip
    assert [f.turn for f in chat.findings("contradicted_claim")] == [5]
