"""The export privacy screen: planted personal data blocks its record; the conversation's own
synthetic identity, variables and engine-drawn values do not."""

from __future__ import annotations

import json
from pathlib import Path

from test_export_fixtures import accepted, edit, make_run
from typer.testing import CliRunner

from simulator.cli import app
from simulator.export.privacy import Block, allowed_keys, engine_values, mask, screen

# Records with criteria only a judge decides are kept: these tests are about the formats.
EXPORT = ("export", "--keep-undecided")

IDENTITY = {"email": "ana.lopez@example.org", "phone": "+34 912 345 678"}
VARIABLES = {"order_id": "ORD-5521", "account_number": "5242709109", "email": IDENTITY["email"]}


def blocks(text: str, written: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> list[Block]:
    own = {**VARIABLES, **{f"x{i}": v for i, v in enumerate(extra)}}
    return screen("c1", [(3, text)], allowed_keys(IDENTITY, own, written))


def test_own_identity_and_variables_pass() -> None:
    assert blocks("Mail me at ana.lopez@example.org or call 912 345 678 about ORD-5521.") == []
    assert blocks("My account is 5242709109.") == []


def test_planted_foreign_data_is_blocked_and_masked() -> None:
    found = blocks(
        "Write to john.smith@gmail.com, card 4111 1111 1111 1111, "
        "IBAN GB82 WEST 1234 5698 7654 32, phone +1 415 555 0199."
    )
    assert [(b.kind, b.masked) for b in found] == [
        ("email", "j***@gmail.com"),
        ("iban", "GB** **** **** **** **** 32"),
        ("card", "41** **** **** **11"),
        ("phone", "+1 4** *** **99"),
    ]
    assert found[0].describe() == "c1 turn 3: an email address (j***@gmail.com)"


def test_company_contacts_written_in_the_scenario_pass() -> None:
    text = "Call our claims line on 0800 123 4567."
    assert [b.kind for b in blocks(text)] == ["phone"]
    assert blocks(text, written=("Claims: 0800 123 4567, open 24/7.",)) == []


def test_values_across_a_sentence_break_are_read_separately() -> None:
    assert blocks("Born 1953-10-15. 9206 are the last digits.", extra=("1953-10-15",)) == []
    assert [b.kind for b in blocks("Born 1953-10-15. 9206 are the last digits.")] == ["phone"]


def test_engine_slots_count_as_own_but_model_turns_do_not() -> None:
    turns = [
        {"role": "customer", "act": "inform", "slots": {"account_number": "5242709019"}},
        {"role": "customer", "act": "inform", "slots": {"card": "4000 1234"}, "usage": {"x": 1}},
        {"role": "support", "act": None, "slots": {"phone": "+1 415 555 0199"}},
    ]
    assert engine_values(turns) == ["5242709019"]
    assert mask("5242709019", "phone") == "52******19"


def test_export_blocks_the_planted_record_and_lists_it(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path / "run", n=10, seed=8)
    clean, dirty = accepted(run_dir)[:2]

    def plant(record: dict) -> None:
        turn = record["turns"][2]
        turn["content"] += " My neighbour's email is maria.keller@web.de if you need it."

    edit(run_dir, dirty["id"], plant)
    out = tmp_path / "p.jsonl"
    result = CliRunner().invoke(app, [*EXPORT, str(run_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "dropped 1: privacy screen" in result.stdout
    assert f"  {dirty['id']} turn 2: an email address (m***@web.de)" in result.stdout
    assert "maria.keller" not in result.stdout
    kept = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert clean["id"] in kept and dirty["id"] not in kept
