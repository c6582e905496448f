"""The scenario schema: what a domain expert writes in YAML for one kind of conversation.

Every model users author forbids extra keys (`scenarios.strict`), so a typo is an error
instead of a silently ignored setting. Templates (`{name}`) may only substitute variables;
nothing in a scenario file can run code. Conditions are data (`{gt: 30}`, `scenarios.conditions`),
not expressions. What a correct conversation leaves in the scenario's world
(`scenarios.expectations`), the success criteria (`scenarios.success`) and the edge-case
schema (`scenarios.edge_case_model`) live apart: they are checked, or loaded, at other times
than the conversation's own parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

from scenarios import localized as loc
from scenarios.conditions import Condition, condition_holds
from scenarios.expectations import Expect
from scenarios.memo import Memo
from scenarios.rubric import RubricPatch
from scenarios.strict import ID_PATTERN, NAME_PATTERN, Strict, drop_unset
from scenarios.success import Criterion, SupportAction

# Faker providers a scenario may draw from. A whitelist, because `getattr(faker, name)` on
# arbitrary names could reach methods that are not data generators (seeding, proxies ...).
FAKER_PROVIDERS: frozenset[str] = frozenset(
    {
        "bothify",
        "numerify",
        "lexify",
        "random_int",
        "pyfloat",
        "name",
        "first_name",
        "last_name",
        "company",
        "city",
        "country",
        "street_address",
        "postcode",
        "date",
        "date_this_year",
        "date_between",
        "future_date",
        "past_date",
        "time",
        "word",
        "color_name",
        "license_plate",
        "iban",
        "bban",
        "swift",
        "credit_card_provider",
        "credit_card_expire",
        "ean13",
        "isbn13",
        "job",
        "currency_code",
        "day_of_week",
        "month_name",
        "uuid4",
        "ipv4",
        "user_name",
        "domain_name",
        "url",
        "user_agent",
    }
)

# Template variables every scenario has, filled from the sampled persona's identity.
BUILTIN_VARIABLES: frozenset[str] = frozenset(
    {"customer_name", "first_name", "last_name", "email", "phone", "address", "city"}
)


_Lines = Annotated[list[str], WithJsonSchema(loc.lines_schema("what is said; one is chosen"))]


class Variable(Strict):
    """How one variable is drawn per conversation: exactly one of `choice`, `faker`, `range`,
    `record`.

    `record` draws from the scenario's world: a column (default: the key) of one row of the
    table, among the rows matching `where` (column -> a value, which may be a `{variable}`
    template of another variable, or a condition), picked by the conversation's seed.
    """

    choice: list[str | int | float] | None = Field(default=None, min_length=1)
    faker: str | None = None
    text: str | None = Field(default=None, description="pattern for bothify/numerify/lexify")
    args: dict[str, str | int | float | bool] = Field(default_factory=dict)
    range: tuple[int, int] | None = Field(default=None, description="inclusive integer range")
    record: str | None = Field(
        default=None, description="a table of the scenario's world to draw a record from"
    )
    column: str | None = Field(
        default=None, description="the record's column to use (default: the table's key)"
    )
    where: dict[str, str | bool | int | float | Condition] = Field(
        default_factory=dict,
        description="column -> value ({variable} templates allowed; true/false for a boolean "
        "column) or condition",
    )
    translations: dict[str, list[str | int | float]] = Field(
        default_factory=dict,
        description="language code -> the `choice` values as said in that language, in the "
        "same order (conditions test the `choice` value; lines in that language say this one)",
    )

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> Any:
        return drop_unset(handler(self), ("record", "column", "where", "translations"))

    @model_validator(mode="after")
    def _one_source(self) -> Variable:
        sources = ("choice", "faker", "range", "record")
        given = [k for k in sources if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of choice, faker, range, record")
        if self.record is None and (self.column is not None or self.where):
            raise ValueError("column and where are only used with record")
        if self.faker is not None and self.faker not in FAKER_PROVIDERS:
            raise ValueError(f"faker provider '{self.faker}' is not allowed")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError("range must be [low, high] with low <= high")
        if self.translations and self.choice is None:
            raise ValueError("translations are only used with choice")
        for code, values in self.translations.items():
            if not loc.LANGUAGE_CODE.match(code):
                raise ValueError(
                    f"translations: '{code}' is not a language code; use a two-letter ISO "
                    "code like 'es'"
                )
            if self.choice is not None and len(values) != len(self.choice):
                raise ValueError(
                    f"translations.{code} has {len(values)} values but choice has "
                    f"{len(self.choice)}; give one per choice, in the same order"
                )
        return self

    def said_in(self, value: str, language: str) -> str | None:
        """`value` (a drawn choice) as said in `language`, when translations give it."""
        values = self.translations.get(language)
        if not values or self.choice is None:
            return None
        for option, said in zip(self.choice, values, strict=True):
            if str(option) == value:
                return str(said)
        return None


class CustomerSpec(Strict):
    goal: Annotated[
        str, WithJsonSchema(loc.text_schema("what the customer wants, in the customer's terms"))
    ]
    knows: Annotated[dict[str, str], WithJsonSchema(loc.knows_schema())] = Field(
        default_factory=dict
    )
    reveal_only_when_asked: list[str] = Field(default_factory=list)
    labels: Annotated[dict[str, str], WithJsonSchema(loc.labels_schema())] = Field(
        default_factory=dict
    )
    openings: Annotated[list[str], WithJsonSchema(loc.lines_schema("first messages"))] = Field(
        min_length=1
    )
    translations: loc.Translations = Field(default_factory=dict)
    label_translations: loc.LabelTranslations = Field(default_factory=dict)
    knows_translations: loc.LabelTranslations = Field(default_factory=dict)
    goal_translations: loc.TextTranslations = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, data: Any) -> Any:
        data = loc.split_lines(data, "openings")
        data = loc.split_text(data, "goal", "goal_translations")
        data = loc.split_per_language(data, "labels", "label_translations")
        return loc.split_per_language(data, "knows", "knows_translations")

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> Any:
        keys = ("translations", "label_translations", "knows_translations", "goal_translations")
        return drop_unset(handler(self), keys)

    def goal_in(self, language: str) -> str:
        """The goal as written for `language` (`goal: {en: ..., de: ...}`), else the default
        one: what an LLM customer of that language is briefed with."""
        return self.goal_translations.get(language) or self.goal


class Spoken(Strict):
    """A part of a scenario with one list of lines that may be given per language.

    `SPOKEN` names that field. Written as a mapping (`say: {en: [...], es: [...]}`) it is
    read as the default lines plus `translations` (each subclass declares that field last,
    so its place in dumps and the JSON schema stays where it was); `translations` is left
    out of dumps while empty, so a file without them hashes as it always did.
    """

    SPOKEN: ClassVar[str]

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, data: Any) -> Any:
        return loc.split_lines(data, cls.SPOKEN)

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> Any:
        return drop_unset(handler(self), ("translations",))


class KnowledgeItem(Spoken):
    SPOKEN = "answer"

    id: str = Field(pattern=NAME_PATTERN)
    keywords: list[str] = Field(
        min_length=1, description="words that show a question is about this"
    )
    answer: Annotated[
        list[str], WithJsonSchema(loc.lines_schema("answers support may give; one is chosen"))
    ] = Field(min_length=1)
    translations: loc.Translations = Field(default_factory=dict)


class Rule(Spoken):
    """What support does once verification is done: the first rule whose `when` holds wins."""

    SPOKEN = "say"

    when: dict[str, Condition] = Field(default_factory=dict)
    action: SupportAction
    say: _Lines = Field(min_length=1)
    reason: str | None = Field(default=None, description="why, for refusals and escalations")
    confirm: Annotated[
        list[str],
        WithJsonSchema(
            loc.lines_schema(
                "asks first: support says one of these questions (a fee, what will change) "
                "and takes the action only once the customer agrees"
            )
        ),
    ] = Field(default_factory=list)
    translations: loc.Translations = Field(default_factory=dict)
    confirm_translations: loc.Translations = Field(default_factory=dict)
    offer: str | None = Field(
        default=None,
        description="refuses and offers something else: what support offers instead, in a "
        "few words (a place on the cancellation list); a refusing rule only. Support asks "
        "whether to arrange it and, on a yes, does (the conversation ends resolved)",
    )

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, data: Any) -> Any:
        return loc.split_lines(loc.split_lines(data, "say"), "confirm", "confirm_translations")

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> Any:
        keys = ("translations", "confirm", "confirm_translations", "offer")
        return drop_unset(handler(self), keys)


class SupportSpec(Strict):
    policy: str = Field(description="the policy in prose, as an agent would be briefed")
    knowledge: list[KnowledgeItem] = Field(default_factory=list)
    verify: list[str] = Field(
        default_factory=list, description="facts support must obtain and check before acting"
    )
    rules: list[Rule] = Field(min_length=1)

    def rule_for(self, values: Mapping[str, str]) -> Rule | None:
        """The first rule whose `when` holds over a conversation's values; a condition on a
        value it lacks does not hold (the scripted support reports that scenario error)."""
        for rule in self.rules:
            if all(n in values and condition_holds(values[n], c) for n, c in rule.when.items()):
                return rule
        return None


class Beat(Spoken):
    """An optional customer move, taken when support's last action matches `after`."""

    SPOKEN = "say"

    id: str = Field(pattern=NAME_PATTERN)
    after: Literal["open", "resolve", "refuse", "answer", "any"] = "resolve"
    say: _Lines = Field(min_length=1)
    asks: str | None = Field(default=None, description="knowledge id the customer asks about")
    probability: float = Field(default=1.0, ge=0.0, le=1.0)
    translations: loc.Translations = Field(default_factory=dict)


