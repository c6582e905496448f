"""Bots under test: target files and the adapters that play the support role through them.

`load_target(path)` validates a target file (`file:line: field: message` problems);
`build_role(loaded)` returns the `agents.types.Role` for the support side.
"""

from __future__ import annotations

from collections.abc import Mapping

from agents.targets.base import BotReply, BotRequest, TargetRole
from agents.targets.errors import TargetError
from agents.targets.loader import LoadedTarget, TargetFileError, load_target
from agents.targets.model import HttpTarget, OpenAITarget, PythonTarget
from scenarios.schema.problems import Problem

__all__ = [
    "BotReply",
    "BotRequest",
    "LoadedTarget",
    "TargetError",
    "TargetFileError",
    "TargetRole",
    "build_role",
    "load_target",
]


def build_role(loaded: LoadedTarget, environ: Mapping[str, str] | None = None) -> TargetRole:
    """The support role for a loaded target; a Python target is imported here."""
    spec = loaded.spec
    if isinstance(spec, HttpTarget):
        from agents.targets.http import HttpAdapter

        return TargetRole(HttpAdapter(spec, environ))
    if isinstance(spec, OpenAITarget):
        from agents.targets.openai import OpenAIAdapter

        return TargetRole(OpenAIAdapter(spec))
    assert isinstance(spec, PythonTarget)
    from agents.targets.isolated import IsolatedPythonAdapter
    from agents.targets.python import ImportProblem, PythonAdapter, import_callable

    try:
        if spec.isolate:
            return TargetRole(IsolatedPythonAdapter(spec, loaded.folder))
        target = import_callable(spec, loaded.folder)
    except ImportProblem as e:
        line = _line(loaded, "callable")
        raise TargetFileError([Problem(str(loaded.file), line, "callable", str(e))]) from e
    return TargetRole(PythonAdapter(spec, target))


def _line(loaded: LoadedTarget, key: str) -> int:
    for number, text in enumerate(loaded.file.read_text(encoding="utf-8").splitlines(), 1):
        if text.split(":", 1)[0].strip() == key:
            return number
    return 1
