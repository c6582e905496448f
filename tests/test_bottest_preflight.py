"""`convsim test` checks the target with one request before it creates anything; a run where
every conversation errored exits 1 with a sentence. Real processes, exact messages."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from bots.server import serve
from cli_process import convsim as run_convsim

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "tests/data/bots/refund.yaml"


def convsim(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_convsim(*args, cwd=ROOT, env={"COLUMNS": "160", **(env or {})}, timeout=120)


def target(folder: Path, url: str, extra: str = "") -> Path:
    path = folder / "bot.yaml"
    path.write_text(f"kind: http\nurl: {url}\n{extra}")
    return path


def refused(folder: Path, file: Path, env: dict[str, str] | None = None) -> str:
    out = folder / "run"
    result = convsim("test", SCENARIO, "--target", str(file), "--n", "2", "--out", str(out),
                     env=env)  # fmt: skip
    assert result.returncode == 2, result.stdout + result.stderr
    assert not out.exists()  # nothing created
    assert result.stdout == ""
    return result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_target(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/chat"
    file = target(tmp_path, url)
    assert refused(tmp_path, file) == (
        f"convsim: error: --target {file}: cannot reach {url} (connection refused); start the "
        "bot, or fix url in the target file\n"
    )


def test_unauthorized_wrong_path_and_not_json(tmp_path: Path) -> None:
    with serve(token="tok-1234") as server:
        headers = "headers: {Authorization: 'Bearer ${BOT_TOKEN}'}\n"
        file = target(tmp_path, server.url + "/correct", headers)
        assert refused(tmp_path, file, env={"BOT_TOKEN": "wrong"}) == (
            f"convsim: error: --target {file}: {server.url}/correct answered HTTP 401 "
            "(unauthorized); give the bot's token in headers (headers sent: Authorization) and "
            "export the environment variable it names\n"
        )
        file = target(tmp_path, server.url + "/malformed", headers)
        assert refused(tmp_path, file, env={"BOT_TOKEN": "tok-1234"}) == (
            f"convsim: error: --target {file}: {server.url}/malformed answered with a body that "
            "is not JSON (\"{'reply': 'sure thing'\"); point url at the bot's JSON endpoint\n"
        )
        file = target(tmp_path, server.url + "/correct", headers + "reply: $.answer\n")
        assert refused(tmp_path, file, env={"BOT_TOKEN": "tok-1234"}) == (
            f"convsim: error: --target {file}: no reply at $.answer in the response from "
            f"{server.url}/correct; set reply to the path of the answer text (the answer has "
            "$.reply)\n"
        )


def test_wrong_path_on_the_example_bot(tmp_path: Path) -> None:
    port = free_port()
    bot = subprocess.Popen(
        [sys.executable, "examples/bots/support_bot.py", "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert bot.stdout is not None and "listening" in bot.stdout.readline()
        url = f"http://127.0.0.1:{port}/v1/chat"
        file = target(tmp_path, url)
        assert refused(tmp_path, file) == (
            f"convsim: error: --target {file}: {url} answered HTTP 404 (not found); fix the path "
            "in url to the bot's chat endpoint\n"
        )
    finally:
        bot.terminate()
        bot.wait(timeout=10)
        if bot.stdout is not None:
            bot.stdout.close()


def test_every_conversation_errored_exits_1(tmp_path: Path) -> None:
    (tmp_path / "downbot.py").write_text(
        "def reply(messages):\n"
        "    if messages[-1]['content'] == 'Hello':\n"
        "        return 'Hi!'\n"
        "    raise RuntimeError('database down')\n"
    )
    file = tmp_path / "down.yaml"
    file.write_text("kind: python\ncallable: downbot:reply\n")
    result = convsim("test", SCENARIO, "--target", str(file), "--n", "3", "--quiet",
                     "--out", str(tmp_path / "run"), "--min-pass-rate", "0.5")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "convsim: error: every conversation ended in an infrastructure error (crashed 3), so the "
        "bot was not tested; fix the target and run the same command again with "
        "--retry-errors.\n"
        "convsim: error: gate failed: no conversation could be decided (0 undecided, 0 "
        "simulator faults, 3 errors), so the pass rate is unknown and cannot meet "
        "--min-pass-rate 50.0%.\n"
    )
    assert "infrastructure errors │ 3 (crashed 3)" in result.stdout
