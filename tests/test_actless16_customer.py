"""The simulated customer's misreadings are not support's failures (actless16).

Outsider 23: support asked "Which number should the claims handler call you on?", the
simulated customer answered with its claim number (the reader took "claims ... number" for
the claim number), and support was blamed for never asking for the new mobile number; and a
heavy-typo customer's opening ("lt me se") was read as Spanish, so its English afterwards
was a major `persona_drift`. Re-told with a bicycle workshop's facts and logs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_actless16_asked import graded

from agents.understanding import read_support

FACTS = {"job_id": "repair number|Auftragsnummer", "mobile": "mobile number|Handynummer"}


@pytest.mark.parametrize(
    "asked",
    [
        "Which number should the repair desk ring you on?",
        "What number can the repair team reach you on?",
        "Unter welcher Nummer soll die Werkstatt Sie anrufen?",
        "¿A qué número le puede llamar el taller?",
    ],
)
def test_a_number_to_call_you_on_is_the_phone_not_the_repair_number(asked: str) -> None:
    assert read_support(asked, FACTS).asks == {"mobile"}


@pytest.mark.parametrize(
    "asked",
    ["What's your repair number?", "The number of your repair, please.", "Auftragsnummer?"],
)
def test_the_repair_number_is_still_asked_for(asked: str) -> None:
    assert read_support(asked, FACTS).asks == {"job_id"}


def _chat(first: str, later: list[str]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = [{"role": "user", "content": first}]
    for text in later:
        messages.append({"role": "assistant", "content": "Sure, go on."})
        messages.append({"role": "user", "content": text})
    return messages


def _drift(verdict: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in verdict["findings"] if f["category"] == "persona_drift"]


EN_LATER = [
    "so the thing is i want to call off the repair on my bike because i can fix it myself",
    "the job number is BK-5101 and i think you have my email already, thank you",
]
DE_LATER = [
    "ich möchte die Reparatur absagen, weil ich das Fahrrad selbst reparieren kann",
    "die Auftragsnummer ist BK-5101 und die E-Mail haben Sie schon, vielen Dank",
]


def test_a_garbled_opening_misread_is_no_switch_to_the_personas_language(
    tmp_path: Path,
) -> None:
    en = graded(tmp_path, _chat("lt me se", EN_LATER), "call-off", persona={"language": "en_GB"})
    assert not _drift(en) and "persona_drift" not in en["unjudged"], en["findings"]
    de = graded(
        tmp_path, _chat("Mn Aro it nch", DE_LATER), "call-off", persona={"language": "de_DE"}
    )
    assert not _drift(de) and "persona_drift" not in de["unjudged"], de["findings"]


def test_a_garbled_opening_then_another_language_is_undecided(tmp_path: Path) -> None:
    verdict = graded(tmp_path, _chat("lt me se", DE_LATER), "call-off", persona={"language": "en"})
    assert not _drift(verdict) and "persona_drift" in verdict["unjudged"]


def test_a_clear_switch_is_still_drift(tmp_path: Path) -> None:
    first = "Hello, I would like to call off the repair of my bike, I can fix it myself."
    verdict = graded(tmp_path, _chat(first, DE_LATER), "call-off", persona={"language": "en"})
    assert _drift(verdict) and _drift(verdict)[0]["severity"] == "major"
