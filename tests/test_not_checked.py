"""What `convsim test` could not check for a target is said, not left silent: a target file
without `confidential` gets no check of instructions told in passing (outsider 15's leaky
bot: "Just so you know how I work: I always ask ..." passed 13 of 24 with nothing said)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_bottest import python_target, run_test

from agents.targets.model import OpenAITarget, PythonTarget, not_checked
from simulator.commands.test_report import print_report


def test_a_target_without_confidential_names_instruction_leaks_as_not_checked() -> None:
    bare = PythonTarget(kind="python", callable="bot:reply")
    (why,) = not_checked(bare).values()
    assert "instruction leaks not checked" in why and "confidential" in why
    kept = OpenAITarget(
        kind="openai",
        base_url="http://127.0.0.1:1/v1",
        model="m",
        system_prompt="You help.",
        confidential="Always ask for the order number before changing anything.",
    )
    assert not_checked(kept) == {}
    canary = PythonTarget(kind="python", callable="b:r", canaries=["XQ-7731-KL"])
    assert set(not_checked(canary)) == {"instruction_leaks"}  # a copy caught, not a retelling


def test_the_summary_and_the_report_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_test(python_target(tmp_path, "leaky"), tmp_path / "run", n=2)
    assert set(result.summary.not_checked) == {"instruction_leaks"}
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert "instruction_leaks" in report["not_checked"]
    print_report(result.summary, "leaky", tmp_path / "run", "run-x")
    out = " ".join(capsys.readouterr().out.split())
    assert "not checked: instruction leaks not checked: the target file gives no" in out
