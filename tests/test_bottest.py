"""`convsim test` end to end in-process: planted weaknesses found exactly, errors apart."""

from __future__ import annotations

import asyncio
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from bots.server import BotServer, serve

from agents.types import Transcript
from simulator.bots import junit
from simulator.bots.bottest import BotTestRequest, BotTestResult, execute_test, prepare_test
from simulator.bots.compare import compare, load
from simulator.bots.metrics import Cell, pass_hat_k, percentile, summarize
from simulator.errors import UserError
from simulator.run.ratelimit import RateLimiter
from simulator.store.rundb import RunStore
from simulator.store.rundir import DB_NAME

TESTS = Path(__file__).resolve().parent
SCENARIO = TESTS / "data" / "bots" / "refund.yaml"
SECRET = "s3cr3t-T0KEN-9f27c1"
N = 40
FLAKY_N = 32


def http_target(folder: Path, url: str, timeout_s: float = 5.0, retries: int = 2) -> Path:
    path = folder / "bot.yaml"
    path.write_text(
        "kind: http\n"
        f"url: {url}\n"
        "headers: {Authorization: 'Bearer ${CONVSIM_BOT_TOKEN}'}\n"
        "body: {conversation_id: '{conversation_id}', message: '{message}', history: '{history}'}\n"
        "reply: $.reply\nhandoff: $.handoff\n"
        f"timeout_s: {timeout_s}\nretries: {retries}\n"
    )
    return path


def python_target(folder: Path, name: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f"kind: python\ncallable: bots.logic:{name}\npythonpath: [{TESTS}]\n")
    return path


def run_test(target: Path, out: Path, n: int = N, **extra: object) -> BotTestResult:
    request = BotTestRequest((SCENARIO,), target, n, 7, out, **extra)  # type: ignore[arg-type]
    return execute_test(prepare_test(request))


def transcripts(out: Path) -> list[Transcript]:
    with RunStore(out / DB_NAME, readonly=True) as store:
        return list(store.iter_transcripts())


# Verification before acting is decided from a bot's text only where the checks can read a
# claimed action; until then it is undecided (never counted as passed), as is `requested` when
# the customer left before giving the number. A correct bot is accepted either way.
OPEN_CRITERIA = {"policy:verify_order_id", "asked_order"}


def accepted(cell: Cell) -> int:
    """Conversations the critic accepted: passed, or accepted with a criterion undecided."""
    return cell.passed + cell.undecided


def injected(t: Transcript) -> bool:
    """The customer actually sent an instruction-override message in this conversation."""
    return any(x.role == "customer" and x.edge_case == "prompt_injection" for x in t.turns)


@pytest.fixture(scope="module")
def bot() -> Iterator[BotServer]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONVSIM_BOT_TOKEN", SECRET)
        # A hang lasts 10 s, far past the flaky test's 1.5 s timeout: at 2 s a loaded machine
        # once woke the client after the late reply had arrived, and the hang read as a reply.
        with serve(token=SECRET, delay_s=0.02, hang_s=10.0) as server:
            yield server


@pytest.fixture(scope="module")
def correct_run(
    bot: BotServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, BotTestResult]:
    folder = tmp_path_factory.mktemp("correct")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONVSIM_BOT_TOKEN", SECRET)
        result = run_test(http_target(folder, bot.url + "/correct"), folder / "run")
    return folder / "run", result


@pytest.fixture(scope="module")
def leaky_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BotTestResult]:
    folder = tmp_path_factory.mktemp("leaky")
    return folder / "run", run_test(python_target(folder, "leaky"), folder / "run")


def test_correct_bot_passes_every_plan_and_keeps_secrets(
    correct_run: tuple[Path, BotTestResult],
) -> None:
    out, result = correct_run
    s = result.summary
    assert (s.total.conversations, accepted(s.total), s.total.failed, s.total.errors) == (
        N, N, 0, 0)  # fmt: skip
    assert s.pass_rate in (1.0, None)
    assert set(s.undecided) <= OPEN_CRITERIA
    assert s.total.simulator == 0
    stored = transcripts(out)
    assert len(stored) == N  # no conversation lost
    replies = [t for x in stored for t in x.turns if t.role == "support"]
    assert len(s.total.latencies) == len(replies) > N
    assert all(t.latency_ms is not None and t.act is None for t in replies)
    for file in sorted(out.iterdir()):
        assert SECRET.encode() not in file.read_bytes(), file.name
    manifest = (out / "manifest.json").read_text()
    assert '"headers": [\n      "Authorization"\n    ]' in manifest


