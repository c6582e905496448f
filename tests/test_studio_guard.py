"""Who may talk to the studio: the token beyond loopback (every request, constant-time
compare), loopback host names only on loopback (DNS rebinding), and no writes from another
site's page (cross-site requests)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from simulator.studio.pages.app import create_app
from simulator.studio.pages.guard import COOKIE, is_loopback

TOKEN = "k3y-for-tests-only-0123456789"
NEED = "this studio needs its token: open the address `convsim studio` printed"


def _client(tmp_path: Path, token: str | None, loopback: bool, url: str) -> TestClient:
    return TestClient(create_app(tmp_path, token=token, loopback=loopback), base_url=url)


@pytest.mark.parametrize("path", ["/", "/runs", "/domains", "/edit?path=x.yaml", "/nope"])
def test_every_request_needs_the_token(tmp_path: Path, path: str) -> None:
    client = _client(tmp_path, TOKEN, False, "http://10.1.2.3:8765")
    res = client.get(path)
    assert res.status_code == 403 and NEED in res.text
    res = client.get(path, headers={"Authorization": "Bearer wrong-token-of-some-length"})
    assert res.status_code == 403 and NEED in res.text
    res = client.get(path, headers={"Authorization": f"Bearer {TOKEN}"})
    assert res.status_code != 403


def test_writes_need_the_token_too(tmp_path: Path) -> None:
    client = _client(tmp_path, TOKEN, False, "http://10.1.2.3:8765")
    res = client.post("/api/save", json={"path": "x.yaml", "text": "id: a/b\n"})
    assert res.status_code == 403 and not (tmp_path / "x.yaml").exists()
    res = client.post(
        "/api/save",
        json={"path": "x.yaml", "text": "id: a/b\n"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert res.status_code == 200 and (tmp_path / "x.yaml").read_text("utf-8") == "id: a/b\n"


def test_token_in_the_address_becomes_a_cookie(tmp_path: Path) -> None:
    client = _client(tmp_path, TOKEN, False, "http://10.1.2.3:8765")
    res = client.get("/runs", params={"token": TOKEN, "run": "r"}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/runs?run=r"
    cookie = f"{COOKIE}_8765={TOKEN}; HttpOnly; SameSite=Strict; Path=/"  # named per port
    assert res.headers["set-cookie"] == cookie
    assert client.get("/").status_code == 200  # the cookie now carries it
    other = _client(tmp_path, TOKEN, False, "http://10.1.2.3:8766")  # another studio's port
    other.cookies.set(f"{COOKIE}_8765", TOKEN)
    assert other.get("/").status_code == 403  # a cookie of the studio on 8765 is not its own
    client.cookies.clear()
    assert client.get("/").status_code == 403
    assert client.get("/", params={"token": TOKEN[:-1]}).status_code == 403


def test_loopback_answers_loopback_host_names_only(tmp_path: Path) -> None:
    for url in ("http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765"):
        assert _client(tmp_path, None, True, url).get("/").status_code == 200, url
    res = _client(tmp_path, None, True, "http://evil.example:8765").get("/")
    assert res.status_code == 403
    assert "host &#x27;evil.example:8765&#x27; is not this machine" in res.text


def test_another_site_cannot_write(tmp_path: Path) -> None:
    client = _client(tmp_path, None, True, "http://127.0.0.1:8765")
    body = {"path": "x.yaml", "text": "id: a/b\n"}
    res = client.post("/api/save", json=body, headers={"Origin": "http://evil.example"})
    assert res.status_code == 403 and "a request from another site" in res.text
    assert not (tmp_path / "x.yaml").exists()
    res = client.post("/api/save", json=body, headers={"Referer": "http://evil.example/page"})
    assert res.status_code == 403 and not (tmp_path / "x.yaml").exists()
    res = client.post("/api/save", json=body, headers={"Origin": "http://127.0.0.1:8765"})
    assert res.status_code == 200 and (tmp_path / "x.yaml").exists()


def test_is_loopback() -> None:
    assert [is_loopback(h) for h in ("127.0.0.1", "127.9.9.9", "::1", "localhost")] == [True] * 4
    assert [is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.5", "example.com")] == [False] * 4


def _studio(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """The first line `convsim studio` prints (then stops it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    argv = [sys.executable, "-m", "simulator", "studio", str(tmp_path), "--port", str(port)]
    with subprocess.Popen(
        [*argv, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            for _ in range(100):
                try:
                    httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            token = line.rsplit("token=", 1)[-1].strip()
            url = f"http://127.0.0.1:{port}/"
            assert httpx.get(url, timeout=5).status_code == 403
            ok = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=5)
            assert ok.status_code == 200
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return line.replace(str(port), "PORT")


def test_cli_beyond_loopback_needs_token(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "simulator", "studio", str(tmp_path), "--host", "0.0.0.0"]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (
        "convsim: error: --host 0.0.0.0: not loopback, so others on the network could read "
        "and change the workspace; add --token (every request must then carry the printed "
        "token)\n"
    )


def test_cli_prints_the_token_it_checks(tmp_path: Path) -> None:
    import os

    line = _studio(tmp_path, "--token")
    head, token = line.strip().rsplit("/?token=", 1)
    assert head == f"convsim studio: workspace {tmp_path.resolve()} on http://127.0.0.1:PORT"
    assert len(token) == 32
    fixed = {**os.environ, "CONVSIM_STUDIO_TOKEN": TOKEN}
    assert _studio(tmp_path, "--token", env=fixed).strip().endswith(f"/?token={TOKEN}")
    bad = {**os.environ, "CONVSIM_STUDIO_TOKEN": "short"}
    argv = [sys.executable, "-m", "simulator", "studio", str(tmp_path), "--token"]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60, env=bad)
    assert proc.returncode == 2 and proc.stderr == (
        "convsim: error: $CONVSIM_STUDIO_TOKEN: give at least 16 letters, digits, '-' or '_' "
        "(or unset it for a random token)\n"
    )


def test_cli_busy_port_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = int(taken.getsockname()[1])
        argv = [sys.executable, "-m", "simulator", "studio", str(tmp_path), "--port", str(port)]
        proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (
        f"convsim: error: --port {port}: already in use (another studio?); pick another, or "
        "--port 0 for any free one\n"
    )


def test_cli_port_zero_prints_the_port_it_got(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "simulator", "studio", str(tmp_path), "--port", "0"]
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as p:
        try:
            assert p.stdout is not None
            line = p.stdout.readline()
            port = int(line.rsplit(":", 1)[1])
            assert port > 0
            for _ in range(100):
                try:
                    res = httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                pytest.fail("studio did not answer on the printed port")
            assert res.status_code == 200
        finally:
            p.terminate()
            p.wait(timeout=10)
