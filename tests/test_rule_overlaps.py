"""Two support rules that fit the same conversation: the first is used and nothing said so
(walkthrough 9: "reading more than 20% below" before "vulnerable", a vulnerable customer's
payment plan lost, lint "ok"). Lint warns at the rule that loses, says which wins and how to
combine; the studio adds a rule for both with one click (browser: test_studio_browser_both)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.lint import lint, lint_warnings
from scenarios.loader import collect
from scenarios.overlaps import overlaps
from simulator.studio.editing.both_rule import both_lines, rule_for_both

STARTER = (
    Path(__file__).parent.parent / "simulator" / "studio" / "editing" / "starter.yaml"
).read_text(encoding="utf-8")
_OLD_RULES = STARTER[STARTER.index("  rules:") : STARTER.index("flow:")]


def _scenario(tmp_path: Path, variables: str, rules: str) -> Path:
    """The studio's starter (a car rental here) with these variables and rules."""
    text = STARTER.replace(
        "  days_ago: {range: [1, 45]}\n", "  days_ago: {range: [1, 45]}\n" + variables
    ).replace(_OLD_RULES, "  rules:\n" + rules)
    path = tmp_path / "rental.yaml"
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == [], lint([path])
    return path


RENTAL_VARS = "  late_hours: {range: [0, 48]}\n  member: {choice: ['yes', 'no']}\n"
TWO_DOINGS = """\
    - when: {late_hours: {gt: 24}}
      action: resolve
      say: ["I've added a late-return day to {reference}. Anything else I can help with?"]
    - when: {member: {eq: 'yes'}}
      action: resolve
      say: ["As a member you get the late fee waived. Anything else I can help with?"]
    - action: resolve
      say: ["Done! That's taken care of for {reference}."]
"""


def test_two_rules_that_each_do_something_warn_at_the_later_with_the_rule_for_both(
    tmp_path: Path,
) -> None:
    path = _scenario(tmp_path, RENTAL_VARS, TWO_DOINGS)
    warned = [w for w in lint_warnings([path]) if "both fit" in w.message]
    assert len(warned) == 1
    w = warned[0]
    assert w.field == "support.rules[1].when"
    assert w.message == (
        "rules 1 and 2 both fit some conversations (e.g. late_hours 25, member yes): only the "
        "first, rule 1 (late_hours is more than 24), is used, so support does what it says and "
        "not what rule 2 says; to do both, add above them a rule for both (`late_hours is more "
        "than 24 and member is yes`) that says both"
    )
    assert w.line == path.read_text().splitlines().index("    - when: {member: {eq: 'yes'}}") + 1


def test_the_rule_for_both_ends_the_warning_and_says_both(tmp_path: Path) -> None:
    path = _scenario(tmp_path, RENTAL_VARS, TWO_DOINGS)
    text, noted = rule_for_both(path.read_text(), 0, 1)
    path.write_text(text)
    assert lint([path]) == []
    assert [w for w in lint_warnings([path]) if "fit" in w.message] == []
    rule = collect([path])[0][0].support.rules[0]
    assert {n: c.model_dump(exclude_none=True) for n, c in rule.when.items()} == {
        "late_hours": {"gt": 24},
        "member": {"eq": "yes"},
    }
    assert rule.action == "resolve"
    assert rule.say == [
        "I've added a late-return day to {reference}. As a member you get the late fee "
        "waived. Anything else I can help with?"
    ]
    assert "rules 2 and 3 both fit" in noted["status"]


def test_a_rule_that_never_applies_is_named_with_the_rule_that_takes_its_cases(
    tmp_path: Path,
) -> None:
    rules = """\
    - when: {late_hours: {gt: 24}}
      action: refuse
      reason: returns more than a day late cannot be excused
      say: ["I'm sorry, but I can't excuse a return more than a day late."]
    - when: {late_hours: {gt: 30}, member: {eq: 'yes'}}
      action: escalate
      reason: members more than 30 hours late go to the branch manager
      say: ["I'm passing this to our branch manager."]
    - action: resolve
      say: ["Done! That's taken care of for {reference}."]
"""
    path = _scenario(tmp_path, RENTAL_VARS, rules)
    [w] = lint_warnings([path])
    assert w.field == "support.rules[1].when"
    assert w.message.startswith(
        "rule 2 never applies: whenever its condition holds, rule 1 (late_hours is more than "
        "24) comes first (e.g. late_hours 31, member yes)"
    )
    assert "move rule 2 above rule 1 if it should win" in w.message


