"""The README's quick start and walkthrough work as written, and docs/cli.md documents every
command and every flag the CLI has."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from simulator.cli import COMMANDS, app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)\n```", section, flags=re.S)


def test_quick_start_is_two_commands_and_the_second_is_what_ci_runs() -> None:
    commands = quick_start()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    test_command = commands[1].split("&&")[-1].strip()
    assert test_command == ".venv/bin/pytest"
    ci = (ROOT / ".ci" / "run").read_text()
    assert '"$venv/bin/pytest"' in ci
    # The same install too: what the README installs before testing is what CI installs.
    install = commands[1].split("&&")[1].strip().removeprefix(".venv/bin/pip install ")
    ci_install = re.findall(r'^"\$venv/bin/python" -m pip install --quiet (-e .*)$', ci, flags=re.M)
    assert ci_install == [install]


def test_quick_start_run_command_works(tmp_path: Path) -> None:
    step = commands_after_install(quick_start()[0])
    args = shlex.split(step)
    assert args[0].endswith("convsim")
    args = args[1:]
    args[args.index("--out") + 1] = str(tmp_path / "demo")
    result = CliRunner().invoke(app, [*args, "--quiet"])
    assert result.exit_code == 0, result.output
    n = args[args.index("--n") + 1]
    assert f"conversations │ {n}" in result.stdout
    lines = (tmp_path / "demo" / "transcripts.jsonl").read_text().splitlines()
    assert len(lines) == int(n)


def commands_after_install(line: str) -> str:
    return line.split("&&")[-1].strip()


def test_docs_cli_documents_every_command() -> None:
    names = [n for n in COMMANDS if n != "import"]
    assert sorted(names) == sorted(
        [
            "run",
            "lint",
            "scenarios",
            "personas",
            "show",
            "fake-llm",
            "grade",
            "review",
            "coverage",
            "plan",
            "export",
            "fork",
            "report",
            "test",
            "compare",
            "studio",
            "learn",
            "validate",
        ]
    )
    for name in names:
        assert f"| `convsim {name}" in CLI_DOC, f"docs/cli.md's table has no row for convsim {name}"
    assert COMMANDS["import"][1] == "app"  # a group (import tau-bench)
    assert "| `convsim import tau-bench" in CLI_DOC


def test_docs_cli_documents_every_flag() -> None:
    """Each command's section of docs/cli.md names each of its flags; the model flags that
    run, fork, test and grade share are named in their own section."""
    import typer.main

    sections = dict(re.findall(r"^### `convsim ([a-z -]+)`\n(.*?)(?=^### |\Z)", CLI_DOC,
                               flags=re.M | re.S))  # fmt: skip
    shared_rows = [
        line
        for line in CLI_DOC.split("### Model flags", 1)[1].splitlines()
        if line.startswith("| `")
    ]
    shared = "\n".join(shared_rows)

    def commands(group: object, prefix: str) -> list[tuple[str, object]]:
        found = []
        for name, command in getattr(group, "commands", {}).items():
            if hasattr(command, "commands"):
                found += commands(command, f"{prefix}{name} ")
            else:
                found.append((f"{prefix}{name}", command))
        return found

    missing = []
    for name, command in commands(typer.main.get_command(app), ""):
        assert name in sections, f"docs/cli.md has no section ### `convsim {name}`"
        own, _, model_line = sections[name].partition("Model flags ([below](#model-flags)):")
        model_line = model_line.split("\n\n", 1)[0]
        for param in getattr(command, "params", []):
            if param.param_type_name != "option":
                continue
            for flag in [*param.opts, *param.secondary_opts]:
                if not flag.startswith("--"):
                    continue
                if f"`{flag}`" in own or (f"`{flag}`" in model_line and f"`{flag}`" in shared):
                    continue
                missing.append(f"convsim {name} {flag}")
    assert not missing, (
        f"flags not in docs/cli.md: {missing}; add a row to the command's flag table "
        "(or name a shared model flag in its 'Model flags' line)"
    )


def test_bot_walkthrough_runs_as_written(tmp_path: Path) -> None:
    """The 'Test your bot' walkthrough: start the example bot, test it, get the pasted head."""
    import os
    import subprocess
    import sys

    section = README.split("### Walkthrough: test the example bot", 1)[1].split("\n## ", 1)[0]
    start, test = re.findall(r"```bash\n(.*?)\n```", section, flags=re.S)[0].splitlines()
    pasted = re.findall(r"```text\n(.*?)\n```", section, flags=re.S)[0].splitlines()
    assert start.endswith(" &")
    bot_args = shlex.split(start[:-2])
    assert bot_args[0] == "python"
    args = shlex.split(test)
    assert args[:2] == ["convsim", "test"]
    args[args.index("--out") + 1] = str(tmp_path / "example-bot")
    # As written, on a free port (the machine is shared): the bot's --port and the target's url.
    port = bot_args[bot_args.index("--port") + 1]
    free = free_port()
    bot_args[bot_args.index("--port") + 1] = str(free)
    target = ROOT / args[args.index("--target") + 1]
    moved = tmp_path / target.name
    text = target.read_text(encoding="utf-8")
    assert f"127.0.0.1:{port}/" in text
    moved.write_text(text.replace(f"127.0.0.1:{port}/", f"127.0.0.1:{free}/"), encoding="utf-8")
    args[args.index("--target") + 1] = str(moved)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    bot = subprocess.Popen([sys.executable, *bot_args[1:]], cwd=ROOT, stdout=subprocess.PIPE,
                           text=True)  # fmt: skip
    try:
        assert bot.stdout is not None and "listening" in bot.stdout.readline()
        done = subprocess.run([sys.executable, "-m", "simulator", *args[1:]], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
    finally:
        bot.terminate()
        bot.wait(timeout=10)
        if bot.stdout is not None:
            bot.stdout.close()
    assert done.returncode == 0, done.stderr
    shown = [line.rstrip() for line in done.stdout.splitlines()]
    for line in pasted:
        assert line in shown, line


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
