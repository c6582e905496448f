"""Load a target file with every problem as `file:line: field: message`, like scenarios."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from agents.targets.model import (
    ENV_REF,
    KINDS,
    HttpTarget,
    OpenAITarget,
    PythonTarget,
    header_problem,
    is_loopback,
    template_problems,
)
from scenarios.inputfiles import describe
from scenarios.schema.problems import Problem, ScenarioError, visible
from scenarios.schema.source import read_yaml
from scenarios.schema.validate import validate

AnyTarget = HttpTarget | OpenAITarget | PythonTarget


class TargetFileError(ScenarioError):
    """The target file has problems; `.problems` lists all of them."""


@dataclass(frozen=True)
class LoadedTarget:
    spec: AnyTarget
    file: Path
    label: str  # the name reports use

    @property
    def folder(self) -> Path:
        return self.file.parent


def load_target(path: Path, environ: Mapping[str, str] | None = None) -> LoadedTarget:
    """Parse and validate; also checks that every ${VAR} a header names is set."""
    environ = os.environ if environ is None else environ
    file = str(path)
    if not path.is_file():
        fix = "give the path of a target YAML file"
        why = (path.exists() and describe(path, fix)) or f"{path}: no such target file; {fix}"
        raise TargetFileError([Problem(file, 0, "", why.removeprefix(f"{path}: "))])
    src = read_yaml(path, file)
    if src.problems:
        raise TargetFileError(src.problems)
    data = src.data
    if not isinstance(data, dict):
        raise TargetFileError(
            [Problem(file, 1, "", "expected a mapping with kind: http, openai or python")]
        )
    data = {k: v for k, v in data.items() if k != "$schema"}
    kind = data.get("kind")
    if kind not in KINDS:
        where = src.problem(
            ("kind",),
            f"must be 'http', 'openai' or 'python', got {kind!r}"
            if kind is not None
            else "required key is missing; give kind: http, openai or python",
        )
        raise TargetFileError([where])
    problems = []
    body = data.get("body")
    if kind == "http" and isinstance(body, dict):
        # Checked here too, so a bad placeholder is reported at its own line, not at `body`.
        bad = template_problems(body, ("body",))
        problems += [src.problem(loc, message) for loc, message in bad]
        if bad:
            data = {k: v for k, v in data.items() if k != "body"}
    spec, more = validate(KINDS[kind], src, data)
    problems += more
    if isinstance(spec, HttpTarget):
        for header, value in spec.headers.items():
            for m in ENV_REF.finditer(value):
                name = m.group(1)
                if name not in environ:
                    why = f"environment variable {name} is not set; export it before running"
                elif (unsendable := header_problem(environ[name])) is not None:
                    why = f"environment variable {name} {unsendable} (its value is not shown)"
                else:
                    continue
                problems.append(src.problem(("headers", header), why))
    if (
        isinstance(spec, OpenAITarget)
        and spec.api_key_env not in environ
        and not is_loopback(spec.base_url)  # a local server: no key needed (agents.llm KEYLESS)
    ):
        problems.append(
            src.problem(
                ("api_key_env",),
                f"environment variable {spec.api_key_env} is not set; export the API key in it",
            )
        )
    if problems or spec is None:
        raise TargetFileError(sorted(problems, key=lambda p: p.line))
    label = spec.name or visible(path.stem)  # a file name shown as it reads
    return LoadedTarget(spec, path, label)  # type: ignore[arg-type]
