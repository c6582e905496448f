"""What a correct conversation leaves behind in the scenario's world (`expect`).

Kept apart from the conversation's own parts (what the customer wants, what support may
say): these are checked against the domain's records and tool calls after the conversation
(`scenarios.domains.expect`), never read while it is being played.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from scenarios.conditions import Condition
from scenarios.strict import Strict


class ExpectedAction(Strict):
    """A tool call a correct conversation makes, in order; `when` limits it to the
    conversations whose variables meet the conditions."""

    tool: str
    arguments: dict[str, Any] = Field(
        default_factory=dict, description="argument -> value; text may hold {variable}"
    )
    when: dict[str, Condition] = Field(default_factory=dict)


class RecordAssertion(Strict):
    """What one record looks like after a correct conversation."""

    table: str
    key: str | int = Field(description="the record's key; text may hold {variable}")
    fields: dict[str, str | int | float | bool | None] = Field(
        default_factory=dict, description="column -> expected value; text may hold {variable}"
    )
    exists: bool = Field(default=True, description="false: the record must not exist")
    when: dict[str, Condition] = Field(default_factory=dict)


class Expect(Strict):
    """What a correct conversation leaves behind in the scenario's world."""

    actions: list[ExpectedAction] = Field(
        default_factory=list, description="the tool calls; the expected end state replays them"
    )
    records: list[RecordAssertion] = Field(default_factory=list)
    outputs: list[str] = Field(
        default_factory=list,
        description="text support must say (lower-cased, commas removed, in one message)",
    )
