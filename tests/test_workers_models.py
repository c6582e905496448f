"""`--workers N` with model engines, a rubric and `convsim test`: the bytes of one process,
and the run's budget and rate limits held by the driver, not by each worker (real ChatOpenAI
client, the fake server on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from agents.llm.fake import FakeSettings, Running, serve
from agents.planning import BatchPlanner
from simulator.bots.bottest import BotTestRequest, prepare_test
from simulator.cli import app
from simulator.run.engines import LLMOptions, build_engines
from simulator.run.graph import build_graph
from simulator.run.ratelimit import RateLimiter
from simulator.run.remote import Authority
from simulator.run.rerun import play
from simulator.run.workerpool import ProcessPool

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SCENARIO = str(ROOT / "tests" / "data" / "bots" / "refund.yaml")


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-workers")  # inherited by the workers


@pytest.fixture(scope="module")
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=4)) as running:
        yield running


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in (out / "transcripts.jsonl").read_text().splitlines()]


def timeless(out: Path) -> list[dict[str, Any]]:
    """The records without each reply's measured latency (a clock reading, never the same
    twice, in one process or in many)."""
    found = records(out)
    for record in found:
        for turn in record["turns"]:
            turn.pop("latency_ms", None)
    return found


def manifest(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "manifest.json").read_text()))


def test_model_engines_in_two_workers_give_the_bytes_and_usage_of_one_process(
    fake: Running, tmp_path: Path
) -> None:
    outs = {}
    for workers in (0, 2):
        out = tmp_path / f"w{workers}"
        result = invoke("run", SCENARIO, "--n", "6", "--seed", "3", "--quiet", "--out", str(out),
                        "--model", "fake", "--base-url", fake.base_url,
                        "--workers", str(workers))  # fmt: skip
        assert result.exit_code == 0, result.output
        outs[workers] = out
    assert timeless(outs[0]) == timeless(outs[2])
    assert all(r["usage"]["llm"]["customer"]["calls"] > 0 for r in records(outs[2]))
    one, two = manifest(outs[0]), manifest(outs[2])
    # The driver's meter saw every call the workers made: the usage is the same.
    assert two["llm"]["usage"]["run_total"] == one["llm"]["usage"]["run_total"]
    assert two["llm"]["models"] == one["llm"]["models"]  # the modes the preflight settled
    assert two["placement"]["workers"] == 2
    assert sum(two["placement"]["conversations"].values()) == 6


def test_a_budget_is_the_runs_not_each_workers(tmp_path: Path) -> None:
    budget, concurrency = 12_000, 8
    out = tmp_path / "run"
    args = ["run", SCENARIO, "--n", "10", "--seed", "3", "--quiet", "--out", str(out),
            "--model", "fake", "--concurrency", str(concurrency), "--workers", "2"]  # fmt: skip
    with serve(FakeSettings(seed=2, end_after=10_000)) as fake:  # nobody ends the chat
        args += ["--base-url", fake.base_url]
        first = invoke(*args, "--budget-tokens", str(budget))
        assert first.exit_code == 0, first.output
        served = fake.stats.prompt_tokens + fake.stats.completion_tokens
        # The one-process bound: the budget plus the requests in flight (at most one per
        # conversation under way, --concurrency of them whatever the number of workers).
        assert served <= budget + concurrency * fake.stats.largest_request
        assert served < 2 * budget  # per-worker budgets would let each spend the whole of it
        usage = manifest(out)["llm"]["usage"]
        assert budget <= usage["run_total"]["tokens"] <= served
        assert "stopped the model calls" in first.output
        cut = records(out)
        assert len(cut) < 10
        finished = invoke(*args)  # no budget: the same command finishes the run
        assert finished.exit_code == 0, finished.output
    done = records(out)
    assert len(done) == len({r["id"] for r in done}) == 10
    assert [r for r in done if r["id"] in {c["id"] for c in cut}] == cut


class CountingLimiter(RateLimiter):
    def __init__(self, rate: float) -> None:
        super().__init__(rate)
        self.calls = 0

    async def acquire(self) -> None:
        self.calls += 1
        await super().acquire()


class CountingAuthority(Authority):
    """The driver's limits, counting the permits it grants."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.asked: Counter[str] = Counter()

    async def answer(self, what: tuple[Any, ...]) -> Any:
        self.asked[what[0]] += 1
        return await super().answer(what)


