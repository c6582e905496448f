"""The deterministic critic: the whole verdict, success criteria, labels, scores and seams.

Data checks and personal data are in test_critic_data.py."""

from __future__ import annotations

from typing import Any

import pytest
from critic_fixture import (
    CHECK_SCORES,
    GOOD,
    JUDGE_ONLY,
    PENDING,
    RESOLVED,
    F,
    c,
    categories,
    plan,
    s,
    verdict_for,
)

from agents.checks import QUOTE_LIMIT, CheckResult, GradeContext, quote
from agents.checks.matching import contains_value
from agents.critic import Critic, scores
from agents.types import Finding, Outcome, Verdict

# --- the whole verdict ---------------------------------------------------------------------


def test_clean_conversation_is_accepted_with_full_scores() -> None:
    v = verdict_for(
        GOOD,
        [
            {"id": "resolved", "check": {"outcome": ["resolved"]}},
            {"id": "refunded", "check": {"support_action": "resolve"}},
            {"id": "asked", "check": {"requested": "order_id"}},
            {"id": "verified", "check": {"verified_before_action": "order_id"}},
            {"id": "mentions", "check": {"support_says": "refund"}},
            {"id": "polite", "check": {"support_avoids": "your fault"}},
            {"id": "no_refusal", "check": {"no_support_action": "refuse"}},
            {"id": "empathy", "judge": "Support acknowledges the trouble."},
        ],
    )
    assert v == Verdict(
        label="ACCEPT",
        scores=CHECK_SCORES,
        findings=[],
        rationale="Accepted: no deterministic check found a problem. Not judged (needs a judge "
        "model): empathy, correctness, courtesy.",
        unjudged=["empathy", *JUDGE_ONLY],
    )


def test_error_outcome_is_labelled_error_and_not_graded() -> None:
    outcome = Outcome(status="error", reason="TimeoutError: target took 30s", ended_by="system")
    # Even a transcript full of problems is not graded when the infrastructure failed.
    v = verdict_for([s(""), s("")], [{"id": "x", "check": {"outcome": ["resolved"]}}], outcome)
    assert v == Verdict(
        label="ERROR",
        scores={},
        findings=[
            F(
                None,
                "infrastructure",
                "infrastructure",
                "critical",
                "TimeoutError: target took 30s",
                "the conversation stopped on an infrastructure error; it is not graded",
            )
        ],
        rationale="Not graded: the conversation ended in an infrastructure error "
        "(TimeoutError: target took 30s).",
    )


# --- success criteria ----------------------------------------------------------------------


def test_outcome_criterion() -> None:
    crit = [{"id": "ends_resolved", "check": {"outcome": ["resolved", "escalated"]}}]
    assert verdict_for(GOOD, crit).findings == []
    abandoned = Outcome(status="abandoned", reason="customer gave up", ended_by="customer")
    v = verdict_for(GOOD, crit, abandoned)
    assert v.findings == [
        F(
            None,
            "task_success",
            "success_criterion",
            "major",
            "outcome abandoned: customer gave up",
            "criterion 'ends_resolved' not met: the conversation ended abandoned, "
            "expected resolved or escalated",
        )
    ]
    assert v.label == "REVIEW"
    assert v.scores == {**CHECK_SCORES, "task_success": 3.0}
    assert v.rationale == (
        "Needs review: 1 major finding; worst: criterion 'ends_resolved' not met: the "
        "conversation ended abandoned, expected resolved or escalated." + PENDING
    )


def test_support_action_met_missing_and_undecidable() -> None:
    crit = [{"id": "refunded", "check": {"support_action": "resolve"}}]
    assert verdict_for(GOOD, crit).findings == []
    refused = [*GOOD[:3], s("I can't refund this order.", "refuse"), c("Fine.", "give_up")]
    v = verdict_for(refused, crit)
    assert v.findings == [
        F(
            3,
            "task_success",
            "success_criterion",
            "major",
            "I can't refund this order.",
            "criterion 'refunded' not met: support never took the action 'resolve'",
        )
    ]
    # A real bot's turns carry no acts: its refusal is read from its text, and one that
    # nothing after it undid decides the criterion as the act does.
    bot = [t if t.role == "customer" else s(t.content) for t in refused]
    v = verdict_for(bot, crit)
    assert [(f.turn, f.severity, f.explanation) for f in v.findings] == [
        (3, "major", "criterion 'refunded' not met: support refused and never took the action "
         "'resolve'")
    ]  # fmt: skip
    # A turn after it that the reader cannot tell may have done it: undecided, never failed.
    unread = [*bot[:4], c("Please."), s("Erm, right."), c("Fine.", "give_up")]
    v = verdict_for(unread, crit)
    assert (v.findings, v.unjudged, v.label) == ([], ["refunded", *JUDGE_ONLY], "ACCEPT")


