"""A goal worded like a first message: the critic's instruction-leak check reads a customer
turn that repeats a long run of the goal's words as the customer quoting its instructions (a
REJECT blamed on the simulated customer). An author naturally writes "Book my bike in" as
the goal and "can I book my bike in" as a first message; the editor says so at the goal,
measured with the critic's own function and thresholds on the values Try would draw."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from agents.checks.customer import (
    GOAL_MIN_RUN,
    GOAL_RUN,
    GOAL_SHARE,
    longest_shared_run,
    words,
)
from scenarios.templates import TemplateError, render

__all__ = ["goal_echo"]


def _lines(openings: Any) -> Iterable[str]:
    if isinstance(openings, dict):  # per language
        for lines in openings.values():
            yield from _lines(lines)
    elif isinstance(openings, list):
        yield from (str(line) for line in openings)


def goal_echo(data: Any, samples: Iterable[Mapping[str, str]]) -> str:
    """A note for the goal field ('' when no first message repeats enough of it)."""
    customer = data.get("customer") if isinstance(data, dict) else None
    if not isinstance(customer, dict) or not isinstance(customer.get("goal"), str):
        return ""
    goal = customer["goal"]
    worst = (0, "")
    for values in samples:
        try:
            goal_words = words(render(goal, values))
            for line in _lines(customer.get("openings")):
                run = longest_shared_run(words(render(line, values)), goal_words)
                copied = run >= GOAL_RUN or (
                    run >= GOAL_MIN_RUN and run >= GOAL_SHARE * len(goal_words)
                )
                if copied and run > worst[0]:
                    worst = (run, line)
        except TemplateError:  # lint reports it; nothing to measure
            return ""
    if not worst[0]:
        return ""
    return (
        f"The first message \u201c{' '.join(worst[1].split())}\u201d repeats {worst[0]} words "
        "of this goal in a row: the critic reads that as the customer quoting its "
        "instructions and fails the conversation (blamed on the simulated customer). Word "
        "the goal differently from the first messages."
    )
