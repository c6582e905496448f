"""Hand-overs said as someone taking the case on (any noun for a person, a name, five
languages) are hand-overs; a team's scheduled work and a way to reach someone else are not.
A customer asking for a person asks to talk to one: a seat given up for someone else asks
for nobody (tau-bench airline task 28)."""

from __future__ import annotations

import pytest
from critic_fixture import plan

from agents.checks.escalation import asks_for_person
from agents.checks.reading import GradeContext
from agents.types import Outcome, Turn
from agents.understanding.support import read_support


@pytest.mark.parametrize(
    "text",
    [
        "The weekend manager is picking this up now.",
        "Our night-shift supervisor is taking over your claim.",
        "A senior advisor will join this conversation in a minute.",
        "I've asked a teammate from the refunds desk to take this over.",
        "I've requested that a supervisor step in.",
        "I've passed your complaint to Rosalind in our disputes unit.",
        "A human agent is coming into the chat now.",
        "A specialist from payments will be with you shortly.",
        "Mon collègue du service réclamations va prendre le relais.",
        "Una compañera del equipo de reclamaciones se hará cargo de su caso.",
        "Eine Kollegin aus der Buchhaltung übernimmt ab jetzt.",
        "Uma colega da equipe financeira vai assumir o seu caso.",
    ],
)
def test_someone_taking_the_case_on_is_a_handover(text: str) -> None:
    assert read_support(text).hands_over, text


@pytest.mark.parametrize(
    "text",
    [
        "Our team will review your claim in 5 days.",
        "You can also call the shop.",
        "Our courier agent will pick up the parcel on Monday.",
        "The finance team processes refunds within a week.",
        "You can reach the billing department at 555 0199.",
        "Nuestro equipo revisará su solicitud en 3 días.",
        "A supervisor cannot join this chat, I'm afraid.",
        "Would you like a manager to take over?",
    ],
)
def test_work_on_a_schedule_or_a_way_to_reach_someone_is_no_handover(text: str) -> None:
    assert not read_support(text).hands_over, text


def _ctx() -> GradeContext:
    return GradeContext(plan(), [], Outcome(status="resolved", reason="", ended_by="customer"))


@pytest.mark.parametrize(
    "text",
    [
        "I'm cancelling so my seat can go to someone else who might need it more.",
        "I want to release my seat for someone else who might need it more urgently.",
        "I need the spare ticket for somebody else in my family.",
        "Please rebook my colleague too, he's the other person on the reservation.",
    ],
)
def test_someone_else_as_a_beneficiary_asks_for_no_person(text: str) -> None:
    assert not asks_for_person(Turn(role="customer", content=text), _ctx()), text


@pytest.mark.parametrize(
    "text",
    [
        "I want a manager.",
        "Is there someone else I can talk to?",
        "Put me through to an actual human please",
        "I'd like to speak with your supervisor.",
        "I need someone senior on this right now.",
    ],
)
def test_a_request_to_talk_to_a_person_is_one(text: str) -> None:
    assert asks_for_person(Turn(role="customer", content=text), _ctx()), text
