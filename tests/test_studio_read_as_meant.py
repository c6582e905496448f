"""A pasted policy read as its author meant it (issue 15, walkthrough 17: an energy supplier's
payment-plan policy, 3 of 15 conversations right as made). The policies here are other
trades' (a gym, a library, a travel insurer, a ferry line, a tool hire shop), in words the
reader's code does not use, so the general case is what is checked."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ruamel.yaml import YAML
from starlette.testclient import TestClient

from scenarios.lint import lint_warnings
from simulator.studio.editing import author
from simulator.studio.editing.variables import offer_html
from simulator.studio.pages.app import create_app
from simulator.studio.policy.dropped import not_understood
from simulator.studio.policy.from_policy import made_from_policy
from simulator.studio.policy.suggest import suggest


def _made(policy: str) -> dict[str, Any]:
    text = made_from_policy(author.STARTER, "q", "Desk: a request", policy)
    data: dict[str, Any] = YAML(typ="safe").load(text)
    return data


def _rules(policy: str) -> list[dict[str, Any]]:
    return list(_made(policy)["support"]["rules"])


def _tested(rules: list[dict[str, Any]]) -> set[str]:
    return {str(name) for rule in rules for name in (rule.get("when") or {})}


def test_failing_verification_is_verification_never_a_fact_to_ask() -> None:
    """ "If they cannot give all of these, do not discuss the balance" became a yes/no fact
    `give` the customer was asked about ("whether they cannot give all of these")."""
    found = suggest(
        "Confirm who you are talking to first: the membership number and date of birth. "
        "If the member is unable to provide these, do not go any further.\n"
    )
    assert [s.action for s in found] == ["asks"]
    assert "membership number" in found[0].reason and "date of birth" in found[0].reason
    # the failure named with its own list is a verification too, not `confirm_surname`
    named = suggest("If the caller can't confirm their surname and ticket number, stop there.")
    assert all(not s.when for s in named)


def test_a_negated_condition_is_the_fact_negated() -> None:
    for line, side in (
        ("If the borrower cannot show a library card, do not lend the laptop.", "no"),
        ("If the guest doesn't have a printed voucher, we cannot upgrade the cabin.", "no"),
        ("If the hirer has not paid the deposit, hand the booking to the accounts team.", "no"),
    ):
        (s,) = suggest(line)
        assert s.when.endswith(f"is {side}"), (line, s.when)
        label = next(iter(s.asks.values()))
        assert "cannot" not in label and "n't" not in label and " not " not in label, label


def test_a_pronoun_refers_to_the_fact_before_and_keeps_what_the_line_says_to_do() -> None:
    """ "...; if they did, do not offer a new plan, refer to the Collections team" made a
    fact `offer_new_plan`, and the hand-over said "since you did"."""
    (s,) = suggest(
        "Members must not have skipped three classes this month; if they have, pass them to "
        "the front desk team."
    )
    assert s.action == "escalate"
    assert "skipped" in s.when or "class" in s.when
    assert "front desk team" in s.reason


def test_how_support_never_works_is_no_fact_and_a_for_case_is_refused() -> None:
    (ban,) = suggest("We do not take card numbers over the phone.")
    assert ban.action == "never" and not ban.when and not ban.variables
    (case,) = suggest("We don't pay out for damage caused by pets (chewed cables, scratches).")
    assert case.action == "refuse" and "damage" in case.when


def test_who_may_agree_is_one_rule_refused_only_when_the_caller_is_none_of_them() -> None:
    """ "Only the account holder (or a registered third party) may agree" refused every
    holder without a third party."""
    rules = _rules(
        "Only the lead passenger (or a travel agent / carer named on the booking) can change "
        "the sailing.\n"
    )
    refusals = [r for r in rules if r["action"] == "refuse" and r.get("when")]
    assert len(refusals) == 1
    when = refusals[0]["when"]
    assert len(when) == 3 and all(test == {"eq": "no"} for test in when.values())
    said = " ".join(refusals[0]["say"])
    assert "only you" not in said.lower() and "lead passenger" in said


def test_a_range_tests_one_amount_with_both_bounds() -> None:
    """ "between 50 and 2,000 pounds" became a yes/no `arrears_between` and lost the 50."""
    for line in (
        "A claim can be paid when the loss is between 40 and 900 pounds.",
        "Members may borrow between 2 and 10 books at a time.",
    ):
        found = suggest(line)
        parts = [p for s in found for p in (s.when, *s.also) for p in p.split(" and ") if p]
        names = {p.split(" is ")[0] for p in parts}
        assert len(names) == 1, parts  # one quantity
        assert all(" is yes" not in p and " is no" not in p for p in parts), parts
        values = {p.rsplit(" ", 1)[-1] for p in parts}
        assert len(values) == 2, parts  # both bounds kept


def test_a_protected_hand_over_written_last_comes_first() -> None:
    rules = _rules(
        "If the member is behind on payments, we cannot freeze the membership.\n"
        "Freezes longer than 3 months go to the branch team.\n"
        "If the member tells us they are recovering from surgery or have a disability, stop "
        "and pass them to our Care team.\n"
    )
    first = rules[0]
    assert first["action"] == "escalate" and "Care team" in first["reason"]


def test_within_otherwise_hand_over_is_one_rule_not_two_that_cover_every_value() -> None:
    """ "within 14 days ...; if the customer cannot pay within 14 days, refer to Collections"
    made two rules on one number that together took every customer."""
    for policy in (
        "Claims must be sent within 30 days of coming home, otherwise refer them to the "
        "claims review desk.\n",
        "The tool must be returned within 3 days of the hire ending; if the hirer cannot "
        "return it within 3 days, hand over to the recoveries team.\n",
    ):
        rules = _rules(policy)
        numeric = [
            r for r in rules if any("gt" in t or "le" in t for t in (r.get("when") or {}).values())
        ]
        assert len(numeric) == 1, rules
        assert numeric[0]["action"] == "escalate"
        assert all("gt" in t for t in numeric[0]["when"].values())  # the late ones


def test_a_new_yes_no_variable_is_offered_with_both_values() -> None:
    """The new-variable box held "no" alone (the value the condition names): added so, the
    variable is "no" for every customer and the rule always applies."""
    data = {"variables": {}, "support": {"rules": [{"when": {"id_checked": {"eq": "no"}}}]}}
    html = offer_html(0, data["support"]["rules"][0], data)
    assert "value='yes, no'" in html
    plan = {"variables": {}, "support": {"rules": [{"when": {"tier": {"eq": "gold"}}}]}}
    assert "value='gold'" in offer_html(0, plan["support"]["rules"][0], plan)


def test_the_team_a_hand_over_names_is_the_team_said() -> None:
    rules = _rules(
        "If the traveller or a companion is in hospital abroad, hand over to the Medical "
        "Assistance (24h) team.\n"
        "If the customer tells us the policyholder has died, pass the call to our Bereavement "
        "desk.\n"
    )
    said = [" ".join(r["say"]) for r in rules if r["action"] == "escalate"]
    assert any("Medical Assistance team" in s for s in said), said
    assert any("Bereavement desk" in s and "you have died" not in s for s in said), said


def test_never_applies_names_the_rules_that_together_hide_it(tmp_path: Path) -> None:
    """Rules 7 and 8 ("days more than 14", "days at most 14") hid the plan rule; the warning
    named rule 1 (which takes only some of its cases) and said to move the plan above it,
    which would have given plans to the customers rule 1 is for."""
    starter = (
        Path(__file__).parent.parent / "simulator" / "studio" / "editing" / "starter.yaml"
    ).read_text(encoding="utf-8")
    old = starter[starter.index("  rules:") : starter.index("flow:")]
    text = starter.replace(
        "  days_ago: {range: [1, 45]}\n",
        "  days_ago: {range: [1, 45]}\n  carer: {choice: ['yes', 'no']}\n"
        "  wait_days: {range: [1, 30]}\n  owed: {range: [1, 900]}\n",
    ).replace(
        old,
        "  rules:\n"
        "    - when: {carer: {eq: 'yes'}}\n      action: escalate\n"
        "      say: ['Passing you to our carers team.']\n"
        "    - when: {wait_days: {gt: 10}}\n      action: refuse\n"
        "      say: ['Sorry, not after 10 days.']\n"
        "    - when: {wait_days: {le: 10}}\n      action: escalate\n"
        "      say: ['Passing you to the review desk.']\n"
        "    - when: {owed: {le: 500}}\n      action: resolve\n"
        "      say: ['Done.']\n"
        "    - action: refuse\n      say: ['Sorry.']\n",
    )
    path = tmp_path / "owed.yaml"
    path.write_text(text, encoding="utf-8")
    [warning] = [w for w in lint_warnings([path]) if "never applies" in w.message]
    assert warning.message.startswith("rule 4 never applies: rule 2 (wait_days is more than 10)")
    assert "rule 3 (wait_days is at most 10) together" in warning.message
    assert "rule 1" not in warning.message  # the carers' hand-over hides none of it alone
    assert "move rule 4 above rule 2" in warning.message


def test_not_understood_lists_what_was_dropped_never_a_bound_that_is_tested() -> None:
    (used,) = suggest("A claim can be paid when the loss is between 40 and 900 pounds.")
    assert not_understood(used) == []
    (dropped,) = suggest("If the rider is over 70 or has a heart condition, we waive the fee.")
    assert not_understood(dropped) == ["has a heart condition"]


def test_after_an_edit_add_all_puts_nothing_back_and_the_top_line_counts_the_rules_now(
    tmp_path: Path,
) -> None:
    """Walkthrough 17 removed rules, then read "Made from your policy: 11 rules ..." still, and
    "add all 5" put the removed rules back."""
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    policy = (
        "If the borrower has lost the book, hand over to the fines desk.\n"
        "Borrowers with unpaid fines cannot renew.\n"
        "Renewals of more than 3 times are not possible.\n"
    )
    res = client.post("/new", data={"template": "starter", "path": "", "id": "", "policy": policy})
    rel = parse_qs(urlsplit(str(res.url)).query)["path"][0]
    text = (tmp_path / rel).read_text(encoding="utf-8")
    first = client.post("/api/check", json={"path": rel, "text": text}).json()
    assert first["made_line"].startswith("Made from your policy: 3 rules")
    data = YAML(typ="rt").load(text)
    del data["support"]["rules"][1]  # the author removes one
    out = StringIO()
    YAML(typ="rt").dump(data, out)
    after = client.post("/api/check", json={"path": rel, "text": out.getvalue()}).json()
    assert after["made_line"].startswith("Made from your policy: 2 rules")
    assert "data-i='all'" not in after["suggest_html"]  # only the line's own button
    assert "add this rule" in after["suggest_html"]


def test_odd_lines_never_give_a_server_error_and_the_rest_is_made(tmp_path: Path) -> None:
    """Newcomer 18: "... minus a refuelling charge of 40 euros" made Create answer a blank
    "Internal Server Error" (an amount with no comparison reached the number reader)."""
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    policy = (
        "If the boat comes back late, we return the deposit minus a cleaning charge of 60 "
        "euros.\n"
        "If the sail is torn, we keep 80 euros and return the rest.\n"
        "Charters booked by a member, which costs 20 euros a year, get a free life jacket.\n"
        "Charters over 900 euros go to the harbour office.\n"
    )
    res = client.post("/new", data={"template": "starter", "path": "", "id": "", "policy": policy})
    assert res.status_code == 200, res.text[:200]
    rel = parse_qs(urlsplit(str(res.url)).query)["path"][0]
    rules = YAML(typ="safe").load((tmp_path / rel).read_text(encoding="utf-8"))["support"]["rules"]
    assert any(r["action"] == "escalate" for r in rules)  # the line it reads is made


def test_a_second_create_of_one_policy_gets_a_free_name(tmp_path: Path) -> None:
    """Newcomer 18's later Create said "already exists; pick another name"."""
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    policy = "Boats over 12 metres go to the harbour office.\n"
    data = {"template": "starter", "path": "", "id": "", "policy": policy}
    first = client.post("/new", data=data)
    second = client.post("/new", data=data)
    assert first.status_code == second.status_code == 200
    paths = {parse_qs(urlsplit(str(r.url)).query)["path"][0] for r in (first, second)}
    assert len(paths) == 2 and all((tmp_path / p).is_file() for p in paths)


