"""Python bots that misbehave as code can (tests/bots/pybad.py): hang forever, call
sys.exit, block the event loop, answer with text no UTF-8 writer takes. Each reply ends as an
infrastructure error of its kind (or is stored, the bad characters replaced); the run and
the process go on and end."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bots import pybad
from cli_process import child_env

from agents.targets import TargetError
from agents.targets.base import BotRequest
from agents.targets.model import PythonTarget
from agents.targets.python import PythonAdapter

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "tests/data/bots/refund.yaml"


def ask(name: str, timeout_s: float = 5.0) -> str:
    spec = PythonTarget(kind="python", callable=f"bots.pybad:{name}", timeout_s=timeout_s)
    adapter = PythonAdapter(spec, getattr(pybad, name))
    return asyncio.run(adapter.call(BotRequest("c-1", "My order broke", [], 1))).text


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("exits", "crashed", "the bot's code called sys.exit(3); convsim went on without it"),
        ("exits_async", "crashed", "the bot's code called sys.exit('bye'); convsim went on "
         "without it"),
        ("interrupts", "crashed", "the bot's code raised KeyboardInterrupt; convsim went on "
         "without it"),
    ],
)  # fmt: skip
def test_a_bot_that_exits_is_a_crashed_reply_not_the_end(
    name: str, kind: str, message: str
) -> None:
    with pytest.raises(TargetError) as info:
        ask(name)
    assert (info.value.kind, str(info.value)) == (kind, message)


def test_an_async_bot_that_blocks_the_loop_past_its_timeout_is_a_timeout() -> None:
    with pytest.raises(TargetError) as info:
        ask("blocks", timeout_s=1.0)
    assert info.value.kind == "timeout"
    assert str(info.value).startswith("no reply within 1 s, and the bot's event loop has been")
    assert str(info.value).endswith(
        "an async bot must not call blocking code (time.sleep, a sync HTTP client); await it, "
        "or make the bot a plain def"
    )


def test_an_async_bots_blocking_call_is_a_timeout_while_it_still_blocks() -> None:
    """It used to be caught only once the blocking call returned (every other conversation
    stalled meanwhile): the bot now blocks its own loop, and the reply is reported while the
    call is still blocking."""
    pybad.RELEASE.clear()
    pybad.RETURNED.clear()
    try:
        with pytest.raises(TargetError) as info:
            ask("blocks_until_released", timeout_s=1.0)
        assert not pybad.RETURNED.is_set()
    finally:
        pybad.RELEASE.set()
    assert info.value.kind == "timeout"
    assert "the bot's event loop has been blocked" in str(info.value)
    assert pybad.RETURNED.wait(30)


def test_an_async_bot_answers_from_its_own_loop_with_the_callers_context() -> None:
    spec = PythonTarget(kind="python", callable="bots.pybad:exits_async", timeout_s=5)
    seen: list[object] = []

    async def bot(messages: list[dict[str, str]]) -> str:
        seen.append(asyncio.get_running_loop())
        return "fine"

    async def two() -> tuple[str, str]:
        adapter = PythonAdapter(spec, bot)
        first = await adapter.call(BotRequest("c-1", "Hi", [], 1))
        second = await adapter.call(BotRequest("c-1", "Hi", [], 2))
        assert asyncio.get_running_loop() not in seen
        await adapter.aclose()
        return first.text, second.text

    assert asyncio.run(two()) == ("fine", "fine")
    assert len(set(map(id, seen))) == 1  # one loop per bot, not one per reply


HANGS_AT_IMPORT = {
    "sleeps": "import time\ntime.sleep(3600)\n",
    "spins": "while True:\n    pass\n",
    "swallows": "import time\nwhile True:\n    try:\n        time.sleep(3600)\n"
    "    except Exception:\n        pass\n",
}


@pytest.mark.parametrize("how", sorted(HANGS_AT_IMPORT))
def test_a_bot_module_that_hangs_at_import_is_a_problem_at_its_callable_line(
    tmp_path: Path, how: str
) -> None:
    """convsim used to hang with it, forever, before printing a word."""
    from agents.targets import TargetFileError, build_role, load_target

    (tmp_path / f"hangs_{how}.py").write_text(HANGS_AT_IMPORT[how] + "def reply(m):\n    pass\n")
    target = tmp_path / "bot.yaml"
    target.write_text(f"kind: python\ncallable: hangs_{how}:reply\nimport_timeout_s: 0.3\n")
    with pytest.raises(TargetFileError) as info:
        build_role(load_target(target))
    assert str(info.value) == (
        f"{target}:2: callable: importing hangs_{how} did not finish within 0.3 s "
        "(import_timeout_s); move blocking setup (a server, input(), a network call) out of "
        "import time, or raise import_timeout_s"
    )
    assert f"hangs_{how}" not in sys.modules


def test_convsim_test_with_a_module_waiting_for_input_at_import_ends_in_one_line(
    tmp_path: Path,
) -> None:
    (tmp_path / "asks.py").write_text("name = input('name? ')\ndef reply(m):\n    return name\n")
    target = tmp_path / "bot.yaml"
    target.write_text("kind: python\ncallable: asks:reply\nimport_timeout_s: 0.5\n")
    silent, kept_open = os.pipe()  # a terminal nobody types into: input() waits forever
    try:
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "test", SCENARIO, "--target", str(target),
             "--n", "1", "--out", str(tmp_path / "out")],
            capture_output=True, text=True, cwd=ROOT, timeout=120, stdin=silent,
            env=child_env(),
        )  # fmt: skip
    finally:
        os.close(silent)
        os.close(kept_open)
    assert (done.returncode, done.stderr) == (
        2,
        f"convsim: error: {target}:2: callable: importing asks did not finish within 0.5 s "
        "(import_timeout_s); move blocking setup (a server, input(), a network call) out of "
        "import time, or raise import_timeout_s\n",
    )
    assert not (tmp_path / "out").exists()


def run_test(
    tmp_path: Path, name: str, *extra: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    target = tmp_path / f"{name}.yaml"
    target.write_text(
        f"kind: python\ncallable: bots.pybad:{name}\npythonpath: [{ROOT / 'tests'}]\ntimeout_s: 1\n"
    )
    out = tmp_path / f"run-{name}"
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "test", *extra, "--target", str(target), "--n", "2",
         "--seed", "1", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env=child_env(),
    )  # fmt: skip
    return done, out


@pytest.mark.parametrize(("name", "kind"), [("hangs", "timeout"), ("exits", "crashed")])
def test_a_run_against_a_bot_that_hangs_or_exits_ends_with_its_errors(
    tmp_path: Path, name: str, kind: str
) -> None:
    """The hung threads are abandoned, not joined: the process exits (it used to wait for
    them forever); sys.exit in the bot no longer ends the run without a word."""
    done, out = run_test(tmp_path, name, SCENARIO)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(
        f"convsim: error: every conversation ended in an infrastructure error ({kind} 2)"
    ), done.stderr
    report = json.loads((out / "report.json").read_text())
    assert {c["error_kind"] for c in report["conversations"]} == {kind}


def test_half_a_surrogate_pair_from_a_bot_is_stored_replaced(tmp_path: Path) -> None:
    done, out = run_test(tmp_path, "half_surrogate", "tests/data/world/shop/cancel-order.yaml")
    assert "Traceback" not in done.stderr and done.returncode in (0, 1), done.stderr
    lines = (out / "transcripts.jsonl").read_text(encoding="utf-8").splitlines()
    turns = [t for line in lines for t in json.loads(line)["turns"]]
    assert "Hello \ufffd there" in {t["content"] for t in turns if t["role"] == "support"}
    calls = [c for t in turns for c in t.get("tool_calls") or []]
    assert calls and {c["arguments"]["order_id"] for c in calls} == {"W\ufffd"}


def test_a_plain_def_handing_back_a_coroutine_is_awaited() -> None:
    """It was `malformed: the reply is coroutine, not text`, and Python warned at exit that
    the coroutine was never awaited."""
    assert ask("hands_back_a_coroutine") == "answered by the coroutine"


def test_a_reply_given_up_on_as_the_run_ends_is_unwound_before_aclose_returns() -> None:
    """The reply times out and the adapter is closed at once (the end of a run): the bot's
    task was left cancelling on a stopped loop, and asyncio logged 'Task was destroyed but
    it is pending!' at exit. Now its cancellation runs (its `finally` too) before `aclose`
    returns, and the bot's loop is closed."""
    unwound: list[str] = []

    async def waits_forever(messages: list[dict[str, str]]) -> str:
        try:
            await asyncio.Event().wait()
        finally:
            unwound.append("finally")
        return "never"

    spec = PythonTarget(kind="python", callable="x:y", timeout_s=0.05)
    adapter = PythonAdapter(spec, waits_forever)

    async def timed_out_then_closed() -> str:
        try:
            await adapter.call(BotRequest("c-1", "Hi", [], 1))
        except TargetError as exc:
            return exc.kind
        finally:
            bot_loop = adapter.bot_loop
            await adapter.aclose()
            assert bot_loop is not None and bot_loop.loop.is_closed()
            assert not asyncio.all_tasks(bot_loop.loop)
        return "answered"

    assert asyncio.run(timed_out_then_closed()) == "timeout"
    assert unwound == ["finally"]
