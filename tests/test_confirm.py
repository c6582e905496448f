"""Rules that ask first (`confirm:`): the model, the scripted support and customer, the
readers of a question and its answer, the LLM brief and the critic's check."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from pydantic import ValidationError
from test_scripted_dialogue import SCENARIO, acts, converse, make_plan

from agents import types as a
from agents.checks import GradeContext
from agents.checks.confirmed import UNJUDGED, confirmed_first
from agents.llm.roles import support_prompt
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.types import Outcome, Reply, Turn
from agents.understanding.confirm import agrees, asks_to_confirm
from scenarios.model import Rule, Scenario

FEE = "Refunding now costs a 15 EUR fee. Shall I go ahead?"
ASKING: dict[str, Any] = copy.deepcopy(SCENARIO)
ASKING["support"]["rules"] = [
    {
        "when": {"days": {"gt": 30}},
        "action": "refuse",
        "reason": "outside the 30-day window",
        "say": ["Order {order_id} is past the 30-day window, so I can't refund it."],
    },
    {
        "action": "resolve",
        "confirm": [FEE],
        "say": ["I've refunded order {order_id} in full, minus the 15 EUR fee."],
    },
]
SEEDS = range(20)
PATIENCE = ("low", "medium", "high")


def test_confirm_lines_per_language_and_dumps_that_leave_them_out_when_unused() -> None:
    rule = Rule.model_validate(
        {"action": "resolve", "say": ["Done."], "confirm": {"en": ["Sure?"], "es": ["¿Seguro?"]}}
    )
    assert rule.confirm == ["Sure?"] and rule.confirm_translations["es"] == ["¿Seguro?"]
    assert "confirm" not in Rule.model_validate({"action": "resolve", "say": ["x"]}).model_dump()
    with pytest.raises(ValidationError, match="confirm: 'spanish' is not a language code"):
        Rule.model_validate({"action": "resolve", "say": ["x"], "confirm": {"spanish": ["?"]}})
    sc = copy.deepcopy(ASKING)
    sc["support"]["rules"][1]["confirm"] = {"en": [FEE], "fr": ["Des frais de 15 EUR. J'y vais ?"]}
    assert Scenario.model_validate(sc).languages() == {"en"}  # the rest is English only


@pytest.mark.parametrize("seed", SEEDS)
def test_support_acts_only_after_the_customers_yes(seed: int) -> None:
    turns, outcome = converse(make_plan(seed, scenario=ASKING, patience=PATIENCE[seed % 3]))
    said = acts(turns)
    asked = _last_question(said)
    assert turns[said.index(a.CONFIRM)].content == FEE
    assert turns[asked].content.endswith(FEE)  # asked again: the question taken in first
    if said.index(a.CONFIRM) != asked:  # asked back first ("why is that?"), then asked again
        first = said.index(a.CONFIRM)
        assert said[first + 1 : first + 3] == [a.ASK, a.CONFIRM]
        assert agrees(turns[first + 1].content) is None
    answer = said[asked + 1]
    if answer == a.ACCEPT:
        assert agrees(turns[asked + 1].content) is True, turns[asked + 1].content
        assert said[asked + 2] == a.RESOLVE and outcome.status == "resolved"
    else:
        assert answer == a.PUSH_BACK and agrees(turns[asked + 1].content) is False
        assert a.RESOLVE not in said and said[-1] == a.CLOSE
        assert outcome == Outcome(
            status="abandoned",
            reason="the customer declined when asked to confirm",
            ended_by="support",
        )
    ctx = GradeContext(plan=make_plan(seed, scenario=ASKING), turns=turns, outcome=outcome)
    assert confirmed_first(ctx).findings == () and confirmed_first(ctx).unjudged == ()


def _last_question(said: list[str]) -> int:
    assert a.CONFIRM in said
    return len(said) - 1 - said[::-1].index(a.CONFIRM)


def test_most_customers_agree_and_some_decline() -> None:
    answers = [
        acts(converse(make_plan(s, scenario=ASKING, patience=p))[0])
        for s in range(30)
        for p in PATIENCE
    ]
    replies = [x[_last_question(x) + 1] for x in answers]
    assert len(answers) / 2 < replies.count(a.ACCEPT) < len(answers)
    assert replies.count(a.ACCEPT) + replies.count(a.PUSH_BACK) == len(answers)
    asked_back = sum(x.count(a.CONFIRM) == 2 for x in answers)
    assert 0 < asked_back < len(answers) / 4


def test_a_refusal_rule_without_confirm_does_not_ask() -> None:
    turns, _ = converse(make_plan(3, scenario=ASKING, days=45))
    assert a.CONFIRM not in acts(turns) and a.REFUSE in acts(turns)


QUESTIONS = [
    "Just so you know, cancelling now carries a 15 EUR fee. Would you like me to proceed?",
    "There's a late fee of 15 EUR. Do you still want to go ahead with the cancellation?",
    "Okay. Can you confirm you'd like me to cancel it, fee included?",
    "That will cost 15 EUR. Is that OK?",
    "Please confirm that you want to continue.",
    "¿Desea que continúe con la cancelación?",
    "Voulez-vous que je procède à l'annulation ?",
    "Posso prosseguir com o cancelamento?",
    "Soll ich die Stornierung durchführen?",
]
NOT_QUESTIONS = [
    "Can you confirm your order number?",
    "Could you confirm the email address on the account?",
    "I've cancelled your booking. Is there anything else I can help with?",
    "What is your order number?",
    "Refunds take 5 business days.",
]


@pytest.mark.parametrize("text", QUESTIONS)
def test_a_question_for_the_go_ahead_in_other_words(text: str) -> None:
    assert asks_to_confirm(text)


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_requests_for_details_and_news_are_no_question_for_the_go_ahead(text: str) -> None:
    assert not asks_to_confirm(text)


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("Yes please", True),
        ("Hmm, sure, go ahead.", True),
        ("No problem, go ahead", True),
        ("That's fine, I'll pay it.", True),
        ("Sí, adelante.", True),
        ("No, leave it then.", False),
        ("Actually, I'd rather not.", False),
        ("Please don't go ahead.", False),
        ("Hmm, non, laissez tomber.", False),
        ("Why is there a fee?", None),
        ("What does that mean for my account?", None),
    ],
)
def test_the_answer_read_as_yes_no_or_neither(text: str, meant: bool | None) -> None:
    assert agrees(text) is meant


class _Bot:
    """A support side without acts that asks in its own words, then says it is done."""

    async def respond(
        self, plan: Any, turns: Sequence[Turn], memory: Mapping[str, Any], desk: Any = None
    ) -> Reply:
        n = sum(t.role == "support" for t in turns)
        if n == 0:
            text = "Hello! What's the order number and the email on it?"
        elif n == 1:
            text = QUESTIONS[0]
        else:
            text = "All done: your refund has been processed."
        return Reply(turn=Turn(role="support", content=text), memory=memory)


@pytest.mark.parametrize("seed", range(6))
def test_the_customer_answers_a_bots_own_question(seed: int) -> None:
    plan = make_plan(seed, scenario=ASKING, verbosity="chatty")
    turns, _ = converse(plan, support=_Bot())
    asked = next(i for i, t in enumerate(turns) if t.content == QUESTIONS[0])
    reply = turns[asked + 1]
    assert reply.act in (a.ACCEPT, a.PUSH_BACK, a.ASK)  # yes, no, or "why is that?"
    assert agrees(reply.content) is {a.ACCEPT: True, a.PUSH_BACK: False}.get(str(reply.act))


def _support_after(plan: Any, said: str) -> Reply:
    """Scripted support's reply to an act-less customer answer to its question."""
    first = asyncio.run(ScriptedSupport().respond(plan, [], {}))
    memory: Mapping[str, Any] = first.memory
    turns = [first.turn]
    lines = [
        "My kettle arrived cracked. Order ORD-48213, email ann.lee@example.com",
        said,
    ]
    reply = first
    for line in lines:
        turns.append(Turn(role="customer", content=line))
        reply = asyncio.run(ScriptedSupport().respond(plan, turns, memory))
        memory = reply.memory
        turns.append(reply.turn)
    return reply


