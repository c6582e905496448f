"""docs/edge-cases.md lists every packaged edge case as the library file says it.

Outsider 23 found no page naming the edge-case ids a scenario may list; the page is made from
scenarios/edge_cases.yaml so it cannot drift from it. `UPDATE_DOCS=1 pytest
tests/test_edge_cases_doc.py` rewrites it after a change to the library.
"""

from __future__ import annotations

import os
from pathlib import Path

from scenarios.edge_case_model import EdgeCase
from scenarios.edge_cases import load_edge_cases

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "edge-cases.md"

HEAD = """\
# The packaged edge cases

A scenario lists the ids of the edge cases that fit it under `edge_cases:`; the planner picks
among them for each conversation (docs/planner.md). This page is made from
`scenarios/edge_cases.yaml`, the library file; to add cases of your own, see
[scenarios.md](scenarios.md#your-own-edge-cases).

*Needs* is what a scenario must have for the case to make sense there (`verify`: facts
support verifies; `knowledge`: knowledge answers; `refuse_rule`: a rule that refuses); a
scenario that lacks it is not given the case. *Not with* lists cases that never happen in the
same conversation.

| id | category | what the customer does | needs | not with |
|---|---|---|---|---|
"""


def _row(case: EdgeCase) -> str:
    needs = ", ".join(case.requires) or "-"
    never = ", ".join(f"`{c}`" for c in case.incompatible_with) or "-"
    what = f"**{case.title}.** {case.description}".replace("|", "\\|")
    return f"| `{case.id}` | {case.category} | {what} | {needs} | {never} |\n"


def page() -> str:
    cases = sorted(load_edge_cases().edge_cases, key=lambda c: (c.category, c.id))
    return HEAD + "".join(_row(c) for c in cases)


def test_the_edge_case_page_is_the_library_file() -> None:
    if os.environ.get("UPDATE_DOCS"):
        PAGE.write_text(page(), encoding="utf-8")
    assert PAGE.read_text(encoding="utf-8") == page(), (
        "docs/edge-cases.md differs from scenarios/edge_cases.yaml: "
        "UPDATE_DOCS=1 pytest tests/test_edge_cases_doc.py rewrites it"
    )
