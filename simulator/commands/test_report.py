"""What `convsim test` prints: the summary table, the undecided and not-graded lines, the
gate's sentence. Kept apart from the command so the wording is in one place (and tested)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rich.table import Table
from rich.text import Text

from simulator.bots.bottest import REPORT_NAME
from simulator.bots.metrics import Cell, Summary
from simulator.commands.common import stdout
from simulator.store.rundir import MANIFEST_NAME, TRANSCRIPTS_NAME


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _table(title: str, first: str, cells: dict[str, Cell], latency: bool) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    for name in ("n", "pass", "fail", "undecided", "simulator", "error", "pass rate"):
        table.add_column(name, justify="right")
    if latency:
        for name in ("p50 ms", "p95 ms", "p99 ms", "timeouts"):
            table.add_column(name, justify="right")
    for key, c in cells.items():
        counts = (c.conversations, c.passed, c.failed, c.undecided, c.simulator, c.errors)
        row = [key, *map(str, counts)]
        row.append(_rate(c.pass_rate))
        if latency:
            lat = c.latency()
            row += [_ms(lat["p50"]), _ms(lat["p95"]), _ms(lat["p99"]), str(c.timeouts)]
        table.add_row(*row)
    return table


def print_report(
    summary: Summary, label: str, out: Path, run_id: str, ran_in: str | None = None
) -> None:
    console = stdout(min_width=130)
    total = summary.total
    title = Text(f"convsim test {run_id}: {label}")  # a name like "bot [v2]" is not markup
    head = Table(title=title, show_header=False, title_justify="left")
    head.add_column("what", style="bold")
    head.add_column("value")
    head.add_row(
        "conversations", f"{total.conversations} ({summary.tasks} plans x {summary.trials} trials)"
    )
    head.add_row("passed / failed", f"{total.passed} / {total.failed}")
    decided = total.passed + total.failed
    head.add_row(
        "pass rate",
        f"{_rate(summary.pass_rate)} of {decided} decided conversations (undecided, simulator "
        "faults and errors excluded)",
    )
    head.add_row("undecided", undecided_line(summary))
    if summary.not_graded is not None:
        head.add_row("judge criteria", not_graded_line(summary))
    for name in summary.not_checked:
        head.add_row("not checked", name.replace("_", " "))
    head.add_row("simulator faults", simulator_line(summary))
    errors = ", ".join(f"{k} {v}" for k, v in summary.errors_by_kind.items()) or "none"
    head.add_row("infrastructure errors", f"{total.errors} ({errors})")
    if summary.trials > 1:
        head.add_row("pass^k", "  ".join(f"k={k}: {_rate(v)}" for k, v in summary.pass_hat.items()))
    lat = total.latency()
    head.add_row(
        "latency ms",
        f"p50 {_ms(lat['p50'])}  p95 {_ms(lat['p95'])}  "
        f"p99 {_ms(lat['p99'])}  ({len(total.latencies)} replies)",
    )
    if ran_in is not None:
        head.add_row("ran in", ran_in)
    console.print(head)
    console.print(_table("by scenario", "scenario", summary.by_scenario, latency=True))
    console.print(_table("by edge case", "edge case", summary.by_edge_case, latency=False))
    console.print(_table("by persona trait", "trait", summary.by_trait, latency=False))
    if summary.total.undecided:
        console.print(f"undecided: {undecided_line(summary)}", soft_wrap=True, markup=False)
    if summary.not_graded is not None:
        console.print(f"no judge: {not_graded_line(summary)}", soft_wrap=True, markup=False)
        console.print(NEVER_CHECKED, soft_wrap=True, markup=False)
    for why in summary.not_checked.values():
        console.print(f"not checked: {why}", soft_wrap=True, markup=False)
    failing = [c for c in summary.conversations if c.status in ("fail", "error", "simulator")]
    for c in failing[:10]:
        why = c.headline if c.status in ("fail", "simulator") else c.reason
        edges = ",".join(c.edge_cases) or "-"
        console.print(
            f"{c.status.upper():5} {c.id} {c.scenario_id} [{edges}]: {why}",
            soft_wrap=True,
            markup=False,
        )
    if len(failing) > 10:
        console.print(f"... and {len(failing) - 10} more in {out / REPORT_NAME}", markup=False)
    for name in (TRANSCRIPTS_NAME, MANIFEST_NAME, REPORT_NAME):
        console.print(f"{name + ':':<18} {out / name}", soft_wrap=True, markup=False)


UNDECIDED_WHY = (
    "no deterministic check decides them from a bot's text; add --critic-model MODEL "
    "(an LLM judge) to decide them"
)


# What no deterministic check reads: a pass without a judge says nothing about these, and the
# report says so rather than let a pass imply them (a rude bot with correct actions passes).
NEVER_CHECKED = (
    "not graded without a judge: tone, courtesy and rudeness, empathy, whether explanations "
    "are right; add --critic-model MODEL to grade them"
)


def undecided_line(summary: Summary) -> str:
    """One readable line: how many were accepted with criteria open, grouped by criterion."""
    n = summary.total.undecided
    if not n:
        return "none: every accepted conversation had all its criteria decided"
    top = list(summary.undecided.items())
    names = ", ".join(f"{k} {v}" for k, v in top[:6])
    if len(top) > 6:
        names += f" and {len(top) - 6} more criteria"
    noun = "conversation" if n == 1 else "conversations"
    return f"{n} {noun} not counted as passed ({names}): {undecided_why(summary.undecided)}"


# The records after a handover or after the customer left were not support's to finish:
# nothing reading the text settles them, a judge model no more than a check.
END_STATE_WHY = (
    "end_state: support handed over or the customer left before the task was done, so "
    "whether the records are right is not for this conversation to show (a judge model "
    "does not settle it either; test the path past the handover, or a customer who stays)"
)


# A handover in words where nothing could show it made: the target file decides it.
HANDOVER_WHY = (
    "unperformed_handover: support said it was handing over, the domain has no transfer tool "
    "and the target declares no handoff flag, so nothing shows anyone took the conversation "
    "(a judge model cannot see it either); give the target file a `handoff:` path (a python "
    'bot: return {"reply": ..., "handoff": true})'
)


# A claimed action no tool of the domain is named for, where a write made may have done it.
CLAIM_WHY = (
    "unperformed_action: support said it did something no tool of the domain is named for "
    "(or whose tools went uncalled while a write of a kind the critic cannot name, or one that "
    "moves money, went through), so whether that write did it is not shown; name the action "
    'in the tool\'s name or description (`refund_order`, "Send a parcel back to its sender") '
    "or add --critic-model MODEL"
)


def undecided_why(open_criteria: Mapping[str, int]) -> str:
    """Why they are open and what decides them: a judge model for what text can show, and
    for `end_state` (records after a handover or a departure) and `unperformed_handover`
    (a handover in words nothing can confirm) nothing that reads text."""
    own = {
        "end_state": END_STATE_WHY,
        "unperformed_handover": HANDOVER_WHY,
        "unperformed_action": CLAIM_WHY,
    }
    parts = [why for name, why in own.items() if name in open_criteria]
    if not parts:
        return UNDECIDED_WHY
    if any(k not in own for k in open_criteria):
        parts[-1] += f"; the others: {UNDECIDED_WHY}"
    return "; ".join(parts)


def not_graded_line(summary: Summary) -> str:
    """--no-judge: which judge criteria nobody graded, in how many conversations. A pass
    under it is a pass of the checked criteria only, and the line says so."""
    skipped = summary.not_graded or {}
    count = sum(skipped.values())
    noun = "judge criterion" if count == 1 else "judge criteria"
    if not count:
        return "0 judge criteria not graded (no judge model): none was open"
    names = ", ".join(f"{k} {v}" for k, v in skipped.items())
    return (
        f"{count} {noun} not graded (no judge model): {names}; --no-judge left them out, so "
        "these passes are passes of the checked criteria only"
    )


def simulator_line(summary: Summary) -> str:
    rate = summary.simulator_fault_rate
    if rate is None:
        return "none graded"
    reruns = sum(1 for c in summary.conversations if c.simulator_faults)
    text = (
        f"{rate:.1%} of attempts ({summary.simulator_faulted} of {summary.simulator_attempts}) "
        "failed because of the simulated customer"
    )
    if reruns:
        text += f"; {reruns} plans re-run with a fresh seed"
    if summary.total.simulator:
        text += f"; {summary.total.simulator} still the simulator's fault, not graded"
    return text


def gate_message(summary: Summary, minimum: float) -> tuple[bool, str]:
    """(passed, one sentence) for --min-pass-rate."""
    total = summary.total
    rate = summary.pass_rate
    decided = total.passed + total.failed
    if rate is None:
        parts = [f"{total.undecided} undecided", f"{total.simulator} simulator faults",
                 f"{total.errors} errors"]  # fmt: skip
        return False, (
            f"gate failed: no conversation could be decided ({', '.join(parts)}), so the "
            f"pass rate is unknown and cannot meet --min-pass-rate {minimum:.1%}."
        )
    of = f"{total.passed} of {decided} decided conversations"
    if rate < minimum:
        return False, (
            f"gate failed: the pass rate is {_rate(rate)} ({of}), below --min-pass-rate "
            f"{minimum:.1%}."
        )
    return True, (
        f"gate passed: the pass rate is {_rate(rate)} ({of}), at or above --min-pass-rate "
        f"{minimum:.1%}."
    )


def all_errors_message(summary: Summary) -> str | None:
    """A sentence when not one conversation got past an infrastructure error."""
    total = summary.total
    if not total.conversations or total.errors < total.conversations:
        return None
    kinds = ", ".join(f"{k} {v}" for k, v in summary.errors_by_kind.items())
    return (
        f"every conversation ended in an infrastructure error ({kinds}), so the bot was not "
        "tested; fix the target and run the same command again with --retry-errors."
    )
