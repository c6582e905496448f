"""Conversations with a bot (text, no dialogue acts) on the courier test domain
(tests/data/courier: a parcel status scenario and an insurance scenario that charges a fee and
hands fragile parcels over), written turn by turn and graded by the whole critic."""

from __future__ import annotations

import json
from pathlib import Path

from persona_fixture import ADA

from agents.critic import grade
from agents.types import ConversationPlan, Finding, Outcome, ToolCall, Turn, Verdict
from personas import Persona
from scenarios.loader import load_scenarios

COURIER = Path(__file__).resolve().parent / "data" / "courier"
SCENARIOS = {s.id: s for s in load_scenarios([COURIER])}
INSURE = SCENARIOS["courier/insure"]
WHERE = SCENARIOS["courier/where-is"]
RESOLVED = Outcome(status="resolved", reason="done", ended_by="customer")
# PX-5502: Ines Varga's paperback books, booked, not fragile; PX-5504: Tomas Ekberg's desk
# lamp, delivered, due 2026-11-20.
BOOKS = {"parcel_id": "PX-5502", "sender_id": "S1", "postcode": "KT4 7PL", "fragile": "false"}
LAMP = {
    "parcel_id": "PX-5504", "sender_id": "S2", "postcode": "LS2 9JT",
    "parcel_status": "delivered", "due_date": "2026-11-20",
}  # fmt: skip
BOOKS_ROW = {
    "parcel_id": "PX-5502", "contents": "paperback books", "fragile": False, "status": "booked",
    "due_date": "2026-11-29", "insured": False, "insurance_fee": 0.0, "postcode": "KT4 7PL",
}  # fmt: skip
LAMP_ROW = {
    "parcel_id": "PX-5504", "contents": "desk lamp", "fragile": False, "status": "delivered",
    "due_date": "2026-11-20", "insured": False, "insurance_fee": 0.0, "postcode": "LS2 9JT",
}  # fmt: skip


class Chat:
    """A conversation with a bot, written turn by turn; tool results are given as written."""

    def __init__(self, scenario: object, variables: dict[str, str], persona: Persona = ADA):
        self.plan = ConversationPlan(
            id="p", run_seed=1, index=0, seed=1, scenario=scenario, persona=persona,
            variables=variables,
        )  # fmt: skip
        self.turns: list[Turn] = []

    def customer(self, text: str) -> Chat:
        self.turns.append(Turn(role="customer", content=text))
        return self

    def support(self, text: str, act: str | None = None) -> Chat:
        self.turns.append(Turn(role="support", content=text, act=act))
        return self

    def call(self, name: str, result: object, **arguments: str) -> Chat:
        cid = f"c{len(self.turns)}"
        self.turns.append(
            Turn(
                role="support",
                content="",
                tool_calls=(ToolCall(id=cid, name=name, arguments=arguments),),
            )
        )
        text = result if isinstance(result, str) else json.dumps(result)
        self.turns.append(Turn(role="tool", content=text, name=name, tool_call_id=cid, error=False))
        return self

    def verdict(self, outcome: Outcome = RESOLVED) -> Verdict:
        return grade(self.plan, self.turns, outcome)

    def findings(self, category: str) -> list[Finding]:
        return [f for f in self.verdict().findings if f.category == category]
