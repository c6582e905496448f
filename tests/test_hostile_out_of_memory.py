"""Running out of memory (outsider 27: a 60 MB records file, within the documented limit,
took a run to its memory cap) ends in one line naming the domain's data file and the fix,
exit 2, never a 110-line ExceptionGroup traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from scenarios.domains import loader
from scenarios.domains.loader import read_domain
from simulator.commands.common import user_errors

DOMAIN = """\
name: shop
description: A shop.
tables:
  orders:
    key: order_id
    columns: {order_id: text, status: text}
    records: orders.jsonl
tools: []
"""


def test_memory_error_in_a_task_group_is_one_line_naming_the_data_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The message names the largest data file this process read: in the whole suite, other
    # tests' domains are read first (it failed only in the clean-clone CI), so start afresh.
    monkeypatch.setattr(loader, "_DATA_FILES", {})
    folder = tmp_path / "domains"
    folder.mkdir()
    (folder / "orders.jsonl").write_text('{"order_id": "W1", "status": "pending"}\n')
    (folder / "shop.yaml").write_text(DOMAIN)
    domain, problems = read_domain(folder / "shop.yaml")
    assert domain is not None, problems

    @user_errors
    def command() -> None:
        raise ExceptionGroup("unhandled errors in a TaskGroup", [MemoryError()])

    with pytest.raises(typer.Exit) as caught:
        command()
    assert caught.value.exit_code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "out of memory" in err and "orders.jsonl" in err and "Traceback" not in err


def test_other_errors_in_a_group_are_not_called_memory(capsys: pytest.CaptureFixture[str]) -> None:
    @user_errors
    def command() -> None:
        raise ExceptionGroup("x", [MemoryError(), ValueError("bug")])

    with pytest.raises(ExceptionGroup):
        command()