def test_escalation_counts_from_the_structured_outcome() -> None:
    crit = [{"id": "escalated", "check": {"support_action": "escalate"}}]
    turns = [*GOOD[:3], s("Let me pass you to a specialist.")]
    escalated = Outcome(status="escalated", reason="needs review", ended_by="support")
    assert verdict_for(turns, crit, escalated).findings == []


def test_no_support_action() -> None:
    crit = [{"id": "never_refuses", "check": {"no_support_action": "refuse"}}]
    assert verdict_for(GOOD, crit).findings == []
    refused = [*GOOD[:3], s("Sorry, no refunds after 30 days.", "refuse"), c("Ugh.", "give_up")]
    v = verdict_for(refused, crit)
    assert categories(v) == [(3, "success_criterion", "major")]
    assert v.findings[0].dimension == "policy"
    assert v.findings[0].explanation == (
        "criterion 'never_refuses' not met: support took the action 'refuse'"
    )
    bot = [t if t.role == "customer" else s(t.content) for t in GOOD]
    assert verdict_for(bot, crit).unjudged == ["never_refuses", *JUDGE_ONLY]


def test_requested_fact() -> None:
    crit = [{"id": "asked_order", "check": {"requested": "order_id"}}]
    assert verdict_for(GOOD, crit).findings == []
    after_mismatch = [
        c("Refund please, order ORD-99999.", "open"),
        s("That order number doesn't match.", "verify_failed", order_id="ORD-99999"),
    ]
    # The criterion is met; the customer giving a number its scenario does not hold is the
    # simulator's fault, reported on the customer's side.
    assert categories(verdict_for(after_mismatch, crit)) == [(0, "contradicted_goal", "major")]
    never_asked = [c("Refund please.", "open"), s("Done, refunded.", "resolve")]
    v = verdict_for(never_asked, crit)
    assert [(f.turn, f.evidence, f.explanation) for f in v.findings] == [
        (1, "Done, refunded.", "criterion 'asked_order' not met: support never asked for the "
         "order number"),
    ]  # fmt: skip
    asked_other = [c("Refund please.", "open"), s("Your email?", "request_info", email="")]
    assert len(verdict_for(asked_other, crit).findings) == 1


def test_requested_fact_volunteered_before_support_acted() -> None:
    crit = [{"id": "asked_order", "check": {"requested": "order_id"}}]
    in_slots = [c("Refund order 1, please.", "inform", order_id="1"), s("Done.", "resolve")]
    in_text = [c("Refund ORD-12345 please.", "open"), s("Done.", "resolve")]
    too_late = [c("Refund please.", "open"), s("Done.", "resolve"), c("It was ORD-12345.")]
    assert verdict_for(in_slots, crit).findings == []
    assert verdict_for(in_text, crit).findings == []
    assert categories(verdict_for(too_late, crit)) == [(1, "success_criterion", "major")]


def test_unmet_achievement_is_minor_when_the_customer_left_first() -> None:
    crit = [
        {"id": "asked_order", "check": {"requested": "order_id"}},
        {"id": "says_refund", "check": {"support_says": "refund"}},
        {"id": "no_blame", "check": {"support_avoids": "your fault"}},
    ]
    gave_up = Outcome(status="abandoned", reason="gave up early", ended_by="customer")
    turns = [c("Refund?", "open"), s("That's your fault.", "greet"), c("Forget it.", "give_up")]
    v = verdict_for(turns, crit, gave_up)
    assert [(f.severity, f.explanation) for f in v.findings] == [
        ("minor", "criterion 'asked_order' not met: support never asked for the order number "
         "(the customer left before support acted)"),
        ("minor", "criterion 'says_refund' not met: no support turn matches /refund/ "
         "(the customer left before support acted)"),
        ("major", "criterion 'no_blame' not met: support said what it must avoid (/your fault/)"),
    ]  # fmt: skip
    insisted = [
        c("Refund?", "open"),
        s("Hello!", "greet"),
        c("Manager. Now.", "request_escalation"),
        s("I'll pass you to a supervisor.", "escalate"),
    ]
    escalated = Outcome(status="escalated", reason="customer demand", ended_by="support")
    v = verdict_for(insisted, crit, escalated)
    assert [f.severity for f in v.findings] == ["minor", "minor"]
    assert v.findings[0].explanation.endswith(
        "(the customer insisted on escalation before support acted)"
    )
    # Once support has acted, an unmet achievement is its own doing again.
    acted = [turns[0], s("Not possible.", "refuse"), c("Forget it.", "give_up")]
    assert [f.severity for f in verdict_for(acted, crit, gave_up).findings] == ["major", "major"]


