"""The `convsim` entry point, kept free of heavy imports.

Loading the CLI (LangGraph, LangChain: about a second) happens inside `main`, so Ctrl-C
during start-up is the same one line and exit 130 as Ctrl-C later, not a traceback. (A
Ctrl-C in the first ~60 ms, while Python itself is still starting, is Python's to report.)

Python drops an exception raised inside a weakref callback or `__del__` ("Exception ignored
in ...") and goes on. A Ctrl-C that lands there, as it can while the import system cleans
its module locks, would be lost and the run would finish as if never interrupted; the hook
below hands it back to the main thread instead.

And CPython marks the process as killed by SIGINT when a Ctrl-C passes through code built
from a string (`dataclasses` and `namedtuple` make their methods that way, so an interrupted
import does it), even when the Ctrl-C is then handled: under `python -m` a later
`sys.exit(130)` becomes a -2 exit. An interrupted command therefore leaves through
`os._exit(130)`, after the interpreter's own shutdown has run.
"""

from __future__ import annotations

import _thread
import atexit
import contextlib
import os
import signal
import sys
import time
from types import FrameType
from typing import Any

EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, what a shell reports for a process it ended
_status = [EXIT_INTERRUPTED]  # the exit status of an interruption: 143 once SIGTERM came


def _interrupt_soon() -> None:
    time.sleep(0.01)
    _thread.interrupt_main()


def redeliver_interrupts(unraisable: Any) -> None:
    """`sys.unraisablehook` that re-raises a swallowed Ctrl-C in the main thread.

    From a bare thread, a moment later: raised here, inside the hook, it would be swallowed
    again (and `threading.Thread.start` waits, which gives it the chance). Should it land in
    a callback once more, this hook sends it once more.
    """
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        _thread.start_new_thread(_interrupt_soon, ())
        return
    sys.__unraisablehook__(unraisable)


def _exit_interrupted() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, KeyboardInterrupt):
            stream.flush()
    os.write(2, b"convsim: error: interrupted\n")
    os._exit(_status[0])


def _interrupted_at_exit(signum: int, frame: FrameType | None) -> None:
    _exit_interrupted()


def _terminated(signum: int, frame: FrameType | None) -> None:
    """SIGTERM (`kill`, a supervisor stopping the job) is handled as Ctrl-C is: whatever SIGINT
    does at this moment (asyncio's handler cancels the run, then the command says what was
    saved and how to resume), exit 143. It ended a run silently (outsider18 #21). Where
    SIGINT is ignored (a background job of a shell), the interruption is raised directly."""
    _status[0] = EXIT_TERMINATED
    handler = signal.getsignal(signal.SIGINT)
    if callable(handler):
        handler(signal.SIGINT, frame)
    else:
        raise KeyboardInterrupt


_exit_code: list[int] = []  # set when a command ends interrupted


def _leave_interrupted() -> None:
    """The last atexit handler (registered first): the status the command chose, whatever
    mark an earlier Ctrl-C left on the interpreter."""
    if _exit_code:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, KeyboardInterrupt):
                stream.flush()
        os._exit(_exit_code[0])


def main() -> None:
    sys.unraisablehook = redeliver_interrupts
    atexit.register(_leave_interrupted)
    with contextlib.suppress(ValueError):  # not the main thread: the caller's to handle
        signal.signal(signal.SIGTERM, _terminated)
    try:
        from simulator.cli import main as cli_main

        cli_main()
    except KeyboardInterrupt:
        # Nothing has been written yet when this is reached (the commands handle Ctrl-C once
        # they work on files). os._exit: an interrupted import can leave the interpreter
        # marked as killed by SIGINT, which would turn SystemExit(130) into a -2 exit.
        _exit_interrupted()
    except SystemExit as exc:
        if exc.code == EXIT_INTERRUPTED:  # the command has said what was saved
            _exit_code.append(_status[0])
        raise
    finally:
        # The command has finished (or is failing out): what is left is the interpreter's
        # shutdown (atexit handlers, joining threads, module teardown). A Ctrl-C there was
        # swallowed by an atexit handler (exit 0) or escaped as an unhandled KeyboardInterrupt
        # (Python then kills itself with SIGINT: -2). From here on it is one line and 130.
        with contextlib.suppress(ValueError):  # not the main thread: Python's own handling
            signal.signal(signal.SIGINT, _interrupted_at_exit)
