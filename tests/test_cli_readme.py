"""The README's quick start works as written, and it documents the commands the CLI has."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from simulator.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)\n```", section, flags=re.S)


def test_quick_start_is_two_commands_and_the_second_is_what_ci_runs() -> None:
    commands = quick_start()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    test_command = commands[1].split("&&")[-1].strip()
    assert test_command == ".venv/bin/pytest"
    assert '"$venv/bin/pytest"' in (ROOT / ".ci" / "run").read_text()


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


def test_readme_documents_every_command() -> None:
    names = [c.name for c in app.registered_commands]
    assert sorted(names) == sorted(
        [
            "run",
            "lint",
            "personas",
            "show",
            "fake-llm",
            "grade",
            "review",
            "coverage",
            "plan",
            "export",
            "report",
            "test",
            "compare",
        ]
    )
    for name in names:
        assert f"| `convsim {name}" in README
