"""A handover said and never made (outsider 14's bank_fakehandover: "I'm transferring you to
our fraud team now", no transfer call, no handoff flag, stored as escalated). Where the desk
has a transfer tool, words alone are a promise not kept; where it has none, they stand."""

from __future__ import annotations

import pytest
from test_call_checks import BASE, DONE, OBJECT, TOOLS, c, call, found, s

from agents.critic import Critic
from agents.handovers import handover_tools, unmade_handover
from agents.types import ESCALATE, Outcome, Turn
from scenarios.domains import ToolSpec

PASS_ON = ToolSpec(
    "escalate_to_specialists",
    "Hand the conversation to a specialist team.",
    {"type": OBJECT},
    writes=False,
)
WITH_TRANSFER = Critic(tools={**TOOLS, PASS_ON.name: PASS_ON})
WITHOUT = Critic(tools=TOOLS)
LEFT = Outcome(
    status="escalated", reason="support handed the conversation over", ended_by="customer"
)
SAID = {
    "en": "Since you don't recognise those payments, I'm passing you to our disputes team "
    "right now.",
    "es": "Como no reconoce esos cargos, le paso ahora mismo con nuestro equipo de disputas.",
    "fr": "Comme vous ne reconnaissez pas ces paiements, je vous transfère maintenant à notre "
    "service litiges.",
    "de": "Da Sie diese Zahlungen nicht kennen, verbinde ich Sie jetzt mit unserem "
    "Reklamationsteam.",
    "pt": "Como você não reconhece esses pagamentos, vou transferir você agora para a nossa "
    "equipe de contestações.",
}


def _turns(said: str, *made: Turn) -> list[Turn]:
    return [
        c("Two payments on my card aren't mine."),
        s("I see. Which payments do you mean?"),
        c("The two from yesterday, 40 and 60."),
        *made,
        s(said),
        c("ok, thanks"),
    ]


@pytest.mark.parametrize("lang", sorted(SAID))
def test_a_handover_in_words_with_a_transfer_tool_never_called_is_a_finding(lang: str) -> None:
    verdict = WITH_TRANSFER.grade(BASE, _turns(SAID[lang]), LEFT)
    assert found(verdict, "unperformed_handover") == [(3, "major")]


def test_the_call_or_the_handoff_signal_makes_it_a_handover() -> None:
    made = call("escalate_to_specialists", "Transfer successful", summary="disputed payments")
    assert (
        found(WITH_TRANSFER.grade(BASE, _turns(SAID["en"], *made), LEFT), "unperformed_handover")
        == []
    )
    flagged = Outcome(
        status="escalated", reason="the bot handed the conversation over", ended_by="support"
    )
    assert (
        found(WITH_TRANSFER.grade(BASE, _turns(SAID["en"]), flagged), "unperformed_handover") == []
    )
    refused = call("escalate_to_specialists", "Error: no team on duty", error=True, summary="x")
    verdict = WITH_TRANSFER.grade(BASE, _turns(SAID["en"], *refused), LEFT)
    assert found(verdict, "unperformed_handover") == [(5, "major")]


SIGNALLING = Critic(tools=TOOLS, handoff=True)  # no transfer tool; the target has `handoff:`
FLAGGED = Outcome(
    status="escalated", reason="the bot handed the conversation over", ended_by="support"
)


@pytest.mark.parametrize("lang", sorted(SAID))
def test_without_a_transfer_tool_the_handoff_flag_is_the_handover(lang: str) -> None:
    """Outsider 15's fakehandover: "I'm transferring you to a colleague now" from an http bot
    whose target file reads a `handoff` flag it left false, on a domain with no transfer
    tool: the promise was not kept, as with a transfer tool never called."""
    verdict = SIGNALLING.grade(BASE, _turns(SAID[lang]), LEFT)
    assert found(verdict, "unperformed_handover") == [(3, "major")]
    assert "handoff flag stayed false" in verdict.findings[0].explanation
    assert found(SIGNALLING.grade(BASE, _turns(SAID[lang]), FLAGGED), "unperformed_handover") == []


