"""Packaged prompt templates (Jinja2), rendered strictly: a missing variable is an error.

Templates only substitute and loop over data; scenario and persona text is passed in as values,
never compiled as a template, so nothing a scenario author writes can run.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

PROMPTS = Path(__file__).parent


@cache
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(PROMPTS),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # packaged files: no stat() of the file on every render
    )


@cache
def _template(name: str) -> Template:
    return _env().get_template(f"{name}.j2")


def render(name: str, **values: Any) -> str:
    """Render `agents/prompts/<name>.j2`; raises jinja2.UndefinedError on a missing value."""
    return _template(name).render(**values).strip()
