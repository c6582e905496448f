"""Logs that inflate far past their size (outsider 27 #2): a small .jsonl.gz whose lines add
up to more text than convsim keeps is refused while it streams, in one line naming the file
and the limit, exit 2; before, every record was kept and the memory ran out first."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import simulator.validation.logs as logs
from simulator.cli import app


def _bomb(path: Path, lines: int) -> None:
    user = {"role": "user", "content": "Where is my parcel " + "x" * 200}
    chat = {"messages": [user, {"role": "assistant", "content": "Let me check that for you."}]}
    with gzip.open(path, "wt") as f:
        for _ in range(lines):
            f.write(json.dumps(chat) + "\n")


def test_learn_stops_at_the_inflated_limit_while_streaming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_LOG_BYTES", 100_000, raising=False)  # really 256 MB
    seen: list[int] = []
    real = logs.parse_record

    def counting(data: object, where: str, default_id: str, labels: str | None) -> logs.Dialogue:
        seen.append(1)
        return real(data, where, default_id, labels)

    monkeypatch.setattr(logs, "parse_record", counting)
    bomb = tmp_path / "chats.jsonl.gz"
    _bomb(bomb, 5_000)  # about 1.4 MB inflated, a few KB on disk
    got = CliRunner().invoke(app, ["learn", str(bomb), "--out", str(tmp_path / "out")])
    assert got.exit_code == 2, got.output
    assert got.stderr.count("\n") == 1, got.stderr
    assert str(bomb) in got.stderr and "more than 100,000 bytes once inflated" in got.stderr
    assert "sample" in got.stderr
    assert len(seen) < 600  # stopped near the limit, not after keeping all 5,000
    assert not (tmp_path / "out").exists()


def test_logs_under_the_limit_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "chats.jsonl.gz"
    _bomb(path, 50)
    assert len(logs.read_logs(path, "LOGS")) == 50