@pytest.mark.parametrize("handoff", [False, None])
def test_with_neither_a_transfer_tool_nor_a_handoff_flag_the_handover_is_undecided(
    handoff: bool | None,
) -> None:
    """An openai prompt, an http bot without `handoff:`, a log graded alone: nothing shows
    whether anyone took the conversation, so it is not passed either."""
    critic = Critic(tools=TOOLS, handoff=handoff)
    verdict = critic.grade(BASE, _turns(SAID["en"]), LEFT)
    assert found(verdict, "unperformed_handover") == []
    assert "unperformed_handover" in verdict.unjudged
    # a log that records the handover made (escalated by support) is decided
    assert "unperformed_handover" not in critic.grade(BASE, _turns(SAID["en"]), FLAGGED).unjudged
    # no words of a handover: nothing to decide
    plain = critic.grade(BASE, _turns("I've noted it; both payments are disputed now."), DONE)
    assert "unperformed_handover" not in plain.unjudged


def test_which_targets_can_signal_a_handover() -> None:
    from agents.targets.model import HttpTarget, OpenAITarget, PythonTarget, handoff_signal

    url = "http://127.0.0.1:1/chat"
    assert handoff_signal(HttpTarget(kind="http", url=url, handoff="$.handoff"))
    assert not handoff_signal(HttpTarget(kind="http", url=url))
    assert handoff_signal(PythonTarget(kind="python", callable="bot:reply")) is None
    openai = OpenAITarget(
        kind="openai", base_url="http://127.0.0.1:1/v1", model="m", system_prompt="You help."
    )
    assert not handoff_signal(openai)


@pytest.mark.parametrize(
    "said",
    [
        "Would you like me to pass you to our disputes team?",
        "If you prefer, I can pass you to a colleague.",
        "I can't transfer you, but I can look into it myself.",
    ],
)
def test_an_offer_a_condition_or_a_refusal_promises_nothing(said: str) -> None:
    assert found(WITH_TRANSFER.grade(BASE, _turns(said), DONE), "unperformed_handover") == []


def test_the_outcome_no_longer_says_escalated_when_nobody_took_the_conversation() -> None:
    specs = [*TOOLS.values(), PASS_ON]
    stop = unmade_handover(LEFT, _turns(SAID["fr"])[:-1], specs)
    assert (stop.status, stop.ended_by) == ("abandoned", "customer")
    assert "escalate_to_specialists" in stop.reason
    made = call("escalate_to_specialists", "Transfer successful", summary="x")
    assert unmade_handover(LEFT, _turns(SAID["en"], *made)[:-1], specs) == LEFT
    assert unmade_handover(LEFT, _turns(SAID["en"])[:-1], list(TOOLS.values())) == LEFT
    acted = [*_turns(SAID["en"])[:-2], Turn(role="support", content=SAID["en"], act=ESCALATE)]
    assert unmade_handover(LEFT, acted, specs) == LEFT


def test_transfer_tools_are_known_by_name_or_description_and_money_transfers_are_not() -> None:
    def spec(name: str, description: str = "") -> ToolSpec:
        return ToolSpec(name, description, {"type": OBJECT})

    found_tools = handover_tools(
        [
            spec("transfer_to_human_agents"),
            spec("escalateToSupervisor"),
            spec("handoff"),
            spec("open_case", "Route the customer to a specialist for billing disputes."),
            spec("transfer_funds", "Move money between the customer's accounts."),
            spec("refund", "Refund up to $500; above that, transfer the customer."),
        ]
    )
    assert found_tools == {
        "transfer_to_human_agents",
        "escalateToSupervisor",
        "handoff",
        "open_case",
    }


def test_the_undecided_line_says_what_decides_a_handover_in_words() -> None:
    from simulator.commands.test_report import undecided_why

    why = undecided_why({"unperformed_handover": 3})
    assert "handoff:" in why and "--critic-model" not in why
    mixed = undecided_why({"unperformed_handover": 3, "end_state": 1, "confirms_details": 2})
    assert "handoff:" in mixed and "judge model does not settle it" in mixed
    assert mixed.endswith("(an LLM judge) to decide them")
