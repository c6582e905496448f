"""A value shown as an example of a format ("What new travel date should I move it to (for
example 2025-07-01)?") is no claim, so no invented fact; in five languages, for dates,
amounts and flight numbers as for identifiers. The same value stated is still one."""

from __future__ import annotations

import pytest
from test_call_checks import BASE, DONE, c, found, s

from agents.critic import Critic

CRITIC = Critic()
ASKED = {
    "en": "Which new date should I put it on (for example 2031-07-01)?",
    "es": "¿A qué fecha nueva lo paso? Indíquela en el formato 2031-07-01, por ejemplo.",
    "fr": "À quelle date voulez-vous le déplacer (par exemple 01/07/2031) ?",
    "de": "Auf welches Datum soll ich es legen, z. B. 01.07.2031?",
    "pt": "Para qual data nova devo passar (por exemplo 2031-07-01)?",
}


def _conversation(said: str) -> list:
    return [c("I need to move my delivery to another day."), s(said), c("Let me check my diary.")]


@pytest.mark.parametrize("lang", sorted(ASKED))
def test_a_date_shown_as_an_example_is_not_invented(lang: str) -> None:
    verdict = CRITIC.grade(BASE, _conversation(ASKED[lang]), DONE)
    assert found(verdict, "invented_fact") == []


@pytest.mark.parametrize(
    "said",
    [
        "Enter an amount such as $45.10 in the form.",
        "Flight numbers look like, e.g. HA4417; which is yours?",
    ],
)
def test_amounts_and_flight_numbers_shown_as_examples_are_not_invented(said: str) -> None:
    assert found(CRITIC.grade(BASE, _conversation(said), DONE), "invented_fact") == []


@pytest.mark.parametrize(
    "said",
    ["I've moved it to 2031-07-01 for you.", "Would you like 2031-07-01 instead?"],
)
def test_the_same_date_stated_or_proposed_is_still_invented(said: str) -> None:
    assert found(CRITIC.grade(BASE, _conversation(said), DONE), "invented_fact") == [(1, "major")]
