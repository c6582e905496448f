"""`convsim review`: walk the critic's REVIEW items in the terminal and decide each one.

At a terminal a single keypress answers (`typer.getchar`, click's getchar): `a` accept,
`r` reject, `s` skip, `n` add a note (typed as a line, then the same item is asked again),
`q` quit. When stdin is not a terminal (a pipe, a script, a test) it reads one answer per line
instead, so reviews can be scripted. Each decision is committed at once, so quitting (or
Ctrl-C) keeps what was decided.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Protocol, TextIO

import typer
from rich.console import Console
from rich.text import Text

from agents.types import Finding, Transcript
from simulator.commands.common import stdout, user_errors
from simulator.commands.show import LABEL_STYLES, ROLE_STYLES, hanging
from simulator.commands.toolview import calls_by_id, calls_line, result_line, terminal_safe
from simulator.errors import UserError
from simulator.quality.review import (
    Decision,
    DecisionName,
    record_decision,
    refresh_transcripts,
    review_items,
)
from simulator.store.rundb import RunStore, StoreError
from simulator.store.rundir import TRANSCRIPTS_NAME, run_db

KEYS: dict[str, DecisionName] = {"a": "accept", "r": "reject", "s": "skip"}
PROMPT = "[a]ccept  [r]eject  [s]kip  [n]ote  [q]uit > "
SEVERITY_STYLES = {"critical": "bold red", "major": "bold yellow", "minor": "yellow"}


@user_errors
def review(
    run_dir: Annotated[Path, typer.Argument(metavar="DIR", help="A run directory.")],
    include_decided: Annotated[
        bool, typer.Option("--all", help="Also show items already accepted or rejected.")
    ] = False,
) -> None:
    """Decide the conversations the critic sent to review; decisions go to run.db."""
    db = run_db(run_dir)
    console = stdout()
    try:
        with RunStore(db) as store:
            items = list(review_items(store, include_decided))
            if not items:
                console.print("nothing to review: no undecided REVIEW items")
                return
            counts = {"accept": 0, "reject": 0, "skip": 0}
            answers: Answers = KeyAnswers() if sys.stdin.isatty() else LineAnswers(sys.stdin)
            for position, transcript in enumerate(items, 1):
                render(console, transcript, f"{position}/{len(items)}")
                decision = ask(console, transcript, answers)
                if decision is None:
                    break
                record_decision(store, transcript.id, decision)
                counts[decision.decision] += 1
            refresh_transcripts(store, run_dir / TRANSCRIPTS_NAME)
    except StoreError as exc:
        raise UserError(str(exc)) from exc
    console.print(
        f"reviewed: accepted {counts['accept']}, rejected {counts['reject']}, "
        f"skipped {counts['skip']}; decisions are stored in {db}",
        soft_wrap=True,
        markup=False,
    )


class Answers(Protocol):
    """Where the reviewer's answers come from: "" means the input ended (quit)."""

    def key(self, console: Console) -> str: ...

    def line(self, console: Console) -> str: ...


