"""`convsim run --ray`: Ray actors give the bytes of one process; a killed actor loses and
duplicates nothing. The Ray tests skip when the `ray` extra is not installed; they share one
local Ray instance (its start-up takes seconds)."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agents.planning import BatchPlanner
from simulator.cli import bare_ray
from simulator.errors import UserError
from simulator.run.engines import LLMOptions, build_engines
from simulator.run.graph import build_graph
from simulator.run.inputs import load_inputs
from simulator.run.pools import check_ray
from simulator.run.rerun import play
from simulator.run.runner import RunRequest, prepare, run, scripted_engines

ROOT = Path(__file__).resolve().parent.parent
needs_ray = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason='needs the ray extra (pip install ".[ray]")'
)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    import ray

    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": path}})  # fmt: skip
    try:
        yield ray
    finally:
        ray.shutdown()


@needs_ray
def test_ray_actors_give_the_bytes_of_one_process(local_ray: Any, tmp_path: Path) -> None:
    alone = run(RunRequest((), 30, 9, tmp_path / "one", concurrency=8))
    on_ray = run(RunRequest((), 30, 9, tmp_path / "ray", concurrency=8, ray="local"))
    one = (tmp_path / "one" / "transcripts.jsonl").read_bytes()
    assert (tmp_path / "ray" / "transcripts.jsonl").read_bytes() == one
    assert alone.simulated == on_ray.simulated == 30
    placement = json.loads((tmp_path / "ray" / "manifest.json").read_text())["placement"]
    assert placement["mode"] == "ray" and placement["workers"] == 2  # one actor per CPU
    assert sum(placement["conversations"].values()) == 30
    assert on_ray.placement.line().startswith("2 Ray actors (ray-1 ")
    assert local_ray.is_initialized()  # a caller's Ray instance is left running


@needs_ray
def test_a_killed_ray_actor_loses_and_duplicates_nothing(local_ray: Any) -> None:
    from simulator.run.raypool import RayPool

    inputs = load_inputs((), None)
    planner = BatchPlanner(4, list(inputs.scenarios), inputs.edge_cases, inputs.traits)
    plans = [planner.base.plan(i) for i in range(12)]
    engines = scripted_engines()
    graph = build_graph(engines.customer, engines.support, engines.grade)
    expected = [asyncio.run(play(graph, p)) for p in plans]

    async def go() -> tuple[list[Any], RayPool, int]:
        assert engines.recipe is not None
        pool = RayPool("local", 2, engines.recipe)
        await pool.start()
        try:
            tasks = [asyncio.create_task(pool.play(p)) for p in plans]
            while not all(a.inflight for a in pool.actors):
                await asyncio.sleep(0.01)
            victim = pool.actors[0]
            lost = len(victim.inflight)
            local_ray.kill(victim.handle, no_restart=True)
            return list(await asyncio.gather(*tasks)), pool, lost
        finally:
            await pool.close()

    got, pool, lost = asyncio.run(go())
    assert lost > 0
    assert [g.turns for g in got] == [e.turns for e in expected]
    assert [g.verdict for g in got] == [e.verdict for e in expected]
    assert pool.placement.workers_died == 1
    # What the victim had in flight ran again elsewhere (the killed actor may have finished
    # none of it): each plan is returned once, so stored once.
    assert 1 <= pool.placement.rerun_after_worker_died <= lost
    assert sum(pool.placement.conversations.values()) == len(plans)
    assert len(pool.actors) == 3


def test_bare_ray_flag_means_a_local_instance() -> None:
    assert bare_ray(["run", "--ray"]) == ["run", "--ray=local"]
    assert bare_ray(["run", "--ray", "--n", "5"]) == ["run", "--ray=local", "--n", "5"]
    assert bare_ray(["run", "--ray", "auto", "--n", "5"]) == ["run", "--ray", "auto", "--n", "5"]


def test_ray_with_model_engines_is_refused_before_anything_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-unused")
    engines = build_engines(LLMOptions(model="fake", base_url="http://127.0.0.1:9/v1"))
    request = RunRequest((), 5, 1, tmp_path / "r", ray="auto")
    with pytest.raises(UserError, match=r"^--ray auto: Ray actors run the scripted engines"):
        check_ray(request, engines)
    bare = scripted_engines()
    assembled = type(bare)(bare.customer, bare.support, bare.grade, bare.names)
    with pytest.raises(UserError, match=r"^--ray auto: these engines were assembled in Python"):
        prepare(RunRequest((), 5, 1, tmp_path / "r", ray="auto"), assembled)
    assert not (tmp_path / "r").exists()
