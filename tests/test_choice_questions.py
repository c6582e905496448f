"""A question offering the choices of a fact the customer knows asks for that fact
(outsider 14: to "Are you the account holder or an authorised user on this account?" the
simulated customer, who knew its role, said "I'd have to look." in 20 of 23 conversations and
the bot was failed on the turn limit and the end state).

One reader serves the customer and the critic: the customer answers such a question with its
value, in five languages, however the choices are given ("X or Y", a list); when it still
does not, `withheld_fact` blames the simulator, not the bot. The judge model sees the tool
calls a support turn made.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache

import pytest
from test_scripted_dialogue import make_persona

from agents.checks import GradeContext
from agents.checks.customer_faults import withheld_fact
from agents.judge import transcript_block
from agents.scripted.customer import ScriptedCustomer
from agents.types import ConversationPlan, Outcome, ToolCall, Turn
from agents.understanding.support import read_support
from scenarios.loader import builtin_library, load_scenarios
from scenarios.model import Scenario

SIM = "telecom/sim-replacement-lost-phone"


@lru_cache(maxsize=1)
def _scenario() -> Scenario:
    return next(s for s in load_scenarios([builtin_library()]) if s.id == SIM)


def _plan(language: str, role: str) -> ConversationPlan:
    persona = make_persona(patience="high").model_copy(update={"language": language})
    variables = {
        "account_number": "5400112264", "account_pin": "482913", "sim_kind": "eSIM",
        "account_email": "ann@example.com", "service_address": "1 Main St",
        "caller_role": role, "how_lost": "left in a taxi", "customer_name": "Ann Lee",
        "first_name": "Ann", "last_name": "Lee", "email": "ann@example.com",
        "phone": "555-0100", "address": "1 Main St", "city": "Springfield",
    }  # fmt: skip
    return ConversationPlan(
        id=f"p-{language}", run_seed=1, index=0, seed=5, scenario=_scenario(),
        persona=persona, edge_cases=(), variables=variables,
    )  # fmt: skip


# The role question as bots word it: "X or Y", a list, American spelling, each language.
OFFERS = [
    ("en", "Thanks, you're verified. Are you the account holder or an authorised user on this "
     "account?"),
    ("en", "One more thing: are you the account holder, or an authorized user?"),
    ("en", "Which of these are you: account holder, authorised user, or not on the account?"),
    ("es", "Gracias. ¿Es usted el titular de la cuenta o un usuario autorizado?"),
    ("fr", "Merci. Êtes-vous le titulaire du compte ou un utilisateur autorise ?"),
    ("de", "Danke. Sind Sie Kontoinhaber oder berechtigter Nutzer?"),
    ("pt", "Obrigado. Você é o titular da conta ou um usuário autorizado?"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text"), OFFERS)
def test_a_question_offering_the_choices_asks_for_the_fact(language: str, text: str) -> None:
    assert read_support(text, _scenario()).asks == {"caller_role"}


def test_one_choice_named_or_a_statement_is_no_request_for_it() -> None:
    for text in (
        "Is the account holder with you right now?",
        "Thanks, I can see the account holder is Ann.",
        "Only the account holder or an authorised user can get a new SIM.",
    ):
        assert "caller_role" not in read_support(text, _scenario()).asks, text


@pytest.mark.parametrize(("language", "text"), OFFERS)
@pytest.mark.parametrize("role", ["authorised user", "account holder"])
def test_the_customer_answers_with_its_role(language: str, text: str, role: str) -> None:
    plan = _plan(language, role)
    turns = [
        Turn(role="customer", content="I lost my phone, I need a new SIM."),
        Turn(role="support", content="What is your account number and security PIN?"),
        Turn(role="customer", content="5400112264, PIN 482913."),
        Turn(role="support", content=text),
    ]
    memory = {"given": {"account_number": "5400112264", "account_pin": "482913"}}
    reply = asyncio.run(ScriptedCustomer().respond(plan, turns, memory)).turn
    said = _scenario().variables["caller_role"].said_in(role, language) or role
    assert reply.slots.get("caller_role") in (role, said), reply.content
    assert said.casefold() in reply.content.casefold(), reply.content


@pytest.mark.parametrize(("language", "text"), [OFFERS[0], *OFFERS[3:]])
def test_a_customer_that_never_says_its_role_is_the_simulators_fault(
    language: str, text: str
) -> None:
    turns = [
        Turn(role="customer", content="I lost my phone, I need a new SIM."),
        Turn(role="support", content=text),
        Turn(role="customer", content="I'd have to look."),
        Turn(role="support", content=text),
        Turn(role="customer", content="Hmm, I don't remember."),
    ]
    outcome = Outcome(status="max_turns", reason="turn limit", ended_by="limit")
    ctx = GradeContext(plan=_plan(language, "account holder"), turns=turns, outcome=outcome)
    (finding,) = withheld_fact(ctx).findings
    assert (finding.category, finding.turn) == ("withheld_fact", 2)


def test_the_judge_sees_the_tool_calls_of_a_support_turn() -> None:
    call = ToolCall(id="c1", name="suspend_sim", arguments={"account_number": "5400112264"})
    block = transcript_block(
        [
            Turn(role="customer", content="Block my SIM please."),
            Turn(role="support", content="", tool_calls=(call,)),
            Turn(role="tool", content='{"ok": true}', tool_call_id="c1", name="suspend_sim"),
        ]
    )
    assert '"tool_calls": [\n   {\n    "name": "suspend_sim",' in block
    assert '"account_number": "5400112264"' in block
    assert '"name": "suspend_sim"\n }' in block


def test_a_fact_named_only_inside_a_longer_name_is_not_asked_for() -> None:
    """ "Your email address?" asks for the email, not for an `address` fact (labelled
    "delivery address"): a bot asking it and a customer that never gives its delivery
    address is no fault of the customer's."""
    library = {s.id: s for s in load_scenarios([builtin_library()])}
    scenario = library["ecommerce/package-marked-delivered-not-received"]
    asks = {
        "I'm sorry about this. Can you tell me your email address?": {"email"},
        "What is the delivery address?": {"address"},
        "Please send the email address and the delivery address.": {"address", "email"},
        "¿Me indica su correo electrónico?": {"email"},
    }
    for text, facts in asks.items():
        assert read_support(text, scenario).asks == facts, text
