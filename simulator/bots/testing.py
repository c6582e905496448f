"""Bot tests from Python: convsim's simulated customers against your bot, inside pytest.

    from simulator.bots.testing import simulate_bot

    def test_my_bot(tmp_path):
        run = simulate_bot(my_bot, "examples/scenarios", n=20, seed=1, out=tmp_path / "run")
        run.assert_no_failures()                 # AssertionError listing every finding
        assert run.failed("keeps_instructions_private") == []

`bot` is what `convsim test --target` points at, without the file: a Python callable (sync
or async, given `[{"role", "content"}]`, returning the reply text or `{"reply", "handoff",
"end"}`), a compiled LangGraph graph (invoked with `{"messages": [...]}`), an `http(s)://`
URL of a JSON endpoint (`{conversation_id, message, history}` in, `{"reply": ...}` out), or
the path of a target file. It is the same run as `convsim test` (same plans, critic, blame and
re-runs, same run directory), so a failing test can be opened with `convsim show OUT`.

`BotRun` gives the verdicts as data: `results` (one `ConversationResult` per conversation:
status pass/fail/undecided/simulator/error, label, findings), `transcripts` (turns, the
outcome each conversation ended in, the verdict), `pass_rate` over decided conversations.
Undecided criteria (they need a judge model) are never a pass: `assert_no_failures` ignores
them unless `decided=True`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.targets import LoadedTarget, TargetRole, build_role, load_target
from agents.targets.model import HttpTarget, PythonTarget
from agents.targets.python import PythonAdapter
from agents.types import Transcript
from simulator.bots.bottest import BotTestRequest, execute_test, prepare_test
from simulator.bots.metrics import ConversationResult, Summary
from simulator.store.rundb import RunStore
from simulator.store.rundir import DB_NAME

__all__ = ["BotRun", "simulate_bot"]


@dataclass
class BotRun:
    out: Path
    summary: Summary
    transcripts: list[Transcript]

    @property
    def results(self) -> list[ConversationResult]:
        return self.summary.conversations

    @property
    def pass_rate(self) -> float | None:
        """Passes over decided conversations (undecided, simulator faults, errors excluded)."""
        return self.summary.pass_rate

    def with_status(self, status: str) -> list[ConversationResult]:
        return [c for c in self.results if c.status == status]

    def findings(self, category: str | None = None) -> list[dict[str, Any]]:
        """Every finding of the conversations that failed, optionally of one category."""
        return [
            f
            for c in self.with_status("fail")
            for f in c.findings
            if category is None or f["category"] == category
        ]

    def failed(self, criterion: str) -> list[str]:
        """Ids of conversations that failed a scenario success criterion by its id."""
        needle = f"criterion '{criterion}' not met"
        return [
            c.id
            for c in self.with_status("fail")
            if any(needle in f["explanation"] for f in c.findings)
        ]

    def assert_no_failures(self, decided: bool = False, errors: bool = True) -> None:
        """Fail with every support-side finding; with `decided`, undecided conversations fail
        too; with `errors`, so do infrastructure errors (a crash is a bug in a test)."""
        bad = self.with_status("fail")
        if decided:
            bad += self.with_status("undecided")
        if errors:
            bad += self.with_status("error")
        if not bad:
            return
        lines = [f"{len(bad)} of {len(self.results)} conversations did not pass ({self.out}):"]
        for c in bad:
            if c.status == "fail":
                why = "; ".join(f["explanation"] for f in c.findings) or c.label
            elif c.status == "undecided":
                why = "undecided: " + ", ".join(c.undecided)
            else:
                why = c.reason
            lines.append(f"  {c.id} {c.scenario_id} [{','.join(c.edge_cases) or '-'}]: {why}")
        raise AssertionError("\n".join(lines))


def simulate_bot(
    bot: Any,
    scenarios: str | Path | Sequence[str | Path],
    *,
    out: str | Path,
    n: int = 20,
    seed: int = 0,
    trials: int = 1,
    concurrency: int = 8,
    edge_cases: str | Path | None = None,
    name: str | None = None,
) -> BotRun:
    """Play `n` plans (times `trials`) against `bot`; the run goes to `out` (a fresh folder
    per test: a folder holding another bot's run is refused, as by `convsim test`)."""
    paths = (scenarios,) if isinstance(scenarios, str | Path) else tuple(scenarios)
    out = Path(out)
    loaded, role = _target(bot, name)
    request = BotTestRequest(
        tuple(Path(p) for p in paths), loaded.file, n, seed, out, trials, concurrency,
        edge_cases=Path(edge_cases) if edge_cases is not None else None,
    )  # fmt: skip
    result = execute_test(prepare_test(request, target=(loaded, role)))
    with RunStore(out / DB_NAME, readonly=True) as store:
        stored = list(store.iter_transcripts())
    return BotRun(out, result.summary, stored)


def _target(bot: Any, name: str | None) -> tuple[LoadedTarget, TargetRole]:
    url = isinstance(bot, str) and bot.startswith(("http://", "https://"))
    if isinstance(bot, Path) or (isinstance(bot, str) and not url):
        loaded = load_target(Path(bot))
        return loaded, build_role(loaded)
    if isinstance(bot, str):
        spec: HttpTarget | PythonTarget = HttpTarget(
            kind="http",
            url=bot,
            name=name,
            body={
                "conversation_id": "{conversation_id}",
                "message": "{message}",
                "history": "{history}",
            },
        )
        loaded = LoadedTarget(spec, Path(f"<{bot}>"), name or bot)
        return loaded, build_role(loaded)
    label = name or getattr(bot, "__name__", None) or type(bot).__name__
    # The fingerprint of the run names the object, so another bot is refused in the same out.
    ident = hashlib.blake2b(repr((type(bot).__qualname__, label)).encode(), digest_size=6)
    spec = PythonTarget(kind="python", callable=f"python:bot_{ident.hexdigest()}", name=label)
    loaded = LoadedTarget(spec, Path(f"<python {label}>"), label)
    return loaded, TargetRole(PythonAdapter(spec, bot))
