"""`requested: X` when the customer gives X unasked (actless17; outsider 24: `asked_email` was
met where support never asked, the customer having volunteered it).

Decided: asking for a fact the customer already gave would be asking again, so a volunteered
fact meets the criterion when support used it (a call looked it up, or read a record that
shows it). A volunteered fact no call of support's used was neither asked for nor checked:
the criterion is not met, and the finding says the customer gave it unasked. Re-told on the
tailor's counter (tests/data/tailor, scenario call-off), in English and Spanish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tailor_logs import TICKETS, call, graded

EMAIL = str(TICKETS["AL-303"]["client_email"])
ROW = '{"ticket_id": "AL-303", "client_id": "CL-8", "status": "on_hold", "deposit": 30.0}'
REFUNDED = '{"ticket_id": "AL-303", "refund_amount": 30.0, "refunded": true}'
GIVES = {
    "en": ("Cancel the silk dress job please, AL-303, I'm t.wilk@example.net. Deposit back?",
           "Done: the deposit of 30.00 EUR for AL-303 has been refunded to your card."),
    "es": ("Anulen el arreglo del vestido, ticket AL-303, mi correo es t.wilk@example.net.",
           "Listo: le hemos reembolsado el depósito de 30,00 EUR del ticket AL-303."),
}  # fmt: skip


def _log(lang: str, checked: bool) -> list[dict[str, Any]]:
    gives, done = GIVES[lang]
    check = [call("c1", "check_client", {"ticket_id": "AL-303", "email": EMAIL}),
             {"role": "tool", "tool_call_id": "c1",
              "content": '{"ticket_id": "AL-303", "result": "ok"}'}]  # fmt: skip
    return [
        {"role": "user", "content": gives},
        *(check if checked else []),
        call("c2", "get_ticket", {"ticket_id": "AL-303"}),
        {"role": "tool", "tool_call_id": "c2", "content": ROW},
        call("c3", "refund_deposit", {"ticket_id": "AL-303"}),
        {"role": "tool", "tool_call_id": "c3", "content": REFUNDED},
        {"role": "assistant", "content": done},
        {"role": "user", "content": "ok"},
    ]


def _asked_email(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        f
        for f in record["verdict"]["findings"]
        if f["category"] == "success_criterion" and "'asked_email'" in f["explanation"]
    ]


@pytest.mark.parametrize("lang", sorted(GIVES))
def test_a_volunteered_fact_support_checked_meets_it(tmp_path: Path, lang: str) -> None:
    record = graded(tmp_path, "call-off", _log(lang, checked=True), "AL-303")
    assert _asked_email(record) == []
    assert "asked_email" not in record["verdict"]["unjudged"]


@pytest.mark.parametrize("lang", sorted(GIVES))
def test_a_volunteered_fact_support_never_used_is_not_asked(tmp_path: Path, lang: str) -> None:
    record = graded(tmp_path, "call-off", _log(lang, checked=False), "AL-303")
    [finding] = _asked_email(record)
    assert finding["severity"] == "major"
    assert "the customer gave it unasked" in finding["explanation"]
