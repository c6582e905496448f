"""`convsim show`: read a run's transcripts as conversations, not JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from agents.types import Transcript
from simulator.commands.common import stdout, user_errors
from simulator.commands.toolview import calls_by_id, result_line, signature
from simulator.errors import UserError
from simulator.rundir import run_db
from simulator.store import RunStore, StoreError

ROLE_STYLES = {"customer": "cyan", "support": "green", "tool": "magenta"}
LABEL_STYLES = {
    "ACCEPT": "bold green",
    "REVIEW": "bold yellow",
    "REJECT": "bold red",
    "ERROR": "bold magenta",
}


@user_errors
def show(
    run_dir: Annotated[Path, typer.Argument(metavar="DIR", help="A run directory.")],
    conversation_id: Annotated[
        str | None,
        typer.Option(
            "--id", help="Only this conversation (an id or its prefix).", show_default=False
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", help="At most this many conversations.", show_default=False),
    ] = None,
) -> None:
    """Print transcripts readably: who said what, how it ended, what the critic found."""
    db = run_db(run_dir)
    console = stdout()
    try:
        with RunStore(db, readonly=True) as store:
            if conversation_id is not None:
                render(console, _find(store, run_dir, conversation_id))
                return
            for i, transcript in enumerate(store.iter_transcripts()):
                if limit is not None and i >= limit:
                    break
                render(console, transcript)
    except StoreError as exc:
        raise UserError(str(exc)) from exc


def _find(store: RunStore, run_dir: Path, wanted: str) -> Transcript:
    found = store.transcript(wanted)
    if found is not None:
        return found
    matches = [t for t in store.iter_transcripts() if t.id.startswith(wanted)] if wanted else []
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError(f"--id {wanted}: matches {len(matches)} conversations; give more of it")
    raise UserError(
        f"--id {wanted}: no such conversation in {run_dir}; list them with convsim show {run_dir}"
    )


def render(console: Console, t: Transcript) -> None:
    """One transcript. Content is data: shown as plain Text, never parsed as rich markup."""
    console.rule(Text(f"{t.id}  {t.scenario_id}"), align="left")
    p = t.persona
    who = Text(
        f"{p.identity.name} ({p.identity.locale}) - {p.tone}, {p.patience} patience, "
        f"{p.verbosity}, {p.tech_savviness} tech",
        style="dim",
    )
    console.print(who)
    if t.edge_cases:
        console.print(Text("edge cases: " + ", ".join(t.edge_cases), style="dim"))
    width = max(len(role) for role in ROLE_STYLES)
    calls = calls_by_id(t.turns)
    answered = {turn.tool_call_id for turn in t.turns if turn.role == "tool"}
    for turn in t.turns:
        if turn.role == "tool":  # the call and its result on one line
            line = Text(f"{'tool':>{width}}: ", style=ROLE_STYLES["tool"])
            line.append(result_line(turn, calls), style="red" if turn.error else "")
            console.print(line)
            continue
        if turn.tool_calls and not turn.content.strip():
            unanswered = [c for c in turn.tool_calls if c.id not in answered]
        else:
            line = Text(f"{turn.role:>{width}}: ", style=ROLE_STYLES.get(turn.role, "bold"))
            line.append(turn.content)
            if turn.act:
                line.append(f"  [{turn.act}]", style="dim")
            console.print(line)
            unanswered = [c for c in turn.tool_calls or () if c.id not in answered]
        for call in unanswered:  # a call whose result never came (the conversation failed)
            line = Text(f"{'tool':>{width}}: ", style=ROLE_STYLES["tool"])
            line.append(f"{signature(call)} -> (no result)", style="red")
            console.print(line)
    outcome = t.outcome
    console.print(
        Text(f"outcome: {outcome.status} ({outcome.ended_by}): {outcome.reason}", style="bold")
    )
    verdict = t.verdict
    if verdict is None:
        console.print(Text("verdict: not graded", style="dim"))
        console.print()
        return
    line = Text("verdict: ")
    line.append(verdict.label, style=LABEL_STYLES.get(verdict.label, "bold"))
    if verdict.scores:
        line.append("  " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(verdict.scores.items())))
    console.print(line)
    for f in verdict.findings:
        at = f"turn {f.turn}" if f.turn is not None else "transcript"
        finding = Text(f"  - {f.severity} {f.dimension}/{f.category} ({at}): {f.explanation}")
        if f.evidence:
            finding.append(f' "{f.evidence}"', style="italic")
        console.print(finding)
    console.print()
