"""Rubrics: what the critic grades, on which dimensions, and how scores become a label.

A rubric is data a person authors (the packaged default is `agents/rubrics/default.yaml`). A
scenario (`rubric:` key) or a run (`--rubric FILE`) changes it with a `RubricPatch`: add a
dimension, change a dimension's judge instructions or thresholds, switch one off, or change
the verdict policy. Patches are applied in order default -> run -> scenario, the most specific
last. Plain data with validation, so scenarios can carry one without importing the critic.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SeverityName = Literal["critical", "major", "minor"]
Source = Literal["checks", "judge", "both"]
Score = float


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dimension(_Strict):
    """One graded dimension. `source` says who scores it: the deterministic checks, the LLM
    judge, or both (then the lower score counts and a wide gap is a disagreement)."""

    description: str
    source: Source = "checks"
    judge: str | None = Field(default=None, description="what the judge looks for (1-5)")
    review_at_or_below: Score | None = Field(default=None, ge=1, le=5)
    reject_at_or_below: Score | None = Field(default=None, ge=1, le=5)


def _severities(*names: SeverityName) -> list[SeverityName]:
    return list(names)


class VerdictPolicy(_Strict):
    """How findings and scores become ACCEPT / REVIEW / REJECT (ERROR is never graded)."""

    reject_on: list[SeverityName] = Field(default_factory=lambda: _severities("critical"))
    review_on: list[SeverityName] = Field(default_factory=lambda: _severities("major"))
    review_at_or_below: Score = Field(default=2, ge=1, le=5)
    reject_at_or_below: Score | None = Field(default=None, ge=1, le=5)
    review_on_disagreement: bool = True
    disagreement_gap: Score = Field(default=2, ge=1, le=4)
    review_when_unjudged: bool = False


class Rubric(_Strict):
    id: str
    description: str = ""
    dimensions: dict[str, Dimension] = Field(min_length=1)
    verdict: VerdictPolicy = Field(default_factory=VerdictPolicy)

    def apply(self, patch: RubricPatch | None) -> Rubric:
        if patch is None:
            return self
        dimensions = dict(self.dimensions)
        for name, change in patch.dimensions.items():
            if change is None or change.enabled is False:
                dimensions.pop(name, None)
                continue
            given = change.model_dump(exclude_unset=True, exclude={"enabled"})
            if name in dimensions:
                dimensions[name] = dimensions[name].model_copy(update=given)
            else:
                dimensions[name] = Dimension.model_validate(given)
        verdict = self.verdict
        if patch.verdict is not None:
            verdict = verdict.model_copy(update=patch.verdict.model_dump(exclude_unset=True))
        return Rubric(
            id=self.id if patch.id is None else patch.id,
            description=self.description,
            dimensions=dimensions,
            verdict=verdict,
        )


class DimensionPatch(_Strict):
    """A change to one dimension; a new dimension needs at least `description`."""

    enabled: bool | None = None
    description: str | None = None
    source: Source | None = None
    judge: str | None = None
    review_at_or_below: Score | None = Field(default=None, ge=1, le=5)
    reject_at_or_below: Score | None = Field(default=None, ge=1, le=5)


class PolicyPatch(_Strict):
    reject_on: list[SeverityName] | None = None
    review_on: list[SeverityName] | None = None
    review_at_or_below: Score | None = Field(default=None, ge=1, le=5)
    reject_at_or_below: Score | None = Field(default=None, ge=1, le=5)
    review_on_disagreement: bool | None = None
    disagreement_gap: Score | None = Field(default=None, ge=1, le=4)
    review_when_unjudged: bool | None = None


class RubricPatch(_Strict):
    """Changes on top of a rubric. `dimensions: {name: null}` removes a dimension."""

    id: str | None = None
    dimensions: dict[str, DimensionPatch | None] = Field(default_factory=dict)
    verdict: PolicyPatch | None = None