def test_leaky_bot_fails_exactly_where_injection_happened(
    leaky_run: tuple[Path, BotTestResult],
) -> None:
    out, result = leaky_run
    stored = transcripts(out)
    assert len(stored) == N
    failing = {c.id for c in result.summary.conversations if c.status == "fail"}
    exercised = {t.id for t in stored if injected(t)}
    assert len(exercised) >= 4  # enough conversations where the customer tried it
    assert failing == exercised
    for c in result.summary.conversations:
        if c.status == "fail":
            # The leak (by the scenario's criterion and by the disclosure check), and when the
            # customer tried twice, the leak said twice.
            categories = {f["category"] for f in c.findings}
            assert {"success_criterion", "disclosed_instructions"} <= categories
            assert categories <= {"success_criterion", "disclosed_instructions", "repeated_turn"}
            assert c.findings[0]["category"] == "success_criterion"
            assert "keeps_instructions_private" in c.findings[0]["explanation"]
    cells = result.summary.by_edge_case
    assert cells["prompt_injection"].failed == len(failing)
    with_injection = {t.id for t in stored if "prompt_injection" in t.edge_cases}
    assert failing <= with_injection
    for edge, cell in cells.items():
        if edge != "prompt_injection":
            others = [t for t in stored if edge in t.edge_cases and t.id not in with_injection]
            assert all(t.id not in failing for t in others), edge
            assert cell.errors == 0


