"""A bot's write must follow a check of each verified fact against the records, not only the
customer saying it: a refund on whatever the customer typed fails where the domain could have
checked (a lookup by the email, or a record read that shows it), and is unjudged where nothing
shows it could."""

from __future__ import annotations

from tool_domain import refund_plan

from agents.checks import GradeContext
from agents.checks.policy import policy_rules
from agents.types import Outcome, ToolCall, Turn
from scenarios.domains.runtime import ToolSpec

PLAN = refund_plan(1, "ORD-10001")
RESOLVED = Outcome(status="resolved", reason="done", ended_by="customer")
_ID = {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]}
_MAIL = {"type": "object", "properties": {"email": {"type": "string"}}, "required": ["email"]}
BASIC = {
    "get_order": ToolSpec("get_order", "Look up an order.", _ID),
    "refund_order": ToolSpec("refund_order", "Refund an order.", _ID, writes=True),
}
WITH_LOOKUP = {**BASIC, "find_customer": ToolSpec("find_customer", "Customer by email.", _MAIL)}
RECORD = '{"order_id": "ORD-10001", "status": "delivered", "email": "ada@example.com"}'


def _call(cid: str, name: str, **args: str) -> list[Turn]:
    content = RECORD if name == "get_order" else '{"ok": true}'
    return [
        Turn(role="support", content="", tool_calls=(ToolCall(id=cid, name=name, arguments=args),)),
        Turn(role="tool", content=content, name=name, tool_call_id=cid, error=False),
    ]


def _turns(*calls: list[Turn]) -> list[Turn]:
    """The customer gives both facts in one message, as people do; the bot then calls."""
    opening = Turn(
        role="customer",
        content="Hi, order ORD-10001 arrived broken, my account email is ada@example.com.",
    )
    done = Turn(role="support", content="Refunded in full; it reaches your card in 5 days.")
    return [opening, *(t for c in calls for t in c), done]


def _policy(turns: list[Turn], tools: dict[str, ToolSpec]) -> tuple[list[str], tuple[str, ...]]:
    result = policy_rules(GradeContext(plan=PLAN, turns=turns, outcome=RESOLVED, tools=tools))
    return [f.explanation for f in result.findings], result.unjudged


def test_a_refund_on_the_customers_word_fails_where_a_lookup_exists() -> None:
    found, unjudged = _policy(_turns(_call("a", "refund_order", order_id="ORD-10001")), WITH_LOOKUP)
    assert found == [
        "policy broken: support called refund_order (a write) without checking the email "
        "address against the records (no lookup by it, no record read that shows it)"
    ]
    assert unjudged == ()


def test_a_lookup_or_a_record_read_before_the_write_checks_it() -> None:
    lookup = _call("a", "find_customer", email="ada@example.com")
    read = _call("b", "get_order", order_id="ORD-10001")
    write = _call("c", "refund_order", order_id="ORD-10001")
    assert _policy(_turns(lookup, write), WITH_LOOKUP) == ([], ())
    assert _policy(_turns(read, write), WITH_LOOKUP) == ([], ())
    assert _policy(_turns(read, write), BASIC) == ([], ())


def test_undecided_where_nothing_shows_the_domain_could_check() -> None:
    found, unjudged = _policy(_turns(_call("a", "refund_order", order_id="ORD-10001")), BASIC)
    assert found == [] and unjudged == ("policy:checked_email",)


def test_scripted_support_is_read_by_its_acts() -> None:
    turns = _turns(_call("a", "refund_order", order_id="ORD-10001"))
    turns[1] = turns[1].model_copy(update={"act": "resolve"})
    assert _policy(turns, WITH_LOOKUP)[0] == []
