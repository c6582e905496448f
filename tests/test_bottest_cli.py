"""`convsim test` and `convsim compare` in real processes: exit codes, JUnit, gates, secrets."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from bots.server import serve
from cli_process import convsim as run_convsim
from typer.testing import CliRunner, Result

from simulator.cli import app

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SCENARIO = "tests/data/bots/refund.yaml"
SECRET = "cli-s3cret-4417-zz"


def convsim(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_convsim(*args, cwd=ROOT, env={"COLUMNS": "160", **(env or {})}, timeout=120)


def test_bad_target_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = "tests/data/targets_bad/unknown_key.yaml"
    result = convsim("test", SCENARIO, "--target", bad, "--n", "2", "--out", str(tmp_path / "r"))
    assert result.returncode == 2
    assert result.stderr == (
        "convsim: error: tests/data/targets_bad/unknown_key.yaml:4: timeuot_s: unknown key "
        "'timeuot_s' (did you mean 'timeout_s'?)\n"
    )
    assert not (tmp_path / "r").exists()


def test_flag_errors_in_process() -> None:
    flags = invoke("test", "--target", "bot.yaml", "--out", "x", "--min-pass-rate", "95")
    assert (flags.exit_code, flags.stderr) == (
        2, "convsim: error: --min-pass-rate 95: give a fraction between 0 and 1\n")  # fmt: skip
    trials = invoke("test", SCENARIO, "--target", "examples/targets/python-bot.yaml", "--out", "x",
                    "--trials", "0")  # fmt: skip
    assert (trials.exit_code, trials.stderr) == (
        2, "convsim: error: --trials 0: give a value between 1 and 100\n")  # fmt: skip
    missing = invoke("test", SCENARIO, "--out", "x")
    assert missing.stderr == (
        "convsim: error: --target is required: give the bot's target file, e.g. --target bot.yaml\n"
    )


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def test_gate_junit_compare_and_secrets(tmp_path: Path) -> None:
    leaky = tmp_path / "leaky.yaml"
    leaky.write_text(f"kind: python\ncallable: bots.logic:leaky\npythonpath: [{TESTS}]\n")
    common = [SCENARIO, "--n", "16", "--seed", "3", "--quiet"]
    junit_file = tmp_path / "junit.xml"
    result = convsim("test", *common, "--target", str(leaky), "--out", str(tmp_path / "b"),
                     "--junit", str(junit_file), "--min-pass-rate", "0.99")  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("convsim: error: gate failed: the pass rate is ")
    assert result.stderr.endswith("decided conversations), below --min-pass-rate 99.0%.\n")
    assert "prompt_injection" in result.stdout and "by persona trait" in result.stdout
    root = ET.parse(junit_file).getroot()
    assert root.get("tests") == "16" and int(root.get("failures") or 0) > 0
    assert len(root.findall(".//testcase")) == 16

    with serve(token=SECRET) as server:
        target = tmp_path / "bot.yaml"
        target.write_text(
            f"kind: http\nurl: {server.url}/correct\n"
            "headers: {Authorization: 'Bearer ${BOT_TOKEN}'}\n"
            "body: {conversation_id: '{conversation_id}', message: '{message}', "
            "history: '{history}'}\n"
        )
        good = convsim("test", *common, "--target", str(target), "--out", str(tmp_path / "a"),
                       "--min-pass-rate", "0.9", env={"BOT_TOKEN": SECRET})  # fmt: skip
    assert good.returncode == 0, good.stderr
    assert "gate passed: the pass rate is 100.0% (" in good.stdout
    assert "decided conversations), at or above --min-pass-rate 90.0%." in good.stdout
    assert SECRET not in good.stdout + good.stderr
    for file in (tmp_path / "a").iterdir():
        assert SECRET.encode() not in file.read_bytes(), file.name

    regressions = invoke("compare", str(tmp_path / "a"), str(tmp_path / "b"))
    assert regressions.exit_code == 1
    lines = [x for x in regressions.stdout.splitlines() if x.startswith("regression: ")]
    fails = int(root.get("failures") or 0)
    assert len(lines) == fails
    assert all("[" in x and ("pass -> fail" in x or "undecided -> fail" in x) for x in lines)
    fixes = invoke("compare", str(tmp_path / "b"), str(tmp_path / "a"))
    assert fixes.exit_code == 0
    assert sum(x.startswith("fix: ") for x in fixes.stdout.splitlines()) == fails
