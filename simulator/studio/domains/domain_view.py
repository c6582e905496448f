"""The Domain page's left half: the tables with their records (cells editable) and the tools,
each problem shown where it points (a record's row, a table, a tool), in lint's words."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from scenarios.domains.loader import LoadedDomain
from scenarios.schema.problems import Problem
from simulator.studio.pages.pages import esc

__all__ = ["MAX_ROWS", "view_html"]

MAX_ROWS = 300  # records shown per table; the rest stay editable in the YAML


def _place(problem: Problem, shown: str) -> tuple[str, ...]:
    """Where a problem is shown: ("record", table, i), ("table", t), ("tool", i) or ()."""
    if problem.file != shown:
        return ()
    field = problem.field
    if field.startswith("tables."):
        table = field[len("tables.") :].split(".")[0].split("[")[0]
        rest = field[len("tables.") + len(table) :]
        if rest.startswith(".records["):
            return ("record", table, rest[len(".records[") :].split("]")[0])
        return ("table", table)
    if field.startswith("tools["):
        return ("tool", field[len("tools[") :].split("]")[0])
    return ()


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _problems(items: Sequence[Problem]) -> str:
    """Lint's lines; its warnings (which block nothing) in amber, prefixed `warning:`."""
    return "".join(
        f"<div class='{'warning' if p.warning else 'problem'}'>{esc(p)}</div>" for p in items
    )


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _table(
    name: str,
    spec: dict[str, Any],
    loaded: LoadedDomain | None,
    where: dict[tuple[str, ...], list[Problem]],
    readonly: bool = False,
) -> str:
    columns = _dict(spec.get("columns"))
    key = spec.get("key")
    records = spec.get("records")
    head = (
        f"<h3>table {esc(name)}</h3>"
        f"{_problems(where.get(('table', name), []))}"
        f"<p class='note'>each record is found by its <b>{esc(key)}</b>; columns: "
        + ", ".join(f"{esc(c)} ({esc(t)})" for c, t in columns.items())
        + "</p>"
    )
    editable = isinstance(records, list) and not readonly
    if isinstance(records, list):
        rows: list[Any] = _list(records)
    elif loaded is not None and name in loaded.tables:
        rows = loaded.rows(name)
        source = esc(records or spec.get("documents"))
        head += f"<p class='note'>records from {source} (read only here)</p>"
    else:
        wait = "shown once the file has no problems"
        return head + f"<p class='note'>records from {esc(records)}: {wait}</p>"
    names = list(columns) or sorted({k for r in rows if isinstance(r, dict) for k in r})
    out = [f"<th>{esc(c)}</th>" for c in names]
    lines = [f"<table class='records' data-t='{esc(name)}'><tr><th>#</th>{''.join(out)}</tr>"]
    for i, record in enumerate(rows[:MAX_ROWS]):
        record = record if isinstance(record, dict) else {}
        found = where.get(("record", name, str(i)), [])
        cells = []
        for column in names:
            text = esc(_value(record.get(column)))
            if editable:
                ident = esc(f"c-{name}-{i}-{column}")
                cells.append(
                    f"<td><input class='cell' id='{ident}' data-t='{esc(name)}' data-i='{i}' "
                    f"data-c='{esc(column)}' value='{text}'></td>"
                )
            else:
                cells.append(f"<td>{text}</td>")
        bad = " class='bad'" if any(not p.warning for p in found) else ""
        bad = bad or (" class='warn'" if found else "")
        lines.append(f"<tr{bad}><td>{i}</td>{''.join(cells)}</tr>")
        if found:
            lines.append(f"<tr><td></td><td colspan='{len(names)}'>{_problems(found)}</td></tr>")
    lines.append("</table>")
    for i in range(MAX_ROWS, len(rows)):  # a problem further down is still shown
        lines.append(_problems(where.get(("record", name, str(i)), [])))
    if len(rows) > MAX_ROWS:
        lines.append(f"<p class='note'>first {MAX_ROWS} of {len(rows)} records shown</p>")
    if editable:
        lines.append(
            f"<p><input class='newkey' data-t='{esc(name)}' placeholder='{esc(key)} of a new "
            f"record' style='width:16em'> <button class='addrec' data-t='{esc(name)}'>add record"
            "</button></p>"
        )
    return head + "".join(lines)


