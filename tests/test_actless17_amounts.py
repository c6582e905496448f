"""A finding quotes an amount in the currency the bot wrote, never one nobody used
(actless17; outsider 24: "support says $51.20 was charged or refunded" for a bot that wrote
"51.20 EUR"). Re-told on the tailor's counter of tests/data/tailor: the deposit paid back is
18.40, the bot says the alteration's price (64.00) was refunded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tailor_logs import TICKETS, call, graded, looked_up

SAID = {
    "en": ("I don't need the coat altered any more, deposit back please.",
           "Of course. Ticket number and email, please?",
           "Done: I've refunded 64.00 EUR to your card for ticket AL-301.",
           ("64.00 EUR", "18.40 EUR")),
    "fr": ("Je n'ai plus besoin de la retouche, je voudrais mon acompte.",
           "Bien sûr. Votre numéro de ticket et votre e-mail ?",
           "C'est fait : 64,00 € vous ont été remboursés pour le ticket AL-301.",
           ("64,00 €", "18,40 €")),
    "pt": ("Já não preciso do ajuste, quero o sinal de volta.",
           "Claro. O número do talão e o e-mail?",
           "Pronto: foram reembolsados R$ 64,00 no seu cartão.",
           ("R$ 64,00", "R$ 18,40")),
}  # fmt: skip


def _log(lang: str) -> list[dict[str, Any]]:
    opening, ask, done, _ = SAID[lang]
    ticket = "AL-301"
    refunded = '{"ticket_id": "AL-301", "refund_amount": 18.4, "refunded": true}'
    return [
        {"role": "user", "content": opening},
        {"role": "assistant", "content": ask},
        {"role": "user", "content": f"{ticket}, {TICKETS[ticket]['client_email']}"},
        *looked_up(ticket),
        call("c3", "refund_deposit", {"ticket_id": ticket}),
        {"role": "tool", "tool_call_id": "c3", "content": refunded},
        {"role": "assistant", "content": done},
        {"role": "user", "content": "merci" if lang == "fr" else "ok"},
    ]


@pytest.mark.parametrize("lang", sorted(SAID))
def test_the_amount_is_quoted_as_the_bot_wrote_it(tmp_path: Path, lang: str) -> None:
    record = graded(tmp_path, "call-off", _log(lang), "AL-301")
    [finding] = [f for f in record["verdict"]["findings"] if f["category"] == "contradicted_claim"]
    said, returned = SAID[lang][3]
    assert f"support says {said} was charged or refunded" in finding["explanation"]
    assert f"returned {returned}" in finding["explanation"]
    if "$" not in SAID[lang][2]:
        assert "$" not in finding["explanation"] + finding["evidence"]
