"""Try shows the scenario's cases: the run seed is chosen so that its five conversations meet
every rule the variables allow (walkthrough 7: the main case, a member 2 days late whose fee
is waived, appeared once in 15 random conversations and one rule never ran)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from scenarios.loader import collect
from simulator.studio.editing.author import load_for_form
from simulator.studio.trying.strata import covering_seed, drawn
from simulator.studio.trying.trial import TRY_N, rule_cases, rules_used, try_text

# Four rules, the catch-all last; the catch-all needs three independent draws to line up
# (1 in 4 of the values for one conversation, and 1 in 16 a rule-3 one): random handfuls
# often miss a case.
_SCENARIO = """\
id: shop/late-fee
title: 'Bike rental: waive a late fee'
domain: bike_rental
intent: waive_late_fee
variables:
  reference: {faker: bothify, text: "REF-#####"}
  days_late: {range: [2, 4]}
  damaged: {choice: ["yes", "no"]}
  member: {choice: ["yes", "no"]}
customer:
  goal: I want the late fee on my e-bike dropped.
  knows:
    reference: "{reference}"
  reveal_only_when_asked: [reference]
  openings:
    - Hi, I brought the e-bike back {days_late} days late. Can you drop the late fee?
support:
  policy: |
    Hand a damaged bike over to the workshop. Only members get the fee waived, within 3 days.
  verify: [reference]
  rules:
    - when: {damaged: {eq: "yes"}}
      action: escalate
      say: ["I'm passing {reference} to our workshop team."]
    - when: {member: {eq: "no"}}
      action: refuse
      say: ["I'm sorry, only members can have the late fee waived."]
    - when: {days_late: {gt: 3}}
      action: refuse
      say: ["I'm sorry, a fee can be waived only within 3 days."]
    - action: resolve
      say: ["Done: the late fee for {reference} is waived."]
success:
  - id: asked_reference
    check: {requested: reference}
max_turns: 8
"""


def _rules_of(text: str) -> Callable[[list[dict[str, Any]]], list[int | None]]:
    data = load_for_form(text)
    return lambda records: rules_used(data, records)


def test_the_cases_are_the_rules_up_to_the_catch_all_and_no_rule_without_one() -> None:
    assert rule_cases(load_for_form(_SCENARIO)) == 4
    without = _SCENARIO.replace(
        "    - action: resolve\n", "    - when: {member: {eq: yes}}\n      action: resolve\n"
    )
    assert rule_cases(load_for_form(without)) == 5  # four rules and "none applies"
    assert rule_cases(load_for_form("id: a/b\n")) == 1


def test_random_handfuls_miss_cases_that_the_chosen_seed_shows(tmp_path: Path) -> None:
    path = tmp_path / "shop" / "late-fee.yaml"
    path.parent.mkdir()
    path.write_text(_SCENARIO, encoding="utf-8")
    scenario = collect([path])[0][0]
    rules_of = _rules_of(_SCENARIO)
    plain = [
        len(set(rules_of([{"variables": v} for v in drawn(scenario, s, TRY_N)])))
        for s in range(1, 21)
    ]
    assert min(plain) < 4  # the problem is real: plain seeds leave a rule out
    for seed in range(1, 21):
        chosen = covering_seed(scenario, seed, TRY_N, rules_of, 4)
        values = drawn(scenario, chosen, TRY_N)
        assert set(rules_of([{"variables": v} for v in values])) == {1, 2, 3, 4}
    # different Tries look at different seeds, and a covering seed is kept as asked
    assert covering_seed(scenario, 1, TRY_N, rules_of, 4) != covering_seed(
        scenario, 2, TRY_N, rules_of, 4
    )
    covered = next(s for s in range(1, 21) if plain[s - 1] == 4)
    assert covering_seed(scenario, covered, TRY_N, rules_of, 4) == covered


def test_each_try_shows_every_rule_in_its_conversations(tmp_path: Path) -> None:
    path = tmp_path / "shop" / "late-fee.yaml"
    data = load_for_form(_SCENARIO)
    for seed in (1, 2, 3):
        records = try_text(tmp_path, path, _SCENARIO, seed=seed)
        assert len(records) == TRY_N
        assert set(rules_used(data, records)) == {1, 2, 3, 4}
        waived = [r for r, n in zip(records, rules_used(data, records), strict=True) if n == 4]
        assert all(r["variables"]["member"] == "yes" for r in waived)


def test_a_request_only_support_can_grant_is_asked_of_support_in_the_users_words() -> None:
    # walkthrough 7: "Bike rental: waive late fee on late e-bike return" became "I'd like to
    # waive late fee on late e bike return" (the customer waives nothing; the hyphen lost)
    from simulator.studio.editing import author

    def said(name: str) -> list[str]:
        data = load_for_form(author.from_template("starter", *author.id_from_words(name)))
        assert data is not None
        return [data["customer"]["goal"], *data["customer"]["openings"]]

    assert said("Bike rental: waive late fee on late e-bike return") == [
        "I want you to waive my late fee on late e-bike return.",
        "Hi, could you waive my late fee on late e-bike return, please?",
        "Can you waive my late fee on late e-bike return?",
        "pls waive my late fee on late e-bike return",
    ]
    assert said("Telecom: sign up for fibre")[1] == "Hi, I'd like to sign up for fibre, please."
    assert said("Shop: get a refund")[0] == "I want to get a refund."
    assert said("shop/return-bike")[0] == "I want to return my bike."
