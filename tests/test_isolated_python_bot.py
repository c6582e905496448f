"""A Python bot from a target file runs in a process of its own (agents.targets.isolated): a
bot that ends that process (os._exit, a segfault, the OOM killer) fails the replies it was
answering as `crashed`, naming how it died, and the run goes on (outsider 16: `os._exit(9)`
in a bot ended convsim silently with exit 9, and every re-run died the same way, 0 stored).
Tool calls cross the process boundary and are recorded exactly as in-process."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

from bots import pydies
from target_tools_fixture import play, tool_turns

from agents.targets import TargetError
from agents.targets.base import BotRequest
from agents.targets.isolated import IsolatedPythonAdapter
from agents.targets.model import PythonTarget
from agents.targets.python import PythonAdapter

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
DIED = (
    "support role failed: TargetCrashed: the bot's process died while answering (exit code 9: "
    "the bot's code called os._exit() or ended the interpreter); convsim went on without it "
    "and starts it again for the next reply"
)


def spec(name: str) -> PythonTarget:
    return PythonTarget(kind="python", callable=f"bots.pydies:{name}", timeout_s=20)


def test_convsim_test_goes_on_past_a_bot_that_kills_its_process(tmp_path: Path) -> None:
    target = tmp_path / "bot.yaml"
    target.write_text(
        f"kind: python\ncallable: bots.pydies:dies_on_fourth\npythonpath: [{TESTS}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "test", "tests/data/bots/refund.yaml",
         "--target", str(target), "--n", "4", "--seed", "1", "--concurrency", "1",
         "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    records = [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]
    assert len(records) == 4
    reasons = [r["outcome"]["reason"] for r in records if r["outcome"]["status"] == "error"]
    # one at a time: the fourth reply of the run's process killed it; the rest were played
    assert reasons == [DIED]


def test_a_segfault_fails_that_reply_and_the_next_gets_a_fresh_process() -> None:
    adapter = IsolatedPythonAdapter(spec("segfaults"), TESTS)

    async def both() -> tuple[str, str]:
        try:
            try:
                await adapter.call(BotRequest("c-1", "please crash", [], 1))
            except TargetError as e:
                died = f"{e.kind}: {e}"
            return died, (await adapter.call(BotRequest("c-2", "hi", [], 1))).text
        finally:
            await adapter.aclose()

    died, after = asyncio.run(both())
    assert died == (
        "crashed: the bot's process died while answering (killed by SIGSEGV: a crash in native "
        "code the bot uses); convsim went on without it and starts it again for the next reply"
    )
    assert after == "Hello, how can I help?"


def test_tool_calls_cross_the_process_boundary_as_they_run_in_process() -> None:
    isolated, isolated_outcome = play(IsolatedPythonAdapter(spec("tool_bot"), TESTS))
    inside, inside_outcome = play(PythonAdapter(spec("tool_bot"), pydies.tool_bot))
    assert tool_turns(isolated) == tool_turns(inside)
    assert [n for n, _, _ in tool_turns(isolated)] == [
        "get_order", "refund_order", "teleport_order", "refund_order"
    ]  # fmt: skip
    assert [t.content for t in isolated] == [t.content for t in inside]
    said = [t.content for t in isolated if t.role == "support" and t.content]
    assert said[0] == "Refunded ORD-10001: (False, False) True (True, True) get_order."
    assert isolated_outcome == inside_outcome


def test_a_dead_bot_process_dropped_unclosed_leaves_nothing_for_the_collector() -> None:
    """Session 14's clean CI went red after its last test on 'unclosed <socket.socket ...
    family=1>': an adapter whose child had died, garbage-collected without aclose(), kept its
    end of the wire open (the child was reaped, so nothing closed it)."""
    adapter = IsolatedPythonAdapter(spec("segfaults"), TESTS)

    async def crash(bot: IsolatedPythonAdapter) -> None:
        with contextlib.suppress(TargetError):
            await bot.call(BotRequest("c-1", "please crash", [], 1))

    asyncio.run(crash(adapter))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del adapter
        gc.collect()
    assert [str(w.message) for w in caught] == []
