"""A failure the simulated customer causes is not the bot's (outsider report 13).

The scripted customer answers a request for a fact it knows however a bot words it, in the
five languages; reads a bare "Proceed?" as the request for its go-ahead it is and says yes
to its own goal; says no, with the right value, to a detail read back wrong; and when it
still never gives a fact it holds, records left untouched are blamed on it, not on support.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache

import pytest
from test_scripted_dialogue import make_persona

from agents import types as a
from agents.blame import support_findings
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.readback import misread_fact
from agents.types import ConversationPlan, Finding, Turn
from agents.understanding.confirm import agrees, asks_to_confirm
from scenarios.loader import builtin_library, load_scenarios
from scenarios.model import Scenario

CANCEL = "ecommerce/cancel-pending-order"


@lru_cache(maxsize=1)
def _library() -> dict[str, Scenario]:
    return {s.id: s for s in load_scenarios([builtin_library()])}


def _plan(language: str, reason: str = "ordered by mistake", seed: int = 3) -> ConversationPlan:
    persona = make_persona(patience="low").model_copy(update={"language": language})
    variables = {
        "order_status": "pending", "order_id": "W2040265", "product": "knife set",
        "payment_method": "credit card", "total": "434.95", "customer_id": "C1006",
        "account_email": "elena@example.com", "reason": reason, "customer_name": "Ann Lee",
        "first_name": "Ann", "last_name": "Lee", "email": "ann@example.com",
        "phone": "555-0100", "address": "1 Main St", "city": "Springfield",
    }  # fmt: skip
    return ConversationPlan(
        id=f"p-{language}-{seed}", run_seed=1, index=seed, seed=seed,
        scenario=_library()[CANCEL], persona=persona, edge_cases=(), variables=variables,
    )  # fmt: skip


def _reply(plan: ConversationPlan, support: str) -> Turn:
    """The customer's answer to `support` after it gave its email and order number."""
    turns = [
        Turn(role="customer", content="Hi, I need to cancel an order."),
        Turn(role="support", content="Sure. What is the email on your account?"),
        Turn(role="customer", content="elena@example.com, order W2040265."),
        Turn(role="support", content=support),
    ]
    memory = {"given": {"email": "elena@example.com", "order_id": "W2040265"}, "stated": True}
    reply = asyncio.run(ScriptedCustomer().respond(plan, turns, memory))
    return reply.turn


