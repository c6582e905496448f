"""Walkthrough 14's findings (issue 15): a pet insurer pasted its claim-review policy, numbered
lines of several sentences each. Each test fails on 49313d4. The policies here are other
businesses', so the reader is checked on the general case, not that one policy."""

from __future__ import annotations

from ruamel.yaml import YAML

from simulator.studio import author
from simulator.studio.from_policy import made_from_policy, made_line
from simulator.studio.headings import is_heading
from simulator.studio.suggested_page import suggest_html

# A hotel's reception notes: a title, then numbered lines, two of them two sentences long.
HOTEL = (
    "Late check-out and room moves - reception notes\n"
    "1. Ask for the booking reference first. Do not talk about the bill until it matches.\n"
    "2. Room moves are not possible on fully booked nights.\n"
    "3. Explain the minibar charges item by item. Keep a friendly tone with every guest.\n"
    "4. Write down every complaint in the guest file.\n"
    "5. Mention the breakfast times to every guest who checks in.\n"
)


def _made(policy: str) -> tuple[str, str]:
    text = made_from_policy(author.STARTER, "stay", "Hotel: change my stay", policy)
    return text, suggest_html(YAML(typ="safe").load(text))


def test_every_line_read_as_no_rule_is_shown_and_counted_as_written() -> None:
    """No unclickable "and 3 more": each line the studio reads no rule in is on the page, and
    the count is of the author's lines (three whole, one in part), not of sentence pieces."""
    text, shown = _made(HOTEL)
    assert "3 lines are no rule, and part of 1 more: see under the policy." in made_line(text)
    for sentence in (
        "Do not talk about the bill until it matches.",
        "Explain the minibar charges item by item.",
        "Keep a friendly tone with every guest.",
        "Write down every complaint in the guest file.",
        "Mention the breakfast times to every guest who checks in.",
    ):
        assert f"<i>{sentence}</i>" in shown, sentence
    assert " more" not in shown[shown.index("No rule read in") :]
    # the line half read says so; the title is no line at all
    assert "<i>Do not talk about the bill until it matches.</i> <small>(the rest of this " in shown
    assert "reception notes" not in shown


def test_a_title_saying_how_the_desk_handles_something_is_a_heading() -> None:
    assert is_heading('Parcel claims - how we handle "where is my parcel" calls')
    assert is_heading("Refund requests: how to answer them")
    assert not is_heading("Refunds: how we decide is up to the manager.")
