"""`convsim learn` on logs too thin to learn from (a handful of one-character conversations):
the decision is a draft that lints and runs, not an error. An intent with no rewordable
opening gets a placeholder opening and a note on stderr naming it; the draft folder itself
(persona weights beside the scenarios) is what `lint` and `run` take."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from cli_process import convsim as run_convsim

ROOT = Path(__file__).resolve().parent.parent


def convsim(*args: str) -> subprocess.CompletedProcess[str]:
    return run_convsim(*args, cwd=ROOT, env={"COLUMNS": "120"}, timeout=180)


def test_a_draft_from_one_character_conversations_lints_and_runs(tmp_path: Path) -> None:
    logs = tmp_path / "logs.jsonl"
    record = {"messages": [{"role": "user", "content": "?"}, {"role": "assistant", "content": "?"}]}
    logs.write_text((json.dumps(record) + "\n") * 5)
    draft = tmp_path / "draft"
    learned = convsim("learn", str(logs), "--out", str(draft))
    assert learned.returncode == 0, learned.stderr
    assert learned.stderr == "convsim: note: 0 reworded openings for intent_1; add your own\n"
    scenario = (draft / "learned" / "intent-1.yaml").read_text()
    assert "  openings:\n  - Hi, I need some help.\n" in scenario
    linted = convsim("lint", str(draft))  # the folder, persona weights and all
    assert (linted.returncode, linted.stdout) == (0, f"ok: no problems in {draft}\n")
    weights = draft / "persona-weights.yaml"
    ran = convsim("run", str(draft), "--persona-weights", str(weights), "--n", "2",
                  "--out", str(tmp_path / "run"), "--quiet")  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert len((tmp_path / "run" / "transcripts.jsonl").read_text().splitlines()) == 2
