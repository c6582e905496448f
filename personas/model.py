"""Persona types.

A persona is data only: how a customer writes (traits) and who they are (a synthetic identity
consistent with a locale). Agents decide what the traits mean for the text.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Identity(BaseModel):
    """A synthetic identity; every field comes from Faker for one locale, so they agree."""

    model_config = ConfigDict(frozen=True)

    locale: str
    first_name: str
    last_name: str
    name: str
    email: str
    phone: str
    address: str
    city: str
    age: int = Field(ge=18, le=100)


class Persona(BaseModel):
    """A sampled customer. Single-valued traits are strings; `quirks` may hold several."""

    model_config = ConfigDict(frozen=True)

    id: str
    identity: Identity
    tone: str
    patience: str
    verbosity: str
    tech_savviness: str
    language: str
    quirks: tuple[str, ...] = ()

    def trait(self, name: str) -> str | tuple[str, ...]:
        """The value of a trait by its library name (used by constraints and coverage)."""
        value: str | tuple[str, ...] = getattr(self, name)
        return value


class TraitSpec(BaseModel):
    """One trait of the library: its values, their sampling weights, single or multi-valued."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    values: list[str] = Field(min_length=1)
    weights: list[float] | None = None
    multi: bool = False
    max_values: int = Field(default=1, ge=1)
    none_weight: float = Field(default=0.0, ge=0.0)
    exclusive: list[list[str]] = Field(
        default_factory=list, description="groups of values never sampled together (multi)"
    )


class TraitLibrary(BaseModel):
    """The trait library file (`personas/traits.yaml`); user files with the same shape extend it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    traits: dict[str, TraitSpec]
    locales: dict[str, str] = Field(description="locale -> language code spoken there")
    language_weights: dict[str, float] | None = Field(
        default=None,
        description="language -> how often it is drawn when nothing asks for one (relative; "
        "a language not listed weighs 1)",
    )

    def language_weight(self, language: str) -> float:
        """How often `language` is drawn, relative to the others."""
        if self.language_weights is None:
            return 1.0
        return self.language_weights.get(language, 1.0)

    def names(self) -> dict[str, set[str]]:
        """Trait name -> allowed values: what scenario persona constraints are checked against.

        Besides the library traits this holds `language` (the languages of the locales) and,
        for multi-valued traits, `none` (the constraint value meaning "no values at all").
        """
        names = {name: set(spec.values) for name, spec in self.traits.items()}
        for name, spec in self.traits.items():
            if spec.multi:
                names[name].add("none")
        names["language"] = set(self.locales.values())
        return names