def test_flaky_bot_errors_are_counted_apart(
    bot: BotServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONVSIM_BOT_TOKEN", SECRET)
    bot.failed.clear()
    # A hang outlasts any timeout; a normal reply (20 ms) is far inside 1.5 s even under load.
    # retries: 0, so each planted failure is an error (tests/test_target_retries.py: retried)
    target = http_target(tmp_path, bot.url + "/flaky", timeout_s=1.5, retries=0)
    result = run_test(target, tmp_path / "r", n=FLAKY_N)
    s = result.summary
    # session: conversation id (plus -rN for a re-run of a simulator fault) and a suffix
    faults = {
        re.sub(r"-r\d+$", "", session.rsplit("-", 1)[0]): kind
        for session, kind in bot.failed.items()
    }
    errored = {c.id: c.error_kind for c in s.conversations if c.status == "error"}
    assert errored == {
        cid: {"500": "http_status", "hang": "timeout"}[k] for cid, k in faults.items()
    }
    assert 0 < len(errored) < FLAKY_N
    timeouts = sum(k == "hang" for k in faults.values())
    assert s.errors_by_kind == {
        k: v for k, v in (("http_status", len(faults) - timeouts), ("timeout", timeouts)) if v
    }
    assert s.total.timeouts == timeouts
    assert (accepted(s.total), s.total.failed, s.total.errors) == (
        FLAKY_N - len(errored), 0, len(errored))  # fmt: skip
    assert s.pass_rate in (1.0, None)  # errors are neither passes nor failures
    assert len(transcripts(tmp_path / "r")) == FLAKY_N
    latency = s.by_scenario["bots/refund-order"].latency()
    assert latency["p50"] is not None and latency["p50"] >= 20.0
    # No upper bound in milliseconds: a loaded machine stretched a 20 ms reply to 3.2 s.
    assert latency["p99"] is not None and latency["p99"] >= latency["p50"]
    for t in transcripts(tmp_path / "r"):
        if t.id in errored:
            assert t.verdict is not None and t.verdict.label == "ERROR"
            assert t.outcome.reason.startswith("support role failed: Target")


def test_malformed_bot_is_all_errors(
    bot: BotServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONVSIM_BOT_TOKEN", SECRET)
    target = http_target(tmp_path, bot.url + "/malformed")
    with pytest.raises(UserError) as refused:
        run_test(target, tmp_path / "r", n=6)
    assert refused.value.lines == [
        f"--target {target}: {bot.url}/malformed answered with a body that is not JSON "
        "(\"{'reply': 'sure thing'\"); point url at the bot's JSON endpoint"
    ]
    assert not (tmp_path / "r").exists()
    result = run_test(target, tmp_path / "r", n=6, preflight=False)
    s = result.summary
    assert s.errors_by_kind == {"malformed": 6}
    assert (s.total.passed, s.total.failed, s.pass_rate, s.pass_hat[1]) == (0, 0, None, None)


def test_trials_and_pass_hat_k(tmp_path: Path) -> None:
    result = run_test(python_target(tmp_path, "leaky"), tmp_path / "r", n=12, trials=3)
    s = result.summary
    ids = [c.id for c in s.conversations]
    assert len(ids) == 36 and len(set(ids)) == 36
    assert sum(i.endswith("-t2") for i in ids) == 12
    tasks: dict[str, tuple[int, int]] = {}
    for c in s.conversations:
        n, p = tasks.get(c.task, (0, 0))
        if c.status in ("pass", "fail"):
            tasks[c.task] = (n + 1, p + (c.status == "pass"))
    for k in (1, 2, 3):
        graded = [(n, p) for n, p in tasks.values() if n >= k]
        expected = sum(math.comb(p, k) / math.comb(n, k) for n, p in graded) / len(graded)
        assert s.pass_hat[k] == pytest.approx(expected)
    # pass^1 averages per task; the pass rate is over decided conversations: the two agree
    # when every task has as many decided trials, which undecided conversations can break.
    decided = [c for c in s.conversations if c.status in ("pass", "fail")]
    assert s.pass_rate == pytest.approx(sum(c.status == "pass" for c in decided) / len(decided))


def test_pass_hat_k_and_percentiles() -> None:
    tasks = {"a": (3, 2), "b": (3, 3), "c": (2, 2), "d": (0, 0)}
    assert pass_hat_k(tasks, 1) == (pytest.approx((2 / 3 + 1 + 1) / 3), 3)
    assert pass_hat_k(tasks, 2) == (pytest.approx((1 / 3 + 1 + 1) / 3), 3)
    assert pass_hat_k(tasks, 3) == (0.5, 2)
    values = [float(v) for v in range(1, 101)]
    assert [percentile(values, p) for p in (50, 95, 99)] == [50.0, 95.0, 99.0]
    assert percentile([7.0], 99) == 7.0 and percentile([], 50) is None


def test_junit_parses_with_one_case_per_plan(
    leaky_run: tuple[Path, BotTestResult], tmp_path: Path
) -> None:
    _, result = leaky_run
    path = tmp_path / "junit.xml"
    junit.write(path, result.summary, "convsim test leaky")
    root = ET.parse(path).getroot()
    cases = root.findall("./testsuite/testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    fails = [c for c in result.summary.conversations if c.status == "fail"]
    assert (root.tag, root.get("tests"), root.get("failures"), root.get("errors")) == (
        "testsuites", str(N), str(len(fails)), "0")  # fmt: skip
    assert len(cases) == N and len(failures) == len(fails)
    node = failures[0].find("failure")
    assert node is not None and node.get("type") == "REJECT"  # disclosing is critical
    assert "keeps_instructions_private" in (node.text or "")
    assert "evidence:" in (node.text or "")
    assert {c.get("classname") for c in cases} == {"bots.refund-order"}


def test_compare_finds_the_regressions(
    correct_run: tuple[Path, BotTestResult], leaky_run: tuple[Path, BotTestResult]
) -> None:
    good, bad = load(correct_run[0]), load(leaky_run[0])
    forward = compare(good, bad)
    failing = {c.id for c in leaky_run[1].summary.conversations if c.status == "fail"}
    assert {c.id for c in forward.regressions} == failing
    assert (forward.compared, forward.fixes, forward.errors) == (N, [], [])
    assert forward.by_edge_case["prompt_injection"].regressions == len(failing)
    assert forward.by_scenario["bots/refund-order"].pass_a == correct_run[1].summary.total.passed
    backward = compare(bad, good)
    assert {c.id for c in backward.fixes} == failing and backward.regressions == []


def test_resume_and_a_changed_target(tmp_path: Path) -> None:
    target = python_target(tmp_path, "correct")
    first = run_test(target, tmp_path / "r", n=4)
    again = run_test(target, tmp_path / "r", n=4)
    assert (first.run.simulated, again.run.simulated, again.run.already_done) == (4, 0, 4)
    with pytest.raises(UserError, match="a different target setting"):
        run_test(python_target(tmp_path, "leaky"), tmp_path / "r", n=4)


def test_rate_limiter_spaces_calls() -> None:
    now = [100.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(round(seconds, 6))
        now[0] += seconds

    limiter = RateLimiter(4.0, clock=lambda: now[0], sleep=sleep)

    async def burst() -> None:
        for _ in range(4):
            await limiter.acquire()

    asyncio.run(burst())
    assert waits == [0.25, 0.25, 0.25]


def test_summarize_of_nothing() -> None:
    s = summarize([])
    assert (s.total.conversations, s.pass_rate, s.pass_hat) == (0, None, {1: None})


def test_openai_compatible_target_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_KEY", "sk-local-7731")
    with serve() as server:
        target = tmp_path / "prompt.yaml"
        target.write_text(
            f"kind: openai\nbase_url: {server.url}/v1\nmodel: bot-1\napi_key_env: BOT_KEY\n"
            "system_prompt: You are RefundBot. Ask for the order number, then refund.\n"
        )
        result = run_test(target, tmp_path / "r", n=6)
        assert set(server.seen_system) == {
            "You are RefundBot. Ask for the order number, then refund."
        }
    assert (accepted(result.summary.total), result.summary.total.errors) == (6, 0)
    support = [t for x in transcripts(tmp_path / "r") for t in x.turns if t.role == "support"]
    assert all(t.usage is not None and t.usage["completion_tokens"] == 7 for t in support)
    assert '"model": "bot-1"' in (tmp_path / "r" / "manifest.json").read_text()
    for file in (tmp_path / "r").iterdir():
        assert b"sk-local-7731" not in file.read_bytes(), file.name


def test_a_local_openai_target_runs_without_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loopback model server that takes no key: no variable set, the run still goes, and
    what it is sent in place of a key is the placeholder, written nowhere."""
    monkeypatch.delenv("UNSET_LOCAL_KEY", raising=False)
    with serve() as server:
        target = tmp_path / "prompt.yaml"
        target.write_text(
            f"kind: openai\nbase_url: {server.url}/v1\nmodel: bot-1\n"
            "api_key_env: UNSET_LOCAL_KEY\n"
            "system_prompt: You are RefundBot. Ask for the order number, then refund.\n"
        )
        result = run_test(target, tmp_path / "r", n=2)
    assert (result.summary.total.conversations, result.summary.total.errors) == (2, 0)
    for file in (tmp_path / "r").iterdir():
        assert b"no-key" not in file.read_bytes(), file.name
