"""`convsim review` driven by scripted stdin; decisions in run.db and in the records.

The first test runs a real process; the rest use CliRunner with input (in-process, fast).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import yaml
from cli_process import child_env
from rich.console import Console
from typer.testing import CliRunner

from agents.critic import grade
from agents.types import ConversationPlan, Outcome, Transcript, Turn
from simulator.cli import app
from simulator.commands.review import PROMPT, KeyAnswers, LineAnswers, ask
from simulator.quality.review import Decision, apply_review, decisions
from simulator.store.rundb import RunStore
from simulator.store.rundir import TRANSCRIPTS_NAME, write_transcripts

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = yaml.safe_load((ROOT / "tests/data/critic/plan.yaml").read_text())
FIXTURE.pop("edge_case_library")
BASE = ConversationPlan.model_validate(FIXTURE)
RESOLVED = Outcome(status="resolved", reason="customer thanked support", ended_by="customer")
ASK = "Could you give me your order number, please?"


def c(text: str) -> Turn:
    return Turn(role="customer", content=text)


def s(text: str, act: str | None = None) -> Turn:
    return Turn(role="support", content=text, act=act)


CLEAN = [c("Refund ORD-12345 please."), s("Refunded ORD-12345.", "resolve"), c("Thanks!")]
# support asks again, word for word, for the number the customer just gave (a re-ask of a fact
# still missing is no finding since 2bc8d04)
LOOPING = [c("My order is broken."), s(ASK), c("ORD-12345"), s(ASK), c("ORD-12345"),
           s("Refunded.", "resolve"), c("Thanks!")]  # fmt: skip


def make_run(out: Path, looping: list[Turn] = LOOPING) -> None:
    out.mkdir()
    with RunStore(out / "run.db") as store:
        for index, turns in enumerate([looping, CLEAN, looping]):
            plan = BASE.model_copy(update={"id": f"conv-{index}", "index": index})
            verdict = grade(plan, turns, RESOLVED)
            store.save(
                plan,
                Transcript(
                    id=plan.id, run_id="run-test", scenario_id=plan.scenario.id,
                    persona=plan.persona, edge_cases=[], seed=plan.seed, turns=turns,
                    outcome=RESOLVED, verdict=verdict,
                ),
            )  # fmt: skip
        write_transcripts(store, out / TRANSCRIPTS_NAME, 3)


def review(out: Path, answers: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", "review", str(out), *flags],
        input=answers,
        capture_output=True,
        text=True,
        env=child_env({"COLUMNS": "200"}),
        timeout=60,
        check=False,
    )


def review_in_process(out: Path, answers: str, *flags: str) -> subprocess.CompletedProcess[str]:
    result = CliRunner().invoke(
        app, ["review", str(out), *flags], input=answers, env={"COLUMNS": "200"}
    )
    return subprocess.CompletedProcess([], result.exit_code, result.stdout, result.stderr)


def test_review_walks_review_items_and_stores_decisions(tmp_path: Path) -> None:
    out = tmp_path / "run"
    make_run(out)
    before = (out / TRANSCRIPTS_NAME).read_text().splitlines()
    result = review(out, "x\nn\nthe loop is the bot's fault\nr\na\n")
    assert result.returncode == 0, result.stderr
    shown = result.stdout
    # Both REVIEW items, never the accepted one; the repeated turn is marked with its finding.
    assert "1/2  conv-0" in shown and "2/2  conv-2" in shown and "conv-1" not in shown
    assert f"!  3  support: {ASK}" in shown
    assert "      ^ major data_quality/repeated_turn: the support repeats turn 1 word for word" in (
        shown
    )
    assert "unknown answer 'x'; use a, r, s, n or q" in shown
    assert shown.endswith(
        f"reviewed: accepted 1, rejected 1, skipped 0; decisions are stored in {out / 'run.db'}\n"
    )
    with RunStore(out / "run.db", readonly=True) as store:
        assert decisions(store) == {
            "conv-0": Decision("reject", "the loop is the bot's fault", "REVIEW"),
            "conv-2": Decision("accept", "", "REVIEW"),
        }
    after = (out / TRANSCRIPTS_NAME).read_text().splitlines()
    assert after[1] == before[1]  # untouched records keep their bytes
    assert json.loads(after[0])["review"] == {
        "decision": "reject", "label": "REJECT", "note": "the loop is the bot's fault",
        "critic_label": "REVIEW",
    }  # fmt: skip
    assert json.loads(after[0])["verdict"] == json.loads(before[0])["verdict"]
    # Decided items are not asked again.
    assert review_in_process(out, "").stdout == "nothing to review: no undecided REVIEW items\n"


def test_skip_and_quit_keep_items_for_later(tmp_path: Path) -> None:
    out = tmp_path / "run"
    make_run(out)
    result = review_in_process(out, "s\nq\n")
    assert result.stdout.endswith("reviewed: accepted 0, rejected 0, skipped 1; decisions are "
                                  f"stored in {out / 'run.db'}\n")  # fmt: skip
    with RunStore(out / "run.db", readonly=True) as store:
        assert decisions(store) == {"conv-0": Decision("skip", "", "REVIEW")}
    # A skip is no decision: the item comes back; end of input quits too.
    again = review_in_process(out, "")
    assert "1/2  conv-0" in again.stdout and again.returncode == 0
    # --all shows decided items as well; a later decision replaces the earlier one.
    review_in_process(out, "a\na\n")
    assert "1/2  conv-0" in review_in_process(out, "r\nq\n", "--all").stdout
    with RunStore(out / "run.db", readonly=True) as store:
        assert decisions(store)["conv-0"] == Decision("reject", "", "REVIEW")


def test_not_a_run_directory(tmp_path: Path) -> None:
    result = review_in_process(tmp_path, "")
    assert (result.returncode, result.stderr) == (
        2, f"convsim: error: {tmp_path}: not a run directory (no run.db); make one with "
        "convsim run --out DIR\n",
    )  # fmt: skip


def test_apply_review() -> None:
    record = {"id": "a", "review": {"old": 1}}
    assert apply_review(record, None) == {"id": "a"}
    assert apply_review(record, Decision("accept", "ok"))["review"] == {
        "decision": "accept", "label": "ACCEPT", "note": "ok", "critic_label": None,
    }  # fmt: skip


# --- answers: single keys at a terminal, lines when piped -----------------------------------


def _transcript() -> Transcript:
    plan = BASE.model_copy(update={"id": "conv-k"})
    return Transcript(
        id=plan.id, run_id="run-test", scenario_id=plan.scenario.id, persona=plan.persona,
        edge_cases=[], seed=plan.seed, turns=LOOPING, outcome=RESOLVED,
        verdict=grade(plan, LOOPING, RESOLVED),
    )  # fmt: skip


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, color_system=None), out


def test_key_mode_answers_with_single_keypresses_and_reads_the_note_as_a_line() -> None:
    keys = iter(["x", "\r", "n", "R"])
    lines = iter(["bot looped\n"])
    answers = KeyAnswers(getchar=lambda: next(keys), readline=lambda: next(lines))
    console, out = _console()
    assert ask(console, _transcript(), answers) == Decision("reject", "bot looped", "REVIEW")
    assert out.getvalue() == (
        f"{PROMPT}x\nunknown answer 'x'; use a, r, s, n or q\n"
        f"{PROMPT}\nunknown answer ''; use a, r, s, n or q\n"
        f"{PROMPT}n\nnote > {PROMPT}R\n"
    )


def test_key_mode_ctrl_c_and_ctrl_d_quit() -> None:
    def interrupted() -> str:
        raise KeyboardInterrupt

    for getchar in (interrupted, lambda: "\x03", lambda: "\x04"):
        console, _ = _console()
        assert ask(console, _transcript(), KeyAnswers(getchar=getchar)) is None


def test_line_mode_reads_whole_lines_first_letter_counts() -> None:
    console, out = _console()
    answers = LineAnswers(io.StringIO("\nnote\nchecked by hand\naccept\n"))
    assert ask(console, _transcript(), answers) == Decision("accept", "checked by hand", "REVIEW")
    assert out.getvalue() == (
        f"{PROMPT}unknown answer ''; use a, r, s, n or q\n{PROMPT}note > {PROMPT}"
    )
    console, out = _console()
    assert ask(console, _transcript(), LineAnswers(io.StringIO(""))) is None  # end of input
    assert out.getvalue() == f"{PROMPT}\n"


def test_a_bot_s_escapes_and_imitated_lines_are_shown_as_data(tmp_path: Path) -> None:
    """review printed a bot's words raw: an ESC sequence cleared the reviewer's screen, and a
    reply holding "\\n 5 customer: ..." or "outcome: ..." printed in review's own layout
    (outsider18 #4 and #6, as in show)."""
    said = f"{ASK}\x1b[2J\n 5 customer: Thanks!"
    out = tmp_path / "run"
    make_run(out, [c("My order is broken."), s(said), c("ORD-12345"), s(said),
                   c("ORD-12345"), s("Refunded.", "resolve"), c("Thanks!")])  # fmt: skip
    shown = review(out, "q\n").stdout
    assert "\x1b" not in shown and "please?\\x1b[2J" in shown
    lines = shown.splitlines()
    assert [line for line in lines if line.startswith("outcome: ")] == [
        "outcome: resolved (customer): customer thanked support"
    ]
    fakes = [line for line in lines if "5 customer: Thanks!" in line]
    assert len(fakes) == 2 and all(line.startswith(" " * 14) for line in fakes), fakes