@pytest.mark.parametrize(
    "rules",
    [
        # a special case before the general one: the author's exception, on purpose
        """\
    - when: {late_hours: {gt: 40}}
      action: resolve
      say: ["I've added two days."]
    - when: {late_hours: {gt: 24}}
      action: resolve
      say: ["I've added a day."]
    - action: resolve
      say: ["Done!"]
""",
        # an exception that does it before a refusal: how exceptions are written
        """\
    - when: {member: {eq: 'yes'}}
      action: resolve
      say: ["As a member you get the late fee waived."]
    - when: {late_hours: {ge: 1}}
      action: refuse
      say: ["I'm sorry, but I can't waive the fee."]
    - action: resolve
      say: ["Done!"]
""",
        # a refusal first: the usual precedence, and the customer gets no less
        """\
    - when: {member: {eq: 'no'}}
      action: refuse
      say: ["Only members can do that."]
    - when: {late_hours: {gt: 24}}
      action: escalate
      say: ["I'm passing this to the branch."]
    - action: resolve
      say: ["Done!"]
""",
        # conditions that cannot both hold
        """\
    - when: {late_hours: {gt: 24}}
      action: resolve
      say: ["I've added a day."]
    - when: {late_hours: {le: 24}, member: {eq: 'yes'}}
      action: resolve
      say: ["Waived."]
    - action: resolve
      say: ["Done!"]
""",
        # the rule for both already above them (what an "also" rule from the policy adds)
        """\
    - when: {late_hours: {gt: 24}, member: {eq: 'yes'}}
      action: resolve
      say: ["I've added a day and waived the fee."]
    - when: {late_hours: {gt: 24}}
      action: resolve
      say: ["I've added a day."]
    - when: {member: {eq: 'yes'}}
      action: resolve
      say: ["Waived."]
    - action: resolve
      say: ["Done!"]
""",
    ],
    ids=["special-first", "exception-first", "refusal-first", "disjoint", "rule-for-both"],
)
def test_orders_that_are_meant_are_left_alone(tmp_path: Path, rules: str) -> None:
    path = _scenario(tmp_path, RENTAL_VARS, rules)
    assert lint_warnings([path]) == []


def test_text_values_and_lists_are_read_exactly(tmp_path: Path) -> None:
    """A condition on made-up text (`is not`) and lists: the overlap is found without a
    drawn value that happens to hit it."""
    variables = "  plan: {choice: [basic, plus, premium, family]}\n"
    rules = """\
    - when: {plan: {in: [plus, premium]}}
      action: resolve
      say: ["I've upgraded the car."]
    - when: {reference: {ne: REF-00000}, plan: {not_in: [basic]}}
      action: resolve
      say: ["I've added a child seat."]
    - action: resolve
      say: ["Done!"]
"""
    path = _scenario(tmp_path, variables, rules)
    scenario = collect([path])[0][0]
    [o] = overlaps(scenario)
    assert (o.first, o.later, o.never) == (0, 1, False)
    assert o.example == {"plan": "plus", "reference": "(another value)"}


def test_a_rule_for_both_is_refused_in_words_where_the_two_do_not_add_up(
    tmp_path: Path,
) -> None:
    path = _scenario(
        tmp_path, RENTAL_VARS, TWO_DOINGS.replace("action: resolve", "action: refuse", 1)
    )
    with pytest.raises(ValueError, match="only two rules that each do it"):
        rule_for_both(path.read_text(), 0, 1)
    with pytest.raises(ValueError, match="no rules 2 and 9"):
        rule_for_both(path.read_text(), 1, 8)


def test_both_lines_keep_each_sentence_once_and_the_question_last() -> None:
    assert both_lines(
        "Done! I've re-issued your bill. Can I help with anything else today?",
        "Done! I've set up a payment plan. Can I help with anything else today?",
    ) == (
        "Done! I've re-issued your bill. I've set up a payment plan. Can I help with "
        "anything else today?"
    )
