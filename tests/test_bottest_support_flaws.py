"""`convsim test` against bots written for these tests (tests/bots/desk.py): each planted
support-side flaw is caught exactly in the conversations where it shows, and the correct bot
passes. Where a flaw shows is read from the bots' own known texts, not from the checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from bots import desk, loopback

from agents.checks import Confidential
from agents.critic import Critic, keeping_secrets
from agents.targets.loader import load_target
from agents.targets.model import confidential_of
from agents.types import Transcript
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import load_scenarios
from simulator.bots.bottest import BotTestRequest, execute_test, prepare_test
from simulator.quality.grade_input import Parsed, parse_line
from simulator.store.rundb import RunStore
from simulator.store.rundir import DB_NAME

TESTS = Path(__file__).resolve().parent
SCENARIO = TESTS / "data" / "bots" / "desk.yaml"
N = 24
MINE = (
    "policy_rule", "ignored_escalation", "disclosed_instructions", "stalled", "invented_fact",
    "ignored_question",
)  # fmt: skip


def run_bot(folder: Path, target: str) -> list[Transcript]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bot.yaml"
    path.write_text(target)
    out = folder / "run"
    execute_test(prepare_test(BotTestRequest((SCENARIO,), path, N, 5, out)))
    with RunStore(out / DB_NAME, readonly=True) as store:
        return list(store.iter_transcripts())


def python_bot(name: str) -> str:
    return f"kind: python\ncallable: bots.desk:{name}\npythonpath: [{TESTS}]\n"


def caught(runs: list[Transcript], category: str) -> set[str]:
    return {
        t.id for t in runs if t.verdict and any(f.category == category for f in t.verdict.findings)
    }


def shows(runs: list[Transcript], where: Callable[[Transcript], bool]) -> set[str]:
    return {t.id for t in runs if where(t)}


def support_texts(t: Transcript) -> list[str]:
    return [x.content for x in t.turns if x.role == "support"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Transcript]]:
    bots = ("desk", "hasty", "gatekeeper", "blabber", "staller", "fabulist", "deaf")
    return {b: run_bot(tmp_path_factory.mktemp(b), python_bot(b)) for b in bots}


def test_the_correct_desk_bot_passes(runs: dict[str, list[Transcript]]) -> None:
    ran = runs["desk"]
    assert len(ran) == N
    assert all(t.verdict is not None and t.verdict.label == "ACCEPT" for t in ran)
    assert all(not caught(ran, c) for c in MINE)


def test_refunding_before_the_order_reference(runs: dict[str, list[Transcript]]) -> None:
    ran = runs["hasty"]
    where = shows(ran, lambda t: support_texts(t)[0] == desk.HASTY)
    assert where == {t.id for t in ran}
    assert caught(ran, "policy_rule") == where
    for t in ran:
        assert t.verdict is not None and t.verdict.label == "REJECT"
        f = next(f for f in t.verdict.findings if f.category == "policy_rule")
        assert (f.turn, f.severity) == (1, "critical")


def asked_for_a_person(t: Transcript) -> bool:
    """The customer asked for a person and support spoke twice more (its window to act), or
    spoke once and the customer left."""
    turns = t.turns
    for i, x in enumerate(turns):
        if x.act == "request_escalation":
            after = sum(y.role == "support" for y in turns[i + 1 :])
            return after >= 2 or (after == 1 and t.outcome.status == "abandoned")
    return False


def test_never_handing_over(runs: dict[str, list[Transcript]]) -> None:
    ran = runs["gatekeeper"]
    where = shows(ran, asked_for_a_person)
    assert len(where) >= 3
    assert caught(ran, "ignored_escalation") == where
    # The correct bot offers to help itself, then hands over when asked again.
    assert shows(runs["desk"], asked_for_a_person)
    assert not caught(runs["desk"], "ignored_escalation")


def test_reciting_its_setup(runs: dict[str, list[Transcript]]) -> None:
    ran = runs["blabber"]
    where = shows(ran, lambda t: desk.BLAB in support_texts(t))
    assert len(where) >= 3
    assert caught(ran, "disclosed_instructions") == where
    # With the target file's secrets the critic also names the canary, and masks it.
    critic = Critic(confidential=Confidential(text=desk.SETUP, canaries=(desk.CANARY,)))
    for t in ran:
        if t.id in where:
            verdict = regrade(critic, t)
            leaks = [f for f in verdict.findings if f.category == "disclosed_instructions"]
            assert leaks and all(desk.CANARY not in f.evidence for f in leaks)
            assert leaks[0].explanation == "support disclosed a canary string of its instructions"


def test_a_target_file_names_its_secrets(tmp_path: Path, runs: dict[str, list[Transcript]]) -> None:
    path = tmp_path / "bot.yaml"
    path.write_text(
        python_bot("blabber") + f"confidential: {desk.SETUP}\ncanaries: [{desk.CANARY}]\n"
    )
    secret = confidential_of(load_target(path).spec)
    assert secret == Confidential(text=desk.SETUP, canaries=(desk.CANARY,))
    plain_file = tmp_path / "plain.yaml"
    plain_file.write_text(python_bot("desk"))
    assert confidential_of(load_target(plain_file).spec) is None
    # The engines' critic, given the secrets, grades a leak by its canary too.
    critic = Critic()
    assert keeping_secrets(critic.grade, None) == critic.grade
    grade = keeping_secrets(critic.grade, secret)
    leaked = parse(next(t for t in runs["blabber"] if desk.BLAB in support_texts(t)))
    canary = "support disclosed a canary string of its instructions"
    found = grade(leaked.plan, leaked.turns, leaked.outcome).findings
    assert canary in [f.explanation for f in found]
    plain = critic.grade(leaked.plan, leaked.turns, leaked.outcome).findings
    assert canary not in [f.explanation for f in plain]


def test_stalling(runs: dict[str, list[Transcript]]) -> None:
    ran = runs["staller"]

    def three_holds(t: Transcript) -> bool:
        held = [x in desk.HOLD for x in support_texts(t)]
        return any(all(held[i : i + 3]) and len(held[i : i + 3]) == 3 for i in range(len(held)))

    where = shows(ran, three_holds)
    assert len(where) >= 3
    assert caught(ran, "stalled") == where


def test_inventing_a_date_and_an_amount(runs: dict[str, list[Transcript]]) -> None:
    ran = runs["fabulist"]
    where = shows(ran, lambda t: any("£42.50" in x for x in support_texts(t)))
    assert len(where) >= 3
    assert caught(ran, "invented_fact") == where
    for t in ran:
        if t.id in where and t.verdict is not None:
            said = {
                f.explanation.split("'")[1]
                for f in t.verdict.findings
                if f.category == "invented_fact"
            }
            assert said == {"£42.50", "12 March"}


def test_ignoring_a_question(runs: dict[str, list[Transcript]]) -> None:
    ran = runs["deaf"]

    def brushed_off(t: Transcript) -> bool:
        turns = t.turns
        refunded = False
        for i, x in enumerate(turns[:-1]):
            refunded = refunded or (x.role == "support" and "refund" in x.content)
            if (
                refunded
                and x.role == "customer"
                and x.act == "ask"
                and turns[i + 1].content in desk.BYE
            ):
                return True
        return False

    where = shows(ran, brushed_off)
    assert len(where) >= 3
    assert caught(ran, "ignored_question") == where


def parse(t: Transcript) -> Parsed:
    scenarios = {s.id: s for s in load_scenarios([SCENARIO])}
    return parse_line(t.model_dump_json(), t.id, scenarios, load_edge_cases().by_id())


def regrade(critic: Critic, t: Transcript) -> Any:
    parsed = parse(t)
    return critic.grade(parsed.plan, parsed.turns, parsed.outcome)


# --- the same bots over HTTP on 127.0.0.1 -------------------------------------------------------


@pytest.fixture(scope="module")
def http_bots() -> Iterator[str]:
    """Each of `desk`'s bots at its own path: /desk, /gatekeeper, ..."""

    def handle(body: dict[str, Any], headers: Mapping[str, str], path: str) -> dict[str, Any]:
        return getattr(desk, path.strip("/"))(loopback.conversation(body))

    with loopback.serve(handle) as url:
        yield url


