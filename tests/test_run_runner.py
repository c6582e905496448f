"""The batch runner with injected stand-in roles: determinism, resume, config, refusals."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from agents.types import ConversationPlan, Outcome, Reply, Turn, Verdict
from scenarios.loader import builtin_library
from simulator.errors import UserError
from simulator.run.runner import Engines, RunRequest, execute, prepare, run

NAMES = {"customer": "stand-in", "support": "stand-in", "critic": "stand-in"}


class StandIn:
    """A deterministic role: talks for (seed % 4) + 1 customer turns, then stops."""

    def __init__(
        self, role: str, fail_index: int | None = None, interrupt_after: int | None = None
    ) -> None:
        self.role = role
        self.fail_index = fail_index
        self.interrupt_after = interrupt_after
        self.calls = 0

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        if plan.index == self.fail_index:
            raise ConnectionError("endpoint returned 500")
        self.calls += 1
        if self.interrupt_after is not None and self.calls > self.interrupt_after:
            raise KeyboardInterrupt
        said = int(memory.get("said", 0)) + 1
        text = f"{self.role} {said} to {plan.variables['customer_name']}"
        stop = None
        if self.role == "customer" and said > plan.seed % 4 + 1:
            stop = Outcome(
                status="resolved" if plan.seed % 2 else "abandoned",
                reason="done",
                ended_by="customer",
            )
        turn = Turn(role=self.role, content=text, act="inform")  # type: ignore[arg-type]
        return Reply(turn=turn, memory={"said": said}, stop=stop)


def grade(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
    return Verdict(label="ACCEPT" if outcome.status == "resolved" else "REVIEW")


def engines(**customer: Any) -> Engines:
    return Engines(StandIn("customer", **customer), StandIn("support"), grade, NAMES)


def request(out: Path, n: int = 12, seed: int = 5, **kw: Any) -> RunRequest:
    return RunRequest(paths=kw.pop("paths", ()), n=n, seed=seed, out=out, **kw)


def listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_same_seed_gives_byte_identical_transcripts(tmp_path: Path) -> None:
    run(request(tmp_path / "a"), engines())
    run(request(tmp_path / "b", concurrency=1), engines())
    a = (tmp_path / "a" / "transcripts.jsonl").read_bytes()
    assert a == (tmp_path / "b" / "transcripts.jsonl").read_bytes()
    records = [json.loads(line) for line in a.decode().splitlines()]
    assert len(records) == 12
    assert set(records[0]) == {
        "id",
        "run_id",
        "scenario_id",
        "persona",
        "edge_cases",
        "seed",
        "variables",
        "turns",
        "outcome",
        "verdict",
        "usage",
    }
    assert records[0]["usage"]["turns"] == len(records[0]["turns"])
    assert listing(tmp_path / "a") == ["manifest.json", "run.db", "transcripts.jsonl"]


def test_manifest_records_config_and_counts_without_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-never-written")
    result = run(request(tmp_path / "r"), engines())
    text = (tmp_path / "r" / "manifest.json").read_text()
    assert "sk-never-written" not in text
    manifest = json.loads(text)
    assert manifest["run_id"] == result.run_id
    assert manifest["config"]["n"] == 12
    assert manifest["config"]["seed"] == 5
    assert manifest["engines"] == NAMES
    assert set(manifest["versions"]) == {"convsim", "python", "langgraph", "platform"}
    assert manifest["counts"]["conversations"] == 12
    assert sum(manifest["counts"]["outcomes"].values()) == 12
    assert manifest["counts"]["verdicts"] == result.verdicts


def test_bigger_n_extends_and_smaller_n_selects(tmp_path: Path) -> None:
    run(request(tmp_path / "full", n=12), engines())
    first = run(request(tmp_path / "grown", n=5), engines())
    assert (first.simulated, first.already_done) == (5, 0)
    second = run(request(tmp_path / "grown", n=12), engines())
    assert (second.simulated, second.already_done) == (7, 5)
    full = (tmp_path / "full" / "transcripts.jsonl").read_text()
    assert (tmp_path / "grown" / "transcripts.jsonl").read_text() == full
    again = run(request(tmp_path / "grown", n=3), engines())
    assert again.simulated == 0
    assert (tmp_path / "grown" / "transcripts.jsonl").read_text().splitlines() == full.splitlines()[
        :3
    ]


def test_interrupted_run_resumes_to_the_uninterrupted_result(tmp_path: Path) -> None:
    run(request(tmp_path / "full", n=20), engines())
    with pytest.raises(KeyboardInterrupt):
        run(request(tmp_path / "cut", n=20, concurrency=3), engines(interrupt_after=30))
    assert not (tmp_path / "cut" / "transcripts.jsonl").exists()
    resumed = run(request(tmp_path / "cut", n=20), engines())
    assert 0 < resumed.already_done < 20
    assert resumed.simulated == 20 - resumed.already_done
    assert (tmp_path / "cut" / "transcripts.jsonl").read_bytes() == (
        tmp_path / "full" / "transcripts.jsonl"
    ).read_bytes()


def test_a_failing_role_is_an_error_outcome_and_the_run_goes_on(tmp_path: Path) -> None:
    result = run(request(tmp_path / "r", n=6), engines(fail_index=2))
    assert result.outcomes.get("error") == 1
    assert result.verdicts.get("ERROR") == 1
    records = (tmp_path / "r" / "transcripts.jsonl").read_text().splitlines()
    broken = json.loads(records[2])
    assert broken["outcome"] == {
        "status": "error",
        "ended_by": "system",
        "reason": "customer role failed: ConnectionError: endpoint returned 500",
    }
    assert broken["verdict"]["label"] == "ERROR"


def refusal(req: RunRequest, eng: Engines | None = None) -> str:
    with pytest.raises(UserError) as err:
        prepare(req, eng or engines())
    return "\n".join(err.value.lines)


def test_another_config_is_refused_naming_the_setting(tmp_path: Path) -> None:
    out = tmp_path / "r"
    run(request(out, n=3), engines())
    before = {p: p.read_bytes() for p in out.iterdir()}
    fix = "use --force to start over or choose another --out"
    assert (
        refusal(request(out, n=3, seed=6))
        == f"{out} holds a run made with --seed 5, not --seed 6; {fix}"
    )
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(builtin_library() / "ecommerce" / "refund-damaged-item.yaml", one)
    assert refusal(request(out, n=3, paths=(one,))) == (
        f"{out} holds a run made with different scenarios (a scenario file was added, "
        f"removed or changed); {fix}"
    )
    other = Engines(StandIn("customer"), StandIn("support"), grade, {**NAMES, "support": "llm"})
    assert refusal(request(out, n=3), other) == (
        f"{out} holds a run made with engines critic=stand-in, customer=stand-in, "
        f"support=stand-in, not critic=stand-in, customer=stand-in, support=llm; {fix}"
    )
    assert {p: p.read_bytes() for p in out.iterdir()} == before


def test_force_starts_over(tmp_path: Path) -> None:
    out = tmp_path / "r"
    run(request(out, n=3), engines())
    result = run(request(out, n=4, seed=6, force=True), engines())
    assert (result.simulated, result.already_done) == (4, 0)
    run(request(tmp_path / "fresh", n=4, seed=6), engines())
    assert (out / "transcripts.jsonl").read_bytes() == (
        tmp_path / "fresh" / "transcripts.jsonl"
    ).read_bytes()


def test_bad_out_and_flags_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "transcripts.jsonl").write_text("")
    emptied = tmp_path / "emptied"  # an empty run.db was called missing
    emptied.mkdir()
    (emptied / "transcripts.jsonl").write_text("")
    (emptied / "run.db").write_text("")
    before = listing(tmp_path)
    fix = "use --force to start over or choose another --out"
    sub, x, missing = a_file / "sub" / "run", tmp_path / "x", tmp_path / "missing"
    cases = [
        (request(a_file), f"--out {a_file}: exists and is not a folder; give a folder path"),
        (request(sub), f"--out {sub}: cannot be created because {a_file} is not a folder"),
        (request(stray), f"--out {stray}: has transcripts.jsonl but no run.db; {fix}"),
        (request(emptied), f"--out {emptied}: has transcripts.jsonl but an empty run.db; {fix}"),
        (request(x, n=0), "--n 0: give the number of conversations, 1 to 10,000,000"),
        (request(x, seed=-1), "--seed -1: give a seed between 0 and 9223372036854775807"),
        (request(x, concurrency=0), "--concurrency 0: give a value between 1 and 1024"),
        (
            request(x, paths=(missing,)),
            f"{missing}: no such file or folder; give scenario YAML files or folders, or a "
            "built-in scenario id (list them with convsim scenarios)",
        ),
    ]
    for req, message in cases:
        assert refusal(req) == message
    assert listing(tmp_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_out_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert (
        refusal(request(locked / "run"))
        == f"--out {locked / 'run'}: cannot be created because {locked} is not writable"
    )


class Recorder:
    """A Progress that remembers what the runner reported."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int, int]] = []
        self.advanced = 0

    def start(self, total: int, completed: int) -> None:
        self.events.append(("start", total, completed))

    def advance(self) -> None:
        self.advanced += 1

    def stop(self) -> None:
        self.events.append(("stop", 0, self.advanced))


def test_progress_reports_total_resumed_and_each_conversation(tmp_path: Path) -> None:
    eng = engines()
    run(request(tmp_path / "r", n=4), eng)
    recorder = Recorder()
    execute(prepare(request(tmp_path / "r", n=7), eng), eng, recorder)
    assert recorder.events == [("start", 7, 4), ("stop", 0, 3)]
