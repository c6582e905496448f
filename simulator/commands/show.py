"""`convsim show`: read a run's transcripts as conversations, not JSON."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, get_args

import typer
from rich.console import Console
from rich.text import Text

from agents.critic import undecided_criteria
from agents.types import Transcript, VerdictLabel
from scenarios.success import OutcomeStatus
from simulator.commands.common import stdout, user_errors
from simulator.commands.toolview import calls_by_id, result_line, signature, terminal_safe
from simulator.errors import UserError
from simulator.forks.forktree import StoredFork, descendants, fork_transcript
from simulator.store.rundb import RunStore, StoreError, read_snapshot, writer_active
from simulator.store.rundir import run_db
from simulator.words import counted

ROLE_STYLES = {"customer": "cyan", "support": "green", "tool": "magenta"}
LABEL_STYLES = {
    "ACCEPT": "bold green",
    "REVIEW": "bold yellow",
    "REJECT": "bold red",
    "ERROR": "bold magenta",
}


_STATUSES: tuple[str, ...] = get_args(OutcomeStatus)
_LABELS: tuple[str, ...] = get_args(VerdictLabel)


def _opt(name: str, help_text: str) -> object:
    return typer.Option(name, help=help_text, show_default=False)


@user_errors
def show(
    run_dir: Annotated[Path, typer.Argument(metavar="DIR", help="A run directory.")],
    conversation_id: Annotated[
        str | None, _opt("--id", "Only this conversation (an id or its prefix).")
    ] = None,
    limit: Annotated[int | None, _opt("--limit", "At most this many conversations.")] = None,
    scenario: Annotated[str | None, _opt("--scenario", "Only this scenario id.")] = None,
    outcome: Annotated[
        str | None, _opt("--outcome", "Only this outcome: " + ", ".join(_STATUSES) + ".")
    ] = None,
    verdict: Annotated[
        str | None, _opt("--verdict", "Only this verdict: " + ", ".join(_LABELS) + ".")
    ] = None,
    edge_case: Annotated[str | None, _opt("--edge-case", "Only with this edge case.")] = None,
    finding: Annotated[
        str | None, _opt("--finding", "Only with a finding of this category or dimension.")
    ] = None,
) -> None:
    """Print transcripts readably: who said what, how it ended, what the critic found."""
    db = run_db(run_dir)
    keep = _filter(scenario, outcome, verdict, edge_case, finding)
    console = stdout()
    writing = writer_active(db)
    try:
        with read_snapshot(db) as store:  # one snapshot, though a run is still writing it
            if conversation_id is not None:
                found = _find(store, run_dir, conversation_id)
                render(console, found)
                render_forks(console, found.id, list(descendants(store, found.id)))
                return
            total = shown = 0
            for transcript in store.iter_transcripts():
                total += 1
                if limit is not None and shown >= limit:
                    break
                if keep(transcript):
                    render(console, transcript)
                    shown += 1
    except StoreError as exc:
        raise UserError(str(exc)) from exc
    if total == 0:
        print(f"{run_dir}: no conversations stored yet; run convsim run --out {run_dir}")
    elif shown == 0:
        print(f"{run_dir}: none of its conversations match the filters")
    if writing:
        print(
            f"convsim: note: {run_dir} is still being written by another convsim process; "
            "this shows the conversations it had finished when show began",
            file=sys.stderr,
        )


def _filter(
    scenario: str | None,
    outcome: str | None,
    verdict: str | None,
    edge_case: str | None,
    finding: str | None,
) -> Callable[[Transcript], bool]:
    """The filters as one test; values that can never match are a UserError naming the flag."""
    if outcome is not None and outcome not in _STATUSES:
        raise UserError(f"--outcome {outcome}: not an outcome; use one of {', '.join(_STATUSES)}")
    label = verdict.upper() if verdict is not None else None
    if label is not None and label not in _LABELS:
        raise UserError(f"--verdict {verdict}: not a verdict; use one of {', '.join(_LABELS)}")

    def keep(t: Transcript) -> bool:
        findings = t.verdict.findings if t.verdict is not None else []
        found = {f.category for f in findings} | {f.dimension for f in findings}
        return (
            (scenario is None or t.scenario_id == scenario)
            and (outcome is None or t.outcome.status == outcome)
            and (label is None or (t.verdict is not None and t.verdict.label == label))
            and (edge_case is None or edge_case in t.edge_cases)
            and (finding is None or finding in found)
        )

    return keep


def _find(store: RunStore, run_dir: Path, wanted: str) -> Transcript:
    found = store.transcript(wanted) or fork_transcript(store, wanted)
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


def render_forks(console: Console, root: str, forks: list[tuple[int, StoredFork]]) -> None:
    """The conversation's forks as a tree (fork turn -> continuations -> their own forks), then
    each continuation from its fork turn on (the turns before it are its parent's)."""
    if not forks:
        return
    children: dict[str, list[StoredFork]] = {}
    for _, f in forks:
        children.setdefault(f.parent_id, []).append(f)
    mine = children.get(root, [])
    points = sorted({f.fork_turn for f in mine})
    head = (
        f"forks of {root}: {counted(len(mine), 'continuation')} at {counted(len(points), 'turn')}"
    )
    if len(forks) > len(mine):
        head += f", {len(forks) - len(mine)} more forked from them"
    console.print(Text(head, style="bold"))
    for line in _tree(children, root, ""):
        console.print(Text(line))
    console.print()
    for _, f in forks:
        continued = f.transcript.model_copy(update={"turns": f.transcript.turns[f.fork_turn :]})
        console.print(Text(f"fork of {f.parent_id} from turn {f.fork_turn}:", style="dim"))
        render(console, continued, first=f.fork_turn)


def _tree(children: dict[str, list[StoredFork]], parent: str, indent: str) -> list[str]:
    """The lines under `parent`: its fork turns, each turn's continuations, theirs below."""
    mine = children.get(parent, [])
    points = sorted({f.fork_turn for f in mine})
    lines: list[str] = []
    for i, turn in enumerate(points):
        last_point = i == len(points) - 1
        lines.append(f"{indent}{'└' if last_point else '├'}─ turn {turn}")
        stem = indent + (" " if last_point else "│") + "  "
        here = [f for f in mine if f.fork_turn == turn]
        for j, f in enumerate(here):
            t = f.transcript
            label: str = t.verdict.label if t.verdict else "not graded"
            if t.verdict and undecided_criteria(t.verdict.unjudged):
                label += " (undecided)"
            score = f"{f.score:.2f}" if f.score is not None else "-"
            last = j == len(here) - 1
            lines.append(
                f"{stem}{'└' if last else '├'}─ {t.id}  {t.outcome.status}  {label}  score {score}"
            )
            lines += _tree(children, t.id, stem + (" " if last else "│") + "  ")
    return lines


MIN_BODY = 20  # columns left for the words when the terminal is narrower than the margin


def hanging(console: Console, head: Text, body: Text) -> None:
    """`head`, then `body` wrapped in the columns to its right: every line of the body (its
    own line breaks and the wrapped ones) starts under the body's first character, never at
    the margin. The margin holds only what show writes (turn numbers and roles, `outcome:`,
    `verdict:`), so a reply holding "\\n 5 customer: ..." or a verdict line, or spaces that
    wrap one there, cannot pass for one of show's own lines (outsider18 #6)."""
    indent = head.cell_len
    lines = body.wrap(console, max(console.width - indent, MIN_BODY))
    pad = Text(" " * indent)
    for i, part in enumerate(lines or [Text()]):
        line = (head if i == 0 else pad).copy()
        line.append_text(part)
        line.rstrip()
        console.print(line, soft_wrap=True)


def render(console: Console, t: Transcript, first: int = 0) -> None:
    """One transcript. Content is data: shown as plain Text, never parsed as rich markup.

    Each line starts with its turn's index (`first` for the first turn given: a fork's
    continuation starts at its fork turn), counted as findings count turns, tool turns
    included, so "turn 35" in a finding is the line numbered 35. A support turn that only
    called tools has no line of its own: its calls are shown on their results' lines."""
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
    if t.replay is not None:
        r = t.replay
        console.print(
            Text(
                f"replay of {r.id} in {r.run} ({r.run_id}): its {r.customer_turns} customer "
                f"turns before turn {r.at} sent as stored, then live",
                style="dim",
            )
        )
    width = max(len(role) for role in ROLE_STYLES)
    digits = len(str(first + len(t.turns) - 1))
    calls = calls_by_id(t.turns)
    answered = {turn.tool_call_id for turn in t.turns if turn.role == "tool"}
    for i, turn in enumerate(t.turns, start=first):
        number = f"{i:>{digits}} "  # the index findings, fork --at and replay --at cite
        tool = Text(number, style="dim")
        tool.append(f"{'tool':>{width}}: ", style=ROLE_STYLES["tool"])
        if turn.role == "tool":  # the call and its result on one line
            result = terminal_safe(result_line(turn, calls))
            hanging(console, tool, Text(result, style="red" if turn.error else ""))
            continue
        if turn.tool_calls and not turn.content.strip():
            unanswered = [c for c in turn.tool_calls if c.id not in answered]
        else:
            head = Text(number, style="dim")
            head.append(f"{turn.role:>{width}}: ", style=ROLE_STYLES.get(turn.role, "bold"))
            body = Text(terminal_safe(turn.content))
            if turn.act:
                body.append(f"  [{turn.act}]", style="dim")
            hanging(console, head, body)
            unanswered = [c for c in turn.tool_calls or () if c.id not in answered]
        for call in unanswered:  # a call whose result never came (the conversation failed)
            missing = terminal_safe(f"{signature(call)} -> (no result)")
            hanging(console, tool, Text(missing, style="red"))
    outcome = t.outcome
    hanging(
        console,
        Text("outcome: ", style="bold"),
        Text(terminal_safe(f"{outcome.status} ({outcome.ended_by}): {outcome.reason}"), "bold"),
    )
    verdict = t.verdict
    if verdict is None:
        console.print(Text("verdict: not graded", style="dim"))
        console.print()
        return
    line = Text(verdict.label, style=LABEL_STYLES.get(verdict.label, "bold"))
    if open_criteria := undecided_criteria(verdict.unjudged):
        # an ACCEPT with criteria no check decided is not a pass (outsider 25: shown bare)
        line.append(f" (undecided: {', '.join(open_criteria)})", style="yellow")
    if verdict.scores:
        line.append("  " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(verdict.scores.items())))
    hanging(console, Text("verdict: "), line)
    for f in verdict.findings:
        at = f"turn {f.turn}" if f.turn is not None else "transcript"
        finding = Text(terminal_safe(f"{f.severity} {f.dimension}/{f.category} ({at}): "))
        finding.append(terminal_safe(f.explanation))
        if f.evidence:
            finding.append(terminal_safe(f' "{f.evidence}"'), style="italic")
        hanging(console, Text("  - "), finding)
    console.print()
