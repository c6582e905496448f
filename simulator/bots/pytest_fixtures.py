"""An optional pytest fixture for bot tests: load it where you want it, nothing loads it for you.

    # conftest.py (or the test module)
    pytest_plugins = ["simulator.bots.pytest_fixtures"]

    def test_my_bot(convsim_bot):
        run = convsim_bot(my_bot, "my-scenarios/", n=20, seed=1)
        run.assert_no_failures()

`convsim_bot(bot, scenarios, **options)` is `simulator.bots.testing.simulate_bot` with `out` in the
test's own temporary folder (a fresh one per call), so runs never leak between tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from simulator.bots.testing import BotRun, simulate_bot


@pytest.fixture
def convsim_bot(tmp_path: Path) -> Callable[..., BotRun]:
    calls = 0

    def run(bot: Any, scenarios: Any, **options: Any) -> BotRun:
        nonlocal calls
        calls += 1
        options.setdefault("out", tmp_path / f"convsim-{calls}")
        return simulate_bot(bot, scenarios, **options)

    return run