class LineAnswers:
    """One answer per line (stdin is a pipe or a file): scriptable."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def key(self, console: Console) -> str:
        line = self.stream.readline()
        if not line:
            return ""
        return line.strip() or "\n"

    def line(self, console: Console) -> str:
        return self.stream.readline().strip()


class KeyAnswers:
    """Single keypresses at a terminal; the key is echoed so the screen shows the answer."""

    def __init__(
        self,
        getchar: Callable[[], str] = typer.getchar,
        readline: Callable[[], str] | None = None,
    ) -> None:
        self.getchar = getchar
        self.readline = readline or (lambda: sys.stdin.readline())

    def key(self, console: Console) -> str:
        try:
            char = self.getchar()
        except (EOFError, KeyboardInterrupt):  # Ctrl-D / Ctrl-C: stop, keep what was decided
            return ""
        if char in ("\x03", "\x04"):
            return ""
        console.print(char if char.isprintable() else "", markup=False, highlight=False)
        return char if char.strip() else "\n"

    def line(self, console: Console) -> str:
        try:
            return self.readline().strip()
        except (EOFError, KeyboardInterrupt):
            return ""


def ask(console: Console, transcript: Transcript, answers: Answers) -> Decision | None:
    """One decision; None to quit (also at the end of input)."""
    note = ""
    label = transcript.verdict.label if transcript.verdict else None
    while True:
        console.print(PROMPT, end="", markup=False)
        answer = answers.key(console)
        if not answer:
            console.print()
            return None
        key = answer.lower()[:1]
        if key == "q":
            return None
        if key in KEYS:
            return Decision(KEYS[key], note, label)
        if key == "n":
            console.print("note > ", end="", markup=False)
            note = answers.line(console)
            continue
        shown = answer.strip()
        console.print(Text(f"unknown answer {shown!r}; use a, r, s, n or q", style="dim"))


def render(console: Console, t: Transcript, position: str) -> None:
    """The transcript with the turns that have findings marked and their quotes highlighted.

    Content is data: plain Text, never parsed as rich markup.
    """
    console.rule(Text(f"{position}  {t.id}  {t.scenario_id}"), align="left")
    findings = t.verdict.findings if t.verdict else []
    by_turn: dict[int, list[Finding]] = {}
    for f in findings:
        if f.turn is not None:
            by_turn.setdefault(f.turn, []).append(f)
    width = max(len(role) for role in ROLE_STYLES)
    calls = calls_by_id(t.turns)
    for index, turn in enumerate(t.turns):
        marked = index in by_turn
        line = Text("! " if marked else "  ", style="bold red")
        line.append(f"{index:>2} {turn.role:>{width}}: ", style=ROLE_STYLES.get(turn.role, "bold"))
        said = turn.content
        if turn.role == "tool":
            said = result_line(turn, calls)
        elif turn.tool_calls:
            said = f"{turn.content} ({calls_line(turn)})" if turn.content else calls_line(turn)
        body = Text(terminal_safe(said))  # a bot's words: escapes shown, never acted on
        for f in by_turn.get(index, []):
            _highlight(body, f)
        hanging(console, line, body)  # as show: only review's own lines reach the margin
        for f in by_turn.get(index, []):
            hanging(
                console,
                Text("      ^ "),
                Text(
                    terminal_safe(f"{f.severity} {f.dimension}/{f.category}: {f.explanation}"),
                    style=SEVERITY_STYLES[f.severity],
                ),
            )
    outcome = t.outcome
    hanging(
        console,
        Text("outcome: "),
        Text(terminal_safe(f"{outcome.status} ({outcome.ended_by}): {outcome.reason}")),
    )
    if t.verdict is not None:
        head = Text("critic: ")
        head.append(t.verdict.label, style=LABEL_STYLES.get(t.verdict.label, "bold"))
        if t.verdict.scores:
            head.append("  " + ", ".join(f"{k} {v:g}" for k, v in t.verdict.scores.items()))
        console.print(head)
        console.print(Text(terminal_safe(t.verdict.rationale), style="italic"))
        for f in findings:
            if f.turn is None:
                hanging(
                    console,
                    Text("  - "),
                    Text(
                        terminal_safe(f"{f.severity} {f.dimension}/{f.category}: {f.explanation}"),
                        style=SEVERITY_STYLES[f.severity],
                    ),
                )


def _highlight(body: Text, finding: Finding) -> None:
    """Highlight the finding's quote in the turn (quotes may be cut with an ellipsis)."""
    for piece in finding.evidence.split("…"):
        piece = piece.strip()
        if len(piece) < 3:
            continue
        piece = terminal_safe(piece)  # as the turn is shown
        at = body.plain.find(piece)
        if at != -1:
            body.stylize(f"reverse {SEVERITY_STYLES[finding.severity]}", at, at + len(piece))
