"""A date in figures with a two-digit year is the date it writes (actless17; outsider 26: a
member gave "GM-20415 30/09/99" for the date of birth 1999-09-30, the critic read no date of
birth given, and a correct refund became a critical "write before the customer gave the date
of birth"). Read as either century, day first (and month first for a slash date), as
four-digit years are; a stored value is found only when it is one of those readings."""

from __future__ import annotations

import pytest

from agents.checks.matching import contains_value

GIVEN = [
    ("Membership KL-88 and I was born 30/09/99", "19990930"),
    ("Mi socio es KL-88, nací el 30.09.99", "19990930"),
    ("KL-88, geboren 07-02-01", "20010207"),
    ("card ends 4411, DOB 2/7/85", "19850207"),  # a slash date read day first
    ("card ends 4411, DOB 2/7/85", "19850702"),  # and month first, as an American writes it
]


@pytest.mark.parametrize("text,stored", GIVEN)
def test_a_two_digit_year_gives_the_date(text: str, stored: str) -> None:
    assert contains_value(text, stored)


@pytest.mark.parametrize(
    "text,stored",
    [("born 30/09/99", "19990903"), ("call 12-34-56", "19561234"), ("total 8.12 EUR", "20120801"),
     ("born 130/09/99", "19990930")],
)  # fmt: skip
def test_other_figures_are_not_that_date(text: str, stored: str) -> None:
    assert not contains_value(text, stored)
