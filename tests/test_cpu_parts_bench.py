"""bench/cpu_parts.py charges the runner's CPU samples to its parts (docs/figures.md's table)."""

from __future__ import annotations

import importlib.util
import signal
import sys
from pathlib import Path
from types import FrameType, ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cpu_parts", ROOT / "bench" / "cpu_parts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["cpu_parts"] = module
    spec.loader.exec_module(module)
    return module


def test_a_sampled_run_charges_the_parts_and_adds_up() -> None:
    bench = _bench()
    before = signal.getsignal(signal.SIGPROF)
    samples, cpu = bench.sampled_run(40, 1, 0.0005)
    assert signal.getsignal(signal.SIGPROF) == before  # the sampler is gone
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    assert cpu > 0 and sum(samples.values()) >= 20
    # the conversation graph, the roles and the critic all ran and were sampled
    assert samples["LangGraph (langgraph, langchain_core)"] > 0
    assert samples["critic (agents/critic, agents/checks)"] > 0
    rows = bench.table(samples, cpu, 40)
    assert abs(sum(r["share"] for r in rows) - 1) < 0.01
    assert abs(sum(r["ms"] for r in rows) - 1000 * cpu / 40) < 0.05 * 1000 * cpu / 40


def _frame_in(path: Path) -> FrameType:
    """A frame whose code is from `path` (called from this test's frame)."""
    namespace: dict[str, object] = {}
    exec(compile("import sys\nframe = sys._getframe()", str(path), "exec"), namespace)
    frame = namespace["frame"]
    assert isinstance(frame, FrameType)
    return frame


def test_a_frame_is_charged_to_its_innermost_part() -> None:
    bench = _bench()
    cache: dict[str, str | None] = {}
    # this test file belongs to no part, and neither does pytest: nothing on the stack does
    assert bench.part_of(sys._getframe(), cache) == bench.OTHER
    phrasing = _frame_in(ROOT / "agents" / "phrasing" / "cue.py")
    assert bench.part_of(phrasing, cache) == "phrasing (agents/phrasing)"
    assert bench.file_of(phrasing, cache) == "agents/phrasing/cue.py"
    # a library frame called from the project is the library's: LangGraph's own work
    graph = _frame_in(Path(sys.prefix) / "lib" / "site-packages" / "langgraph" / "x.py")
    assert bench.part_of(graph, cache) == "LangGraph (langgraph, langchain_core)"
