"""`convsim run|test --ray`: Ray actors give the bytes of one process, with scripted and model
engines and a bot under test; the run's budget stays the driver's; a killed actor loses and
duplicates nothing; a killed driver resumes. The Ray tests skip when the `ray` extra is not
installed; they share one local Ray instance (its start-up takes seconds)."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from agents.llm.fake import FakeSettings, serve
from agents.planning import BatchPlanner
from simulator.cli import app, bare_ray
from simulator.errors import UserError
from simulator.run.graph import build_graph
from simulator.run.inputs import load_inputs
from simulator.run.rerun import play
from simulator.run.runner import RunRequest, prepare, run, scripted_engines
from tests.test_cli_subprocess import env, stored

ROOT = Path(__file__).resolve().parent.parent
needs_ray = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason='needs the ray extra (pip install ".[ray]")'
)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    import ray

    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    with pytest.MonkeyPatch.context() as patch:
        # The instance's processes inherit this environment, as `--ray local` gives them the
        # driver's: model engines read their key from it (convsim never sends one).
        patch.setenv("OPENAI_API_KEY", "sk-test-ray")
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
    assert set(placement["cpu_seconds"]) == {"driver", "ray-1", "ray-2"}  # actors report theirs
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
        pool = RayPool("local", 2, engines.recipe, "run-test")
        await pool.start()
        try:
            tasks = [asyncio.create_task(pool.play(p)) for p in plans]
            while not all(a.inflight for a in pool.actors):
                await asyncio.sleep(0.01)
            victim = pool.actors[0]
            lost = len(victim.inflight)
            local_ray.kill(victim.channel.handle, no_restart=True)
            return list(await asyncio.gather(*tasks)), pool, lost
        finally:
            await pool.close()

    got, pool, lost = asyncio.run(go())
    assert lost > 0
    assert [g.transcript().turns for g in got] == [e.turns for e in expected]
    assert [g.transcript().verdict for g in got] == [e.verdict for e in expected]
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


def test_ray_with_engines_assembled_in_python_is_refused_before_anything_exists(
    tmp_path: Path,
) -> None:
    bare = scripted_engines()
    assembled = type(bare)(bare.customer, bare.support, bare.grade, bare.names)
    with pytest.raises(UserError, match=r"^--ray auto: these engines were assembled in Python"):
        prepare(RunRequest((), 5, 1, tmp_path / "r", ray="auto"), assembled)
    assert not (tmp_path / "r").exists()


# --- model engines, a bot under test, a killed driver ------------------------------------
SCENARIO = str(ROOT / "tests" / "data" / "bots" / "refund.yaml")
TESTS = ROOT / "tests"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def timeless(out: Path) -> list[dict[str, Any]]:
    """The records without each reply's measured latency (a clock reading)."""
    found = [json.loads(x) for x in (out / "transcripts.jsonl").read_text().splitlines()]
    for record in found:
        for turn in record["turns"]:
            turn.pop("latency_ms", None)
    return found


def manifest(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "manifest.json").read_text()))


