"""`convsim run --rubric FILE`: the run's critic graded by a rubric patch.

Apart from `convsim grade` (which takes the same patch) because it changes a run's engines:
the patch's content hash joins the critic's engine name, so a run made with another rubric is
not resumed with this one, and worker processes rebuild the patched critic from a recipe.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from agents.critic import Critic
from simulator.errors import UserError
from simulator.run.runner import Engines


def with_rubric(engines: Engines, path: Path) -> Engines:
    """The run's engines with the critic graded by a rubric patch (`convsim run --rubric`).

    The patch's content hash joins the critic's engine name, so a run made with another
    rubric is not resumed with this one.
    """
    from agents.rubric import RubricError, load_patch
    from simulator.run.inputs import content_hash

    try:
        patch = load_patch(path)
    except RubricError as exc:
        raise UserError(f"--rubric {exc}") from exc
    bound = getattr(engines.grade, "__self__", None)
    critic = bound if isinstance(bound, Critic) else Critic()
    critic = dataclasses.replace(critic, patch=patch)
    grade = critic.agrade if critic.judge is not None else critic.grade
    names = {
        **engines.names,
        "critic": f"{engines.names['critic']}+rubric:{content_hash(patch)[:8]}",
    }
    # Workers (--workers) rebuild the same: the base engines' recipe, then this patch.
    recipe = (
        ("simulator.quality.rubric", "rubric_engines", engines.recipe, path)
        if engines.recipe
        else None
    )
    return dataclasses.replace(engines, grade=grade, names=names, recipe=recipe)


def rubric_engines(recipe: tuple[Any, ...], path: Path) -> Engines:
    """In a worker process: the base engines from their recipe, graded by the rubric."""
    from simulator.run.convworker import build_from

    return with_rubric(build_from(recipe), path)