def test_a_hand_over_for_an_accident_or_theft_written_last_comes_first() -> None:
    """Newcomer 18: the accident -> claims-team hand-over came after the refusals, and 8 of
    15 accident customers were refused."""
    rules = _rules(
        "Guests with an unpaid minibar bill cannot check out online.\n"
        "If the guest reports a theft from the room, pass them to the security team.\n"
    )
    assert rules[0]["action"] == "escalate" and "security team" in rules[0]["reason"]


def test_a_rule_after_one_for_every_case_is_warned_of_by_what_hides_it(tmp_path: Path) -> None:
    starter = (
        Path(__file__).parent.parent / "simulator" / "studio" / "editing" / "starter.yaml"
    ).read_text(encoding="utf-8")
    old = starter[starter.index("  rules:") : starter.index("flow:")]
    text = starter.replace(
        "  days_ago: {range: [1, 45]}\n",
        "  days_ago: {range: [1, 45]}\n  student: {choice: ['yes', 'no']}\n",
    ).replace(
        old,
        "  rules:\n    - action: refuse\n      say: ['Sorry.']\n"
        "    - when: {student: {eq: 'yes'}}\n      action: resolve\n      say: ['Done.']\n",
    )
    path = tmp_path / "late.yaml"
    path.write_text(text, encoding="utf-8")
    [warning] = lint_warnings([path])
    assert "rule 2 never applies" in warning.message
    assert "rule 1 (no condition: every case)" in warning.message
