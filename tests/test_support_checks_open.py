"""Support-side checks on act-less text where the text decides, and where it cannot: a reply
in another language read through is as decided as an English one; a request for a person
said to be heard, then dropped by the customer, is fine; a run of holds with turns the
reader cannot tell, or a turn limit after one reply to a request for a person, is left
undecided, never passed."""

from __future__ import annotations

from pathlib import Path

import yaml

from agents.critic import grade
from agents.types import ConversationPlan, Outcome, Turn, Verdict

FIXTURE = yaml.safe_load((Path(__file__).parent / "data/critic/plan.yaml").read_text())
FIXTURE.pop("edge_case_library")
PLAN = ConversationPlan.model_validate(FIXTURE)
RESOLVED = Outcome(status="resolved", reason="customer thanked support", ended_by="customer")
LEFT = Outcome(status="abandoned", reason="customer gave up", ended_by="customer")
LIMIT = Outcome(status="max_turns", reason="turn limit", ended_by="limit")
PERSON = "request_escalation"


def c(content: str, act: str | None = None) -> Turn:
    return Turn(role="customer", content=content, act=act)


def s(content: str) -> Turn:
    return Turn(role="support", content=content)


def found(v: Verdict, category: str) -> list[int | None]:
    return [f.turn for f in v.findings if f.category == category]


def test_a_foreign_reply_read_through_decides_an_ignored_escalation() -> None:
    turns = [
        c("Quiero hablar con un supervisor ahora.", PERSON),
        s("¿Cuál es su número de pedido?"),
        c("¡Le he dicho que quiero un supervisor!", PERSON),
        s("¿Me indica el número de pedido, por favor?"),
        c("Adiós."),
    ]
    v = grade(PLAN, turns, LEFT)
    assert found(v, "ignored_escalation") == [3]
    assert "ignored_escalation" not in v.unjudged


def test_a_foreign_reply_with_a_statement_it_cannot_read_stays_undecided() -> None:
    turns = [
        c("Quiero hablar con un supervisor ahora.", PERSON),
        s("¿Cuál es su número de pedido? Lucía lo verá en un rato."),
        c("¡Le he dicho que quiero un supervisor!", PERSON),
        s("¿Me indica el número de pedido, por favor?"),
        c("Adiós."),
    ]
    v = grade(PLAN, turns, LEFT)
    assert found(v, "ignored_escalation") == []
    assert "ignored_escalation" in v.unjudged


def test_a_request_said_to_be_heard_and_then_dropped_is_fine() -> None:
    turns = [
        c("Ich will Ihren Vorgesetzten sprechen.", PERSON),
        s("Ihren Wunsch habe ich verstanden. Wie lautet Ihre Bestellnummer?"),
        c("ORD-12345"),
        s("Danke, wie lautet die Postleitzahl?"),
        c("10115"),
    ]
    v = grade(PLAN, turns, RESOLVED)
    assert found(v, "ignored_escalation") == []
    assert "ignored_escalation" not in v.unjudged
    again = [*turns[:3], c("Ich will trotzdem den Vorgesetzten!", PERSON), turns[3], c("Tschüss")]
    assert found(grade(PLAN, again, LEFT), "ignored_escalation") == [4]


def test_one_reply_then_the_turn_limit_is_undecided_not_passed() -> None:
    turns = [c("I want a manager.", PERSON), s("What's your order number?")]
    v = grade(PLAN, turns, LIMIT)
    assert found(v, "ignored_escalation") == []
    assert "ignored_escalation" in v.unjudged
    ended = grade(PLAN, [*turns, c("fine, thanks")], RESOLVED)
    assert "ignored_escalation" not in ended.unjudged


def test_holds_among_turns_the_reader_cannot_tell_leave_a_stall_open() -> None:
    turns = [
        c("Onde está o meu reembolso?"),
        s("Um instante, estou verificando."),
        c("E aí?"),
        s("Tô vendo aqui com o pessoal do estoque."),
        c("Alô??"),
        s("Segura aí que já já sai."),
        c("Isso está demorando demais."),
    ]
    v = grade(PLAN, turns, LIMIT)
    assert found(v, "stalled") == []
    assert "stalled" in v.unjudged
    english = [
        c("where is my refund"),
        s("Let me look into that for you."),
        c("well?"),
        s("Still looking, one moment please."),
        c("hello??"),
        s("Bear with me, I'm checking with the team."),
        c("this is taking forever"),
    ]
    v = grade(PLAN, english, LIMIT)
    assert found(v, "stalled") == [5]
    assert "stalled" not in v.unjudged
