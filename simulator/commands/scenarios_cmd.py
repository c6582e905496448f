"""`convsim scenarios`: the scenarios a run or a bot test can use, by id.

Without it, the built-in library was found only by browsing the package's folder, and an id
given where a path goes looked like a typo. Every id printed here is accepted wherever a
scenario path is (`convsim test ecommerce/refund-damaged-item ...`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from scenarios.model import Scenario
from simulator.commands.common import user_errors
from simulator.run.inputs import load_inputs
from simulator.words import counted


@user_errors
def scenarios(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Scenario files, folders or built-in ids (default: the built-in library).",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="One JSON array on stdout: each scenario's id, title, domain, world, "
            "languages, checked and judge criteria, edge cases and max_turns.",
        ),
    ] = False,
) -> None:
    """List scenarios: id, languages, criteria (checked / judge), title."""
    inputs = load_inputs(tuple(paths or ()))
    if as_json:
        print(json.dumps([_entry(s) for s in inputs.scenarios], ensure_ascii=False, indent=2))
        return
    width = max(len(s.id) for s in inputs.scenarios)
    lang_width = max(len(",".join(s.languages())) for s in inputs.scenarios)
    judged = 0
    for s in inputs.scenarios:
        judge = sum(c.judge is not None for c in s.success)
        judged += judge > 0
        langs = ",".join(sorted(s.languages())) or "-"
        criteria = f"{len(s.success) - judge} checked, {judge} judge"
        print(f"{s.id:<{width}}  {langs:<{lang_width}}  {criteria:<19}  {s.title}")
    where = "the built-in library" if not paths else ", ".join(map(str, paths))
    print(
        f"{counted(len(inputs.scenarios), 'scenario')} in {where}; {judged} with judge criteria "
        "(decided only with --critic-model, or left out of the gate with --no-judge). "
        "Give an id where a scenario path goes, e.g. convsim test "
        f"{inputs.scenarios[0].id} --target BOT.yaml --out DIR"
    )


def _entry(s: Scenario) -> dict[str, Any]:
    """What a script choosing scenarios needs; the same facts as a printed line, and more."""
    return {
        "id": s.id,
        "title": s.title,
        "domain": s.domain,
        "world": s.world,
        "languages": sorted(s.languages()),
        "checked": [c.id for c in s.success if c.judge is None],
        "judge": [c.id for c in s.success if c.judge is not None],
        "edge_cases": list(s.edge_cases),
        "max_turns": s.max_turns,
    }


__all__ = ["scenarios"]