@needs_ray
def test_model_engines_on_ray_give_the_bytes_usage_and_budget_of_one_process(
    local_ray: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-ray")  # the actors have it from the instance
    outs = {}
    with serve(FakeSettings(seed=4)) as fake:
        for where in ("one", "ray"):
            out = tmp_path / where
            ray = ["--ray", "local"] if where == "ray" else []
            result = invoke("run", SCENARIO, "--n", "6", "--seed", "3", "--quiet", "--out",
                            str(out), "--model", "fake", "--base-url", fake.base_url,
                            *ray)  # fmt: skip
            assert result.exit_code == 0, result.output
            outs[where] = out
    assert timeless(outs["one"]) == timeless(outs["ray"])
    one, on_ray = manifest(outs["one"]), manifest(outs["ray"])
    # Every call the actors made was charged to the driver's meter: the same usage.
    assert on_ray["llm"]["usage"]["run_total"] == one["llm"]["usage"]["run_total"]
    assert on_ray["placement"]["mode"] == "ray"
    assert sum(on_ray["placement"]["conversations"].values()) == 6

    budget, concurrency = 12_000, 8
    out = tmp_path / "budget"
    with serve(FakeSettings(seed=2, end_after=10_000)) as fake:  # nobody ends the chat
        result = invoke("run", SCENARIO, "--n", "10", "--seed", "3", "--quiet", "--out",
                        str(out), "--model", "fake", "--base-url", fake.base_url,
                        "--concurrency", str(concurrency), "--budget-tokens", str(budget),
                        "--ray", "local")  # fmt: skip
        assert result.exit_code == 0, result.output
        served = fake.stats.prompt_tokens + fake.stats.completion_tokens
    # The one-process bound, not one budget per actor.
    assert served <= budget + concurrency * fake.stats.largest_request
    assert served < 2 * budget
    assert budget <= manifest(out)["llm"]["usage"]["run_total"]["tokens"] <= served
    assert "stopped the model calls" in result.output


@needs_ray
def test_a_bot_test_on_ray_gives_the_bytes_of_one_process(local_ray: Any, tmp_path: Path) -> None:
    target = tmp_path / "bot.yaml"
    target.write_text(f"kind: python\ncallable: bots.logic:leaky\npythonpath: [{TESTS}]\n")
    outs = {}
    for where in ("one", "ray"):
        out = tmp_path / where
        ray = ["--ray", "local"] if where == "ray" else []
        result = invoke("test", SCENARIO, "--target", str(target), "--n", "6", "--seed", "3",
                        "--trials", "2", "--rate", "200", "--quiet", "--out", str(out),
                        *ray)  # fmt: skip
        assert result.exit_code in (0, 1), result.output
        outs[where] = timeless(out)
    assert outs["one"] == outs["ray"] and len(outs["one"]) == 12
    assert "2 Ray actors" in result.stdout
    assert manifest(tmp_path / "ray")["placement"]["mode"] == "ray"


def _actors_below(pid: int) -> list[int]:
    """Processes under `pid` (the Ray instance this test process started) running ConvActor."""
    parents: dict[int, int] = {}
    titles: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
                titles[int(entry.name)] = (entry / "cmdline").read_bytes()
            except OSError:
                continue
    found = []
    for child, title in titles.items():
        up = child
        while up in parents and up != pid and up > 1:
            up = parents[up]
        if up == pid and title.startswith(b"ray::ConvActor"):
            found.append(child)
    return found


@needs_ray
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_driver_killed_with_ray_actors_running_then_resumed_equals_one_process(
    local_ray: Any, tmp_path: Path
) -> None:
    n = 300
    run(RunRequest((), n, 11, tmp_path / "whole", concurrency=8))
    out = tmp_path / "killed"
    address = local_ray.get_runtime_context().gcs_address  # this process's Ray instance
    command = [sys.executable, "-m", "simulator", "run", "--n", str(n), "--seed", "11", "--out",
               str(out), "--quiet", "--concurrency", "8", "--ray", address]  # fmt: skip
    proc = subprocess.Popen(command, env=env("0"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 240
    while stored(out) < 20:
        assert proc.poll() is None, "the run finished before it could be interrupted"
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.02)
    assert _actors_below(os.getpid()), "the run's conversations were not in Ray actors"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    saved = stored(out)
    assert 20 <= saved < n
    deadline = time.monotonic() + 60  # Ray ends the actors of a driver that is gone
    while _actors_below(os.getpid()):
        assert time.monotonic() < deadline, "Ray actors outlived their driver"
        time.sleep(0.2)
    resumed = subprocess.run(command, env=env("0"), capture_output=True, text=True,
                             timeout=300, check=False)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert (out / "transcripts.jsonl").read_bytes() == (
        tmp_path / "whole" / "transcripts.jsonl"
    ).read_bytes()
    assert stored(out) == n
    assert "2 Ray actors" in resumed.stdout
