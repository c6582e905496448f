"""A status told after verification is the answer wherever it sits in the reply, and in the
words the domain's `display` gives it in the conversation's language (actless17).

Outsider 23 (a claims desk), again in outsider 24's brief: "Thanks, that matches. Claim
CLM-40215 is currently open." left `told_status` (`support_action: resolve`) undecided on
every status conversation of a wordy bot. Re-told on the tailor's counter
(tests/data/tailor, scenario how-far); a status said as the domain's French or German
display form ("en retouche") was also a critical `missing_output`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tailor_logs import TICKETS, graded, looked_up

TOLD = {
    "en": ("How far along is my coat?", "Ticket and email, please?",
           "Thanks, that matches. Ticket AL-301 is currently in alteration.", "ok thanks"),
    "en, courtesy first": ("Any news on my coat?", "Could I have the ticket and your email?",
           "Thank you so much for your patience, and sorry for the wait! Your coat (AL-301) "
           "is in alteration right now.", "great"),
    "fr": ("Où en est la retouche de mon manteau ?", "Votre ticket et votre e-mail ?",
           "Merci, c'est bien vous. Le ticket AL-301 est actuellement en retouche.", "merci"),
    "de": ("Wie weit ist mein Mantel?", "Ticketnummer und E-Mail bitte?",
           "Danke, das passt. Ihr Auftrag AL-301 ist gerade in Änderung.", "danke"),
}  # fmt: skip


def _log(case: str) -> list[dict[str, Any]]:
    opening, ask, told, bye = TOLD[case]
    return [
        {"role": "user", "content": opening},
        {"role": "assistant", "content": ask},
        {"role": "user", "content": f"AL-301 {TICKETS['AL-301']['client_email']}"},
        *looked_up("AL-301"),
        {"role": "assistant", "content": told},
        {"role": "user", "content": bye},
    ]


@pytest.mark.parametrize("case", sorted(TOLD))
def test_a_status_told_after_courtesy_is_the_answer(tmp_path: Path, case: str) -> None:
    record = graded(tmp_path, "how-far", _log(case), "AL-301")
    verdict = record["verdict"]
    assert "told_status" not in verdict["unjudged"]
    assert verdict["findings"] == []
    assert verdict["label"] == "ACCEPT"
    assert record["task"]["outputs"] == {"in_alteration": True}


def test_another_status_is_not_the_answer(tmp_path: Path) -> None:
    log = _log("en")
    log[-2] = {"role": "assistant", "content": "Thanks, that matches. AL-301 is ready to collect."}
    record = graded(tmp_path, "how-far", log, "AL-301")
    assert record["task"]["outputs"] == {"in_alteration": False}
    assert "missing_output" in [f["category"] for f in record["verdict"]["findings"]]


OWN_WORDS = {
    "en": ("Where's my shirt?", "Ticket and email?",
           "Thanks, that matches. Your shirt AL-304 is out for delivery today.", "ok"),
    "es": ("¿Dónde está mi camisa?", "¿Ticket y correo?",
           "Gracias, coincide. Su camisa AL-304 está en reparto hoy.", "vale"),
    "en, future": ("Where's my shirt?", "Ticket and email?",
           "Thanks. AL-304 is due to be delivered this afternoon, it's out for delivery.", "ok"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(OWN_WORDS))
def test_a_status_in_the_records_own_words_agrees(tmp_path: Path, case: str) -> None:
    """Outsider 25: "Parcel PX-10007 is out for delivery today." / "... está en reparto hoy."
    was read as 'shipped' against a record holding out_for_delivery (a major
    contradicted_claim on every correct bot); "due to be delivered" as 'delivered'."""
    opening, ask, told, bye = OWN_WORDS[case]
    log = [
        {"role": "user", "content": opening},
        {"role": "assistant", "content": ask},
        {"role": "user", "content": f"AL-304 {TICKETS['AL-304']['client_email']}"},
        *looked_up("AL-304"),
        {"role": "assistant", "content": told},
        {"role": "user", "content": bye},
    ]
    record = graded(tmp_path, "how-far", log, "AL-304")
    assert record["verdict"]["findings"] == []
    assert record["task"]["outputs"] == {"out_for_delivery": True}
