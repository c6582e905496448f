"""Domains in the studio: check a domain file's unsaved text as `convsim lint` does, and edit
its records and tools' descriptions through the form, the YAML kept as the author wrote it.

A domain file must be named after its `name` and finds its data files beside it, so the text
is checked from a hidden copy that keeps the file's name (in a scratch folder of the
workspace) with the real folder as the base for data files; problems come back with the real
file name. Edits go through ruamel.yaml's round trip (comments, flow style, key order kept).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from scenarios import jsondata
from scenarios.domains.loader import DOMAINS_FOLDER, LoadedDomain, builtin_domains, check_domain
from scenarios.schema.problems import Problem
from scenarios.schema.source import read_yaml
from simulator.studio.editing.roundtrip import dump, round_trip_yaml

__all__ = [
    "add_record",
    "builtin_domain",
    "builtin_domain_names",
    "check_domain_text",
    "from_builtin",
    "load_for_form",
    "set_cell",
    "set_tool_description",
]


def check_domain_text(
    root: Path, path: Path, shown: str, text: str
) -> tuple[LoadedDomain | None, list[Problem]]:
    """Lint `text` as if saved at `path` (named `shown` in messages)."""
    scratch = root / ".studio"
    scratch.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="check-", dir=scratch))
    tmp = folder / path.name  # the file's name is part of the check (name == file name)
    try:
        tmp.write_text(text, encoding="utf-8")
        src = read_yaml(tmp, str(tmp))
        if src.problems:
            domain, problems = None, src.problems
        else:
            domain, problems = check_domain(src, path.parent)
        if domain is not None:
            domain.path = path
        # Lint's warnings too (a value YAML 1.1 and 1.2 read differently), as the scenario
        # editor shows them: `convsim lint` prints them for domain files in the same words.
        return domain, [
            Problem(
                shown if p.file == str(tmp) else _shown(root, p.file),
                p.line,
                p.field,
                p.message,
                warning=p.warning,
            )
            for p in [*problems, *src.warnings]
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _shown(root: Path, file: str) -> str:
    """A data file's problem names it relative to the workspace when it is inside."""
    try:
        return Path(file).resolve().relative_to(root).as_posix()
    except ValueError:
        return file


def load_for_form(text: str) -> dict[str, Any] | None:
    """The YAML as plain data for the page (None when it does not parse as a mapping)."""
    try:
        data = round_trip_yaml().load(text)
    except Exception:  # any YAML error: the page shows lint's message instead
        return None
    return data if isinstance(data, dict) else None


def _edit(text: str) -> tuple[YAML, Any]:
    yaml = round_trip_yaml()
    data = yaml.load(text)
    if not isinstance(data, dict):
        raise ValueError("the YAML is not a mapping of domain keys; fix it in the text")
    return yaml, data


def _records(data: CommentedMap, table: str) -> tuple[list[Any], dict[str, Any]]:
    spec = (data.get("tables") or {}).get(table)
    if not isinstance(spec, dict):
        raise ValueError(f"no table '{table}' in this domain")
    records = spec.get("records")
    if not isinstance(records, list):
        raise ValueError(f"table '{table}' keeps its records in a file; edit that file")
    columns = spec.get("columns")
    return records, columns if isinstance(columns, dict) else {}


def typed(value: str, kind: str, column: str) -> Any:
    """The text typed in a cell as the column's type; ValueError says what was expected."""
    text = value.strip()
    if text == "":
        return None
    try:
        if kind == "integer":
            return int(text)
        if kind == "real":
            return float(text)
        if kind == "json":
            return jsondata.parse(text)
    except ValueError as e:
        raise ValueError(f"{column}: '{text}' is not {_WORDS[kind]}") from e
    if kind == "boolean":
        lowered = text.lower()
        if lowered not in ("true", "false"):
            raise ValueError(f"{column}: '{text}' is not {_WORDS[kind]}")
        return lowered == "true"
    return text


_WORDS = {
    "integer": "a whole number",
    "real": "a number",
    "boolean": "true or false",
    "json": "JSON (text in double quotes)",
}


def set_cell(text: str, table: str, index: int, column: str, value: str) -> str:
    """`text` with one record's column set (an empty value removes it: null)."""
    yaml, data = _edit(text)
    records, columns = _records(data, table)
    if not 0 <= index < len(records) or not isinstance(records[index], dict):
        raise ValueError(f"table '{table}' has no record {index}")
    if column not in columns:
        raise ValueError(f"table '{table}' has no column '{column}'")
    new = typed(value, str(columns[column]), column)
    record = records[index]
    if new is None:
        record.pop(column, None)
    elif record.get(column) != new or type(record.get(column)) is not type(new):
        record[column] = new
    return dump(yaml, data)


def add_record(text: str, table: str, key_value: str) -> str:
    """`text` with a new record in `table` holding only its key (the rest: fill in the cells)."""
    yaml, data = _edit(text)
    records, columns = _records(data, table)
    key = str((data["tables"][table]).get("key", ""))
    if not key_value.strip():
        raise ValueError(f"give the new record's {key}")
    value = typed(key_value, str(columns.get(key, "text")), key)
    if any(isinstance(r, dict) and r.get(key) == value for r in records):
        raise ValueError(f"table '{table}' already has {key} {key_value.strip()}")
    record = CommentedMap([(key, value)])
    if records and getattr(records[-1], "fa", None) is not None and records[-1].fa.flow_style():
        record.fa.set_flow_style()  # like the records above it: one line each
    records.append(record)
    return dump(yaml, data)


def set_tool_description(text: str, index: int, value: str) -> str:
    yaml, data = _edit(text)
    tools = data.get("tools")
    if not isinstance(tools, list) or not 0 <= index < len(tools):
        raise ValueError(f"no tool {index} in this domain")
    if not isinstance(tools[index], dict):
        raise ValueError(f"tool {index} is not a mapping; fix it in the text")
    tools[index]["description"] = value.strip()
    return dump(yaml, data)


def builtin_domain_names() -> list[str]:
    return sorted(p.stem for p in builtin_domains().glob("*.yaml"))


def from_builtin(name: str, new_name: str) -> str:
    """A built-in domain's text with its `name` set to `new_name`, comments kept."""
    if name not in builtin_domain_names():
        raise ValueError(f"unknown built-in domain '{name}'")
    text = (builtin_domains() / f"{name}.yaml").read_text(encoding="utf-8")
    if new_name == name:
        return text
    yaml, data = _edit(text)
    data["name"] = new_name
    return dump(yaml, data)


def builtin_domain(name: str) -> tuple[str, LoadedDomain | None]:
    """A built-in domain's text and its loaded records (for records kept in data files)."""
    path = builtin_domains() / f"{name}.yaml"
    src = read_yaml(path, str(path))
    loaded = None if src.problems else check_domain(src, path.parent)[0]
    return path.read_text(encoding="utf-8"), loaded


def domain_file_name(name: str) -> str:
    return f"{DOMAINS_FOLDER}/{name}.yaml"
