"""How much of an LLM endpoint's throughput a convsim run keeps, and that faults lose nothing.

    python bench/llm_bound.py                # about a minute
    python bench/llm_bound.py --n 100
    python bench/llm_bound.py --repeat 5 --no-faults   # the median of five run/bare pairs

1. Speed: the fake server (`convsim fake-llm`, its own process) answers every request after
   100 ms. A full run (LLM customer and support, rules critic, run.db, files) at concurrency
   32 makes some number of calls; the bare ChatOpenAI client then replays exactly those calls
   (the same messages, json_schema response_format, seeds and, on scenarios with a domain,
   tools and tool rounds, rebuilt from run.db) at the same concurrency against the same
   server. The figure is run calls/s over bare calls/s, i.e.
   what convsim keeps of the client's own throughput (goal >= 0.9), with the default
   (coverage) planner; the random planner's figure is printed too.
2. Faults: a run against a server injecting 429s (Retry-After), 500s, hangs past the client
   timeout, truncated JSON and empty replies. Every conversation must end in a stored outcome.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(ROOT))

import openai  # noqa: E402
from langchain_openai import ChatOpenAI  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from agents.llm.client import response_format  # noqa: E402
from agents.llm.messages import lc_messages  # noqa: E402
from agents.llm.roles import (  # noqa: E402
    CustomerMove,
    SupportMove,
    call_seed,
    customer_prompt,
    history,
    support_prompt,
)
from agents.llm.toolloop import as_messages  # noqa: E402
from agents.prompts import render  # noqa: E402
from agents.tools import default_world, dialogue  # noqa: E402
from agents.types import ConversationPlan, Transcript  # noqa: E402
from simulator.run.engines import LLMOptions, build_engines  # noqa: E402
from simulator.run.inputs import load_inputs  # noqa: E402
from simulator.run.runner import RunRequest, run  # noqa: E402
from simulator.store.rundir import DB_NAME  # noqa: E402

CONCURRENCY = 32
PLANNERS = ("coverage", "random")  # the default planner first


@contextmanager
def fake_server(*flags: str) -> Iterator[str]:
    """`convsim fake-llm` in its own process (so it does not share this one's GIL)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "simulator", "fake-llm", "--port", "0", *flags]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        yield line.split(" on ", 1)[1].split(" ", 1)[0]
    finally:
        proc.terminate()
        proc.wait(10)


def run_once(
    url: str, n: int, out: Path, planner: str = "coverage", **extra: float
) -> tuple[int, float, Counter[str]]:
    roles = {"customer": "fake", "support": "fake"}  # critic: rules (its judge is issue 4's)
    opts = LLMOptions(base_url=url, role_models=roles, **extra)  # type: ignore[arg-type]
    engines = build_engines(opts)
    result = run(RunRequest((), n, 7, out, CONCURRENCY, planner=planner), engines)
    assert engines.hooks is not None
    calls = int(engines.hooks.report()["usage"]["calls"])
    return calls, result.seconds, Counter(result.outcomes)


# One recorded call: messages, schema, seed, and the tools offered (None without a domain).
Call = tuple[list[dict[str, object]], type[BaseModel], int, list[dict[str, object]] | None]


def recorded_calls(out: Path) -> list[Call]:
    """Every model call the run made, rebuilt from run.db: the same messages, schema, seed
    (and tools: a support reply through tools is one call per round, all with its seed)."""
    calls: list[Call] = []
    with sqlite3.connect(out / DB_NAME) as db:
        rows = db.execute(
            "SELECT p.plan, c.transcript FROM plans p JOIN conversations c ON c.id = p.id"
        ).fetchall()
    scenarios = {sc.id: sc for sc in load_inputs(()).scenarios}
    for plan_json, transcript_json in rows:
        data = json.loads(plan_json)
        data["scenario"] = scenarios[data.pop("scenario_id")]
        plan = ConversationPlan.model_validate(data)
        turns = Transcript.model_validate_json(transcript_json).turns
        domain = default_world(plan.scenario)
        tools = [spec.openai() for spec in domain.specs()] if domain is not None else None
        reply_start = 0  # where the support reply being rebuilt began (its seed)
        for i, turn in enumerate(turns):
            before = turns[:i]
            if turn.role == "customer":
                seen = dialogue(before) if tools is not None else before
                msgs: list[dict[str, object]] = [
                    {"role": "system", "content": customer_prompt(plan)},
                    {"role": "user", "content": render("customer_start")},
                    *history("customer", seen),
                ]
                calls.append((msgs, CustomerMove, call_seed(plan, "customer", seen), None))
                reply_start = i + 1
            elif turn.role == "support" and tools is None:
                msgs = [{"role": "system", "content": support_prompt(plan)}]
                calls.append((msgs + history("support", before), SupportMove,
                              call_seed(plan, "support", before), None))  # fmt: skip
            elif turn.role == "support":
                names = [t["function"]["name"] for t in tools]  # type: ignore[index]
                msgs = [{"role": "system", "content": support_prompt(plan, names)}]
                seed = call_seed(plan, "support", turns[:reply_start])
                calls.append((msgs + as_messages(before, "support"), SupportMove, seed, tools))
    return calls


async def bare(url: str, calls: list[Call], concurrency: int = CONCURRENCY) -> float:
    """The bare client replaying the run's calls at the same concurrency, as a user would
    call it (`response_format` given to `ainvoke`: the SDK's parse())."""
    http = openai.DefaultAsyncHttpxClient()
    chat = ChatOpenAI(
        model="fake",
        base_url=url,
        api_key="bench",
        max_retries=0,
        http_async_client=http,
    )
    sem = asyncio.Semaphore(concurrency)

    async def one(
        messages: list[dict[str, object]],
        schema: type[BaseModel],
        seed: int,
        tools: list[dict[str, object]] | None,
    ) -> None:
        async with sem:
            fmt = response_format(schema)
            if tools is None:
                msgs = [(m["role"], m["content"]) for m in messages]
                reply = await chat.ainvoke(msgs, response_format=fmt, seed=seed)
            else:  # as LLMClient sends it: tools bound, the format in the body
                bound = chat.bind_tools(tools)
                reply = await bound.ainvoke(
                    lc_messages(messages), extra_body={"response_format": fmt}, seed=seed
                )
            if not getattr(reply, "tool_calls", None):
                schema.model_validate_json(str(reply.content))

    started = time.perf_counter()
    await asyncio.gather(*(one(*call) for call in calls))
    rate = len(calls) / (time.perf_counter() - started)
    await http.aclose()
    return rate


def speed(url: str, n: int, planner: str, out: Path, latency_ms: int = 100) -> float:
    """One run and the bare replay of its calls; prints both, returns run/bare."""
    calls, seconds, outcomes = run_once(url, n, out, planner)
    run_rate = calls / seconds
    replay = recorded_calls(out)
    assert len(replay) == calls, (len(replay), calls)
    bare_rate = asyncio.run(bare(url, replay))
    print(f"speed: {n} conversations, {calls} LLM calls, latency {latency_ms} ms, "
          f"concurrency {CONCURRENCY}, planner {planner}")  # fmt: skip
    print(f"  run  {run_rate:7.1f} calls/s  ({seconds:.1f} s; outcomes {dict(outcomes)})")
    print(f"  bare {bare_rate:7.1f} calls/s  (ChatOpenAI, same calls, same concurrency)")
    goal = "  (goal >= 0.9)" if planner == PLANNERS[0] and latency_ms == 100 else ""
    print(f"  run/bare = {run_rate / bare_rate:.2f}{goal}")
    return run_rate / bare_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=400, help="conversations per run")
    parser.add_argument(
        "--planner",
        action="append",
        choices=PLANNERS,
        help=f"planner(s) to measure (default: {' and '.join(PLANNERS)}; the first is the goal's)",
    )
    parser.add_argument("--no-faults", action="store_true", help="skip the fault-injection run")
    parser.add_argument(
        "--latency-ms", type=int, default=100, help="the fake server's latency for the speed runs"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run/bare pairs per planner; the median ratio is printed (a shared VM's noise "
        "moves one pair by +-0.04)",
    )
    args = parser.parse_args()
    os.environ.setdefault("OPENAI_API_KEY", "bench")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        with fake_server("--latency-ms", str(args.latency_ms)) as url:
            for planner in args.planner or PLANNERS:
                ratios = [
                    speed(url, args.n, planner, Path(tmp) / f"speed-{planner}-{k}", args.latency_ms)
                    for k in range(args.repeat)
                ]
                if args.repeat > 1:
                    listed = ", ".join(f"{r:.2f}" for r in ratios)
                    print(f"  median run/bare {statistics.median(ratios):.2f} ({listed})")
        if args.no_faults:
            return
        faults = ("--latency-ms", "20", "--rate-limit-rate", "0.05", "--retry-after", "0.2",
                  "--error-rate", "0.05", "--timeout-rate", "0.02", "--hang-s", "5",
                  "--truncate-rate", "0.05", "--empty-rate", "0.03")  # fmt: skip
        with fake_server(*faults) as url:
            out = Path(tmp) / "faults"
            _, seconds, outcomes = run_once(url, args.n, out, timeout_s=1.0, max_retries=3.0)
        stored = sum(1 for _ in (out / "transcripts.jsonl").open())
        records = [json.loads(line) for line in (out / "transcripts.jsonl").open()]
        ended = sum(1 for r in records if r["outcome"]["status"])
        print("faults: 5% 429 (Retry-After 0.2 s), 5% 500, 2% hang > 1 s timeout, "
              "5% truncated JSON, 3% empty; max 3 retries")  # fmt: skip
        print(f"  {stored} of {args.n} conversations stored, {ended} with an outcome: "
              f"{dict(sorted(outcomes.items()))}  ({seconds:.1f} s)")  # fmt: skip
        print("  none lost" if stored == ended == args.n else "  LOST CONVERSATIONS")


if __name__ == "__main__":
    main()
