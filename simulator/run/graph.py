"""One conversation as a LangGraph StateGraph: customer and support alternate, then the critic.

Routing reads structured state only (a role's `Reply.stop`, the customer's turn count), never
the text. A role that raises ends the conversation with an `error` outcome carrying the
reason, so one broken conversation never takes the batch down with it.

World state: when the plan's scenario has a domain, the conversation gets its own `Desk`
(agents.tools) on its first support turn; the support role calls tools through it and the
calls land in the transcript before its reply. The customer sees only the dialogue
(`agents.tools.dialogue`), and `max_turns` counts customer turns, so tool turns change
neither. The critic grades with the desk's records as the calls left them
(agents.checks.replay.live_world); they are dropped once it has.
"""

from __future__ import annotations

import inspect
import operator
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any, Literal, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from agents.checks.replay import live_world
from agents.handovers import unmade_handover
from agents.llm.errors import BudgetExceeded
from agents.tools import Desk, World, default_world, dialogue, open_desk, takes_desk
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
    desk: Desk | None  # the conversation's records and tools, when its scenario has a domain


# What each node reads and what a run reads back: LangGraph hands a node, and streams out after
# each step, only these channels (the whole state would be built into a dict every step).
class _CustomerView(TypedDict, total=False):
    plan: ConversationPlan
    turns: Annotated[list[Turn], operator.add]
    customer_memory: dict[str, Any]
    desk: Desk | None


class _SupportView(TypedDict, total=False):
    plan: ConversationPlan
    turns: Annotated[list[Turn], operator.add]
    support_memory: dict[str, Any]
    desk: Desk | None


class _CriticView(TypedDict, total=False):
    plan: ConversationPlan
    turns: Annotated[list[Turn], operator.add]
    outcome: Outcome | None
    desk: Desk | None


class _Result(TypedDict, total=False):
    turns: Annotated[list[Turn], operator.add]
    outcome: Outcome | None
    verdict: Verdict | None


def customer_turns(turns: Sequence[Turn]) -> int:
    return sum(1 for t in turns if t.role == "customer")


def recursion_limit(plan: ConversationPlan) -> int:
    """Graph steps one conversation may take: two per customer turn plus the critic (and a
    fork's hop from the customer node to support)."""
    return 2 * plan.scenario.max_turns + 6


def _role_node(name: Literal["customer", "support"], role: Role, world: World | None = None) -> Any:
    # The node routes itself (a Command): a router per edge cost every turn a graph task.
    other = "support" if name == "customer" else "customer"
    tools = name == "support" and takes_desk(role)

    async def node(state: ConversationState) -> Command[str]:
        turns = state["turns"]
        if name == "customer" and turns and turns[-1].role == "customer":
            # A conversation restored after a customer turn (a fork) goes on with support:
            # a hop only forks take, where a router at START cost every conversation a task.
            return Command(goto="support")
        update = await _role_update(name, role, state, world if tools else None)
        return Command(update=update, goto="critic" if "outcome" in update else other)

    return node


async def _role_update(
    name: Literal["customer", "support"],
    role: Role,
    state: ConversationState,
    world: World | None = None,
) -> dict[str, Any]:
    """One turn of `role`: the state update, with an `outcome` when the conversation ends.
    `world` is given for a support role that takes a desk (see agents.tools)."""
    plan = state["plan"]
    turns = state.get("turns", [])
    desk = state.get("desk")
    update: dict[str, Any] = {}
    try:
        if name == "customer":
            seen = dialogue(turns) if desk is not None else turns
            reply = await role.respond(plan, seen, state.get("customer_memory") or {})
        elif world is not None:
            # Opened on support's first turn (the customer always speaks first), looked up once.
            if (
                desk is None
                and len(turns) == 1
                and (desk := open_desk(plan.scenario, world)) is not None
            ):
                update["desk"] = desk
            memory = state.get("support_memory") or {}
            if desk is None:
                reply = await role.respond(plan, turns, memory)
            else:
                reply = await role.respond(plan, turns, memory, desk=desk)  # type: ignore[call-arg]
        else:
            reply = await role.respond(plan, turns, state.get("support_memory") or {})
        if reply.turn.role != name:
            raise ValueError(f"returned a turn with role '{reply.turn.role}'")
    except BudgetExceeded:
        raise  # not a result: the runner drops the conversation, a later session redoes it
    except Exception as exc:  # a role's failure is data: the conversation ends in error
        reason = f"{name} role failed: {type(exc).__name__}: {exc}"
        if desk is not None and name == "support":
            update["turns"] = desk.take()  # the calls it made happened: keep them
            reason = _tool_fault(desk) or reason  # what the support side tripped over
        update["outcome"] = Outcome(status="error", reason=reason, ended_by="system")
        return update
    if name == "customer" and desk is not None and reply.stop is not None:
        reply = reply.model_copy(update={"stop": unmade_handover(reply.stop, turns, desk.specs)})
    made = desk.take() if desk is not None and name == "support" else []
    update.update({"turns": [*made, reply.turn], f"{name}_memory": dict(reply.memory)})
    fault = _tool_fault(desk) if name == "support" else None
    if fault is not None:
        update["outcome"] = Outcome(status="error", reason=fault, ended_by="system")
    elif reply.stop is not None:
        update["outcome"] = reply.stop
    elif name == "support" and customer_turns(turns) >= plan.scenario.max_turns:
        # The customer's last allowed message has had its answer: the limit ends it.
        reason = f"the customer had {plan.scenario.max_turns} turns (max_turns)"
        update["outcome"] = Outcome(status="max_turns", reason=reason, ended_by="limit")
    return update


