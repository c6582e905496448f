"""Scenario file validation: the generated JSON Schemas and the checks behind `convsim lint`.

`python -m scenarios.schema` regenerates `scenario.schema.json`, `edge_cases.schema.json`
and `domain.schema.json` in this folder from the pydantic models, so editors can check YAML
as it is typed:

    # yaml-language-server: $schema=../../schema/scenario.schema.json

A scenario may also carry a top-level `$schema` key; the loader ignores it.

Modules: `problems` (the `file:line: field: message` shape), `source` (YAML with lines),
`validate` (schema errors in plain words), `references` (checks between fields).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from scenarios.edge_case_model import EdgeCaseLibrary
from scenarios.model import Scenario

__all__ = ["FOLDER", "SCHEMAS", "render_schemas", "write_schemas"]

FOLDER = Path(__file__).parent
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "scenario.schema.json": (Scenario, "convsim scenario"),
    "edge_cases.schema.json": (EdgeCaseLibrary, "convsim edge-case library"),
}
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    body = model.model_json_schema()
    body["properties"] = {
        "$schema": {"type": "string", "description": "path or URL of this JSON Schema"},
        **body["properties"],
    }
    return {"$schema": _DIALECT, **body, "title": title}


def _all_schemas() -> dict[str, tuple[type[BaseModel], str]]:
    # The domain model is imported here, not at the top: scenarios.domains imports this
    # package's modules (problems, source, validate).
    from scenarios.domains.spec import DomainFile

    return {**SCHEMAS, "domain.schema.json": (DomainFile, "convsim domain")}


def render_schemas() -> dict[str, str]:
    """File name -> JSON text; deterministic, so the committed files can be compared."""
    return {
        name: json.dumps(_schema(model, title), indent=2, ensure_ascii=False) + "\n"
        for name, (model, title) in _all_schemas().items()
    }


def write_schemas(folder: Path = FOLDER) -> list[Path]:
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