def test_scripted_support_reads_an_unannotated_yes_and_no() -> None:
    plan = make_plan(1, scenario=ASKING)
    yes = _support_after(plan, "Yes, please go ahead.")
    assert yes.turn.act == a.RESOLVE and "ORD-48213" in yes.turn.content
    no = _support_after(plan, "No, leave it then.")
    assert no.turn.act == a.CLOSE and no.stop is not None and no.stop.status == "abandoned"
    assert "refunded" not in no.turn.content


def _ctx(turns: list[Turn]) -> GradeContext:
    plan = make_plan(1, scenario=ASKING)
    return GradeContext(
        plan=plan, turns=turns, outcome=Outcome(status="resolved", reason="", ended_by="customer")
    )


def test_the_critic_finds_an_action_before_the_yes() -> None:
    opened = [Turn(role="customer", content="My kettle is cracked.", act=a.OPEN)]
    done = Turn(role="support", content="I've refunded it.", act=a.RESOLVE)
    result = confirmed_first(_ctx([*opened, done]))
    assert [f.explanation for f in result.findings] == [
        "policy broken: support acted (resolve) before the customer asked for the go-ahead; "
        "the rule asks first"
    ]
    ask = Turn(role="support", content=FEE, act=a.CONFIRM)
    no = Turn(role="customer", content="No, leave it.", act=a.PUSH_BACK)
    result = confirmed_first(_ctx([*opened, ask, no, done]))
    assert result.findings[0].explanation.startswith(
        "policy broken: support acted (resolve) before the customer agreed (they said no)"
    )


