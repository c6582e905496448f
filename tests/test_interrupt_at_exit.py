"""Ctrl-C while the interpreter shuts down (after the command finished: atexit handlers,
joining threads) is the same one line and exit 130 as a Ctrl-C during the command. It used to
be swallowed by the atexit machinery (exit 0) or escape as an unhandled KeyboardInterrupt,
which Python turns into death by SIGINT (-2). The process is started from Python (a shell's
`&` would start it ignoring SIGINT), and the Ctrl-C is sent from inside the atexit handler, so
it lands in the shutdown on every run, whatever the load."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent(
    """
    import atexit, os, signal, time
    import simulator.cli

    def command():
        def shutting_down():
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, now that the command is done
            time.sleep(5)
            print("shutdown finished", flush=True)
        atexit.register(shutting_down)
        print("work done", flush=True)
        raise SystemExit(EXIT)

    simulator.cli.main = command  # the seam: entry.main runs simulator.cli.main
    from simulator.entry import main
    main()
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to oneself is POSIX")
@pytest.mark.parametrize("code", [0, 1])
def test_ctrl_c_during_shutdown_is_one_line_and_130(tmp_path: Path, code: int) -> None:
    script = tmp_path / "late.py"
    script.write_text(SCRIPT.replace("EXIT", str(code)))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        130,
        "work done\n",
        "convsim: error: interrupted\n",
    )