def test_verified_before_action_passes_on_normalized_value() -> None:
    crit = [{"id": "verified", "check": {"verified_before_action": "order_id"}}]
    assert verdict_for(GOOD, crit).findings == []
    # In the text only, with other spacing and case: still the right value.
    in_text = [c("Refund for ORD 12345 please", "open"), s("Refunded.", "resolve")]
    assert verdict_for(in_text, crit).findings == []


def test_value_must_stand_as_whole_words() -> None:
    assert contains_value("it's ord 12345!", "ord12345")
    assert contains_value("ORD12345", "ord12345")
    assert contains_value("ORD-123-45, thanks", "ord12345")
    assert not contains_value("order WORD-12345", "ord12345")
    assert not contains_value("ORD-123456", "ord12345")
    assert not contains_value("", "ord12345")


def test_verified_before_action_fails_when_support_acts_first() -> None:
    crit = [{"id": "verified", "check": {"verified_before_action": "order_id"}}]
    early = [
        c("My headphones are broken.", "open"),
        s("I've refunded you.", "resolve"),
        c("Thanks, it was ORD-12345 by the way.", "inform", order_id="ORD-12345"),
    ]
    v = verdict_for(early, crit)
    assert v.findings == [
        F(
            1,
            "policy",
            "success_criterion",
            "critical",  # acting before verification: critical, as the policy rule is
            "I've refunded you.",
            "criterion 'verified' not met: support acted (resolve) before the "
            "customer gave the correct order number",
        )
    ]
    wrong_value = [
        c("Order ORD-54321.", "inform", order_id="ORD-54321"),
        s("Refunded.", "resolve"),
    ]
    assert categories(verdict_for(wrong_value, crit)) == [
        (1, "success_criterion", "critical"),
        (0, "contradicted_goal", "major"),
    ]


def test_verified_before_action_vacuous_and_undecidable() -> None:
    crit = [{"id": "verified", "check": {"verified_before_action": "order_id"}}]
    no_action = [c("Hi", "open"), s("Your order number?", "request_info", order_id="")]
    assert verdict_for(no_action, crit).findings == []
    assert verdict_for(no_action, crit).unjudged == JUDGE_ONLY
    # A bot's text is read: a refund claimed before any order number is a broken rule, ...
    bot_no_value = [c("Hi", "open"), s("Refund issued!")]
    v = verdict_for(bot_no_value, crit)
    assert (categories(v), v.unjudged) == ([(1, "success_criterion", "critical")], JUDGE_ONLY)
    assert v.findings[0].explanation == (
        "criterion 'verified' not met: support claimed an action before the customer gave "
        "the order number"
    )
    # ... an offer to refund once it has one is not.
    offer = [c("Hi", "open"), s("Once you send the order number I'll get that refunded.")]
    v = verdict_for(offer, crit)
    assert (v.findings, v.unjudged) == ([], JUDGE_ONLY)
    # The value came before any support turn, so nothing the bot said can break the rule.
    bot_after_value = [c("Refund ORD-12345", "open"), s("Refund issued!")]
    v = verdict_for(bot_after_value, crit)
    assert (v.findings, v.unjudged) == ([], JUDGE_ONLY)