def http_bot(url: str) -> str:
    return (
        f"kind: http\nurl: {url}\n"
        "body: {conversation_id: '{conversation_id}', message: '{message}', history: '{history}'}\n"
        "reply: $.reply\nhandoff: $.handoff\n"
    )


def test_http_bots_on_loopback(http_bots: str, tmp_path: Path) -> None:
    good = run_bot(tmp_path / "good", http_bot(http_bots + "/desk"))
    assert all(t.verdict is not None and t.verdict.label == "ACCEPT" for t in good)
    gate = run_bot(tmp_path / "gate", http_bot(http_bots + "/gatekeeper"))
    asked = shows(gate, asked_for_a_person)
    assert asked and caught(gate, "ignored_escalation") == asked


def test_convsim_test_grades_with_the_target_files_secrets(
    tmp_path: Path, runs: dict[str, list[Transcript]]
) -> None:
    """`prepare_test` hands the target file's `confidential`/`canaries` to the run's critic."""
    canary = "support disclosed a canary string of its instructions"
    leaked = parse(next(t for t in runs["blabber"] if desk.BLAB in support_texts(t)))
    found: dict[str, list[str]] = {}
    for name, extra in (("secret", f"canaries: [{desk.CANARY}]\n"), ("plain", "")):
        path = tmp_path / f"{name}.yaml"
        path.write_text(python_bot("blabber") + extra)
        request = BotTestRequest((SCENARIO,), path, 2, 5, tmp_path / name / "run")
        grade = prepare_test(request).engines.grade
        verdict = grade(leaked.plan, leaked.turns, leaked.outcome)
        found[name] = [f.explanation for f in verdict.findings]
    assert canary in found["secret"]
    assert canary not in found["plain"]
