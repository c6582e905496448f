"""CPU time of the critic alone, per conversation, over the conversations of stored runs.

    python bench/critic_cpu.py RUN_DIR [RUN_DIR ...]            # 5 repeats, fastest shown
    python bench/critic_cpu.py RUN_DIR --repeat 9 --profile 30  # and cProfile's top 30

Each run directory's plans and transcripts are read back from run.db (with the scenarios the
run recorded in manifest.json), then the default critic grades every conversation again,
as the runner does (`DEFAULT_CRITIC.grade(plan, turns, outcome)` with the conversation's
records as its tool calls left them, the domain files pinned), `--repeat` times over the
whole set; printed: CPU ms per conversation (process time) per repeat, the fastest and the
median. Every verdict is compared with the stored one (its JSON, byte for byte), so the
figure is only printed for a critic that still grades the same: a change to the critic that
should not change any verdict is checked by this bench too.

Why a bench of its own: the critic is about a quarter of the scripted runner's instructions
(bench/instructions.py), and its share of the runner's CPU is hard to see in a whole run on
a shared machine. Timed alone, in one process, its figure moves less with the load.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(ROOT))

from agents.checks.replay import live_world, replay, transcript_calls  # noqa: E402
from agents.critic import DEFAULT_CRITIC  # noqa: E402
from agents.types import ConversationPlan, Transcript  # noqa: E402
from scenarios.domains import domain_for  # noqa: E402
from scenarios.domains.loader import pinned_domains  # noqa: E402
from scenarios.domains.runtime import DomainState  # noqa: E402
from simulator.export.prompts import run_scenarios  # noqa: E402

Case = tuple[ConversationPlan, Transcript, DomainState | None]


def load_cases(run_dir: Path) -> list[Case]:
    """Every graded conversation of a run, with the plan it was simulated from."""
    with sqlite3.connect(run_dir / "run.db") as db:
        rows = db.execute(
            "SELECT p.plan, c.transcript FROM plans p JOIN conversations c ON c.id = p.id"
            " ORDER BY c.idx"
        ).fetchall()
        config = db.execute("SELECT config FROM runs").fetchone()
    scenarios = run_scenarios(run_dir, json.loads(config[0]) if config else None)
    if scenarios is None:
        sys.exit(f"{run_dir}: the run's scenarios cannot be read back as they were")
    cases: list[Case] = []
    for plan_json, transcript_json in rows:
        data = json.loads(plan_json)
        data["scenario"] = scenarios[data.pop("scenario_id")]
        transcript = Transcript.model_validate_json(transcript_json)
        if transcript.verdict is None or transcript.outcome.status == "error":
            continue
        plan = ConversationPlan.model_validate(data)
        cases.append((plan, transcript, _desk(plan, transcript)))
    return cases


def _desk(plan: ConversationPlan, transcript: Transcript) -> DomainState | None:
    """The records as the conversation's tools left them: the runner grades with them
    (`live_world`) instead of replaying the calls, so the bench does too."""
    domain = domain_for(plan.scenario) if plan.scenario.world is not None else None
    return None if domain is None else replay(domain, transcript_calls(transcript.turns))


def grade_all(cases: list[Case]) -> list[str]:
    """Every case graded again, with the domains pinned as a run pins them."""
    graded: list[str] = []
    with pinned_domains():
        for plan, t, desk in cases:
            if desk is None:
                verdict = DEFAULT_CRITIC.grade(plan, t.turns, t.outcome)
            else:
                with live_world(desk):
                    verdict = DEFAULT_CRITIC.grade(plan, t.turns, t.outcome)
            graded.append(verdict.model_dump_json())
    return graded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path, help="run directories")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's top N")
    args = parser.parse_args()
    cases = [case for run in args.runs for case in load_cases(run)]
    stored = [t.verdict.model_dump_json() for _, t, _ in cases if t.verdict is not None]
    graded = grade_all(cases)  # warm: caches, imports
    differ = [i for i, (a, b) in enumerate(zip(graded, stored, strict=True)) if a != b]
    if differ:
        t = cases[differ[0]][1]
        sys.exit(
            f"{len(differ)} of {len(cases)} verdicts differ from the stored ones; first: "
            f"{t.id}\nstored: {stored[differ[0]]}\nnow:    {graded[differ[0]]}"
        )
    times: list[float] = []
    for _ in range(args.repeat):
        start = time.process_time()
        grade_all(cases)
        times.append((time.process_time() - start) * 1000 / len(cases))
    print(
        f"critic: {len(cases)} conversations, verdicts identical to the stored ones; CPU ms per "
        f"conversation: fastest {min(times):.3f}, median {statistics.median(times):.3f} "
        f"({', '.join(f'{t:.3f}' for t in times)})"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(grade_all, cases)
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
