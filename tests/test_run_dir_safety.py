"""The run directory under an early kill, Ctrl-C during start-up, and --out values that are
not a run: real processes, because the failures live in the first milliseconds."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_process import child_env
from typer.testing import CliRunner

from simulator.cli import app

ROOT = Path(__file__).resolve().parent.parent


def env() -> dict[str, str]:
    return child_env()


def command(out: Path) -> list[str]:
    run = [sys.executable, "-m", "simulator", "run", "--n", "3", "--seed", "5", "--quiet"]
    return [*run, "--out", str(out)]


def test_a_kill_in_the_first_milliseconds_leaves_a_run_the_same_command_finishes(
    tmp_path: Path,
) -> None:
    rng = random.Random(13)
    killed_with_db = 0
    for trial in range(10):
        out = tmp_path / f"run{trial}"
        proc = subprocess.Popen(
            command(out), env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 60
        while not out.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0002)
        time.sleep(rng.uniform(0, 0.004))
        proc.kill()
        proc.communicate()
        killed_with_db += (out / "run.db").exists()
        again = subprocess.run(command(out), env=env(), capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, (trial, again.stderr)
        assert len((out / "transcripts.jsonl").read_text().splitlines()) == 3
        assert not [p.name for p in out.iterdir() if p.name.startswith(".run.db.new")]
    assert killed_with_db < 10  # some kills landed before run.db was in place


@pytest.mark.parametrize("after", [0.2, 0.5, 0.8, 1.2])
def test_ctrl_c_during_start_up_is_one_line_and_130(after: float, tmp_path: Path) -> None:
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [*command(out)[:5], "200", *command(out)[6:]],
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(after)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert len(err.splitlines()) == 1 and err.startswith("convsim: error: interrupted"), err


def test_ctrl_c_while_planning_is_one_line_and_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same contract without timing: an interrupt in a command's set-up (here planning,
    before any conversation runs) reaches the user as the one line, whatever typer does."""

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("simulator.commands.run.prepare", interrupted)
    result = CliRunner().invoke(app, ["run", "--n", "1", "--out", str(tmp_path / "r")])
    assert (result.exit_code, result.stderr) == (130, "convsim: error: interrupted\n")


def test_ctrl_c_through_code_built_from_a_string_is_still_130(tmp_path: Path) -> None:
    """CPython marks the process as killed by SIGINT when a Ctrl-C passes through an
    `exec`'d string (dataclasses build their methods so), and `python -m` then turns the
    command's exit 130 into -2. The timing-free version of an interrupted import."""
    package = tmp_path / "interrupted"
    package.mkdir()
    (package / "__main__.py").write_text(
        "import sys\n"
        "import simulator.commands.run as run\n"
        "def prepare(*_):\n"
        "    exec('raise KeyboardInterrupt')\n"
        "run.prepare = prepare\n"
        f"sys.argv = ['convsim', 'run', '--n', '1', '--out', {str(tmp_path / 'r')!r}]\n"
        "from simulator.entry import main\n"
        "main()\n"
    )
    path = os.pathsep.join((str(tmp_path), env()["PYTHONPATH"]))
    done = subprocess.run(
        [sys.executable, "-m", "interrupted"],
        env={**env(), "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (130, "convsim: error: interrupted\n")


def test_an_empty_out_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["run", "--n", "1"], ["grade", "x.jsonl"], ["export", "d"], ["report", "d"]):
        result = CliRunner().invoke(app, [*args, "--out", ""])
        assert result.exit_code == 2
        assert result.stderr.startswith(
            "convsim: error: Invalid value for '--out': is empty; give a path, e.g. --out "
            "runs/demo (see 'convsim "
        )
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_other_files_is_refused_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    (tmp_path / "photos").mkdir()
    args = ["run", "--n", "1", "--seed", "1", "--quiet", "--out", str(tmp_path)]
    refused = CliRunner().invoke(app, args)
    assert (refused.exit_code, refused.stderr) == (
        2,
        f"convsim: error: --out {tmp_path}: is a folder with other files (notes.txt, ...) and "
        "no run; choose a new or empty folder, or add --force to write the run next to them\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "photos"]
    forced = CliRunner().invoke(app, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "notes.txt").read_text() == "mine\n"
    resumed = CliRunner().invoke(app, args)  # now it is a run: resuming needs no --force
    assert resumed.exit_code == 0, resumed.output


def test_an_empty_run_db_left_by_an_older_crash_is_a_fresh_start(tmp_path: Path) -> None:
    (tmp_path / "run.db").touch()
    result = CliRunner().invoke(app, ["run", "--n", "1", "--quiet", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "transcripts.jsonl").read_text().splitlines()) == 1


def test_a_second_run_on_the_same_out_is_refused_while_the_first_writes(tmp_path: Path) -> None:
    out = tmp_path / "run"
    first = subprocess.Popen(
        [*command(out)[:5], "100000", *command(out)[6:]],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not (out / ".run.db.lock").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        args = ["run", "--n", "100000", "--seed", "5", "--quiet", "--out", str(out)]
        second = CliRunner().invoke(app, args)
        forced = CliRunner().invoke(app, [*args, "--force"])
    finally:
        first.kill()
        first.wait()
    busy = (
        f"convsim: error: --out {out}: another convsim process is writing this run; wait for it "
        "or choose another --out\n"
    )
    assert (second.exit_code, second.stderr) == (2, busy)
    assert (forced.exit_code, forced.stderr) == (2, busy)
    assert (out / "run.db").stat().st_size > 0  # --force deleted nothing under the writer


def test_a_ctrl_c_python_would_swallow_is_delivered_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Ctrl-C raised inside `__del__` or a weakref callback (the import system's module-lock
    clean-up is one) is 'ignored' by Python; CI once saw a run finish with exit 0 after it.
    The entry point's hook hands it back to the main thread."""
    from simulator.entry import redeliver_interrupts

    monkeypatch.setattr(sys, "unraisablehook", redeliver_interrupts)

    class Interrupted:
        def __del__(self) -> None:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Interrupted()
        time.sleep(5)


def test_a_build_left_after_its_run_db_was_linked_is_cleared_on_resume(tmp_path: Path) -> None:
    """A kill between linking run.db into place and removing the build's own name leaves
    `.run.db.new-PID` beside a whole run.db; the next command removes it."""
    out = tmp_path / "run"
    args = ["run", "--n", "1", "--seed", "1", "--quiet", "--out", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 0
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / f".run.db.new-{dead.pid}"
    stale.write_bytes((out / "run.db").read_bytes())
    assert CliRunner().invoke(app, args).exit_code == 0
    assert not stale.exists()
