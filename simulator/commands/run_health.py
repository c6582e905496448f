"""What went wrong in a whole run, read back from its transcripts for the summary and the exit.

`convsim run` against an endpoint that failed every call used to print a summary of errors
and exit 0 (outsider 16 #3), and a judge that failed on every conversation showed only as
"with undecided criteria" (#13). `test` already exits 1 when no conversation got past an
infrastructure error; `run` now does the same, naming the commonest cause, and says how many
conversations the judge failed on, exiting 1 when it failed on all of them (no conversation
was graded as configured). Only the lines that can hold either are parsed, so a large run's
file costs one scan.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from agents.critic import JUDGE_FAILED


@dataclass
class Health:
    conversations: int = 0
    errors: Counter[str] = field(default_factory=Counter)  # outcome reason -> conversations
    judged: int = 0  # conversations a judge was asked to grade (not errors)
    judge_failed: Counter[str] = field(default_factory=Counter)  # why -> conversations
    judge_failed_labels: Counter[str] = field(default_factory=Counter)  # label -> conversations

    def all_errors(self) -> str | None:
        """The sentence for a run in which no conversation got past an error, else None."""
        total = sum(self.errors.values())
        if not self.conversations or total < self.conversations:
            return None
        return (
            f"every conversation ended in an error ({total} of {self.conversations}), so "
            f"nothing was simulated: {_commonest(self.errors)}; fix it and run the same "
            "command again with --retry-errors"
        )

    def judge_line(self) -> str | None:
        """'failed on N of M: ...' when the judge failed on any conversation."""
        failed = sum(self.judge_failed.values())
        if not failed:
            return None
        return (
            f"failed on {failed} of {self.judged}: their judge criteria are undecided "
            f"({_commonest(self.judge_failed)})"
        )

    def judge_failed_on_all(self) -> bool:
        return self.judged > 0 and sum(self.judge_failed.values()) == self.judged


def _commonest(reasons: Counter[str]) -> str:
    (reason, _), *rest = reasons.most_common()
    return reason + (f" (and {len(rest)} other causes)" if rest else "")


def read_health(transcripts: Path, judge: bool) -> Health:
    """The run's errors and judge failures; `judge`: a judge model graded the run."""
    health = Health()
    try:
        handle = transcripts.open(encoding="utf-8")
    except OSError:
        return health
    with handle:
        for line in handle:
            if not line.strip():
                continue
            health.conversations += 1
            error = '"status": "error"' in line or '"status":"error"' in line
            failed = JUDGE_FAILED in line
            if not error and judge:
                health.judged += 1
            if not (error or failed):
                continue
            record = json.loads(line)
            outcome = record.get("outcome") or {}
            if outcome.get("status") == "error":
                health.errors[str(outcome.get("reason") or "no reason given")] += 1
                continue
            verdict = record.get("verdict") or {}
            rationale = str(verdict.get("rationale") or "")
            if JUDGE_FAILED in rationale:
                health.judge_failed_labels[str(verdict.get("label"))] += 1
                why = rationale.split(JUDGE_FAILED, 1)[1]
                why = why.rstrip(".")
                health.judge_failed[why[:-1] if why.endswith(")") else why] += 1
    return health