def test_the_critic_on_text_passes_what_it_reads_and_leaves_the_rest_undecided() -> None:
    hi = Turn(role="customer", content="My kettle arrived cracked.")
    done = Turn(role="support", content="I've refunded your order in full.")
    ask = Turn(role="support", content=QUESTIONS[1])
    read = confirmed_first(_ctx([hi, ask, Turn(role="customer", content="Yes, go ahead."), done]))
    assert read.findings == () and read.unjudged == ()
    unread = Turn(role="customer", content="Mm, I suppose that works out.")
    assert confirmed_first(_ctx([hi, ask, unread, done])).unjudged == (UNJUDGED,)
    looking = Turn(role="support", content="Let me look into that for you.")
    ok = Turn(role="customer", content="ok")
    # a question in words the reader misses may be there: undecided, not passed
    assert confirmed_first(_ctx([hi, looking, ok, done])).unjudged == (UNJUDGED,)
    first = confirmed_first(_ctx([hi, done]))  # its first words already say it is done
    assert first.findings[0].explanation.startswith("policy broken: support claimed the action")


def test_the_llm_support_brief_says_to_ask_first_only_when_the_rule_does() -> None:
    brief = support_prompt(make_plan(1, scenario=ASKING))
    assert f'"{FEE}"' in brief and "only\nafter the customer clearly agrees" in brief
    assert "Ask first" not in support_prompt(make_plan(1, scenario=ASKING, days=45))


def test_customer_role_is_unchanged_without_a_question() -> None:
    plan = make_plan(2)
    turns, _ = converse(plan, customer=ScriptedCustomer())
    assert a.CONFIRM not in acts(turns)


def _in_spanish() -> dict[str, Any]:
    sc: dict[str, Any] = copy.deepcopy(ASKING)
    c, s = sc["customer"], sc["support"]
    c["openings"] = {"en": c["openings"], "es": ["Mi hervidor llegó roto."]}
    for k in s["knowledge"]:
        k["answer"] = {"en": k["answer"], "es": [f"Sobre {k['id']}: sí."]}
    for r in s["rules"]:
        r["say"] = {"en": r["say"], "es": ["He reembolsado el pedido {order_id}."]}
    s["rules"][1]["confirm"] = {"en": [FEE], "es": ["Cuesta 15 EUR. ¿Desea que continúe?"]}
    sc["flow"][0]["say"] = {"en": sc["flow"][0]["say"], "es": ["¿Cuánto tarda?"]}
    return sc


def test_asking_first_in_spanish() -> None:
    said: set[str | None] = set()
    for seed in range(12):
        plan = make_plan(seed, scenario=_in_spanish(), patience="low")
        persona = plan.persona.model_copy(update={"language": "es"})
        turns, outcome = converse(plan.model_copy(update={"persona": persona}))
        asked = _last_question(acts(turns))
        assert turns[asked].content.endswith("Cuesta 15 EUR. ¿Desea que continúe?")
        answer = turns[asked + 1]
        assert agrees(answer.content) is (answer.act == a.ACCEPT), answer.content
        assert outcome.status == ("resolved" if answer.act == a.ACCEPT else "abandoned")
        said.add(answer.act)
    assert said == {a.ACCEPT, a.PUSH_BACK}
