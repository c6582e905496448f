"""Conversation types shared by every role and by the simulator.

Turns carry a dialogue act (`act`) and its slots next to the text, the way annotated support
corpora (STAR, ABCD) label each turn with an action. Scripted roles read the other side's act
when present; a side without acts (a real bot, an LLM) is understood from its text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from personas import Persona
from scenarios.edge_case_model import EdgeCase
from scenarios.model import Scenario
from scenarios.success import OutcomeStatus

RoleName = Literal["customer", "support", "tool"]
VerdictLabel = Literal["ACCEPT", "REVIEW", "REJECT", "ERROR"]
Severity = Literal["critical", "major", "minor"]

# Dialogue acts. Customer side:
OPEN = "open"  # states the issue
INFORM = "inform"  # gives facts; slots: fact -> value
ASK = "ask"  # asks a question; slots: {"topic": knowledge id} when known
ACCEPT = "accept"  # accepts what support did
PUSH_BACK = "push_back"  # disagrees with a refusal
REQUEST_ESCALATION = "request_escalation"
CORRECT = "correct"  # corrects a fact it gave earlier; slots: fact -> right value
CHITCHAT = "chitchat"  # off topic, silence, language switch, injection: no task content
THANK = "thank"  # closes, satisfied (ends: resolved)
GIVE_UP = "give_up"  # closes, unsatisfied (ends: abandoned)
# Support side:
GREET = "greet"
REQUEST_INFO = "request_info"  # slots: fact -> "" for each fact asked for
VERIFY_FAILED = "verify_failed"  # slots: fact -> value that did not match
ANSWER = "answer"  # slots: {"topic": knowledge id}
RESOLVE = "resolve"
REFUSE = "refuse"
ESCALATE = "escalate"  # ends: escalated
REDIRECT = "redirect"  # steers back to the task (off topic, injection, other language)
CHECK_IN = "check_in"  # after silence
CLARIFY = "clarify"  # did not understand
CLOSE = "close"
CONFIRM = "confirm"  # asks the customer's go-ahead before acting (a rule's `confirm` line)


# Fields added to a record after it first shipped are left out of its JSON while unset, so
# records without them stay byte-stable. Per field (`exclude_if`), not a wrap serializer on the
# model: a wrap serializer turns the model into a Python dict and then serialises that dict
# again; a transcript record's JSON took twice the CPU that way (56 -> 28 us per conversation).
def _unset(value: object) -> bool:
    return value is None


def _empty(value: object) -> bool:
    return not value


INVALID_ARGUMENTS = "$invalid_arguments"
"""The one argument a call is stored with when the arguments it was sent with were not a JSON
object (its value: the raw text). Such a call is not run, live or in a replay: it is a tool
error, as a tool that cannot read its arguments would answer (agents.calls)."""


class ToolCall(BaseModel):
    """A support turn's call of a domain tool (OpenAI `tool_calls` shape, arguments parsed)."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class Turn(BaseModel):
    """One message. A support turn may call tools (`tool_calls`; its `content` may then be
    empty, which is not an empty turn); each call's result is a `tool` turn right after it,
    with `name` and `tool_call_id`, its `content` the text the agent saw."""

    model_config = ConfigDict(frozen=True)

    role: RoleName
    content: str
    # Turns without tools serialise as before tools existed.
    tool_calls: tuple[ToolCall, ...] | None = Field(default=None, exclude_if=_unset)
    tool_call_id: str | None = Field(default=None, exclude_if=_unset)
    name: str | None = Field(
        default=None, exclude_if=_unset, description="the tool a `tool` turn answers for"
    )
    error: bool | None = Field(
        default=None, exclude_if=_unset, description="a `tool` turn whose call was refused"
    )
    act: str | None = None
    slots: dict[str, str] = Field(default_factory=dict)
    edge_case: str | None = Field(default=None, description="edge case this turn enacts")
    usage: dict[str, Any] | None = Field(
        default=None, description="model calls behind this turn: model, tokens, cost, cached"
    )
    latency_ms: float | None = Field(default=None, description="time the role took to reply")


