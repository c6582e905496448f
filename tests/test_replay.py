"""`convsim test --replay`: stored customer turns sent to a bot, then live, on every target kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bots.server import serve

from agents.types import Transcript, Turn
from simulator.bots.bottest import BotTestRequest, execute_test, prepare_test
from simulator.bots.metrics import summarize
from simulator.bots.replay import ReplayRequest, execute_replay, prepare_replay
from simulator.forks.fork_failures import fork_turn
from simulator.store.rundb import RunStore
from simulator.store.rundir import DB_NAME

TESTS = Path(__file__).resolve().parent
SCENARIO = TESTS / "data" / "bots" / "refund.yaml"


def python_target(folder: Path, name: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f"kind: python\ncallable: bots.logic:{name}\npythonpath: [{TESTS}]\n")
    return path


def stored(out: Path) -> list[Transcript]:
    with RunStore(out / DB_NAME, readonly=True) as store:
        return list(store.iter_transcripts())


def said(turns: list[Turn]) -> list[dict[str, object]]:
    """The turns without the bot's timing (a wall-clock figure, never the same twice)."""
    return [t.model_dump(mode="json", exclude={"latency_ms"}) for t in turns]


@pytest.fixture(scope="module")
def leaky_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A test of the bot that prints its instructions when a customer tries an injection."""
    folder = tmp_path_factory.mktemp("leaky")
    target = python_target(folder, "leaky")
    request = BotTestRequest((SCENARIO,), target, 16, 3, folder / "run", concurrency=4)
    execute_test(prepare_test(request))
    return folder, folder / "run"


def replay(run: Path, cid: str, target: Path, out: Path, at: int | None = None) -> Transcript:
    request = ReplayRequest(run, (cid,), target, out, at, concurrency=1)
    execute_replay(prepare_replay(request))
    (only,) = stored(out)
    return only


def failing_at(run: Path, turn: int) -> Transcript:
    """A conversation whose first finding is at `turn` (found in the run, not hard-coded)."""
    return next(t for t in stored(run) if t.verdict and t.verdict.findings and fork_turn(t) == turn)


def test_replay_reproduces_a_failure_at_turn_3_and_a_fixed_bot_passes(
    leaky_run: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, run = leaky_run
    source = failing_at(run, 3)
    assert source.verdict is not None and source.verdict.label != "ACCEPT"
    again = replay(run, source.id, python_target(folder, "leaky"), tmp_path / "leaky")
    assert again.id == source.id and again.verdict is not None
    assert again.verdict.label == source.verdict.label
    assert [(f.category, f.turn) for f in again.verdict.findings] == [
        (f.category, f.turn) for f in source.verdict.findings
    ]
    # Against the bot that produced it, with the scripted customer, a replay is the source.
    assert said(again.turns) == said(source.turns)
    assert again.replay is not None
    assert (again.replay.id, again.replay.at, again.replay.customer_turns) == (source.id, 3, 2)
    assert again.replay.run_id == source.run_id

    fixed = replay(run, source.id, python_target(folder, "correct"), tmp_path / "fixed")
    assert fixed.verdict is not None and fixed.verdict.label == "ACCEPT"
    assert fixed.verdict.findings == []
    assert summarize([fixed]).conversations[0].status == "pass"  # every criterion decided
    sent = [t for t in source.turns[:3] if t.role == "customer"]
    assert said([t for t in fixed.turns if t.role == "customer"][:2]) == said(sent)
    assert fixed.turns[3].content != source.turns[3].content  # the fixed bot's own reply


@pytest.mark.parametrize("where", ["start", "middle", "whole"])
def test_replay_on_the_same_bot_is_the_source_at_any_turn(
    leaky_run: tuple[Path, Path], tmp_path: Path, where: str
) -> None:
    """The restored customer goes on exactly as the source's did, wherever the replay stops."""
    folder, run = leaky_run
    target = python_target(folder, "leaky")
    for i, source in enumerate(stored(run)[:6]):
        at = {"start": 0, "middle": len(source.turns) // 2, "whole": len(source.turns)}[where]
        again = replay(run, source.id, target, tmp_path / f"r{i}", at=at)
        assert said(again.turns) == said(source.turns), (source.id, at)
        assert again.outcome == source.outcome


def test_every_target_kind_gets_the_same_replay(
    leaky_run: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One conversation replayed on the same fixed bot behind HTTP, OpenAI's protocol and a
    Python callable: the same conversation, the same verdict; the leaky bot over HTTP fails
    where the source failed."""
    folder, run = leaky_run
    source = failing_at(run, 3)
    monkeypatch.setenv("BOT_KEY", "sk-local-7731")
    with serve() as server:
        http = tmp_path / "http.yaml"
        http.write_text(
            f"kind: http\nurl: {server.url}/correct\n"
            "body: {conversation_id: '{conversation_id}', message: '{message}', "
            "history: '{history}'}\nreply: $.reply\nhandoff: $.handoff\n"
        )
        leaky_http = tmp_path / "leaky-http.yaml"
        leaky_http.write_text(http.read_text().replace("/correct", "/leaky"))
        openai = tmp_path / "openai.yaml"
        openai.write_text(
            f"kind: openai\nbase_url: {server.url}/v1\nmodel: bot-1\napi_key_env: BOT_KEY\n"
            "system_prompt: You are RefundBot.\n"
        )
        got = {
            kind: replay(run, source.id, target, tmp_path / kind)
            for kind, target in (
                ("http", http),
                ("openai", openai),
                ("python", python_target(folder, "correct")),
                ("leaky-http", leaky_http),
            )
        }
    texts = {k: [(t.role, t.content) for t in v.turns] for k, v in got.items()}
    assert texts["http"] == texts["openai"] == texts["python"]
    assert all(got[k].verdict.label == "ACCEPT" for k in ("http", "openai", "python"))  # type: ignore[union-attr]
    leaked = got["leaky-http"].verdict
    assert leaked is not None and leaked.label == source.verdict.label  # type: ignore[union-attr]
    assert [(t.role, t.content) for t in got["leaky-http"].turns] == [
        (t.role, t.content) for t in source.turns
    ]


def test_replay_run_resumes_and_links_its_source(
    leaky_run: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, run = leaky_run
    source = failing_at(run, 3)
    out = tmp_path / "r"
    request = ReplayRequest(run, (source.id,), python_target(folder, "correct"), out)
    first = execute_replay(prepare_replay(request))
    lines = (out / "transcripts.jsonl").read_bytes()
    again = execute_replay(prepare_replay(request))
    assert (first.run.simulated, again.run.simulated, again.run.already_done) == (1, 0, 1)
    assert (out / "transcripts.jsonl").read_bytes() == lines
    record = json.loads(lines)
    assert record["replay"] == {
        "run": str(run),
        "run_id": source.run_id,
        "id": source.id,
        "at": 3,
        "customer_turns": 2,
    }
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["replay"]["conversations"] == [{"id": source.id, "at": 3, "customer_turns": 2}]
    assert manifest["target"]["kind"] == "python" and manifest["counts"]["conversations"] == 1
    report = json.loads((out / "report.json").read_text())
    assert report["pass_rate"] == 1.0


def test_a_replayed_regression_is_reproduced_only_when_a_passes_and_b_fails() -> None:
    from simulator.bots.compare_replay import Reproduction

    verdicts = {
        (a, b): Reproduction("x", 3, a, b).verdict.split(" (")[0]
        for a in ("pass", "fail", "undecided", "error", "simulator")
        for b in ("pass", "fail", "undecided", "error", "simulator")
    }
    assert [k for k, v in verdicts.items() if v == "reproduced"] == [("pass", "fail")]
    assert verdicts[("fail", "fail")] == verdicts[("pass", "pass")] == "not reproduced"
    assert verdicts[("pass", "undecided")] == "not reproduced"
    for other in ("undecided", "error", "simulator"):
        assert verdicts[(other, "fail")] == "undecided"
        assert verdicts[("pass", other if other != "undecided" else "error")] == "undecided"


def test_a_run_whose_scenario_changed_is_not_replayed(tmp_path: Path) -> None:
    from simulator.errors import UserError

    scenario = tmp_path / "refund.yaml"
    scenario.write_text(SCENARIO.read_text())
    bot = python_target(tmp_path, "correct")
    run = tmp_path / "run"
    execute_test(prepare_test(BotTestRequest((scenario,), bot, 1, 0, run)))
    (source,) = stored(run)
    scenario.write_text(SCENARIO.read_text().replace("max_turns: 10", "max_turns: 9"))
    with pytest.raises(UserError) as err:
        prepare_replay(ReplayRequest(run, (source.id,), bot, tmp_path / "out"))
    assert str(err.value) == (
        f"--replay {run}: the run's scenarios cannot be read back as they were (moved or "
        "edited since the run); restore them at the paths in manifest.json to replay"
    )
    assert not (tmp_path / "out").exists()


def test_a_run_without_its_manifest_is_not_blamed_on_moved_scenarios(tmp_path: Path) -> None:
    """Its manifest.json gone, the replay said the scenarios had moved (outsider 20 #17)."""
    from simulator.errors import UserError

    bot = python_target(tmp_path, "correct")
    run = tmp_path / "run"
    execute_test(prepare_test(BotTestRequest((SCENARIO,), bot, 1, 0, run)))
    (source,) = stored(run)
    (run / "manifest.json").unlink()
    with pytest.raises(UserError) as err:
        prepare_replay(ReplayRequest(run, (source.id,), bot, tmp_path / "out"))
    assert str(err.value) == (
        f"--replay {run}/manifest.json: missing, and it is what says where the run's scenarios "
        "are; run the command that made the run again with the same --out (it resumes the run "
        "and writes manifest.json anew), then replay"
    )
    assert not (tmp_path / "out").exists()
