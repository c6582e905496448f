"""Which user patterns run without the matcher's timeout (scenarios.regexbound): only those
whose shape bounds the search on the text given; the rest keep the timeout."""

from __future__ import annotations

import pytest
import regex

import scenarios.userregex as userregex
from scenarios.regexbound import BUDGET, bounded
from scenarios.userregex import RegexTimeout, compile_user, search


@pytest.mark.parametrize(
    "pattern", [r"(?i)(cvv|security code|full card number)", r"^[0-9]{4}$",
                r"(?i)(admit (it was )?your fault|accept (the )?blame)", r"\border\b",
                r"^[0-9]{4}([0-9]{2})?$", r"(?i)change fee of \$", r"(?>ab|a)c"],
)  # fmt: skip
def test_patterns_without_unbounded_repeats_are_bounded_on_a_turn(pattern: str) -> None:
    assert bounded(pattern, 2000)


@pytest.mark.parametrize(
    "pattern", [r"(a+)+$", r"(a|aa)+$", r"(\w+\s?)*!", r"(?:abc){e<=1}", r"(?:abc){1<=e<=2}",
                r"\{e}x", r"(a)\1", r"(?=a)b", r"(?<!a)b", r"(?(1)a|b)", r"\p{L}", r"(", "x{2000}"],
)  # fmt: skip
def test_unbounded_or_unread_shapes_keep_the_timeout(pattern: str) -> None:
    assert not bounded(pattern, 10)


def test_a_single_character_repeat_is_bounded_by_the_text_length() -> None:
    """`.*` chooses among len(text) + 1 counts at each start: quadratic, so short texts only."""
    assert bounded(r"as a .*refund", 20)
    assert not bounded(r"as a .*refund", 400)
    assert not bounded("a*a*a*a*x", 400)


def test_the_budget_is_what_the_bound_says() -> None:
    # (ab|cd) repeated n times: 2 ** n paths of 2n steps from each start position
    n = 10
    pattern = "(?:ab|cd)" * n
    length = BUDGET // (2**n * (2 * n + 1)) - 1
    assert bounded(pattern, length)
    assert not bounded(pattern, length + 1)


def _compiled(pattern: str) -> regex.Pattern[str]:
    compiled = compile_user(pattern)
    assert compiled is not None
    return compiled


def test_a_bounded_search_skips_the_timeout_and_finds_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = _compiled(r"(?i)(your pin is|the pin on the account is)")
    text = "Thanks. The PIN on the account is not something I can read out."
    expected = real.search(text, timeout=0.5)
    assert expected is not None
    seen: list[tuple[str, object]] = []

    class Spy:
        """The compiled pattern, noting whether each search was given a timeout."""

        pattern = real.pattern
        flags = real.flags

        def search(self, text: str, timeout: float | None = None) -> regex.Match[str] | None:
            seen.append((text, timeout))
            return real.search(text, timeout=timeout)

    found = search(Spy(), text)
    assert found is not None and found.span() == expected.span()
    assert seen == [(text, None)]
    slow = Spy()
    slow.pattern = "(a|aa)+$"
    search(slow, "aaa")
    assert seen[-1] == ("aaa", userregex.MATCH_SECONDS)


def test_an_unbounded_pattern_still_times_out() -> None:
    slow = compile_user("(a|aa)+$")
    assert slow is not None
    with pytest.raises(RegexTimeout):
        search(slow, "a" * 60 + "!")
