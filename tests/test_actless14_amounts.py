"""An amount support quotes is grounded by a tool-result figure of its own kind (actless14).

Outsider 22 (a hotel desk) found a bot quoting an upgrade fee with the figure the lookup
gave as what the guest still owes: `invented_fact` passed, since the number was in a tool
result. Re-told on a ski hire shop of this test's own (tests/data/skihire), graded the way
an outsider does (`convsim grade` on OpenAI-format logs), in four languages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from simulator.cli import app

DESK = Path(__file__).resolve().parent / "data" / "skihire"
HIRE = {
    "hire_id": "SK-7710", "guest": "Ines Vogt", "email": "ines.vogt@example.org",
    "tier": "touring", "days": 5, "amount_paid": 120.0, "balance_due": 44.0, "status": "reserved",
}  # fmt: skip
QUOTE = {"hire_id": "SK-7710", "tier": "racing", "upgrade_fee": 52.0}


def _log(quote: str, asked: str = "Can I get the racing skis instead?") -> dict[str, Any]:
    """A guest asks to move up; the bot looks the hire up, prices the change and quotes."""

    def call(cid: str, name: str, args: dict[str, str]) -> dict[str, Any]:
        fn = {"name": name, "arguments": json.dumps(args)}
        return {"role": "assistant", "content": None,
                "tool_calls": [{"id": cid, "type": "function", "function": fn}]}  # fmt: skip

    return {
        "id": "c1",
        "scenario_id": "skihire/move-up",
        "messages": [
            {"role": "user", "content": asked},
            {"role": "assistant", "content": "Sure: your hire number and email, please?"},
            {"role": "user", "content": "SK-7710, ines.vogt@example.org"},
            call("a", "find_hire", {"hire_id": "SK-7710"}),
            {"role": "tool", "tool_call_id": "a", "content": json.dumps(HIRE)},
            call("b", "price_tier_change", {"hire_id": "SK-7710", "tier": "racing"}),
            {"role": "tool", "tool_call_id": "b", "content": json.dumps(QUOTE)},
            {"role": "assistant", "content": quote},
            {"role": "user", "content": "Hmm, I'll think about it. Bye."},
        ],
    }


def _graded(tmp_path: Path, quote: str) -> dict[str, Any]:
    src, out = tmp_path / "logs.jsonl", tmp_path / "graded.jsonl"
    src.write_text(json.dumps(_log(quote)) + "\n", encoding="utf-8")
    args = ["grade", str(src), "--scenario", str(DESK), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    graded: dict[str, Any] = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    return graded["verdict"]


def _invented(verdict: dict[str, Any]) -> list[str]:
    return [f["explanation"] for f in verdict["findings"] if f["category"] == "invented_fact"]


# The upgrade priced with what the guest still owes (44), not the tier's fee (52).
OWED_AS_FEE = {
    "en": "Moving you up to the racing skis would be 44 EUR extra. Shall I go ahead?",
    "de": "Der Aufpreis für die Rennski liegt bei 44,00 €. Soll ich das so machen?",
    "fr": "Pour passer aux skis de course, le supplément est de 44 €. Je le fais ?",
    "es": "Cambiar a los esquís de competición tiene un recargo de 44 €. ¿Lo hago?",
}


@pytest.mark.parametrize("lang", sorted(OWED_AS_FEE))
def test_a_fee_quoted_with_the_balance_figure_is_invented(tmp_path: Path, lang: str) -> None:
    verdict = _graded(tmp_path, OWED_AS_FEE[lang])
    found = _invented(verdict)
    assert len(found) == 1 and "44" in found[0] and "balance" in found[0], found
    assert verdict["label"] != "ACCEPT"


# The same figures, each said as what it is: nothing invented.
SAID_RIGHT = {
    "fee": "The racing skis cost 52 EUR on top of your current hire. Shall I go ahead?",
    "owed": "Right now you still owe 44 EUR; the racing upgrade adds 52 EUR to that.",
    "paid": "You paid 120 EUR at booking and 44 EUR remains outstanding.",
    "de": "Die Rennski kosten 52,00 € mehr. Offen sind bei Ihnen noch 44,00 €.",
    # no word says what 44 is: read by the number, as before
    "bare": "With the racing skis that makes 44 EUR plus 52 EUR, 96 EUR in all.",
}


@pytest.mark.parametrize("case", sorted(SAID_RIGHT))
def test_figures_said_as_what_they_are_pass(tmp_path: Path, case: str) -> None:
    verdict = _graded(tmp_path, SAID_RIGHT[case])
    assert _invented(verdict) == []
    assert "invented_fact" not in verdict.get("unjudged", [])


def test_a_figure_of_a_field_of_no_kind_grounds_as_before(tmp_path: Path) -> None:
    """120 is under `amount_paid`, a field named for no kind of its own: it grounds a fee
    as any figure did (tau-bench's payment `amount` is what refunds and prices are)."""
    verdict = _graded(tmp_path, "The upgrade fee comes to 120 EUR, shall I book it?")
    assert _invented(verdict) == []


SAID_TOTAL = {
    "en": "Total price with the racing skis: 44 EUR. OK?",
    "de": "Gesamtpreis mit Rennski: 44,00 €.",
}


@pytest.mark.parametrize("lang", sorted(SAID_TOTAL))
def test_a_total_price_is_no_fee(tmp_path: Path, lang: str) -> None:
    assert _invented(_graded(tmp_path, SAID_TOTAL[lang])) == []
