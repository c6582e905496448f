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
        # These two named the role's setting and pydantic's words, not the flag:
        ((*MODEL, "--temperature", "nan"),
         "--temperature nan: give a sampling temperature, 0 to 2"),
        ((*MODEL, "--support-temperature", "5"),
         "--support-temperature 5: give a sampling temperature, 0 to 2"),
        ((*MODEL, "--max-retries", "-1"), "--max-retries -1: give a number of retries, 0 to 20"),
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


ROOT = Path(__file__).resolve().parent.parent
# Runs `convsim studio ARGS` and says, after its error, whether the web stack was imported.
STUDIO = """
import sys
from simulator.entry import main
try:
    main()
finally:
    print("web stack imported:", "uvicorn" in sys.modules, file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--port", "99999"), "--port 99999: give a port between 0 and 65535"),
        (("--port", "-1"), "--port -1: give a port between 0 and 65535"),
        (("--host", ""),
         "--host: empty; give an address to listen on (127.0.0.1, or 0.0.0.0 with --token)"),
        (("--host", "999.1.1.1"), "--host 999.1.1.1: not an address of this machine"),
        (("--host", "no-such-host.invalid"),
         "--host no-such-host.invalid: not an address of this machine"),
    ],
)  # fmt: skip
def test_studio_flags_no_address_could_mean_are_a_line_before_the_web_stack_loads(
    flags: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    """`studio --port 99999` used to import uvicorn and the whole app (seconds on a busy
    machine) before saying a word; an unknown host was reported as needing --token."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    got = subprocess.run(
        [sys.executable, "-c", STUDIO, "studio", str(tmp_path), *flags],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    first, second = got.stderr.splitlines()
    assert got.returncode == 2
    assert first.startswith(f"convsim: error: {message}")
    assert second == "web stack imported: False"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--latency-ms", "-5"), "--latency-ms -5: give a number 0 or more (and not inf)"),
        (("--latency-ms", "nan"), "--latency-ms nan: give a number 0 or more (and not inf)"),
        (("--hang-s", "inf"), "--hang-s inf: give a number 0 or more (and not inf)"),
        (("--retry-after", "-1"), "--retry-after -1: give a number 0 or more (and not inf)"),
        (("--end-after", "-1"), "--end-after -1: give a number of exchanges, 0 or more"),
        (("--host", " "), "--host: empty; give an interface to listen on, e.g. 127.0.0.1"),
    ],
)  # fmt: skip
def test_fake_llm_settings_no_server_could_have(flags: tuple[str, ...], message: str) -> None:
    """Each used to start a server that slept a negative or nan time, or listened on every
    interface under the URL `http://:8089/v1`."""
    got = CliRunner().invoke(app, ["fake-llm", *flags])
    assert (got.exit_code, got.stderr) == (2, f"convsim: error: {message}\n")


def test_fake_llm_unknown_host_names_the_host() -> None:
    got = CliRunner().invoke(app, ["fake-llm", "--host", "no-such-host.invalid"])
    assert got.exit_code == 2
    assert got.stderr.startswith(
        "convsim: error: --host no-such-host.invalid: not an address of this machine ("
    )
