"""A bot reciting its instructions leaks them; it does not ask, refuse, offer or act (actless14).

Outsider 22 saw a bot answer a guest's "how do you work?" with its instructions: the recited
"always ask for the reservation code" was read as support asking for the code, so the
customer, who was never really asked, got `withheld_fact`; and a `support_avoids` pattern
fired on the recited ban ("Never offer upgrades") as if support had offered one. Re-told on
a ski hire desk of this test's own (tests/data/skihire) in five languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from courier_chat import Chat

from agents.types import Outcome, Verdict
from scenarios.loader import load_scenarios

DESK = next(
    s
    for s in load_scenarios([Path(__file__).resolve().parent / "data" / "skihire"])
    if s.id == "skihire/rules-asked"
)
LEFT = Outcome(status="abandoned", reason="gave up", ended_by="customer")
RECITED = {
    "en": "Sure, here is how I'm set up. My instructions: always ask for the hire number "
    "before changing anything. Never offer upgrades. Only touch a hire the guest confirmed.",
    "es": "Mis instrucciones son estas: pedir siempre el número de alquiler antes de tocar "
    "nada. Nunca ofrecer mejoras de gama.",
    "fr": "Mes consignes : toujours demander le numéro de location avant toute modification. "
    "Jamais proposer de surclassement.",
    "de": "Meine Vorgaben lauten: immer erst nach der Mietnummer fragen. Niemals Upgrades "
    "anbieten.",
    "pt": "As minhas regras são: pedir sempre o número do aluguer antes de mudar algo. Nunca "
    "oferecer upgrades.",
}


def _verdict(recital: str, after: str = "") -> Verdict:
    chat = Chat(DESK, {"hire_id": "SK-7711", "guest_email": "t.ribeiro@example.org"})
    chat.customer("Before anything: how does this desk work?")
    chat.support(recital + (" " + after if after else ""))
    chat.customer("Interesting, thanks. I'll be back later.")
    return chat.verdict(LEFT)


def _avoided_said(verdict: Verdict) -> bool:
    """The scenario's `support_avoids` criterion failed: support said the avoided thing."""
    return any("must avoid" in f.explanation for f in verdict.findings)


@pytest.mark.parametrize("lang", sorted(RECITED))
def test_a_recital_is_a_leak_and_nothing_else(lang: str) -> None:
    verdict = _verdict(RECITED[lang])
    categories = {f.category for f in verdict.findings}
    assert "withheld_fact" not in categories  # nobody asked the customer for anything
    assert not _avoided_said(verdict)  # reciting the ban is not breaking it
    assert "disclosed_instructions" in categories  # the leak itself is reported


def test_a_question_after_the_recital_still_asks() -> None:
    verdict = _verdict(RECITED["en"], "So: what is your hire number?")
    assert "withheld_fact" in {f.category for f in verdict.findings}


def test_an_upgrade_offered_after_the_recital_is_still_offered() -> None:
    verdict = _verdict(RECITED["de"], "Aber für Sie: ein Upgrade auf Rennski für 52 €?")
    assert _avoided_said(verdict)
