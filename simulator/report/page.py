"""HTML pieces of the report. Every text from a run is escaped: transcripts are data.

No external URL anywhere (no fonts, scripts or stylesheets from a CDN): the file opens offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from html import escape
from typing import Any

from agents.checks.pii import mask_text
from agents.types import ToolCall, Turn
from simulator.commands.toolview import calls_line, result_line

CSS = """
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#222;
background:#fafafa}
main{max-width:1180px;margin:auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 2px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;
padding-bottom:4px}h3{font-size:14px;margin:14px 0 6px}
.sub{color:#666;margin:0 0 12px}
.tiles{display:flex;gap:10px;flex-wrap:wrap;margin:10px 0}
.tile{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:8px 14px;min-width:120px}
.tile b{display:block;font-size:20px}.tile span{color:#666;font-size:12px}
.grid{display:flex;flex-wrap:wrap;gap:12px}
figure{margin:0;background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:6px}
figure img{display:block;max-width:100%}
table{border-collapse:collapse;background:#fff;margin:6px 0;font-size:13px}
td,th{border:1px solid #e3e3e3;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}
.label{font-weight:600;padding:0 5px;border-radius:3px;color:#fff}
.ACCEPT{background:#2e7d32}.REVIEW{background:#f9a825}.REJECT{background:#c62828}
.ERROR{background:#6a1b9a}.none{background:#9e9e9e}
.conv{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:8px 12px;margin:12px 0}
.turn{margin:3px 0;padding:3px 8px;border-left:3px solid #ccc;white-space:pre-wrap}
.turn.customer{border-color:#1565c0}.turn.support{border-color:#2e7d32}
.turn.flagged{background:#fff3e0;border-color:#ef6c00}
.who{font-weight:600;color:#555;margin-right:6px}
.finding{margin:2px 0}.critical{color:#c62828}.major{color:#ef6c00}.minor{color:#666}
.note{color:#666;font-size:13px}
"""


def label(value: str | None) -> str:
    name = value or "none"
    return f'<span class="label {escape(name)}">{escape(name)}</span>'


def tiles(items: Iterable[tuple[str, str]]) -> str:
    cells = "".join(f"<div class=tile><b>{escape(v)}</b><span>{escape(k)}</span></div>"
                    for k, v in items)  # fmt: skip
    return f"<div class=tiles>{cells}</div>"


def figure(uri: str, alt: str) -> str:
    return f'<figure><img src="{uri}" alt="{escape(alt)}"></figure>'


def number(value: float) -> str:
    """Three decimals; a small non-zero value (a judge's cost in dollars) keeps two significant
    digits instead of showing as 0.000."""
    if value and abs(value) < 0.0005:
        return f"{Decimal(f'{value:.2g}'):f}"
    return f"{value:.3f}"


def table(header: Sequence[str], rows: Iterable[Sequence[Any]], raw: bool = False) -> str:
    """A table; cells are escaped unless `raw` (cells built here, already escaped)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for cell in row:
            if isinstance(cell, float):
                cells.append(f"<td class=num>{number(cell)}</td>")
            elif isinstance(cell, int):
                cells.append(f"<td class=num>{cell}</td>")
            else:
                cells.append(f"<td>{cell if raw else escape(str(cell))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def anchor(conversation_id: str, turn: int | None = None) -> str:
    base = f"c-{conversation_id}"
    return base if turn is None else f"{base}-t{turn}"


def transcript(record: Mapping[str, Any], final: str | None) -> str:
    """One transcript with its findings; each finding links to the turn it quotes."""
    cid = str(record["id"])
    verdict = record.get("verdict") or {}
    findings = list(verdict.get("findings", []))
    flagged = {f.get("turn") for f in findings}
    outcome = record.get("outcome") or {}
    persona = record.get("persona") or {}
    parts = [
        f'<div class=conv id="{escape(anchor(cid))}">',
        f"<h3>{escape(cid)} · {escape(str(record.get('scenario_id')))} {label(final)}</h3>",
        f"<div class=note>outcome {escape(str(outcome.get('status')))}: "
        f"{escape(str(outcome.get('reason', '')))} · persona {escape(str(persona.get('tone')))}, "
        f"{escape(str(persona.get('patience')))} patience · edge cases "
        f"{escape(', '.join(record.get('edge_cases', [])) or 'none')}</div>",
    ]
    if findings:
        parts.append("<div>")
        for f in findings:
            turn = f.get("turn")
            where = (f'<a href="#{escape(anchor(cid, turn))}">turn {turn}</a>'
                     if turn is not None else "whole transcript")  # fmt: skip
            parts.append(
                f'<div class="finding {escape(str(f.get("severity")))}">'
                f"{escape(str(f.get('severity')))} {escape(str(f.get('dimension')))}/"
                f"{escape(str(f.get('category')))} ({where}): "
                f"{escape(mask_text(str(f.get('explanation'))))}"
                f" <i>“{escape(mask_text(str(f.get('evidence', ''))))}”</i></div>"
            )
        parts.append("</div>")
    if verdict.get("rationale"):
        parts.append(f"<div class=note>{escape(str(verdict['rationale']))}</div>")
    calls = {
        str(c["id"]): ToolCall.model_validate(c)
        for t in record.get("turns", [])
        for c in t.get("tool_calls") or ()
    }
    for i, turn in enumerate(record.get("turns", [])):
        role = str(turn.get("role"))
        extra = " flagged" if i in flagged else ""
        parts.append(
            f'<div class="turn {escape(role)}{extra}" id="{escape(anchor(cid, i))}">'
            f"<span class=who>{i} {escape(role)}</span>{escape(turn_text(turn, calls))}"
            "</div>"
        )
    parts.append("</div>")
    return "\n".join(parts)


def turn_text(turn: Mapping[str, Any], calls: Mapping[str, ToolCall]) -> str:
    """What a turn says; a tool call as `name(args)`, a result as `name(args) -> result`."""
    content = str(turn.get("content", ""))
    if turn.get("role") == "tool":
        return result_line(Turn.model_validate(turn), dict(calls))
    if turn.get("tool_calls"):
        said = calls_line(Turn.model_validate(turn))
        return f"{content} ({said})" if content.strip() else said
    return content


def head(title: str) -> str:
    """The page up to its body's content; `tail()` closes it."""
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>\n<body><main>\n"
    )


def tail() -> str:
    return "</main></body></html>\n"


def document(title: str, body: Sequence[str]) -> str:
    return head(title) + "\n".join(body) + "\n" + tail()
