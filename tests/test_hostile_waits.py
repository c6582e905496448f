"""Waits bounded by what the user asked for (outsider 27 #4, #14/#15, #16): a rate limit so low
that the next request waits longer than the call timeout is refused in one line naming the
flag or the config file and key (it was accepted, then the run sat silent for years), an
`[llm] timeout_s` is bounded as in a target file, and `timeout_s = inf` names the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli import app

MODEL = ("--model", "m", "--base-url", "http://127.0.0.1:1/v1")


def _run(tmp_path: Path, *flags: str) -> tuple[int, str, Path]:
    out = tmp_path / "run"
    got = CliRunner().invoke(app, ["run", "examples/scenarios", "--n", "1", "--out", str(out),
                                   *MODEL, *flags])  # fmt: skip
    return got.exit_code, got.stderr, out


@pytest.mark.parametrize("rate", ["1e-9", "0.0001"])
def test_a_rate_limit_slower_than_the_timeout_is_refused(
    rate: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    code, err, out = _run(tmp_path, "--rate-limit", rate, "--timeout", "20")
    assert code == 2, err
    assert err.startswith(f"convsim: error: --rate-limit {float(rate):g}: "), err
    assert "(20 s)" in err and "0.05" in err and err.count("\n") == 1
    assert not out.exists()


def test_a_rate_limit_within_the_timeout_passes_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    _, err, _ = _run(tmp_path, "--rate-limit", "0.05", "--timeout", "20")
    assert "rate" not in err, err


@pytest.mark.parametrize(
    ("toml", "where"),
    [
        ("[llm]\nrate_limit_rps = 1e-9\n", "llm.rate_limit_rps = 1e-09: "),
        ("[llm.customer]\nrate_limit_rps = 1e-3\n", "llm.customer.rate_limit_rps = 0.001: "),
        ("[llm]\ntimeout_s = 1e300\n", "llm.timeout_s: "),
        ("[llm]\ntimeout_s = inf\n", "llm.timeout_s: "),
        ("[llm.critic]\ntimeout_s = nan\n", "llm.critic.timeout_s: "),
    ],
)
def test_config_waits_no_run_can_finish_name_the_file_and_key(
    toml: str, where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    cfg = tmp_path / "slow.toml"
    cfg.write_text(toml)
    code, err, out = _run(tmp_path, "--config", str(cfg))
    assert code == 2, err
    assert err.startswith(f"convsim: error: --config {cfg}: {where}"), err
    assert err.count("\n") == 1
    assert not out.exists()


def test_a_timeout_flag_past_ten_minutes_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    code, err, _ = _run(tmp_path, "--timeout", "1e300")
    assert (code, err) == (
        2, "convsim: error: --timeout 1e+300: give seconds per call, at most 600\n"
    )  # fmt: skip


def test_a_bot_rate_slower_than_the_target_timeout_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bot.yaml").write_text("kind: http\nurl: http://127.0.0.1:9/chat\ntimeout_s: 5\n")
    out = tmp_path / "out"
    got = CliRunner().invoke(app, ["test", "examples/scenarios", "--target",
                                   str(tmp_path / "bot.yaml"), "--n", "1", "--out", str(out),
                                   "--rate", "1e-9"])  # fmt: skip
    assert got.exit_code == 2, got.stderr
    assert got.stderr.startswith("convsim: error: --rate 1e-09: "), got.stderr
    assert "(5 s)" in got.stderr and "0.2" in got.stderr
    assert not out.exists()
