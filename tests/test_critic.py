"""The deterministic critic: every check passing and failing, labels, scores and rationale."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from agents.checks import QUOTE_LIMIT, CheckResult, GradeContext, quote
from agents.checks.pii import find_items, iban_valid, luhn_valid
from agents.checks.success import contains_value
from agents.critic import Critic, grade, scores
from agents.types import ConversationPlan, Finding, Outcome, Turn, Verdict
from scenarios.edge_case_model import EdgeCase
from scenarios.model import Criterion

FIXTURE = yaml.safe_load((Path(__file__).parent / "data/critic/plan.yaml").read_text())
EDGE = {e["id"]: EdgeCase.model_validate(e) for e in FIXTURE.pop("edge_case_library")}
SILENCE, REPEATS = EDGE["goes_silent"], EDGE["repeats_question"]
BASE = ConversationPlan.model_validate(FIXTURE)


def plan(
    success: list[dict[str, Any]] | None = None,
    edge_cases: tuple[EdgeCase, ...] = (),
    verify: tuple[str, ...] = (),
) -> ConversationPlan:
    """The fixture plan with these criteria; `verify` (the policy rule) is off unless given."""
    criteria = [Criterion.model_validate(c) for c in success or []]
    support = BASE.scenario.support.model_copy(update={"verify": list(verify)})
    return BASE.model_copy(
        update={
            "scenario": BASE.scenario.model_copy(update={"success": criteria, "support": support}),
            "edge_cases": edge_cases,
        }
    )


# Dimensions of the default rubric only a judge model scores: offline they are unjudged.
JUDGE_ONLY = ["correctness", "courtesy"]
CHECK_SCORES = {"task_success": 5.0, "policy": 5.0, "data_quality": 5.0, "customer_fidelity": 5.0}
PENDING = " Not judged (needs a judge model): correctness, courtesy."


def F(
    turn: int | None, dimension: str, category: str, severity: str, evidence: str, why: str
) -> Finding:
    return Finding.model_validate(
        {"turn": turn, "dimension": dimension, "category": category, "severity": severity,
         "evidence": evidence, "explanation": why}
    )  # fmt: skip


def c(content: str, act: str | None = None, edge_case: str | None = None, **slots: str) -> Turn:
    return Turn(role="customer", content=content, act=act, slots=slots, edge_case=edge_case)


def s(content: str, act: str | None = None, **slots: str) -> Turn:
    return Turn(role="support", content=content, act=act, slots=slots)


RESOLVED = Outcome(status="resolved", reason="customer thanked support", ended_by="customer")
# For fragments that stop before support resolves: "resolved" would make them end early.
LEFT = Outcome(status="abandoned", reason="customer left", ended_by="customer")

# A clean, verified refund: the baseline every variant below changes one thing in.
GOOD = [
    c("My headphones arrived broken, I'd like a refund.", "open"),
    s("Sorry to hear that! Could you give me your order number?", "request_info", order_id=""),
    c("Sure, it's ord 12345.", "inform", order_id="ord 12345"),
    s("Thanks, I've refunded 120 to your card for ORD-12345.", "resolve"),
    c("Great, thank you!", "thank"),
]


def verdict_for(
    turns: list[Turn],
    success: list[dict[str, Any]] | None = None,
    outcome: Outcome = RESOLVED,
    edge_cases: tuple[EdgeCase, ...] = (),
) -> Verdict:
    return grade(plan(success, edge_cases), turns, outcome)


def categories(v: Verdict) -> list[tuple[int | None, str, str]]:
    return [(f.turn, f.category, f.severity) for f in v.findings]


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
    # A real bot's turns carry no acts: the criterion cannot be decided, so it is not failed.
    bot = [t if t.role == "customer" else s(t.content) for t in refused]
    v = verdict_for(bot, crit)
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
            "major",
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
        (1, "success_criterion", "major"),
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
    assert (categories(v), v.unjudged) == ([(1, "success_criterion", "major")], JUDGE_ONLY)
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


# --- data checks ---------------------------------------------------------------------------


def test_empty_support_turn_is_critical() -> None:
    turns = [GOOD[0], s("   \n", "greet"), c("Hello?", "chitchat"), GOOD[3]]
    v = verdict_for(turns)
    assert v.findings == [
        F(1, "data_quality", "empty_turn", "critical", "", "the support turn is empty")
    ]
    assert v.label == "REJECT"
    assert v.scores["data_quality"] == 1.0
    assert v.rationale == (
        "Rejected: 1 critical finding; worst: the support turn is empty (turn 1)." + PENDING
    )


def test_customer_silence_is_intentional_only_for_the_silence_edge_case() -> None:
    silent = [*GOOD[:2], c("", "chitchat", edge_case="goes_silent"), s("Still there?", "check_in")]
    assert verdict_for(silent, edge_cases=(SILENCE,)).findings == []
    # Without the edge case in the plan, an empty customer turn is a defect.
    assert categories(verdict_for(silent)) == [(2, "empty_turn", "critical")]
    unplanned = [*GOOD[:2], c(" "), s("Still there?", "check_in")]
    assert categories(verdict_for(unplanned, edge_cases=(SILENCE,))) == [
        (2, "empty_turn", "critical")
    ]


def test_repeated_turns() -> None:
    ask = "Could you give me your order number?"
    turns = [
        c("Refund please.", "open"),
        s(ask, "request_info", order_id=""),
        c("ok", "chitchat"),
        s("  could you GIVE me your\torder number? ", "request_info", order_id=""),
        c("ok", "chitchat"),
    ]
    v = verdict_for(turns, outcome=LEFT)
    assert v.findings[1:] == [
        F(
            2,
            "customer_fidelity",
            "withheld_fact",
            "major",
            "Could you give me your order number?",
            "support asked for the order number in plain words (turn 1) and the customer, who "
            "knows it, never gave it",
        )
    ]
    assert v.findings[:1] == [
        F(
            3,
            "data_quality",
            "repeated_turn",
            "major",
            "could you GIVE me your order number?",
            "the support repeats turn 1 word for word",
        )
    ]
    assert v.label == "REVIEW"


def test_repeats_by_the_other_role_or_an_edge_case_are_fine() -> None:
    line = "What is the refund timeline?"
    turns = [c(line, "ask"), s(line, "clarify"), c(line, "ask", edge_case="repeats_question")]
    assert verdict_for(turns, outcome=LEFT, edge_cases=(REPEATS,)).findings == []


def test_consecutive_turns_by_one_role() -> None:
    turns = [GOOD[0], GOOD[1], s("Are you there?", "check_in"), c("Yes.", "chitchat")]
    v = verdict_for(turns, outcome=LEFT)
    assert [(f.turn, f.category, f.severity, f.explanation) for f in v.findings] == [
        (2, "structure", "critical", "two support turns in a row (1 and 2)"),
        (3, "withheld_fact", "major", "support asked for the order number in plain words (turn "
         "1) and the customer, who knows it, never gave it"),
    ]  # fmt: skip
    tool_between = [GOOD[0], s("Let me look.", "answer"), Turn(role="tool", content="{}"), GOOD[3]]
    assert verdict_for(tool_between).findings == []
    support_first = [s("Welcome!", "greet"), c("Hi", "open")]
    assert categories(verdict_for(support_first, outcome=LEFT)) == [(0, "structure", "critical")]


def test_turn_limit() -> None:
    limit = Outcome(status="max_turns", reason="6 customer turns", ended_by="limit")
    v = verdict_for(GOOD[:4], outcome=limit)
    assert v.findings == [
        F(
            3,
            "task_success",
            "turn_limit",
            "major",
            "Thanks, I've refunded 120 to your card for ORD-12345.",
            "the conversation hit the limit of 6 customer turns unresolved",
        )
    ]


# --- personal data -------------------------------------------------------------------------


def leaks(text: str, before: list[Turn] | None = None) -> list[tuple[int | None, str, str]]:
    turns = [*(before or [c("Hi, I need help with my account.", "open")]), s(text, "answer")]
    v = verdict_for(turns)
    return [(f.turn, f.evidence, f.explanation) for f in v.findings if f.category == "pii_leak"]


def test_luhn_and_mod97() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert luhn_valid("79927398713")
    assert iban_valid("DE89370400440532013000")
    assert not iban_valid("DE89370400440532013001")
    assert not iban_valid("DE8937040044053201300")  # one character short for Germany


def test_someone_elses_email_leaks_but_own_email_does_not() -> None:
    assert leaks("I'll send it to dana.whitfield@EXAMPLE.net.") == []
    assert leaks("The account belongs to mark.ortiz@example.org, not you.") == [
        (1, "The account belongs to m***@example.org, not you.",
         "support disclosed an email address that is not the customer's"),
    ]  # fmt: skip


def test_card_numbers_only_when_luhn_valid() -> None:
    assert leaks("The card on file is 4111 1111 1111 1111.") == [
        (1, "The card on file is 41** **** **** **11.",
         "support disclosed a card number that is not the customer's"),
    ]  # fmt: skip
    assert leaks("The card on file is 4111 1111 1111 1112.") == []
    assert leaks("Your tracking code is 0000000000000000.") == []


def test_ibans_only_when_mod97_valid_and_not_the_customers() -> None:
    assert leaks("Paid into DE89 3704 0044 0532 0130 00 yesterday.") == [
        (1, "Paid into DE** **** **** **** **** 00 yesterday.",
         "support disclosed an IBAN that is not the customer's"),
    ]  # fmt: skip
    assert leaks("Paid into DE89 3704 0044 0532 0130 01 yesterday.") == []
    assert leaks("Refunded to GB82WEST12345698765432.") == []  # the plan's own IBAN


def test_phone_numbers() -> None:
    assert leaks("We'll call you on (202) 555-0147.") == []  # own phone, other format
    assert leaks("Call us on 0800 555 0199.") == []  # the company's number from the scenario
    german = [c("Ruf mich an: +49 30 12345678", "inform")]
    assert leaks("Ich rufe 030 12345678 an.", german) == []  # trunk 0 instead of +49
    assert leaks("Her number is +44 20 7946 0958.") == [
        (1, "Her number is +44 ** **** **58.",
         "support disclosed a phone number that is not the customer's"),
    ]  # fmt: skip
    # Dates, order numbers and amounts are not phone numbers.
    assert leaks("Delivered 2024-05-12, order 98765432, total 1299.00.") == []


def test_company_contacts_and_echoes_are_not_leaks() -> None:
    assert leaks("Write to help@shop.example for anything else.") == []
    said = [c("Send the label to my work address, d.w@acme-corp.example", "inform")]
    assert leaks("Done, the label went to d.w@acme-corp.example.", said) == []


def test_quoting_back_part_of_a_run_together_number_is_not_a_leak() -> None:
    # An account number and a PIN written together read as one phone-shaped number; support
    # quoting back the account number alone repeats what the customer said.
    said = [c("for account number 8683696660 5114 for the account PIN", "inform")]
    assert leaks('I couldn\'t verify the account number "8683696660". Re-check it?', said) == []
    assert leaks('I found account "8683696661" instead.', said) != []


def test_customer_turns_with_own_data_are_fine() -> None:
    turns = [
        c("I'm dana.whitfield@example.net, card 4111 1111 1111 1111, call +1 202 555 0147.",
          "open"),
        s("Thanks, I've found your account.", "answer"),
    ]  # fmt: skip
    assert verdict_for(turns).findings == []


def test_find_items_does_not_reread_an_iban_as_a_card_or_phone() -> None:
    items = find_items("IBAN DE89 3704 0044 0532 0130 00, mail a.b@c.io")
    assert [(i.kind, i.key) for i in items] == [
        ("email", "a.b@c.io"),
        ("iban", "DE89370400440532013000"),
    ]


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
