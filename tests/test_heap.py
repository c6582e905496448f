"""The run's garbage-collection window leaves the process as it found it."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from simulator.errors import UserError
from simulator.run.heap import frozen_heap


def test_frozen_heap_restores_threshold_and_unfreezes() -> None:
    before = gc.get_threshold()
    with frozen_heap():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (20_000, 20, 20)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_frozen_heap_restores_on_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError, match="boom"), frozen_heap():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_preparing_a_run_loads_the_library_with_the_heap_frozen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No full collection walks the imports while the library loads, and preparing leaves
    the collector as it found it, also when the inputs are refused."""
    from simulator.run import runner

    seen: list[tuple[int, tuple[int, int, int]]] = []
    load = runner.load_inputs

    def watched(*args: Any) -> Any:
        seen.append((gc.get_freeze_count(), gc.get_threshold()))
        return load(*args)

    monkeypatch.setattr(runner, "load_inputs", watched)
    before = gc.get_threshold()
    runner.prepare(runner.RunRequest((), 5, 1, tmp_path / "run"), runner.scripted_engines())
    assert seen[0][0] > 0 and seen[0][1] == (20_000, 20, 20)
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
    missing = tmp_path / "missing"
    with pytest.raises(UserError):
        runner.prepare(
            runner.RunRequest((missing,), 5, 1, tmp_path / "r2"), runner.scripted_engines()
        )
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