# Requests for the cancellation reason in each language, worded as a bot would (the
# scenario's own label in that language, a "why" question, a compound, another noun).
ASKS_REASON = [
    ("pt", "Boa notícia: ainda está pendente. Qual é o motivo do cancelamento: não precisa "
     "mais, ou pediu por engano?"),
    ("pt", "Por que você quer cancelar?"),
    ("es", "¿Por qué quiere cancelarlo?"),
    ("es", "¿Cuál es el motivo? ¿Ya no lo necesita o lo pidió por error?"),
    ("fr", "Pour quelle raison souhaitez-vous annuler ?"),
    ("fr", "Quel est le motif de l'annulation ?"),
    ("de", "Was ist der Stornierungsgrund?"),
    ("de", "Warum möchten Sie die Bestellung stornieren?"),
    ("en", "Can you tell me why you're cancelling?"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text"), ASKS_REASON)
def test_the_customer_gives_the_reason_it_knows_however_it_is_asked(
    language: str, text: str
) -> None:
    plan = _plan(language)
    turn = _reply(plan, text)
    assert turn.act == a.INFORM and "reason" in turn.slots, (turn.act, turn.content)
    said = _library()[CANCEL].variables["reason"].said_in("ordered by mistake", language)
    assert (said or "ordered by mistake").casefold() in turn.content.casefold(), turn.content


BARE = [
    ("de", "eine Nachforschung und kostenloser Neuversand, Bestellung W2040265. Fortfahren?"),
    ("en", "Cancelling order W2040265 for the knife set, refund $434.95. Proceed?"),
    ("pt", "Cancelamento do pedido W2040265, motivo: pedi por engano. Sigo?"),
    ("es", "Cancelo el pedido W2040265 (lo pedí por error). ¿Procedo?"),
    ("fr", "Annulation de la commande W2040265, motif : commandé par erreur. On y va ?"),
]


@pytest.mark.parametrize(("language", "text"), BARE)
def test_a_bare_go_ahead_question_is_answered_yes_to_its_own_goal(language: str, text: str) -> None:
    assert asks_to_confirm(text)
    for seed in range(8):  # low patience: no catch in the question, so never a no
        turn = _reply(_plan(language, seed=seed), text)
        assert turn.act in (a.ACCEPT, a.ASK), (seed, turn.act, turn.content)
        if turn.act == a.ACCEPT:
            assert agrees(turn.content) is True, turn.content


READ_BACK_WRONG = [
    ("de", "Grund: nicht mehr benötigt. Soll ich die Bestellung W2040265 stornieren?"),
    ("es", "Motivo: ya no lo necesita. ¿Desea que continúe con la cancelación?"),
    ("pt", "Motivo: não precisa mais. Posso cancelar o pedido W2040265?"),
    ("fr", "Motif : vous n'en avez plus besoin. Je peux annuler la commande ?"),
    ("en", "Reason: no longer needed. Shall I cancel order W2040265?"),
]


@pytest.mark.parametrize(("language", "text"), READ_BACK_WRONG)
def test_a_wrong_reason_read_back_is_corrected_not_agreed_to(language: str, text: str) -> None:
    plan = _plan(language)
    assert misread_fact(plan.scenario, dict(plan.variables), text) == "reason"
    turn = _reply(plan, text)
    assert turn.act == a.INFORM and turn.slots.get("reason"), (turn.act, turn.content)
    assert agrees(turn.content) is not True, turn.content
    # read back right, the same question is a yes (or a question back), never a correction
    right = _plan(language, reason="no longer needed")
    assert misread_fact(right.scenario, dict(right.variables), text) is None


def _finding(category: str, dimension: str, severity: str = "major") -> Finding:
    return Finding(
        turn=None, dimension=dimension, category=category, severity=severity,
        evidence="", explanation=category,
    )  # fmt: skip


def test_records_left_untouched_after_a_withheld_fact_are_the_simulators() -> None:
    turns = [Turn(role="customer", content="hi"), Turn(role="support", content="why?")]
    withheld = _finding("withheld_fact", "customer_fidelity")
    end = _finding("end_state", "task_success", "critical")
    limit = _finding("turn_limit", "task_success")
    assert support_findings([withheld, end, limit], turns, wrote=False) == []
    # a write that went through keeps the end state support's: it acted
    assert support_findings([withheld, end, limit], turns, wrote=True) == [end]


def _grade(turns: list[Turn]) -> list[Finding]:
    from agents.checks import GradeContext
    from agents.checks.length import long_replies
    from agents.types import Outcome

    outcome = Outcome(status="resolved", reason="done", ended_by="customer")
    ctx = GradeContext(plan=_plan("en"), turns=turns, outcome=outcome)
    return list(long_replies(ctx).findings)


PAD = {
    "en": "Our commitment to every customer is at the heart of everything we do here. ",
    "de": "Unser Versprechen an jeden Kunden steht im Mittelpunkt von allem, was wir tun. ",
    "pt": "O nosso compromisso com cada cliente está no centro de tudo o que fazemos. ",
}


@pytest.mark.parametrize("language", sorted(PAD))
def test_a_reply_of_pages_is_a_finding_and_a_long_answer_to_a_long_question_is_not(
    language: str,
) -> None:
    question = Turn(role="customer", content="cancel my order pls")
    padded = Turn(role="support", content="What's your email? " + PAD[language] * 60)
    (finding,) = _grade([question, padded])  # ~800 words: more than any chat reply needs
    assert (finding.category, finding.severity, finding.turn) == ("long_reply", "major", 1)
    shorter = Turn(role="support", content="What's your email? " + PAD[language] * 20)
    (finding,) = _grade([question, shorter])  # ~270 words to a 4-word message
    assert finding.severity == "minor"
    long_question = Turn(role="customer", content="word " * 60)
    assert _grade([long_question, shorter]) == []  # a long answer to a long question
    assert _grade([question, Turn(role="support", content="What's your email?")]) == []


def test_a_tool_call_is_acting_even_when_the_claim_is_in_words_the_reader_does_not_know() -> None:
    from agents.checks import GradeContext
    from agents.checks.goal import goal_reached
    from agents.types import Outcome, ToolCall

    plan = _plan("de").model_copy(
        update={"scenario": _library()["ecommerce/package-marked-delivered-not-received"]}
    )
    reship = ToolCall(id="c2", name="reship_order", arguments={"order_id": "W2040265"})
    turns = [
        Turn(role="customer", content="Mein Paket ist als zugestellt markiert, aber nicht da."),
        Turn(role="support", content="Wie lautet Ihre Bestellnummer?"),
        Turn(role="customer", content="W2040265"),
        Turn(role="support", content="", tool_calls=(reship,)),
        Turn(role="tool", content='{"ok": true}', tool_call_id="c2", name="reship_order"),
        Turn(role="support", content="Ich habe den Artikel kostenlos neu verschickt."),
        Turn(role="customer", content="hm, das habe ich eben nicht zur hand."),
        Turn(role="support", content="Gern geschehen, einen schönen Tag noch!"),
    ]
    outcome = Outcome(status="resolved", reason="support closed", ended_by="support")
    assert goal_reached(GradeContext(plan=plan, turns=turns, outcome=outcome)).findings == ()
    # without the call, the same close after doing nothing is still a finding
    idle = [t for t in turns if not t.tool_calls and t.role != "tool"]
    idle[3] = Turn(role="support", content="Einen Moment bitte.")
    (finding,) = goal_reached(GradeContext(plan=plan, turns=idle, outcome=outcome)).findings
    assert finding.category == "closed_without_acting"


@pytest.mark.parametrize(("order", "refused", "found"), [
    ("W2041227", True, True),  # another order, which the tool refused: named anyway
    ("W2041227", False, True),  # another order, written
    ("W2040265", False, False),  # the customer's own
])  # fmt: skip
def test_a_write_on_a_record_the_customer_did_not_name_is_a_finding(
    order: str, refused: bool, found: bool
) -> None:
    from agents.checks import GradeContext
    from agents.checks.wrong_record import wrong_record
    from agents.types import Outcome, ToolCall

    call = ToolCall(id="c1", name="cancel_order", arguments={"order_id": order, "reason": "x"})
    result = '{"error": "order is not on this account"}' if refused else '{"ok": true}'
    turns = [
        Turn(role="customer", content="Please cancel order W2040265, I ordered it by mistake."),
        Turn(role="support", content="", tool_calls=(call,)),
        Turn(role="tool", content=result, tool_call_id="c1", name="cancel_order", error=refused),
        Turn(role="support", content="Done."),
    ]
    outcome = Outcome(status="resolved", reason="done", ended_by="customer")
    findings = wrong_record(GradeContext(plan=_plan("en"), turns=turns, outcome=outcome)).findings
    assert [(f.category, f.severity, f.turn) for f in findings] == (
        [("wrong_record", "major", 1)] if found else []
    )


def test_the_undecided_line_does_not_send_records_after_a_handover_to_a_judge() -> None:
    from simulator.commands.test_report import undecided_why

    assert "--critic-model" not in undecided_why({"end_state": 8})
    assert "judge model does not settle it" in undecided_why({"end_state": 8})
    mixed = undecided_why({"end_state": 8, "confirms_details": 2})
    assert "--critic-model" in mixed.split("; the others:")[1]
    assert "--critic-model" in undecided_why({"confirms_details": 2})