class Scenario(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    domain: str = Field(pattern=NAME_PATTERN)
    intent: str = Field(pattern=NAME_PATTERN)
    description: str | None = None
    variables: dict[str, Variable] = Field(default_factory=dict)
    customer: CustomerSpec
    persona: dict[str, list[str]] = Field(
        default_factory=dict, description="trait -> allowed values for the sampled persona"
    )
    support: SupportSpec
    flow: list[Beat] = Field(default_factory=list)
    success: list[Criterion] = Field(default_factory=list)
    edge_cases: list[str] = Field(default_factory=list)
    max_turns: int = Field(default=12, ge=2, le=60, description="customer turns at most")
    rubric: RubricPatch | None = Field(
        default=None, description="changes to the critic's rubric for this scenario"
    )
    world: str | None = Field(
        default=None,
        pattern=NAME_PATTERN,
        description="the domain (records and tools) support works on: domains/<world>.yaml",
    )
    expect: Expect | None = Field(
        default=None, description="what a correct conversation does in the world"
    )
    # The domain file `world` resolved to when the loader read this scenario (not data: it
    # is never dumped; pickled with the scenario so a plan worker finds the same file).
    _domain_file: Path | None = PrivateAttr(default=None)

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> Any:
        return drop_unset(handler(self), ("world", "expect"))

    def __eq__(self, other: object) -> bool:  # where the file was found is not content
        if not isinstance(other, Scenario):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(self.id)

    def label(self, fact: str) -> str:
        return self.customer.labels.get(fact, fact.replace("_", " "))

    def label_in(self, fact: str, language: str) -> str | None:
        """How people say `fact` in `language`, when the scenario says (else None)."""
        return self.customer.label_translations.get(language, {}).get(fact)

    def languages(self) -> set[str]:
        """The languages the scenario has all its spoken lines in (openings, knowledge
        answers, rule and flow `say`, rule `confirm`): what the scripted engine can play it
        in. Worked out once per scenario object: the scripted roles ask on every turn."""
        return set(_languages(self))


def _scenario_languages(scenario: Scenario) -> frozenset[str]:
    c, s = scenario.customer, scenario.support
    found = loc.languages_of(c.openings, c.translations)
    spoken: list[KnowledgeItem | Rule | Beat] = [*s.knowledge, *s.rules, *scenario.flow]
    for item in spoken:
        found &= loc.languages_of([], item.translations)
    for rule in s.rules:
        if rule.confirm:
            found &= loc.languages_of([], rule.confirm_translations)
    return frozenset(found)


_languages: Memo[Scenario, frozenset[str]] = Memo(_scenario_languages)
