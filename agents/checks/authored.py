"""Words the scenario itself gives the customer to say: not instructions leaking.

An author who writes the goal "Book my bike in for a repair" naturally writes a first message
"can I book my bike in for a repair?". The scripted customer says that line as written, and
an LLM customer is shown it as a first message to use: repeating it is the scenario working,
not the customer quoting its goal. `unauthored_run` measures the goal words a turn repeats
after taking out the stretches that repeat one of those lines (the first messages and the
flow's follow-ups, in every language, with the conversation's values), so a turn that adds
copied goal words of its own to an authored line is still caught on what it added.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence

from agents.checks import GradeContext
from scenarios.templates import TemplateError, render

__all__ = ["AUTHORED_RUN", "unauthored_run"]

# A stretch of a turn this many words long (or a whole shorter line) that a given line also
# holds is that line being said. Shorter shared stretches ("my order number") are common
# phrases, not the line.
AUTHORED_RUN = 4


def unauthored_run(ctx: GradeContext, text: Sequence[str], goal: Sequence[str]) -> int:
    """The longest run of words `text` shares with `goal`, outside the stretches of `text`
    that repeat a line the scenario gives the customer."""
    from agents.checks.customer import longest_shared_run

    lines: tuple[tuple[str, ...], ...] = ctx.shared("customer.authored", _authored_lines)
    said = list(text)
    for line in lines:
        for start, end in _repeats(said, line):
            said[start:end] = [""] * (end - start)  # "" is no word: it breaks every run
    return max((longest_shared_run(part, goal) for part in _segments(said)), default=0)


def _segments(said: list[str]) -> Iterable[list[str]]:
    part: list[str] = []
    for word in said:
        if word:
            part.append(word)
        elif part:
            yield part
            part = []
    if part:
        yield part


def _repeats(text: Sequence[str], line: Sequence[str]) -> Iterable[tuple[int, int]]:
    """The (start, end) of each maximal stretch of `text` that `line` also holds, at least
    AUTHORED_RUN words long or the whole line."""
    need = min(AUTHORED_RUN, len(line))
    if not need:
        return
    previous = [0] * (len(line) + 1)
    ends: dict[int, int] = {}  # end in text -> longest length ending there
    for i, a in enumerate(text, 1):
        current = [0] * (len(line) + 1)
        for j, b in enumerate(line, 1):
            if a and a == b:
                current[j] = previous[j - 1] + 1
                if current[j] >= need and current[j] > ends.get(i, 0):
                    ends[i] = current[j]
        previous = current
    for end, length in ends.items():
        yield end - length, end


def _authored_lines(ctx: GradeContext) -> tuple[tuple[str, ...], ...]:
    from agents.checks.customer import words

    scenario = ctx.plan.scenario
    texts = [*scenario.customer.openings]
    texts += [line for lines in scenario.customer.translations.values() for line in lines]
    for beat in scenario.flow:
        texts += [*beat.say, *(line for lines in beat.translations.values() for line in lines)]
    found = []
    for template in texts:
        with contextlib.suppress(TemplateError):  # an unrendered line still shares its words
            template = render(template, ctx.plan.variables)
        found.append(tuple(words(template)))
    return tuple(line for line in found if line)
