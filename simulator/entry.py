"""The `convsim` entry point, kept free of heavy imports.

Loading the CLI (LangGraph, LangChain: about a second) happens inside `main`, so Ctrl-C
during start-up is the same one line and exit 130 as Ctrl-C later, not a traceback. (A
Ctrl-C in the first ~60 ms, while Python itself is still starting, is Python's to report.)
"""

from __future__ import annotations

import contextlib
import os
import sys

EXIT_INTERRUPTED = 130


def main() -> None:
    try:
        from simulator.cli import main as cli_main

        cli_main()
    except KeyboardInterrupt:
        # Nothing has been written yet when this is reached (the commands handle Ctrl-C once
        # they work on files). os._exit: an interrupted import can leave the interpreter
        # marked as killed by SIGINT, which would turn SystemExit(130) into a -2 exit.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, KeyboardInterrupt):
                stream.flush()
        os.write(2, b"convsim: error: interrupted\n")
        os._exit(EXIT_INTERRUPTED)
