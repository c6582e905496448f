"""A scenario's `success` criteria: what good support does, checked or judged.

Apart from `scenarios.model` because criteria are read at another time than the rest of a
scenario: the critic grades them after the conversation, and `when` decides per conversation
whether one applies at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from scenarios.conditions import Condition, condition_holds
from scenarios.strict import NAME_PATTERN, Strict, drop_unset

OutcomeStatus = Literal["resolved", "escalated", "abandoned", "max_turns", "error"]
SupportAction = Literal["resolve", "refuse", "escalate"]


class Check(Strict):
    """A deterministic success check over the transcript; exactly one field is given."""

    outcome: list[OutcomeStatus] | None = None
    support_action: SupportAction | None = None
    no_support_action: SupportAction | None = None
    requested: str | None = Field(default=None, description="support asked for this fact")
    verified_before_action: str | None = Field(
        default=None, description="the customer gave this fact before support acted"
    )
    support_says: str | None = Field(default=None, description="regex some support turn matches")
    support_avoids: str | None = Field(default=None, description="regex no support turn matches")

    @model_validator(mode="after")
    def _exactly_one(self) -> Check:
        given = [k for k, v in self.__dict__.items() if v is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one check, got {len(given)}")
        return self


class Criterion(Strict):
    """What good support does here: a deterministic `check` or a sentence a `judge` grades.
    With `when`, it applies only to the conversations whose variables meet the conditions
    ("where the parcel was already collected, support refuses"); elsewhere it is neither met
    nor missed."""

    id: str = Field(pattern=NAME_PATTERN)
    check: Check | None = None
    judge: str | None = Field(default=None, description="criterion an LLM judge grades")
    when: dict[str, Condition] = Field(
        default_factory=dict,
        description="applies only where these variables meet their conditions (as in "
        "support.rules); elsewhere the criterion is left out",
    )

    @model_validator(mode="after")
    def _check_or_judge(self) -> Criterion:
        if (self.check is None) == (self.judge is None):
            raise ValueError("give exactly one of check, judge")
        return self

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> Any:
        return drop_unset(handler(self), ("when",))

    def applies(self, values: Mapping[str, str]) -> bool | None:
        """Whether the criterion applies to a conversation with these variable values: None
        when a variable its `when` tests has no value (a graded log that does not give it),
        which leaves the criterion undecided, never passed."""
        if any(name not in values for name in self.when):
            return None
        return all(condition_holds(values[n], c) for n, c in self.when.items())
