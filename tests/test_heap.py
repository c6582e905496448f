"""The run's garbage-collection window leaves the process as it found it."""

from __future__ import annotations

import gc

import pytest

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