def _tool_fault(desk: Desk | None) -> str | None:
    """The outcome reason when a domain tool went past its bounds during this reply
    (scenarios.domains.bounds): the domain file's failure, an infrastructure error never
    graded as the support side's (`simulator.bots.metrics` reads the kind `domain_tool`)."""
    if desk is None or desk.state.fault is None:
        return None
    return f"{TOOL_FAULT}{desk.state.fault}"


TOOL_FAULT = "domain tool failed: DomainToolError: "


def _critic_node(grade: Grader) -> Any:
    # async although grading is synchronous: LangGraph runs sync nodes in a thread pool.
    async def node(state: ConversationState) -> dict[str, Any]:
        desk = state.get("desk")
        if desk is None:
            return await _graded(grade, state)
        try:
            with live_world(desk.state):
                return await _graded(grade, state)
        finally:
            desk.close()

    return node


async def _graded(grade: Grader, state: ConversationState) -> dict[str, Any]:
    """The critic node's update: the verdict (an ERROR one for a conversation that failed)."""
    outcome = state.get("outcome")
    if outcome is None:  # unreachable through the routing; kept as a guard
        outcome = Outcome(status="error", reason="ended without an outcome", ended_by="system")
    if outcome.status == "error":  # infrastructure failures are never graded
        return {"outcome": outcome, "verdict": Verdict(label="ERROR", rationale=outcome.reason)}
    try:
        verdict = grade(state["plan"], state.get("turns", []), outcome)
        if inspect.isawaitable(verdict):  # an async critic (agents.critic.Critic.agrade)
            verdict = await verdict
    except BudgetExceeded:
        raise
    except Exception as exc:
        reason = f"critic failed: {type(exc).__name__}: {exc}"
        return {"verdict": Verdict(label="ERROR", rationale=reason)}
    return {"verdict": verdict}


def build_graph(
    customer: Role, support: Role, grade: Grader, world: World | None = None
) -> CompiledStateGraph[Any]:
    """The compiled conversation graph; roles are injected so any engine can play either side.
    `world` finds a scenario's domain (default: the one its loader found, agents.tools)."""
    graph: StateGraph[Any] = StateGraph(ConversationState, output_schema=_Result)
    support_node = _role_node("support", support, world or default_world)
    graph.add_node("customer", _role_node("customer", customer), input_schema=_CustomerView,
                   destinations=("support", "critic"))  # fmt: skip
    graph.add_node("support", support_node, input_schema=_SupportView,
                   destinations=("customer", "critic"))  # fmt: skip
    graph.add_node("critic", _critic_node(grade), input_schema=_CriticView)
    graph.add_edge(START, "customer")
    graph.add_edge("critic", END)
    return graph.compile()


async def run_conversation(
    graph: CompiledStateGraph[Any], plan: ConversationPlan, start: ConversationState | None = None
) -> tuple[list[Turn], Outcome, Verdict]:
    """Play one plan through the graph and return what the store needs. `start` continues a
    restored conversation (turns, memories, desk) instead of an empty one."""
    state: ConversationState = {"plan": plan, "turns": []}
    if start is not None:
        state.update(start)
    # version="v2" streams the state's values only (v1 adds every step's updates)
    done = await graph.ainvoke(state, {"recursion_limit": recursion_limit(plan)}, version="v2")
    final = done.value
    outcome = final.get("outcome")
    verdict = final.get("verdict")
    if outcome is None or verdict is None:
        raise RuntimeError(f"conversation {plan.id} ended without an outcome and a verdict")
    return list(final["turns"]), outcome, verdict