def test_support_says_and_avoids() -> None:
    crit = [
        {"id": "mentions_refund", "check": {"support_says": r"refund(ed)?\b"}},
        {"id": "no_blame", "check": {"support_avoids": "(?i)your fault|card number"}},
    ]
    assert verdict_for(GOOD, crit).findings == []
    bad = [
        c("It's broken.", "open"),
        s(
            "Hmm. "
            + "We take every report seriously and look into it carefully. " * 3
            + "Please send me your full CARD NUMBER so I can look into it.",
            "request_info",
        ),
    ]
    v = verdict_for(bad, crit)
    assert [(f.turn, f.dimension, f.explanation) for f in v.findings] == [
        (1, "task_success", r"criterion 'mentions_refund' not met: no support turn matches "
         r"/refund(ed)?\b/"),
        (1, "policy", "criterion 'no_blame' not met: support said what it must avoid "
         "(/(?i)your fault|card number/)"),
    ]  # fmt: skip
    # The quote is cut around the match, not from the start of the turn.
    assert v.findings[1].evidence == (
        "… We take every report seriously and look into it carefully. Please send me your "
        "full CARD NUMBER so I can look into it."
    )
    assert len(v.findings[1].evidence) <= QUOTE_LIMIT


def test_judge_criteria_and_bad_patterns_are_unjudged() -> None:
    crit: list[dict[str, Any]] = [
        {"id": "kind", "judge": "Support is kind."},
        {"id": "broken_regex", "check": {"support_says": "(unclosed"}},
    ]
    v = verdict_for(GOOD, crit)
    assert (v.findings, v.unjudged) == ([], ["kind", "broken_regex", *JUDGE_ONLY])


# --- seams and helpers ---------------------------------------------------------------------


def test_custom_checks_and_policy_slot_in() -> None:
    def always_minor(ctx: GradeContext) -> CheckResult:
        f = F(0, "tone", "rubric", "minor", quote(ctx.turns[0].content), "a rubric item")
        return CheckResult((f,), ("rubric_item",))

    strict = Critic(checks=(always_minor,), policy=lambda fs: "REVIEW" if fs else "ACCEPT")
    v = strict.grade(plan(), GOOD, RESOLVED)
    assert v.label == "REVIEW"
    assert v.scores == {**CHECK_SCORES, "tone": 4.0}
    assert v.unjudged == ["rubric_item", *JUDGE_ONLY]
    assert v.rationale == (
        "Needs review: 1 minor finding; worst: a rubric item (turn 0). "
        "Not judged (needs a judge model): rubric_item, correctness, courtesy."
    )


@pytest.mark.parametrize(
    ("severities", "expected"),
    [
        ([], 5.0),
        (["minor"], 4.0),
        (["major"], 3.0),
        (["major", "minor"], 2.0),
        (["critical"], 1.0),
        (["major", "major", "major"], 1.0),
    ],
)
def test_score_formula(severities: list[str], expected: float) -> None:
    findings = [
        Finding.model_validate(
            {"turn": None, "dimension": "policy", "category": "x", "severity": sev,
             "evidence": "", "explanation": "x"}
        )
        for sev in severities
    ]  # fmt: skip
    assert scores(findings)["policy"] == expected


def test_quote_is_short_and_single_line() -> None:
    text = "line one\n\n" + "word " * 60
    q = quote(text)
    assert len(q) == QUOTE_LIMIT
    assert q.startswith("line one word word") and q.endswith("…")
    assert quote("short\nquote") == "short quote"


def test_a_no_to_a_request_for_a_person_is_no_refusal_of_the_task() -> None:
    """A bot that declines to transfer ("we're closed") and a customer who then leaves: the
    task was never refused, the customer cut it short (minor), never "refused and never
    took the action"."""
    crit = [{"id": "refunded", "check": {"support_action": "resolve"}}]
    turns = [
        *GOOD[:1],
        s("Sorry to hear that. What's the order number?"),
        c("Get me a manager.", "request_escalation"),
        s("I can't transfer you to a manager right now, because our team is closed."),
        c("Forget it.", "give_up"),
    ]
    gave_up = Outcome(status="abandoned", reason="ran out of patience", ended_by="customer")
    v = verdict_for(turns, crit, gave_up)
    unmet = [f for f in v.findings if f.category == "success_criterion"]
    assert [(f.severity, f.explanation) for f in unmet] == [
        ("minor", "criterion 'refunded' not met: support never took the action 'resolve' "
         "(the customer left before support acted)")
    ]  # fmt: skip
