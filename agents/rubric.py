"""Loading rubrics and turning findings and scores into a label with the rubric's policy.

The models are in `scenarios.rubric` (a scenario may carry a patch); this module owns the
packaged default, reading user files with errors that name the file, and the verdict policy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from agents.types import Finding, Severity, VerdictLabel
from scenarios.rubric import Dimension, Rubric, RubricPatch
from scenarios.schema.source import YAMLFileError, load_yaml_file

DEFAULT_RUBRIC = Path(__file__).parent / "rubrics" / "default.yaml"
PENALTY: dict[Severity, float] = {"critical": 4.0, "major": 2.0, "minor": 1.0}


class RubricError(ValueError):
    """A rubric file that cannot be used; the message is one line naming the file and field."""


@lru_cache(maxsize=8)
def load_rubric(path: Path | None = None) -> Rubric:
    """The packaged default rubric, or a full rubric file."""
    return Rubric.model_validate(_read(path or DEFAULT_RUBRIC, Rubric))


def load_patch(path: Path) -> RubricPatch:
    """A run's rubric changes (`--rubric FILE`)."""
    return RubricPatch.model_validate(_read(path, RubricPatch))


def _read(path: Path, model: type[Rubric] | type[RubricPatch]) -> object:
    try:
        data = load_yaml_file(path)
    except YAMLFileError as exc:
        raise RubricError(str(exc.problem)) from exc
    try:
        model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise RubricError(
            f"{path}: {where}: {first['msg']}; see the RubricPatch/Rubric shape in "
            "scenarios/rubric.py"
        ) from exc
    return data


def effective_rubric(base: Rubric, *patches: RubricPatch | None) -> Rubric:
    for patch in patches:
        base = base.apply(patch)
    return base


def check_scores(rubric: Rubric, findings: Sequence[Finding]) -> dict[str, float]:
    """Scores from deterministic findings: 5 minus penalties, at least 1.

    Dimensions the rubric scores by checks get a score even when clean; a finding on a
    dimension the rubric does not list still scores it, so no finding goes unweighed.
    """
    penalties = {name: 0.0 for name, d in rubric.dimensions.items() if d.source != "judge"}
    for f in findings:
        penalties[f.dimension] = penalties.get(f.dimension, 0.0) + PENALTY[f.severity]
    return {d: max(1.0, 5.0 - p) for d, p in penalties.items()}


@dataclass(frozen=True)
class Decision:
    label: VerdictLabel
    because: str


def decide(
    rubric: Rubric,
    findings: Sequence[Finding],
    scores: Mapping[str, float],
    disagreements: Sequence[str] = (),
    unjudged: Sequence[str] = (),
) -> Decision:
    """The rubric's verdict policy, strictest rule first; `because` names the rule that fired."""
    policy = rubric.verdict
    for f in findings:
        if f.severity in policy.reject_on:
            return Decision("REJECT", f"a {f.severity} finding")
    for name, score in scores.items():
        limit = _threshold(rubric.dimensions.get(name), policy.reject_at_or_below, reject=True)
        if limit is not None and score <= limit:
            return Decision("REJECT", f"{name} scored {score:g} (reject at or below {limit:g})")
    for f in findings:
        if f.severity in policy.review_on:
            return Decision("REVIEW", f"a {f.severity} finding")
    for name, score in scores.items():
        limit = _threshold(rubric.dimensions.get(name), policy.review_at_or_below, reject=False)
        if limit is not None and score <= limit:
            return Decision("REVIEW", f"{name} scored {score:g} (review at or below {limit:g})")
    if disagreements and policy.review_on_disagreement:
        return Decision(
            "REVIEW", "the checks and the judge disagree on " + ", ".join(disagreements)
        )
    if unjudged and policy.review_when_unjudged:
        return Decision("REVIEW", "some criteria could not be judged")
    return Decision("ACCEPT", "")


def _threshold(dimension: Dimension | None, default: float | None, reject: bool) -> float | None:
    if dimension is not None:
        own = dimension.reject_at_or_below if reject else dimension.review_at_or_below
        if own is not None:
            return own
    return default