def test_every_model_request_and_bot_call_in_a_worker_is_granted_by_the_driver(
    tmp_path: Path,
) -> None:
    target = tmp_path / "bot.yaml"
    target.write_text(f"kind: python\ncallable: bots.logic:correct\npythonpath: [{TESTS}]\n")
    with serve(FakeSettings(seed=6)) as fake:
        opts = LLMOptions(
            model="fake",
            base_url=fake.base_url,
            rate_limit_rps=1000.0,
            roles=("customer", "critic"),
        )  # a rate limit: a permit per request
        base = build_engines(opts)
        request = BotTestRequest((Path(SCENARIO),), target, 4, 1, tmp_path / "out", rate=500.0,
                                 workers=2)  # fmt: skip
        prepared = prepare_test(request, base)
        engines = prepared.engines
        assert engines.recipe is not None and engines.hooks is not None
        meter = engines.hooks.meter  # type: ignore[attr-defined]
        authority = CountingAuthority(meter, RateLimiter(500.0))
        inputs = prepared.run.inputs
        planner = BatchPlanner(1, list(inputs.scenarios), inputs.edge_cases, inputs.traits)
        plans = [planner.base.plan(i) for i in range(4)]
        before = fake.stats.requests
        tokens_before = fake.stats.prompt_tokens + fake.stats.completion_tokens

        async def go() -> list[Any]:
            assert engines.recipe is not None
            pool = ProcessPool(2, engines.recipe, authority=authority)
            await pool.start()
            try:
                return list(await asyncio.gather(*(pool.play(p) for p in plans)))
            finally:
                await pool.close()

        played = asyncio.run(go())
        served = fake.stats.requests - before
        tokens = fake.stats.prompt_tokens + fake.stats.completion_tokens - tokens_before
        assert meter.tokens == tokens  # every attempt's tokens reached the driver's meter
        # The same plans in this process, for what one process asks of its own limits.
        local = CountingLimiter(500.0)
        engines.support.limiter = local  # type: ignore[attr-defined]
        graph = build_graph(engines.customer, engines.support, engines.grade)
        before = fake.stats.requests

        async def here() -> list[Any]:
            return list(await asyncio.gather(*(play(graph, p) for p in plans)))

        alone = asyncio.run(here())
        served_alone = fake.stats.requests - before
    assert [[t.content for t in p.transcript().turns] for p in played] == [
        [t.content for t in p.turns] for p in alone
    ]
    assert local.calls > 0 and authority.asked["target"] == local.calls
    assert served_alone > 0 and authority.asked["model"] == served == served_alone


def test_bot_test_and_a_rubric_in_two_workers_give_the_bytes_of_one_process(
    tmp_path: Path,
) -> None:
    target = tmp_path / "bot.yaml"
    target.write_text(f"kind: python\ncallable: bots.logic:leaky\npythonpath: [{TESTS}]\n")
    outs = {}
    for workers in (0, 2):
        out = tmp_path / f"t{workers}"
        result = invoke("test", SCENARIO, "--target", str(target), "--n", "8", "--seed", "3",
                        "--trials", "2", "--rate", "200", "--quiet", "--out", str(out),
                        "--workers", str(workers))  # fmt: skip
        assert result.exit_code in (0, 1), result.output
        outs[workers] = timeless(out)
        if workers:
            assert "ran in" in result.stdout and "2 worker processes" in result.stdout
            assert manifest(out)["placement"]["workers"] == 2
    assert outs[0] == outs[2] and len(outs[0]) == 16

    rubric = tmp_path / "strict.yaml"
    rubric.write_text("verdict: {review_when_unjudged: true}\n")
    runs = {}
    for workers in (0, 2):
        out = tmp_path / f"r{workers}"
        result = invoke("run", "--n", "10", "--seed", "5", "--quiet", "--out", str(out),
                        "--rubric", str(rubric), "--workers", str(workers))  # fmt: skip
        assert result.exit_code == 0, result.output
        runs[workers] = (out / "transcripts.jsonl").read_bytes()
    assert runs[0] == runs[2]
    assert {r["verdict"]["label"] for r in records(tmp_path / "r2")} == {"REVIEW"}
