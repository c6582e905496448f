"""What the README (and the docs) show a command printing is what it prints.

Every ```console block of README.md, then of docs/*.md, is a shell session: `$ command` lines,
each followed by its output. The blocks run in order in one fresh folder (with `examples/`
linked in), as a reader following the README and then the docs would run them (so a docs page
may use the quick start's `runs/demo`), and each output must match what is shown, apart from
timings and run ids. When a change alters an output on purpose, `UPDATE_README=1 pytest
tests/test_readme_outputs.py` rewrites the blocks (and fails, so the diff gets reviewed); it
refuses to write an output holding a `convsim: error:` line (a command that no longer works,
such as a conversation id the run no longer has, needs a person to pick another).
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"(```console\n)(.*?)(```\n)", re.S)
# Terminal width of the pasted outputs (rich wraps tables and transcripts to it).
COLUMNS = "100"


def sessions(text: str) -> list[list[tuple[str, list[str]]]]:
    """Each console block as (command, shown output lines) pairs."""
    blocks = []
    for match in BLOCK.finditer(text):
        steps: list[tuple[str, list[str]]] = []
        for line in match.group(2).splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                assert steps, f"console block starts with output, not a command: {line!r}"
                steps[-1][1].append(line)
        blocks.append(steps)
    return blocks


def run_sessions(blocks: list[list[tuple[str, list[str]]]], where: Path) -> list[list[str]]:
    """Run every command in order in `where`; the output of each, stdout and stderr merged."""
    bin_dir = where / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "convsim"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m simulator "$@"\n')
    shim.chmod(0o755)
    work = where / "work"
    work.mkdir()
    (work / "examples").symlink_to(ROOT / "examples")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        "COLUMNS": COLUMNS,
    }
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "TERM", "FORCE_COLOR"):
        env.pop(name, None)
    env["NO_COLOR"] = "1"
    outputs = []
    for steps in blocks:
        for command, _ in steps:
            done = subprocess.run(
                ["bash", "-c", command],
                cwd=work,
                env=env,
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                timeout=900,
            )
            lines = [line.rstrip() for line in done.stdout.splitlines()]
            while lines and not lines[-1]:
                lines.pop()
            outputs.append(lines)
    return outputs


def normal(line: str) -> str:
    """A line without what changes from run to run (timings), what any change to the library
    or the engines changes without saying anything to a reader (the run id, a hash of the run's
    configuration) or with the table's width."""
    line = re.sub(r"\brun-[0-9a-f]{12}\b", "run-ID", line)
    line = re.sub(r"\d+(\.\d+)? s\b", "N s", line)
    line = re.sub(r"\d+ conversations/s", "N conversations/s", line)
    line = re.sub(r"─+", "─", line)
    return re.sub(r"\s+", " ", line).strip()


def rewrite(text: str, outputs: list[list[str]]) -> str:
    pending = iter(outputs)

    def block(match: re.Match[str]) -> str:
        body = []
        for line in match.group(2).splitlines():
            if line.startswith("$ "):
                body.append(line)
                body.extend(next(pending))
        return match.group(1) + "\n".join(body) + "\n" + match.group(3)

    return BLOCK.sub(block, text)


def test_the_quick_start_output_is_of_the_quick_start_command() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    install_and_run = re.findall(r"```bash\n(.*?)\n```", section, flags=re.S)[0]
    first = sessions(section)[0][0][0]
    assert "convsim " + first.removeprefix("convsim ") == install_and_run.split("&& .venv/bin/")[-1]


def pages() -> list[Path]:
    return [README, *sorted((ROOT / "docs").glob("*.md"))]


def test_readme_outputs_are_what_the_commands_print(tmp_path: Path) -> None:
    texts = {page: page.read_text(encoding="utf-8") for page in pages()}
    blocks = {page: sessions(text) for page, text in texts.items()}
    assert blocks[README], "README.md has no console blocks"
    outputs = run_sessions([b for page in blocks for b in blocks[page]], tmp_path)
    shown = [
        (page, command, lines)
        for page in blocks
        for steps in blocks[page]
        for command, lines in steps
    ]
    if os.environ.get("UPDATE_README"):
        broken = [
            f"{page.relative_to(ROOT)}: `{command}`: {line}"
            for (page, command, _), actual in zip(shown, outputs, strict=True)
            for line in actual
            if line.startswith("convsim: error:")
        ]
        assert not broken, f"not rewritten, these commands fail: {broken}"
        # An output that differs only in what the comparison leaves aside stays as it is.
        kept = [
            lines if [normal(x) for x in lines] == [normal(x) for x in actual] else actual
            for (_, _, lines), actual in zip(shown, outputs, strict=True)
        ]
        pending = iter(kept)
        for page, steps in blocks.items():
            mine = [next(pending) for block in steps for _step in block]
            if mine:
                page.write_text(rewrite(texts[page], mine), encoding="utf-8")
        pytest.fail("outputs rewritten; review `git diff README.md docs/` and run again")
    for (page, command, expected), actual in zip(shown, outputs, strict=True):
        if [normal(x) for x in expected] != [normal(x) for x in actual]:
            name = str(page.relative_to(ROOT))
            diff = "\n".join(difflib.unified_diff(expected, actual, name, "now", lineterm=""))
            pytest.fail(
                f"{name}: the output of `{command}` is not what it prints now "
                f"(UPDATE_README=1 pytest {Path(__file__).relative_to(ROOT)} rewrites it):\n" + diff
            )


def test_the_scenario_shown_is_the_example_file() -> None:
    section = README.read_text(encoding="utf-8").split("## Write scenarios", 1)[1]
    shown = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    example = ROOT / "examples" / "scenarios" / "refund-damaged-order.yaml"
    assert shown == example.read_text(encoding="utf-8")
    assert f"cp {example.relative_to(ROOT)} " in section
