"""Drawing scenario variables: deterministic per seed and locale, independent per variable."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from scenarios.loader import load_scenarios
from scenarios.model import Scenario, Variable
from scenarios.variables import (
    REFERENCE_DATE,
    VariableError,
    draw_variable,
    draw_variables,
    provider_parameters,
)

GOOD = Path(__file__).parent / "data" / "scenarios_good"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenarios([GOOD])[0]


def test_golden_values(scenario: Scenario) -> None:
    assert draw_variables(scenario, 42, "en_US") == {
        "product": "Nimbus Earbuds",
        "order_id": "ORD-07554",
        "days_since_delivery": "16",
        "delivered_on": "2025-05-05",
    }
    assert draw_variables(scenario, 7, "en_US") == {
        "product": "Nimbus Earbuds",
        "order_id": "ORD-48895",
        "days_since_delivery": "8",
        "delivered_on": "2025-04-19",
    }


def test_same_seed_same_values_and_seeds_vary(scenario: Scenario) -> None:
    assert draw_variables(scenario, 123, "en_US") == draw_variables(scenario, 123, "en_US")
    order_ids = {draw_variables(scenario, seed, "en_US")["order_id"] for seed in range(50)}
    assert len(order_ids) == 50
    products = {draw_variables(scenario, seed, "en_US")["product"] for seed in range(50)}
    assert products == {"Acme Smartwatch Pro", "Nimbus Earbuds"}


def test_adding_a_variable_leaves_the_others_unchanged(scenario: Scenario) -> None:
    more = dict(scenario.variables)
    more["aaa_first"] = Variable(range=(1, 9))
    extended = scenario.model_copy(update={"variables": more})
    before = draw_variables(scenario, 5, "en_US")
    after = draw_variables(extended, 5, "en_US")
    assert {k: after[k] for k in before} == before


def test_locale_changes_faker_text_deterministically() -> None:
    name = Variable(faker="name")
    assert draw_variable(name, 1, "en_US") == draw_variable(name, 1, "en_US")
    assert draw_variable(name, 1, "en_US") == "Ryan Gallagher"
    assert draw_variable(name, 1, "de_DE") == "Karsten Wieloch-Bolnbach"


def test_range_is_inclusive_and_numbers_become_text() -> None:
    values = {draw_variable(Variable(range=(1, 3)), seed, "en_US") for seed in range(60)}
    assert values == {"1", "2", "3"}
    assert draw_variable(Variable(choice=[2.5]), 0, "en_US") == "2.5"


def test_pattern_providers_fill_text() -> None:
    assert draw_variable(Variable(faker="numerify", text="####"), 3, "en_US").isdigit()
    assert draw_variable(Variable(faker="bothify", text="AB-##"), 3, "en_US").startswith("AB-")


def test_at_percent_and_bang_are_kept_as_typed_in_patterns() -> None:
    # walkthrough 13: "rider####@example.com" came out as "rider91455example.com" (Faker's
    # numerify draws '@' as a digit or nothing). Only '#' and '?' are drawn.
    pattern = Variable(faker="bothify", text="rider####@example.com")
    for seed in range(20):
        email = draw_variable(pattern, seed, "en_US")
        assert email.startswith("rider") and email.endswith("@example.com"), email
        assert email[5:9].isdigit() and len(email) == len("rider0000@example.com")
    assert draw_variable(Variable(faker="numerify", text="10% of ##!"), 4, "de_DE")[:7] == "10% of "
    assert draw_variable(Variable(faker="lexify", text="??@!"), 4, "fr_FR")[2:] == "@!"
    # a pattern without them draws what it always drew
    assert draw_variable(Variable(faker="bothify", text="??-##"), 1, "en_US") == "ZW-29"


def test_dates_count_from_the_reference_day_not_the_clock() -> None:
    for seed in range(40):
        past = date.fromisoformat(
            draw_variable(Variable(faker="past_date", args={"start_date": "-10d"}), seed, "en_US")
        )
        assert 1 <= (REFERENCE_DATE - past).days <= 10
        future = date.fromisoformat(draw_variable(Variable(faker="future_date"), seed, "en_US"))
        assert 1 <= (future - REFERENCE_DATE).days <= 30
    fixed = Variable(
        faker="date_between", args={"start_date": "2024-01-01", "end_date": "2024-01-01"}
    )
    assert draw_variable(fixed, 9, "en_US") == "2024-01-01"
    assert draw_variable(Variable(faker="time", args={"pattern": "%H"}), 4, "en_US").isdigit()


def test_unknown_locale_and_bad_arguments_are_clear_errors() -> None:
    with pytest.raises(VariableError, match=r"^unknown locale 'xx_XX' for Faker$"):
        draw_variable(Variable(faker="name"), 1, "xx_XX")
    with pytest.raises(VariableError) as err:
        draw_variable(Variable(faker="date_between", args={"start_date": "soon"}), 1, "en_US")
    assert str(err.value) == (
        "start_date 'soon' is not a date; use 'today', '-30d', '+2w', '-1y' or 'YYYY-MM-DD'"
    )
    with pytest.raises(VariableError, match=r"^faker 'random_int' failed: "):
        draw_variable(Variable(faker="random_int", args={"maxx": 3}), 1, "en_US")
    # outsider 20 #1: an offset past the calendar was an OverflowError traceback
    for args in (
        {"start_date": "-100000000y"},
        {"end_date": "+9000y"},
        {"start_date": "-99999999999999999999d"},
        {"start_date": -(10**12)},
    ):
        with pytest.raises(VariableError) as err:
            draw_variable(Variable(faker="date_between", args=args), 1, "en_US")
        ((name, value),) = args.items()
        assert str(err.value) == (
            f"{name} {value!r} is out of range: a date must fall between the years 1 and 9999"
        )


def test_provider_parameters() -> None:
    assert provider_parameters("random_int") == ["min", "max", "step"]
    assert provider_parameters("past_date") == ["start_date"]
    assert provider_parameters("bothify") == ["text", "letters"]


def test_values_do_not_depend_on_the_hash_seed() -> None:
    """Faker builds its it_IT city list from a set; drawn values must not follow set order."""
    code = (
        "from scenarios.model import Variable\n"
        "from scenarios.variables import draw_variable\n"
        "print([draw_variable(Variable(faker='city'), s, 'it_IT') for s in range(20)])\n"
    )
    root = Path(__file__).resolve().parents[1]
    outputs = set()
    for hash_seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONPATH": str(root), "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
