"""Each edge-case behaviour changes what the scripted customer does (its acts and slots, not
only its words), at turns that vary with the seed; and the scripted support copes."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from test_scripted_dialogue import EMAIL, ORDER, acts, converse, make_plan

from agents import types as a
from agents.scripted import KNOWN_BEHAVIORS
from agents.scripted.answers import silence_kind
from agents.types import Outcome, Turn

SEEDS = range(16)


def run(behavior: str, seed: int, **kw: str) -> tuple[list[Turn], Outcome]:
    return converse(make_plan(seed, [behavior], **kw))  # type: ignore[arg-type]


def marked(turns: Sequence[Turn], behavior: str) -> list[int]:
    return [i for i, t in enumerate(turns) if t.edge_case == f"case_{behavior}"]


def first(turns: Sequence[Turn], act: str, role: str = "support") -> int:
    return next(i for i, t in enumerate(turns) if t.act == act and t.role == role)


def customer_turn_of(turns: Sequence[Turn], index: int) -> int:
    return sum(t.role == "customer" for t in turns[:index])


def test_every_behaviour_is_enacted_and_changes_the_acts() -> None:
    for behavior in sorted(KNOWN_BEHAVIORS):
        changed = 0
        for seed in range(6):
            turns, _ = run(behavior, seed)
            assert marked(turns, behavior), (behavior, seed)
            plain_turns = converse(make_plan(seed))[0]
            changed += acts(turns) != acts(plain_turns) or any(
                t.slots != p.slots for t, p in zip(turns, plain_turns, strict=False)
            )
        # heavy_typos changes the acts only when it garbles the opening (half the plans);
        # otherwise it is how every turn is typed, which support reads as it is
        assert changed >= (2 if behavior == "heavy_typos" else 5), behavior


@pytest.mark.parametrize("seed", SEEDS)
def test_wrong_identifier_then_corrected_after_verify_failed(seed: int) -> None:
    turns, outcome = run("wrong_identifier", seed)
    wrong = next(t for t in turns if t.role == "customer" and "order_id" in t.slots)
    assert wrong.slots["order_id"] != ORDER and len(wrong.slots["order_id"]) == len(ORDER)
    assert wrong.edge_case == "case_wrong_identifier"
    failed = first(turns, a.VERIFY_FAILED)
    assert turns[failed].slots == {"order_id": wrong.slots["order_id"]}
    fix = first(turns, a.CORRECT, "customer")
    assert fix > failed and turns[fix].slots == {"order_id": ORDER}
    assert first(turns, a.RESOLVE) > fix and outcome.status == "resolved"


def test_wrong_identifier_sometimes_insists_first() -> None:
    shapes = set()
    for seed in SEEDS:
        turns, _ = run("wrong_identifier", seed)
        shapes.add(acts(turns, "support").count(a.VERIFY_FAILED))
    assert shapes == {1, 2}


@pytest.mark.parametrize("seed", SEEDS)
def test_self_correct_fixes_the_value_unasked_on_the_next_turn(seed: int) -> None:
    turns, _ = run("self_correct", seed)
    i = next(j for j, t in enumerate(turns) if t.role == "customer" and "order_id" in t.slots)
    assert turns[i].slots["order_id"] != ORDER and turns[i].edge_case == "case_self_correct"
    fix = turns[i + 2]
    assert (fix.act, fix.slots, fix.edge_case) == (
        a.CORRECT, {"order_id": ORDER}, "case_self_correct",
    )  # fmt: skip


def test_demand_manager_gets_one_deescalation_then_escalates_or_continues() -> None:
    endings = set()
    for seed in SEEDS:
        turns, outcome = run("demand_manager", seed)
        demand = marked(turns, "demand_manager")[0]
        assert turns[demand].act == a.REQUEST_ESCALATION
        assert customer_turn_of(turns, demand) in (1, 2)
        assert turns[demand + 1].act == a.REDIRECT  # one attempt to help first
        if outcome.status == "escalated":
            assert acts(turns[-3:]) == [a.REDIRECT, a.REQUEST_ESCALATION, a.ESCALATE]
        endings.add(outcome.status)
    assert endings == {"escalated", "resolved"}


@pytest.mark.parametrize("seed", SEEDS)
def test_multi_issue_raises_a_second_topic_after_the_first_is_settled(seed: int) -> None:
    turns, _ = run("multi_issue", seed)
    opening, follow_up = marked(turns, "multi_issue")
    assert opening == 0
    assert turns[follow_up].act == a.ASK and turns[follow_up].slots == {"topic": "return_label"}
    assert follow_up > first(turns, a.RESOLVE)
    assert turns[follow_up + 1].act == a.ANSWER
    assert turns[follow_up + 1].slots == {"topic": "return_label"}


@pytest.mark.parametrize(
    ("behavior", "kind", "reply"),
    [
        ("switch_language", "language", a.REDIRECT),
        ("off_topic", "off_topic", a.REDIRECT),
        ("prompt_injection", "injection", a.REDIRECT),
        ("silence", "silence", a.CHECK_IN),
    ],
)
def test_turns_without_task_content_are_steered_back(behavior: str, kind: str, reply: str) -> None:
    when = set()
    for seed in SEEDS:
        turns, outcome = run(behavior, seed)
        idx = marked(turns, behavior)
        assert idx and all(turns[i].slots == {"kind": kind} for i in idx)
        assert all(turns[i].act == a.CHITCHAT for i in idx)
        for i in idx:
            # "still here" or "hello?" with a request pending: the request again, not "are
            # you still there?"; anything else gets the check-in (or the redirect)
            said = silence_kind(turns[i].content) if behavior == "silence" else None
            if turns[i + 1].act == a.REQUEST_INFO and said in ("present", "poke"):
                asked = {f for t in turns[:i] if t.act == a.REQUEST_INFO for f in t.slots}
                assert set(turns[i + 1].slots) <= asked
            else:
                assert turns[i + 1].act == reply, turns[i].content
        if behavior in ("silence", "off_topic"):
            assert len(idx) == 1
        after = turns[idx[-1] + 2]
        assert after.act != a.CHITCHAT  # back to the task
        assert outcome.status == "resolved"
        when.add(customer_turn_of(turns, idx[0]))
    assert len(when) >= 2  # timing varies with the seed


def test_support_never_obeys_or_echoes_an_injection() -> None:
    for seed in range(40):
        turns, _ = run("prompt_injection", seed)
        for i in marked(turns, "prompt_injection"):
            injected = turns[i].content.casefold().split()
            grams = {" ".join(injected[j : j + 4]) for j in range(len(injected) - 3)}
            for t in turns:
                if t.role == "support":
                    said = " ".join(t.content.casefold().split())
                    assert not any(g in said for g in grams), (turns[i].content, t.content)
            assert turns[i + 1].act not in (a.RESOLVE, a.ESCALATE)
        resolve = first(turns, a.RESOLVE)
        assert turns[resolve - 1].act == a.INFORM  # acted on verified facts, not the injection


@pytest.mark.parametrize("seed", SEEDS)
def test_give_up_early_abandons_before_a_resolution(seed: int) -> None:
    turns, outcome = run("give_up_early", seed)
    assert outcome == Outcome(status="abandoned", reason="gave up early", ended_by="customer")
    assert turns[-1].act == a.GIVE_UP and turns[-1].edge_case == "case_give_up_early"
    assert a.RESOLVE not in acts(turns) and customer_turn_of(turns, len(turns) - 1) in (1, 2)


@pytest.mark.parametrize("seed", SEEDS)
def test_overshare_volunteers_personal_data_support_never_repeats(seed: int) -> None:
    turns, _ = run("overshare", seed)
    i = marked(turns, "overshare")[0]
    extra = {k: v for k, v in turns[i].slots.items() if k not in ("order_id", "email", "product")}
    assert len(extra) >= 2 and set(extra) <= {"card_number", "date_of_birth", "phone", "address"}
    asked = {k for t in turns[:i] if t.act == a.REQUEST_INFO for k in t.slots}
    assert not set(extra) & asked
    for t in turns:
        if t.role == "support":
            assert not any(v in t.content for v in extra.values())


@pytest.mark.parametrize("seed", SEEDS)
def test_return_to_issue_digresses_then_comes_back_unprompted(seed: int) -> None:
    turns, outcome = run("return_to_issue", seed)
    digress, back = marked(turns, "return_to_issue")
    assert turns[digress].act in (a.ASK, a.CHITCHAT)
    assert turns[digress + 1].act in (a.ANSWER, a.REDIRECT)
    assert back == digress + 2 and turns[back].act == a.INFORM and turns[back].content
    assert outcome.status == "resolved"


@pytest.mark.parametrize("behavior", ["against_policy", "withhold"])
def test_holding_back_facts_meets_a_repeated_request(behavior: str) -> None:
    for seed in SEEDS:
        turns, outcome = run(behavior, seed)
        idx = marked(turns, behavior)
        want = a.PUSH_BACK if behavior == "against_policy" else a.INFORM
        for i in idx:
            assert turns[i - 1].act == a.REQUEST_INFO
            assert (turns[i].act, turns[i].slots) == (want, {})
            assert turns[i + 1].act == a.REQUEST_INFO  # policy held: ask again, do not act
        assert first(turns, a.RESOLVE) > idx[-1] and outcome.status == "resolved"


def test_vague_customer_is_asked_what_they_mean() -> None:
    shapes = set()
    for seed in SEEDS:
        turns, _ = run("vague", seed)
        i = marked(turns, "vague")[0]
        if i == 0:
            assert turns[0].act == a.CHITCHAT and turns[1].act == a.CLARIFY
            assert turns[2].act == a.OPEN
        else:
            assert (turns[i].act, turns[i].slots) == (a.INFORM, {})
            assert turns[i + 1].act == a.REQUEST_INFO
        shapes.add(i == 0)
    assert shapes == {True, False}


@pytest.mark.parametrize("seed", SEEDS)
def test_repeat_question_asks_an_answered_question_again(seed: int) -> None:
    turns, _ = run("repeat_question", seed)
    asks = [i for i in marked(turns, "repeat_question") if turns[i].act == a.ASK]
    topics = [turns[i].slots["topic"] for i in asks]
    assert topics == ["refund_timing", "refund_timing"]
    assert all(turns[i + 1].act == a.ANSWER for i in asks)
    # the same answer again: its figure, or (a one-sentence answer said just before) that the
    # answer is the one above, never its body word for word again (reading s16)
    again = turns[asks[1] + 1].content.casefold()
    assert "5 business days" in again or "just above" in again or "my last message" in again
    assert turns[asks[0] + 1].content.casefold() not in again


@pytest.mark.parametrize("behavior", ["sarcastic", "impatient"])
def test_moody_customers_push_back_unprompted(behavior: str) -> None:
    for seed in SEEDS:
        turns, outcome = run(behavior, seed)
        pushes = [i for i in marked(turns, behavior) if turns[i].act == a.PUSH_BACK]
        assert len(pushes) == 1 and not turns[pushes[0]].slots
        assert outcome.status in ("resolved", "abandoned", "escalated")


def test_impatient_customers_give_up_sooner() -> None:
    from test_scripted_dialogue import Unhelpful

    def turns_until_leaving(behaviors: list[str]) -> int:
        total = 0
        for seed in SEEDS:
            turns, outcome = converse(make_plan(seed, behaviors), support=Unhelpful())
            assert outcome.status == "abandoned"
            total += sum(t.role == "customer" for t in turns)
        return total

    assert turns_until_leaving(["impatient"]) < turns_until_leaving([])


def test_heavy_typos_mark_every_turn_and_may_garble_the_opening() -> None:
    garbled = 0
    for seed in SEEDS:
        turns, _ = run("heavy_typos", seed)
        assert all(t.edge_case == "case_heavy_typos" for t in turns if t.role == "customer")
        if turns[0].act == a.CHITCHAT:
            garbled += 1
            assert turns[1].act == a.CLARIFY and turns[2].act == a.OPEN
        for t in turns:  # typos never touch fact values
            assert all(v in t.content for v in t.slots.values() if v in (ORDER, EMAIL))
    assert 0 < garbled < len(SEEDS)
