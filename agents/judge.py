"""The LLM judge: grades the semantic dimensions the deterministic checks cannot decide.

The judge is a seam (`Judge`): `LLMJudge` asks a model for structured output through the LLM
layer (anything with `async structured(messages, schema) -> result` carrying `.value` and
`.usage`, i.e. `agents.llm.client.LLMClient`); `QueueClient` is the library's queue-driven
stand-in for that client, so tests drive the real prompt and parsing path without a network.
The call's usage rides on the answer (`JudgeOutput.usage`, outside the schema), so the
critic can put it on the Verdict and the conversation's record counts it.

The transcript is data to the judge. It goes in its own user message as a JSON array inside
<transcript> tags, with `<`, `>` and `&` escaped as JSON unicode escapes, so no turn can close
the tag or pose as part of the instructions; the system prompt says so. What the judge answers
is validated again by the critic (known dimensions, quotes that really occur in the turn).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from agents.prompts import render as render_prompt
from agents.types import ConversationPlan, Outcome, Turn
from scenarios.rubric import Dimension
from scenarios.templates import TemplateError, render

T = TypeVar("T", bound=BaseModel)


class JudgedScore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dimension: str
    score: int = Field(ge=1, le=5)


def _no_defaults(schema: dict[str, Any]) -> None:
    """OpenAI's strict mode refuses a schema with `default` (400: "'default' is not
    permitted"); every field is required there anyway. The Python defaults stay."""
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class JudgedCriterion(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_no_defaults)

    id: str
    met: bool
    turn: int | None = None
    evidence: str = ""


class JudgedFinding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    turn: int | None
    dimension: str
    category: str
    severity: Literal["major", "minor"]
    evidence: str
    explanation: str


class JudgeOutput(BaseModel):
    """The structured answer; `rationale` comes first so the model reasons before scoring."""

    model_config = ConfigDict(extra="forbid")

    rationale: str
    scores: list[JudgedScore] = Field(default_factory=list)
    criteria: list[JudgedCriterion] = Field(default_factory=list)
    findings: list[JudgedFinding] = Field(default_factory=list)
    _usage: list[dict[str, Any]] = PrivateAttr(default_factory=list)

    @property
    def usage(self) -> list[dict[str, Any]]:
        """The model calls behind this answer (tokens, cost, cached); outside the schema, so
        the model never sees it. The critic hands it to the Verdict, the runner to the
        transcript's `usage` block."""
        return self._usage


@dataclass(frozen=True)
class JudgeRequest:
    plan: ConversationPlan
    turns: Sequence[Turn]
    outcome: Outcome
    dimensions: Mapping[str, Dimension]  # the rubric's dimensions a judge scores
    criteria: Mapping[str, str]  # the scenario's `judge` criteria: id -> text


class Judge(Protocol):
    async def judge(self, request: JudgeRequest) -> JudgeOutput: ...


class StructuredResult(Protocol):
    @property
    def value(self) -> Any: ...

    @property
    def usage(self) -> dict[str, Any]: ...  # the call's tokens and cost ({} when unknown)


class StructuredClient(Protocol):
    """What the judge needs from `agents.llm.client.LLMClient`."""

    async def structured(
        self, messages: list[dict[str, str]], schema: type[Any]
    ) -> StructuredResult: ...


@dataclass(frozen=True)
class LLMJudge:
    client: StructuredClient
    name: str = "llm"

    async def judge(self, request: JudgeRequest) -> JudgeOutput:
        result = await self.client.structured(messages(request), JudgeOutput)
        value = result.value
        if not isinstance(value, JudgeOutput):
            value = JudgeOutput.model_validate(value)
        if result.usage:
            value = value.model_copy()  # never annotate an object the client may hand out again
            value._usage = [dict(result.usage)]
        return value


def messages(request: JudgeRequest) -> list[dict[str, str]]:
    """The system prompt (the critic's instructions) and the transcript as quoted data."""
    return [
        {"role": "system", "content": system_prompt(request)},
        {"role": "user", "content": transcript_block(request.turns)},
    ]


def system_prompt(request: JudgeRequest) -> str:
    plan = request.plan
    scenario = plan.scenario
    persona = plan.persona
    knowledge = " ".join(a for k in scenario.support.knowledge for a in k.answer[:1])
    return render_prompt(
        "critic_judge",
        policy=escape_data(_rendered(scenario.support.policy, plan.variables)),
        knowledge=escape_data(_rendered(knowledge, plan.variables)),
        goal=escape_data(_rendered(scenario.customer.goal, plan.variables)),
        persona=f"tone {persona.tone}, patience {persona.patience}, verbosity "
        f"{persona.verbosity}, tech-savviness {persona.tech_savviness}, language "
        f"{persona.language}",
        outcome=escape_data(f"{request.outcome.status} ({request.outcome.reason})"),
        dimensions=[(n, d.judge or d.description) for n, d in request.dimensions.items()],
        criteria=list(request.criteria.items()),
    )


def transcript_block(turns: Sequence[Turn]) -> str:
    """The turns as JSON rows. A support turn that calls tools shows its calls (name and
    arguments: which card or booking it wrote to is what a judge must see; its text alone
    is often empty), and a tool turn names the tool it answers."""
    rows: list[dict[str, object]] = []
    for i, t in enumerate(turns):
        row: dict[str, object] = {"i": i, "role": t.role, "content": t.content}
        if t.tool_calls:
            row["tool_calls"] = [{"name": c.name, "arguments": c.arguments} for c in t.tool_calls]
        if t.role == "tool" and t.name:
            row["name"] = t.name
        rows.append(row)
    data = escape_data(json.dumps(rows, ensure_ascii=False, indent=1))
    return f"<transcript>\n{data}\n</transcript>"


def escape_data(text: str) -> str:
    """No `<`, `>` or `&` survives, so data can never open or close a delimiting tag."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _rendered(template: str, values: Mapping[str, str]) -> str:
    try:
        return render(template, values)
    except TemplateError:
        return template


@dataclass
class _Result:
    value: Any
    usage: dict[str, Any] = field(default_factory=dict)


class QueueClient:
    """A queue-driven stand-in for the LLM client: each call pops the next answer.

    An answer is a pydantic model or dict (returned as the value), or an exception (raised, as
    the real client raises its LLMError subclasses). Calls are recorded with their messages.
    """

    def __init__(self, answers: Iterable[BaseModel | Mapping[str, Any] | Exception]) -> None:
        self.answers = deque(answers)
        self.calls: list[list[dict[str, str]]] = []

    async def structured(self, messages: list[dict[str, str]], schema: type[T]) -> _Result:
        self.calls.append(messages)
        if not self.answers:
            raise RuntimeError("QueueClient: no answer left for this call")
        answer = self.answers.popleft()
        if isinstance(answer, Exception):
            raise answer
        return _Result(schema.model_validate(answer) if isinstance(answer, Mapping) else answer)
