"""What every schema a person writes shares: unknown keys are errors, ids have one form.

A typo in a scenario, an edge case or a domain file must fail loudly instead of being
ignored, so each authored model derives from `Strict`. Newer optional keys are left out of
dumps while empty (`drop_unset`): a file that does not use them hashes into run fingerprints
exactly as it did before they existed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$"
# A target file's `callable:` (agents.targets.model): an importable module, a colon, an attribute.
CALLABLE_PATTERN = r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$"
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def drop_unset(data: Any, keys: tuple[str, ...]) -> Any:
    """Leave newer optional keys out of a dump while they hold their empty default, so a
    file that does not use them dumps (and hashes into run fingerprints) exactly as before."""
    if isinstance(data, dict):
        for key in keys:
            if key in data and data[key] in (None, {}, []):
                del data[key]
    return data
