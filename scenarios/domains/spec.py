"""The domain file: what a domain expert writes to give support records and tools.

A domain is YAML (`<root>/domains/<name>.yaml`): tables of records and the tools an agent
may call on them. Tools are data: parameterised SQL bound to the call's arguments (never
text pasted into SQL), with preconditions that refuse with the error text the agent sees,
or the name of a registered Python function. Nothing in a domain file runs code.
`python -m scenarios.schema` writes `domain.schema.json` from these models.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from scenarios.localized import LANGUAGE_CODE
from scenarios.strict import NAME_PATTERN, Strict

__all__ = [
    "IDENT_PATTERN",
    "TOOL_PATTERN",
    "ColumnType",
    "DomainFile",
    "Requirement",
    "TableSpec",
    "ToolDecl",
]

IDENT_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"  # a table or column: usable in SQL unquoted
TOOL_PATTERN = r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$"  # what OpenAI accepts as a function name

ColumnType = Literal["text", "integer", "real", "boolean", "json"]
"""`boolean` is stored as 0/1 and `json` as canonical JSON text; tool results and record
assertions read them back as true/false and as JSON values."""


class TableSpec(Strict):
    """One table: a key column, typed columns and records (inline or from a file), or a
    document table (`documents: FILE.json`, an object key -> document)."""

    key: str = Field(pattern=IDENT_PATTERN, description="the column that identifies a record")
    columns: dict[str, ColumnType] = Field(
        default_factory=dict, description="column -> text, integer, real, boolean or json"
    )
    records: list[dict[str, Any]] | str | None = Field(
        default=None,
        description="the records, or a .json/.jsonl file of them relative to the domain file",
    )
    documents: str | dict[str, Any] | None = Field(
        default=None,
        description="a .json file (object key -> document) relative to the domain file; "
        "the table's columns are then the key and doc (canonical JSON)",
    )
    display: dict[str, dict[str, dict[str, str]]] = Field(
        default_factory=dict,
        description="column -> stored value -> language code -> how the value reads in "
        "that language ({membership: {gold: {es: oro, fr: or}}}); the record keeps its value, "
        "conversations in that language say this one",
    )

    @model_validator(mode="after")
    def _shape(self) -> TableSpec:
        if self.documents is not None:
            if self.columns or self.records is not None:
                raise ValueError("a document table has documents only, no columns or records")
        elif not self.columns:
            raise ValueError("give columns (and records), or documents")
        for column, values in self.display.items():
            if column not in self.columns:
                known = ", ".join(self.columns) or "none"
                raise ValueError(f"display.{column}: no such column (columns: {known})")
            for value, said in values.items():
                for code in said:
                    if not LANGUAGE_CODE.match(code):
                        raise ValueError(
                            f"display.{column}.{value}: '{code}' is not a language code; use "
                            "a two-letter ISO code like 'es'"
                        )
        return self


class Requirement(Strict):
    """A precondition: `sql` must return a row, else the tool refuses with `error`."""

    sql: str = Field(description="a SELECT with :named parameters")
    error: str = Field(description="what the agent is told; may hold {argument} templates")


class ToolDecl(Strict):
    """A tool: SQL (`requires`, `effects`, `returns`) or `python: <registered name>`."""

    name: str = Field(pattern=TOOL_PATTERN)
    description: str
    parameters: dict[str, Any] = Field(
        default_factory=lambda: {"type": "object", "properties": {}},
        description="JSON Schema (type: object) of the arguments",
    )
    requires: list[Requirement] = Field(
        default_factory=list, description="checked in order before any effect"
    )
    effects: list[str] = Field(
        default_factory=list,
        description="INSERT/UPDATE/DELETE statements run in one transaction",
    )
    returns: str | None = Field(
        default=None, description="a SELECT whose rows are the result the agent sees"
    )
    returns_as: Literal["rows", "row", "value"] = Field(
        default="rows",
        description="rows: a JSON list of objects; row: the first row (null if none); "
        "value: the first column of the first row",
    )
    python: str | None = Field(default=None, description="a registered Python tool instead of SQL")
    writes: bool | None = Field(
        default=None,
        description="whether the tool changes records; derived from effects for SQL tools",
    )

    @model_validator(mode="after")
    def _sql_or_python(self) -> ToolDecl:
        if self.python is not None:
            sql = [k for k in ("requires", "effects") if getattr(self, k)]
            if self.returns is not None:
                sql.append("returns")
            if sql:
                raise ValueError(f"a python tool takes no SQL ({', '.join(sql)})")
        else:
            if not (self.requires or self.effects or self.returns):
                raise ValueError("give requires, effects or returns (SQL), or python")
            if self.writes is not None:
                raise ValueError("writes is derived from effects for SQL tools; remove it")
        return self

    @property
    def is_write(self) -> bool:
        return bool(self.effects) if self.python is None else bool(self.writes)


class DomainFile(Strict):
    name: str = Field(pattern=NAME_PATTERN, description="what scenarios name in `world:`")
    description: str = ""
    tables: dict[str, TableSpec] = Field(min_length=1)
    tools: list[ToolDecl] = Field(default_factory=list)
