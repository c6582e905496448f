"""Model and port flags no setting could mean: each is one `convsim: error:` line naming the
flag, exit 2, before any key is read or file written (an empty --model used to run scripted
without a word, --timeout inf and a --base-url port out of range ended in tracebacks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli import app

RUN = ("run", "examples/scenarios", "--n", "1")
MODEL = ("--model", "m", "--base-url", "http://127.0.0.1:1/v1")


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--model", ""), "--model '': give a model name, or leave the flag out"),
        (("--customer-model", " "),
         "--customer-model ' ': give a model name, or leave the flag out"),
        ((*MODEL, "--budget-tokens", "-5"),
         "--budget-tokens -5: give a number of tokens, 1 or more"),
        ((*MODEL, "--budget-usd", "nan"), "--budget-usd nan: give dollars, a number more than 0"),
        ((*MODEL, "--timeout", "inf"), "--timeout inf: give a number more than 0 (and not inf)"),
        ((*MODEL, "--rate-limit", "-2"),
         "--rate-limit -2: give a number more than 0 (and not inf)"),
        ((*MODEL, "--temperature", "nan"),
         "customer model settings: temperature: Input should be a finite number"),
        (("--model", "m", "--base-url", "http://[::1]:99999/v1"),
         "customer model settings: base_url: 'http://[::1]:99999/v1' is not a URL (Port out of "
         "range 0-65535)"),
        (("--model", "m", "--base-url", "localhost:8000/v1"),
         "customer model settings: base_url: 'localhost:8000/v1' must start with http:// or "
         "https://"),
        (("--model", "m", "--base-url", "http://my server/v1"),
         "customer model settings: base_url: 'http://my server/v1' has a space in it"),
    ],
)  # fmt: skip
def test_model_flags_no_setting_could_mean(
    flags: tuple[str, ...], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    out = tmp_path / "run"
    got = CliRunner().invoke(app, [*RUN, "--out", str(out), *flags])
    assert (got.exit_code, got.stderr) == (2, f"convsim: error: {message}\n")
    assert not out.exists()


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_fake_llm_port_out_of_range(port: str) -> None:
    got = CliRunner().invoke(app, ["fake-llm", "--port", port])
    assert (got.exit_code, got.stderr) == (
        2, f"convsim: error: --port {port}: give a port between 0 and 65535 (0: any free one)\n"
    )  # fmt: skip
