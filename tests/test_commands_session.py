"""The session wrapper `run` and `test` share: Ctrl-C and disk errors as one line each."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from simulator.commands.common import Bar, simulate_into
from simulator.errors import UserError


def interrupted(bar: Bar | None) -> int:
    raise KeyboardInterrupt


def disk_full(bar: Bar | None) -> int:
    raise OSError(28, "No space left on device")


def test_a_session_returns_its_result_without_a_bar_when_quiet() -> None:
    seen: list[Bar | None] = []

    def session(bar: Bar | None) -> int:
        seen.append(bar)
        return 7

    assert simulate_into(Path("runs/x"), True, session, lambda: "none") == 7
    assert seen == [None]


def test_ctrl_c_says_what_is_saved_and_exits_130(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as exit_info:
        simulate_into(Path("runs/x"), True, interrupted, lambda: "finished conversations")
    assert exit_info.value.exit_code == 130
    assert capsys.readouterr().err == (
        "convsim: error: interrupted: finished conversations are saved in runs/x; "
        "run the same command again to finish\n"
    )


def test_a_disk_error_names_out() -> None:
    with pytest.raises(UserError) as error:
        simulate_into(Path("runs/x"), True, disk_full, lambda: "none")
    assert error.value.lines == [
        "--out runs/x: cannot write the run: No space left on device; free space or choose "
        "another --out, then run the same command again to finish"
    ]
