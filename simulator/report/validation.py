"""The report's section on `convsim validate`: the figures it wrote into the run directory.

The report does not validate (that needs the real logs, which the report never reads); it
shows the last `RUN/validation.json`, so the page and the terminal table tell the same story.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from simulator.report import page

RESULT_NAME = "validation.json"


def validation_section(run_dir: Path) -> list[str]:
    path = run_dir / RESULT_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        figures: list[dict[str, Any]] = list(data["figures"])
    except (OSError, ValueError, KeyError, TypeError):
        return []  # no validation yet (or an unreadable one): the section is left out
    gate = data.get("gate") or {}
    verdict = "passed" if gate.get("passed") else "failed: " + ", ".join(gate.get("failed", []))
    out = [
        "<h2>Validation against real logs</h2>",
        f"<p class=sub>{escape(str(data.get('synthetic_conversations')))} synthetic against "
        f"{escape(str(data.get('real_conversations')))} real conversations "
        f"({escape(str(data.get('real')))}; labels: {escape(str(data.get('real_labels')))}). "
        f"Gate {escape(verdict)}.</p>",
    ]
    rows = []
    for f in figures:
        bound = f.get("threshold") or {}
        limit = ", ".join(f"{k} {v:g}" for k, v in bound.items())
        status = f"{f.get('status') or ''} {f'({limit})' if limit else ''}".strip()
        measure = str(f.get("measure")) + (f"; {f['note']}" if f.get("note") else "")
        rows.append(
            [str(f.get("key")), _cell(f.get("value")), _cell(f.get("synthetic")),
             _cell(f.get("real")), status, measure]
        )  # fmt: skip
    out.append(page.table(["figure", "value", "synthetic", "real", "gate", "measure"], rows))
    return out


def _cell(value: Any) -> float | str:
    return float(value) if isinstance(value, (int, float)) else "-"
