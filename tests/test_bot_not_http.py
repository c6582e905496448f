"""A bot url that points at a server speaking another protocol first (outsider 16 #14: an
SSH banner was reported as 'took the 'Hello' and closed the connection without answering: the
bot may have crashed', where docs/targets.md promises 'did not answer in HTTP')."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def banner_server() -> tuple[socket.socket, int]:
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.sendall(b"SSH-2.0-OpenSSH_8.9\r\n")
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    conn.recv(65536)

    threading.Thread(target=serve, daemon=True).start()
    return listener, listener.getsockname()[1]


def test_a_server_that_greets_first_did_not_answer_in_http(tmp_path: Path) -> None:
    listener, port = banner_server()
    target = tmp_path / "bot.yaml"
    target.write_text(f"kind: http\nurl: http://127.0.0.1:{port}/chat\nretries: 0\n")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "test", "--target", str(target), "--n", "1",
             "--out", str(tmp_path / "r")],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    finally:
        listener.close()
    assert done.returncode == 2
    assert done.stderr.endswith(
        f"http://127.0.0.1:{port}/chat did not answer in HTTP (it sent 'SSH-2.0-OpenSSH_8.9' "
        "before any request, as an SSH or mail server does); check the port in url\n"
    ), done.stderr
    assert not (tmp_path / "r").exists()
