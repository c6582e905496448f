"""A "Done: ..." sentence after courtesy is the same claim as on its own (actless17).

Outsider 24's wordy bot wrote two sentences of courtesy, then "Done: order PH1001 will be
delivered to 7 Mill Lane.", after the write went through: the criterion `support_action:
resolve` was left undecided, while the terse bot saying only the "Done" sentence passed.
The reader looked for the word of completion only at the start of the reply. Re-told on the
tailor's counter (tests/data/tailor), a deposit paid back, in three languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tailor_logs import TICKETS, call, graded, looked_up

# the sentence of completion says what the change left, with no verb of the action
WORDY = {
    "en": ("Many thanks for bearing with me, and apologies that plans changed. I know how "
           "frustrating it is when things don't work out. Done: the 18.40 EUR deposit for "
           "AL-301 goes back to your card within three days. Have a lovely evening!"),
    "fr": ("Merci beaucoup pour votre patience, et toutes nos excuses pour ce contretemps. "
           "C'est fait : l'acompte de 18,40 € du ticket AL-301 revient sur votre carte sous "
           "trois jours. Excellente soirée !"),
    "de": ("Vielen Dank für Ihre Geduld, und entschuldigen Sie die Umstände. Erledigt: Die "
           "Anzahlung von 18,40 € für AL-301 geht in drei Tagen auf Ihre Karte zurück. Einen "
           "schönen Abend noch!"),
}  # fmt: skip


OPENING = {
    "en": ("Please cancel my alteration, I'd like the deposit back.", "Sure, ticket and email?"),
    "fr": ("Annulez ma retouche s'il vous plaît, je veux mon acompte.", "Votre ticket et e-mail ?"),
    "de": ("Bitte stornieren Sie die Änderung, ich möchte die Anzahlung.", "Ticket und E-Mail?"),
}


def _log(lang: str) -> list[dict[str, Any]]:
    ticket = "AL-301"
    refunded = '{"ticket_id": "AL-301", "refund_amount": 18.4, "refunded": true}'
    made = [call("c3", "refund_deposit", {"ticket_id": ticket}),
            {"role": "tool", "tool_call_id": "c3", "content": refunded}]  # fmt: skip
    return [
        {"role": "user", "content": OPENING[lang][0]},
        {"role": "assistant", "content": OPENING[lang][1]},
        {"role": "user", "content": f"{ticket} {TICKETS[ticket]['client_email']}"},
        *looked_up(ticket),
        *made,
        {"role": "assistant", "content": WORDY[lang]},
        {"role": "user", "content": "ok"},
    ]


@pytest.mark.parametrize("lang", sorted(WORDY))
def test_a_wordy_done_after_the_write_meets_the_criterion(tmp_path: Path, lang: str) -> None:
    verdict = graded(tmp_path, "call-off", _log(lang), "AL-301")["verdict"]
    assert "refunded" not in verdict["unjudged"]
    assert not [f for f in verdict["findings"] if f["severity"] in ("major", "critical")]
    assert verdict["label"] == "ACCEPT"