class Outcome(BaseModel):
    """Why the conversation stopped: a structured signal, never parsed from the text."""

    model_config = ConfigDict(frozen=True)

    status: OutcomeStatus
    reason: str
    ended_by: Literal["customer", "support", "limit", "system"]


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    turn: int | None = Field(description="index into turns, or None for the whole transcript")
    dimension: str
    category: str
    severity: Severity
    evidence: str = Field(description="a quote from the transcript")
    explanation: str

    @field_validator("evidence", "explanation")
    @classmethod
    def _masked(cls, text: str) -> str:
        """Personal data (emails, phone, card numbers, IBANs) is masked in every finding, built
        by any check or read back from a store, so show, report and exports never print it."""
        from agents.checks.pii import mask_text  # agents.checks imports this module

        return mask_text(text)


class Verdict(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: VerdictLabel
    scores: dict[str, float] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    rationale: str = ""
    unjudged: list[str] = Field(
        default_factory=list, description="criteria/dimensions that need a judge model"
    )
    blame: Literal["simulator"] | None = Field(
        default=None,
        exclude_if=_unset,  # verdicts the support side earned serialise as before blame existed
        description="who caused a REVIEW/REJECT when it was not the support side: 'simulator' "
        "(the simulated customer); omitted from JSON when None",
    )
    # Not serialised: the transcript's `usage` block records these calls (as `llm.critic`).
    usage: list[dict[str, Any]] = Field(
        default_factory=list,
        exclude=True,
        description="model calls behind this verdict (the LLM judge): tokens, cost, cached",
    )


class ConversationPlan(BaseModel):
    """Everything needed to replay one conversation."""

    model_config = ConfigDict(frozen=True)

    id: str
    run_seed: int
    index: int
    seed: int
    scenario: Scenario
    persona: Persona
    edge_cases: tuple[EdgeCase, ...] = ()
    variables: dict[str, str] = Field(description="drawn variables plus persona built-ins")


class SimulatorFault(BaseModel):
    """One dropped attempt: its conversation seed, its label and what the customer did."""

    model_config = ConfigDict(frozen=True)

    seed: int
    label: VerdictLabel
    categories: list[str] = Field(description="the customer-side finding categories")
    reason: str = Field(description="the first customer-side finding's explanation")
    usage: dict[str, Any] = Field(
        default_factory=dict, description="the attempt's model usage (as a record's `usage`)"
    )


class ReplayLink(BaseModel):
    """Where a replayed conversation came from (`convsim test --replay`): the stored customer
    turns before turn `at` of conversation `id` in run `run_id` were sent to the bot verbatim,
    the rest was live."""

    model_config = ConfigDict(frozen=True)

    run: str = Field(description="the source run directory, as given")
    run_id: str
    id: str = Field(description="the source conversation (a run conversation or a fork)")
    at: int = Field(description="turns of the source before this one were the replayed prefix")
    customer_turns: int = Field(description="stored customer turns sent verbatim")


class Transcript(BaseModel):
    """The transcript record of DESIGN.md; fields may be added, never removed or renamed."""

    id: str
    run_id: str
    scenario_id: str
    persona: Persona
    edge_cases: list[str]
    seed: int
    variables: dict[str, str] = Field(default_factory=dict)
    turns: list[Turn]
    outcome: Outcome
    verdict: Verdict | None = None
    usage: dict[str, Any] = Field(default_factory=dict)
    # Records without a re-run or a replay serialise as before those existed.
    simulator_faults: list[SimulatorFault] = Field(
        default_factory=list,
        exclude_if=_empty,
        description="earlier attempts of this plan dropped because the simulated customer "
        "caused the failure; this record is the re-run (omitted from JSON when empty)",
    )

    replay: ReplayLink | None = Field(
        default=None,
        exclude_if=_unset,
        description="the source conversation of a replay (omitted from JSON when not one)",
    )


class Reply(BaseModel):
    """A role's move: the turn it says, its private memory afterwards, and an optional stop."""

    model_config = ConfigDict(frozen=True)

    turn: Turn
    memory: dict[str, Any] = Field(default_factory=dict)
    stop: Outcome | None = None


class Role(Protocol):
    """The engine seam: scripted, LLM and bot-target roles all implement this.

    `memory` is the role's own JSON-able state from its previous reply (empty at first); roles
    never mutate it, they return the new one. The other side's memory is never visible.
    """

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply: ...


def turn_rng_seed(plan_seed: int, role: str, turn_index: int) -> int:
    """A per-turn seed, so a turn's randomness does not depend on what ran before it."""
    digest = hashlib.blake2b(f"{plan_seed}:{role}:{turn_index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")
