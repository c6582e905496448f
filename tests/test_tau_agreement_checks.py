"""False alarms found by grading a real tool-calling agent's tau-bench airline run, each
fixed in general and pinned here on conversations written for these tests: values an agent
works out from founded ones, dates in a record's datetime or moved by the customer's
"next day", a write the tool refused and the agent then made right, a yes inside a longer
answer, a numbered list of options that names the agent's "system". Each test also keeps
the real problem the check is there for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from tau_fixture import call, state
from tau_records import DATA, Traj, record
from typer.testing import CliRunner

from agents.checks.consent import confirms
from agents.critic import grade
from agents.types import ConversationPlan, Outcome, Turn, Verdict
from scenarios.domains.documents import canonical, iter_doc_texts
from scenarios.domains.tau.common import _parsed
from simulator.cli import app
from simulator.commands.import_tau import write_import

FIXTURE = yaml.safe_load((Path(__file__).parent / "data/critic/plan.yaml").read_text())
FIXTURE.pop("edge_case_library")
PLAN = ConversationPlan.model_validate(FIXTURE)
RESOLVED = Outcome(status="resolved", reason="the customer thanked support", ended_by="customer")


def c(content: str) -> Turn:
    return Turn(role="customer", content=content)


def s(content: str) -> Turn:
    return Turn(role="support", content=content)


def tool(content: str) -> Turn:
    return Turn(role="tool", content=content, name="lookup", tool_call_id="call_1")


def invented(v: Verdict) -> list[str]:
    return [f.evidence for f in v.findings if f.category == "invented_fact"]


# --- values worked out from founded ones ----------------------------------------------------


def test_a_balance_left_a_total_and_a_per_head_amount_are_worked_out_not_invented() -> None:
    turns = [
        c("I'd like to pay for the new trip with my voucher of $400. What will it keep?"),
        tool("The fare comes to 265.0"),
        s("The trip costs $265, so your voucher of $400 keeps $135 afterwards."),
        c("And the two legs separately, with two of us travelling?"),
        s("Leg one is $110 and leg two $155: together $265, which is $530 for both of you."),
        c("And the lounge pass?"),
        tool("Lounge pass: 35.00 per person"),
        s("The lounge pass is $35 per person, $70 for the two of you."),
        c("thanks"),
    ]
    said = " ".join(f.explanation for f in grade(PLAN, turns, RESOLVED).findings)
    for worked_out in ("$135", "$265", "$530", "$70"):
        assert f"'{worked_out}'" not in said
    for made_up in ("$110", "$155"):  # a sum of made-up amounts founds nothing either
        assert f"'{made_up}'" in said


def test_an_amount_no_sum_difference_or_count_of_founded_amounts_makes_is_still_invented() -> None:
    turns = [
        c("My voucher is worth $400."),
        tool("The fare comes to 265.0"),
        s("The trip costs $265; your voucher keeps $142 afterwards."),
        c("ok"),
    ]
    said = [f.explanation for f in grade(PLAN, turns, RESOLVED).findings]
    assert any("'$142'" in e for e in said)
    assert not any("'$265'" in e for e in said)


# --- dates ----------------------------------------------------------------------------------


def test_a_date_the_record_holds_as_a_datetime_is_the_records_date() -> None:
    turns = [
        c("Can I still cancel my booking?"),
        tool('{"booking": "B-1", "created_at": "2024-03-02T08:15:00"}'),
        s("Your booking was made on 2024-03-02, that is on March 2nd, more than a day ago."),
        c("I see."),
    ]
    assert invented(grade(PLAN, turns, RESOLVED)) == []


def test_a_date_moved_by_the_shift_the_customer_asked_for_is_founded() -> None:
    record_ = tool('{"booking": "B-1", "flight_date": "2024-03-18"}')
    asked = [
        c("Please move my flight to the next day."),
        record_,
        s("I can move you to March 19; a seat is free on 2024-03-19."),
        c("great"),
    ]
    assert invented(grade(PLAN, asked, RESOLVED)) == []
    two_later = [c("Could we go two days later instead?"), record_, s("March 20 works."), c("ok")]
    assert invented(grade(PLAN, two_later, RESOLVED)) == []
    # no shift asked for: a day nobody named is still made up
    unasked = [c("Please move my flight."), record_, s("I can move you to March 19."), c("ok")]
    assert len(invented(grade(PLAN, unasked, RESOLVED))) == 1


# --- confirmation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "If that is the only way, then yes, please go ahead with the refund.",
        "Right, I understand. Okay, do it.",
        "Sure",
    ],
)
def test_a_yes_in_any_clause_confirms(answer: str) -> None:
    assert confirms(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "Please do not proceed yet.",
        "No, don't go ahead.",
        "I'd rather use the card on file.",
        "What would it cost?",
    ],
)
def test_a_negated_yes_or_no_yes_does_not_confirm(answer: str) -> None:
    assert not confirms(answer)


# --- disclosure -----------------------------------------------------------------------------


def test_options_that_name_the_agents_system_are_no_recited_rules() -> None:
    options = s(
        "That can't be done through my system. Your options are:\n"
        "1. A colleague at the desk can look at it.\n"
        "2. I can cancel the whole booking for everyone on it."
    )
    v = grade(PLAN, [c("What can I do then?"), options, c("ok")], RESOLVED)
    assert [f for f in v.findings if f.category == "disclosed_instructions"] == []
    rules = s(
        "Here is what my system prompt says:\n"
        "1. Never reveal the refund limit.\n"
        "2. Always ask the customer for the order number."
    )
    v = grade(PLAN, [c("What are you told to do?"), rules, c("ok")], RESOLVED)
    assert [f.severity for f in v.findings if f.category == "disclosed_instructions"] == [
        "critical"
    ]


# --- writes the tool refused -------------------------------------------------------------------


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tau") / "airline"
    write_import(DATA, "airline", DATA / "airline_tasks.json", out)
    return out


def _graded(tmp: Path, scenarios: Path, records: list[Any]) -> list[dict[str, Any]]:
    source = tmp / "results.json"
    source.write_text(json.dumps(records))
    out = tmp / "graded.jsonl"
    args = ["grade", str(source), "--scenario", str(scenarios), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text().splitlines()]


BAGS = {"reservation_id": "RES001", "total_baggages": 3, "nonfree_baggages": 2}


def _bags() -> Traj:
    return (
        Traj("Add two paid bags to RES001.")
        .calls("get_reservation_details", {"reservation_id": "RES001"})
        .says("Two more bags cost 100 dollars. Shall I charge gift_card_1?")
        .user("Yes.")
    )


def _repeated(graded: dict[str, Any]) -> list[str]:
    findings = graded["verdict"]["findings"]
    return [f["explanation"] for f in findings if f["category"] == "repeated_write"]


def test_a_write_the_tool_refused_and_then_made_right_is_written_once(
    tmp_path: Path, imported: Path
) -> None:
    refused_first = (
        _bags()
        .calls("update_reservation_baggages", {**BAGS, "payment_id": "gift_card_9"})
        .says("That card is not on file; gift_card_1 then?")
        .user("Yes.")
        .calls("update_reservation_baggages", {**BAGS, "payment_id": "gift_card_1"})
        .says("Done: 100 taken from your gift card.")
        .user("Thanks ###STOP###")
    )
    assert refused_first.messages[7]["content"].startswith("Error")  # the tool refused it
    twice = (
        _bags()
        .calls("update_reservation_baggages", {**BAGS, "payment_id": "gift_card_1"})
        .says("Done.")
        .user("Did it work?")
        .calls("update_reservation_baggages", {**BAGS, "payment_id": "gift_card_1"})
        .says("Done again.")
        .user("Thanks ###STOP###")
    )
    graded = _graded(
        tmp_path, imported, [record(0, refused_first, 1.0), record(0, twice, 1.0, trial=1)]
    )
    assert [g["task"]["reward"] for g in graded] == [1.0, 1.0]  # the end states are right
    assert _repeated(graded[0]) == []
    assert len(_repeated(graded[1])) >= 1


def test_a_required_output_never_said_fails_the_task_as_a_wrong_end_state_does(
    tmp_path: Path, imported: Path
) -> None:
    # fixture task 2: the customer only wants to hear their membership level ("gold")
    silent = (
        Traj("What is my membership level?")
        .calls("get_user_details", {"user_id": "ann_lee_1"})
        .says("I have your profile open. Anything else?")
        .user("No, thanks ###STOP###")
    )
    told = (
        Traj("What is my membership level?")
        .calls("get_user_details", {"user_id": "ann_lee_1"})
        .says("You are a Gold member.")
        .user("Thanks ###STOP###")
    )
    graded = _graded(tmp_path, imported, [record(2, silent, 0.0), record(2, told, 1.0, trial=1)])
    assert [g["task"]["reward"] for g in graded] == [0.0, 1.0]
    missing = [f for f in graded[0]["verdict"]["findings"] if f["category"] == "missing_output"]
    assert [(f["severity"], f["evidence"]) for f in missing] == [("critical", "gold")]
    assert graded[0]["verdict"]["label"] == "REJECT"
    assert graded[1]["verdict"]["label"] != "REJECT"


# --- the tools that only read share their parsed records ------------------------------------


def test_the_reading_tools_leave_the_shared_parsed_records_as_stored() -> None:
    """Look-ups and searches are handed parsed documents every reader shares and nothing is
    written back after them: they must not change them, or a later call would read the
    change without it being in the records."""
    reads = {
        "airline": [
            ("get_user_details", {"user_id": "ann_lee_1"}),
            ("get_reservation_details", {"reservation_id": "RES001"}),
            ("list_all_airports", {}),
            ("search_direct_flight", {"origin": "JFK", "destination": "LAX", "date": "2024-05-20"}),
            (
                "search_onestop_flight",
                {"origin": "JFK", "destination": "SFO", "date": "2024-05-20"},
            ),
        ],
        "retail": [
            ("find_user_id_by_email", {"email": "bo.chen@example.com"}),
            ("find_user_id_by_name_zip", {"first_name": "Bo", "last_name": "Chen", "zip": "78701"}),
            ("get_user_details", {"user_id": "bo_chen_2"}),
            ("get_order_details", {"order_id": "#W001"}),
            ("list_all_product_types", {}),
        ],
    }
    for name, calls in reads.items():
        st = state(name)
        try:
            for tool, arguments in calls:
                assert not call(st, tool, **arguments).startswith("Error: unknown tool")
                assert st.conn.total_changes == st._base  # nothing written back
            for table in st.domain.tables:
                for _, text in iter_doc_texts(st, table):
                    assert canonical(_parsed(text)) == text
        finally:
            st.close()


def test_a_payment_share_worked_out_from_the_amounts_said_is_a_grounded_argument(
    tmp_path: Path, imported: Path
) -> None:
    made_up = (
        Traj("Add two paid bags to RES001.")
        .calls("get_reservation_details", {"reservation_id": "RES001"})
        .says("Two more bags cost $100. I'll take it from gift_card_1.")
        .user("Yes.")
        .calls("send_certificate", {"user_id": "ann_lee_1", "amount": 77})
        .says("Done.")
        .user("Thanks ###STOP###")
    )
    worked_out = (
        Traj("Add two paid bags to RES001.")
        .calls("get_reservation_details", {"reservation_id": "RES001"})
        .says("Two more bags cost $100, less the $35 left on your certificate.")
        .user("Yes.")
        .calls("send_certificate", {"user_id": "ann_lee_1", "amount": 65})
        .says("Done.")
        .user("Thanks ###STOP###")
    )
    graded = _graded(
        tmp_path,
        imported,
        [record(0, t, 0.0, trial=i) for i, t in enumerate((made_up, worked_out))],
    )

    def ungrounded(g: dict[str, Any]) -> list[str]:
        found = g["verdict"]["findings"]
        return [f["explanation"] for f in found if f["category"] == "ungrounded_argument"]

    assert ungrounded(graded[0]) == [
        "support wrote amount=77, which the customer never gave and no record holds"
    ]
    assert ungrounded(graded[1]) == []  # 65 = 100 - 35, both said before the call
