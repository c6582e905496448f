"""One conversation as a LangGraph StateGraph: customer and support alternate, then the critic.

Routing reads structured state only (a role's `Reply.stop`, the customer's turn count), never
the text. A role that raises ends the conversation with an `error` outcome carrying the
reason, so one broken conversation never takes the batch down with it.
"""

from __future__ import annotations

import inspect
import operator
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any, Literal, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from agents.types import ConversationPlan, Outcome, Role, Turn, Verdict

# A grader may be async (the critic with an LLM judge): the critic node awaits what it returns.
Grader = Callable[[ConversationPlan, Sequence[Turn], Outcome], Verdict | Awaitable[Verdict]]


class ConversationState(TypedDict, total=False):
    plan: ConversationPlan
    turns: Annotated[list[Turn], operator.add]
    customer_memory: dict[str, Any]
    support_memory: dict[str, Any]
    outcome: Outcome | None
    verdict: Verdict | None


def customer_turns(turns: Sequence[Turn]) -> int:
    return sum(1 for t in turns if t.role == "customer")


def recursion_limit(plan: ConversationPlan) -> int:
    """Graph steps one conversation may take: two per customer turn plus the critic."""
    return 2 * plan.scenario.max_turns + 5


def _role_node(name: Literal["customer", "support"], role: Role) -> Any:
    # The node routes itself (a Command): a router per edge cost every turn a graph task.
    other = "support" if name == "customer" else "customer"

    async def node(state: ConversationState) -> Command[str]:
        update = await _role_update(name, role, state)
        return Command(update=update, goto="critic" if "outcome" in update else other)

    return node


async def _role_update(
    name: Literal["customer", "support"], role: Role, state: ConversationState
) -> dict[str, Any]:
    """One turn of `role`: the state update, with an `outcome` when the conversation ends."""
    plan = state["plan"]
    turns = state.get("turns", [])
    try:
        memory = state.get("customer_memory") if name == "customer" else state.get("support_memory")
        reply = await role.respond(plan, turns, memory or {})
        if reply.turn.role != name:
            raise ValueError(f"returned a turn with role '{reply.turn.role}'")
    except Exception as exc:  # a role's failure is data: the conversation ends in error
        reason = f"{name} role failed: {type(exc).__name__}: {exc}"
        return {"outcome": Outcome(status="error", reason=reason, ended_by="system")}
    update: dict[str, Any] = {"turns": [reply.turn], f"{name}_memory": dict(reply.memory)}
    if reply.stop is not None:
        update["outcome"] = reply.stop
    elif name == "support" and customer_turns(turns) >= plan.scenario.max_turns:
        # The customer's last allowed message has had its answer: the limit ends it.
        reason = f"the customer had {plan.scenario.max_turns} turns (max_turns)"
        update["outcome"] = Outcome(status="max_turns", reason=reason, ended_by="limit")
    return update


def _critic_node(grade: Grader) -> Any:
    # async although grading is synchronous: LangGraph runs sync nodes in a thread pool.
    async def node(state: ConversationState) -> dict[str, Any]:
        outcome = state.get("outcome")
        if outcome is None:  # unreachable through the routing; kept as a guard
            outcome = Outcome(status="error", reason="ended without an outcome", ended_by="system")
        if outcome.status == "error":  # infrastructure failures are never graded
            return {"outcome": outcome, "verdict": Verdict(label="ERROR", rationale=outcome.reason)}
        try:
            verdict = grade(state["plan"], state.get("turns", []), outcome)
            if inspect.isawaitable(verdict):  # an async critic (agents.critic.Critic.agrade)
                verdict = await verdict
        except Exception as exc:
            reason = f"critic failed: {type(exc).__name__}: {exc}"
            return {"verdict": Verdict(label="ERROR", rationale=reason)}
        return {"verdict": verdict}

    return node


def build_graph(customer: Role, support: Role, grade: Grader) -> CompiledStateGraph[Any]:
    """The compiled conversation graph; roles are injected so any engine can play either side."""
    graph: StateGraph[Any] = StateGraph(ConversationState)
    graph.add_node("customer", _role_node("customer", customer), destinations=("support", "critic"))
    graph.add_node("support", _role_node("support", support), destinations=("customer", "critic"))
    graph.add_node("critic", _critic_node(grade))
    graph.add_edge(START, "customer")
    graph.add_edge("critic", END)
    return graph.compile()


async def run_conversation(
    graph: CompiledStateGraph[Any], plan: ConversationPlan
) -> tuple[list[Turn], Outcome, Verdict]:
    """Play one plan through the graph and return what the store needs."""
    state: ConversationState = {
        "plan": plan,
        "turns": [],
        "customer_memory": {},
        "support_memory": {},
        "outcome": None,
        "verdict": None,
    }
    final = await graph.ainvoke(state, {"recursion_limit": recursion_limit(plan)})
    outcome = final.get("outcome")
    verdict = final.get("verdict")
    if outcome is None or verdict is None:
        raise RuntimeError(f"conversation {plan.id} ended without an outcome and a verdict")
    return list(final["turns"]), outcome, verdict