_TABLE = re.compile(r"(?i)\b(update|insert\s+into|delete\s+from|from)\s+([A-Za-z_]\w*)")
_VERBS = {"update": "changes", "insert": "adds to", "delete": "removes from"}


def _sql(statement: object) -> str:
    """The SQL itself, as secondary detail: folded away for readers who do not read SQL."""
    return f" <details><summary>SQL</summary><code>{esc(statement)}</code></details>"


def _changes(effect: str) -> str:
    found = _TABLE.search(effect)
    if not found or found.group(1).lower() == "from":
        return "changes the records"
    return f"{_VERBS[found.group(1).split()[0].lower()]} the <b>{esc(found.group(2))}</b> records"


def _tool(
    i: int, tool: Any, where: dict[tuple[str, ...], list[Problem]], readonly: bool = False
) -> str:
    if not isinstance(tool, dict):
        return f"<h3>tool {i}</h3>{_problems(where.get(('tool', str(i)), []))}"
    params = _dict(tool.get("parameters"))
    required = _list(params.get("required"))
    args = "".join(
        f"<li><b>{esc(p)}</b> ({esc(_dict(s).get('type'))})"
        f"{' required' if p in required else ''}"
        f"{': ' + esc(_dict(s)['description']) if _dict(s).get('description') else ''}</li>"
        for p, s in _dict(params.get("properties")).items()
    )
    sql = []
    for req in _list(tool.get("requires")):
        if isinstance(req, dict):
            sql.append(
                f"<div>refuses, saying “{esc(req.get('error'))}”, unless a check on the "
                f"records holds{_sql(req.get('sql'))}</div>"
            )
    for effect in _list(tool.get("effects")):
        sql.append(f"<div>{_changes(str(effect))}{_sql(effect)}</div>")
    if tool.get("returns"):
        found = _TABLE.search(str(tool["returns"]))
        located = f" in the {esc(found.group(2))} records" if found else ""
        sql.append(f"<div>answers with what it finds{located}{_sql(tool.get('returns'))}</div>")
    if tool.get("python"):
        sql.append(
            f"<div>works by Python code (<code>{esc(tool.get('python'))}</code>): edited by a "
            "programmer, not here</div>"
        )
    described = esc(tool.get("description") or "")
    return (
        f"<div class='tool'><h3>tool {esc(tool.get('name'))}</h3>"
        f"{_problems(where.get(('tool', str(i)), []))}"
        f"<label for='td-{i}'>What the agent is told it does</label>"
        + (
            f"<p>{described}</p>"
            if readonly
            else f"<textarea class='tooldesc' id='td-{i}' data-i='{i}' rows='2'>{described}"
            "</textarea>"
        )
        + "<p class='note'>what support gives it:</p>"
        f"<ul>{args or '<li>no arguments</li>'}</ul>{''.join(sql)}</div>"
    )


def view_html(
    data: dict[str, Any] | None,
    problems: Sequence[Problem],
    shown: str,
    loaded: LoadedDomain | None,
    *,
    readonly: bool = False,
) -> str:
    """The tables and tools of the YAML as it is now, with its problems at their places
    (`readonly`: a built-in domain, shown and not edited)."""
    where: dict[tuple[str, ...], list[Problem]] = {}
    for p in problems:
        where.setdefault(_place(p, shown), []).append(p)
    if data is None:
        return "<p class='note'>The file does not read yet: fix the problem shown on the right.</p>"
    parts = [_problems(where.get((), []))]
    parts.append(f"<p><b>{esc(data.get('name'))}</b>: {esc(data.get('description') or '')}</p>")
    tables = _dict(data.get("tables"))
    parts.append("<h2>Tables</h2>")
    for name, spec in tables.items():
        if isinstance(spec, dict):
            parts.append(_table(str(name), spec, loaded, where, readonly))
        else:
            parts.append(f"<h3>table {esc(name)}</h3>{_problems(where.get(('table', name), []))}")
    tools = _list(data.get("tools"))
    parts.append("<h2>Tools</h2>")
    parts += [_tool(i, tool, where, readonly) for i, tool in enumerate(tools)]
    placed = {k for k in where if k}
    shown_places: set[tuple[str, ...]] = {("table", str(n)) for n in tables}
    shown_places |= {("tool", str(i)) for i in range(len(tools))}
    shown_places |= {k for k in placed if k[0] == "record" and k[1] in tables}
    leftovers = [p for k in placed - shown_places for p in where[k]]
    return _problems(leftovers) + "".join(parts)
