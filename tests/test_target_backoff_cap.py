"""A target with many `retries` against a bot that always fails (outsider 27 #5): each wait
before asking again is capped at a few seconds, so `retries: 10` no longer sleeps 256 s before
its last attempt (8.5 minutes before the preflight named a dead bot)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from test_target_retries import flaky

import agents.targets.base as base
import simulator.bots.preflight as preflight_module
from agents.targets import load_target
from simulator.bots.testing import simulate_bot

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests" / "data" / "bots" / "refund.yaml"


class _Waits:
    """Stands in for a module (asyncio or time): records each sleep and does not wait."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.waits: list[float] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def sleep(self, seconds: float) -> Any:
        self.waits.append(seconds)
        return self.real.sleep(0)


def _target(tmp: Path, url: str) -> Path:
    path = tmp / "bot.yaml"
    path.write_text(f"kind: http\nurl: {url}\ntimeout_s: 5\nretries: 10\n")
    return path


def test_each_wait_between_retries_of_a_reply_is_capped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _Waits(asyncio)
    monkeypatch.setattr(base, "asyncio", fake)
    with flaky(500, always=True) as (url, seen):
        run = simulate_bot(_target(tmp_path, url), SCENARIO, n=1, seed=1, out=tmp_path / "r")
    assert [r.status for r in run.results] == ["error"]
    assert "after 10 retries" in run.results[0].reason
    assert len(seen) == 11
    assert len(fake.waits) == 10
    assert fake.waits[:4] == [0.5, 1, 2, 4]  # still doubling at first
    assert max(fake.waits) <= 8 and sum(fake.waits) < 60, fake.waits


def test_the_preflight_greeting_waits_are_capped_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _Waits(time)
    monkeypatch.setattr(preflight_module, "time", fake)
    with flaky(500, always=True) as (url, seen), pytest.raises(Exception, match="500"):
        preflight_module.preflight(load_target(_target(tmp_path, url)))
    assert len(seen) == 11
    assert fake.waits and max(fake.waits) <= 8 and sum(fake.waits) < 60, fake.waits
