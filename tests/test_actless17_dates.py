"""A ready date said without its year is that date where nothing else in the conversation
fits it (actless17).

Outsider 24's pharmacy bot said "arrives on Tuesday, December 8" for a delivery slot stored
2026-12-08, and the critic gave a critical `missing_output` "support never said
'2026-12-08'" (a false REJECT of a correct answer). Re-told on a tailor's alterations
counter (tests/data/tailor) in five languages; a weekday alone, English figures that read
either way, and a day that another date the conversation showed also has are undecided,
never a pass and never a critical failure; a different date is still missing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tailor_logs import DESK, TICKETS, graded, looked_up, variables
from typer.testing import CliRunner

from simulator.cli import app

ASK = {
    "en": ("When can I collect my coat?", "Happy to check. Your ticket number and email?"),
    "fr": ("Quand puis-je récupérer mon manteau ?", "Votre numéro de ticket et e-mail ?"),
    "es": ("¿Cuándo puedo recoger mi abrigo?", "Claro. ¿Su número de ticket y su correo?"),
    "de": ("Wann kann ich meinen Mantel abholen?", "Gern. Ticketnummer und E-Mail bitte?"),
    "pt": ("Quando posso buscar o meu casaco?", "Claro. O número do talão e o seu e-mail?"),
}  # fmt: skip


def _log(lang: str, answer: str, ticket: str = "AL-301") -> list[dict[str, Any]]:
    opening, ask = ASK[lang]
    gave = f"{ticket} / {TICKETS[ticket]['client_email']}"
    return [
        {"role": "user", "content": opening},
        {"role": "assistant", "content": ask},
        {"role": "user", "content": gave},
        *looked_up(ticket),
        {"role": "assistant", "content": answer},
        {"role": "user", "content": "ok"},
    ]


def _missing(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in record["verdict"]["findings"] if f["category"] == "missing_output"]


SAID = {
    "weekday and month, no year": ("en", "All done: the coat is ready Tuesday, December 8."),
    "an ordinal day": ("en", "Good news, you can pick it up from the 8th onwards."),
    "day first, British": ("en", "It'll be waiting for you on Tue 8th Dec."),
    "fr day and month": ("fr", "Merci ! Votre manteau sera prêt le mardi 8 décembre."),
    "es weekday and day": ("es", "Gracias. Estará listo el martes 8, a partir de las diez."),
    "de day and month": ("de", "Danke. Ihr Mantel ist ab dem 8. Dezember abholbereit."),
    "pt weekday and day": ("pt", "Obrigado! Fica pronto na terça-feira, dia 8."),
    "fr figures, day first": ("fr", "C'est noté, il sera prêt le 8/12 dans l'après-midi."),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(SAID))
def test_a_date_without_its_year_is_the_date(tmp_path: Path, case: str) -> None:
    lang, answer = SAID[case]
    record = graded(tmp_path, "when-ready", _log(lang, answer), "AL-301")
    assert _missing(record) == []
    assert "missing_output" not in record["verdict"]["unjudged"]
    assert record["task"]["outputs"] == {"2026-12-08": True}
    assert record["task"]["reward"] == 1.0


UNDECIDED = {
    "a weekday alone": "Your coat will be ready on Tuesday afternoon.",
    "English figures either way": "Your coat will be ready 12/8.",
    "a weekday contradicting its day": "Your coat will be ready Wednesday, December 8.",
}


@pytest.mark.parametrize("case", sorted(UNDECIDED))
def test_a_form_that_may_be_another_date_is_undecided(tmp_path: Path, case: str) -> None:
    record = graded(tmp_path, "when-ready", _log("en", UNDECIDED[case]), "AL-301")
    assert _missing(record) == []
    assert "missing_output" in record["verdict"]["unjudged"]
    assert record["task"]["reward"] is None
    assert record["task"]["outputs"] == {"2026-12-08": None}


def test_a_day_another_shown_date_also_has_is_undecided(tmp_path: Path) -> None:
    """AL-302 was booked in on 2026-11-08 (the tool result shows it): "the 8th" may be either."""
    record = graded(
        tmp_path, "when-ready", _log("en", "They'll be ready on the 8th.", "AL-302"), "AL-302"
    )
    assert _missing(record) == []
    assert "missing_output" in record["verdict"]["unjudged"]
    # the month said with it settles it
    record = graded(
        tmp_path, "when-ready", _log("en", "Ready on the 8th of December.", "AL-302"), "AL-302"
    )
    assert record["task"]["outputs"] == {"2026-12-08": True}


def test_a_wrong_full_date_is_named(tmp_path: Path) -> None:
    answer = "Your coat will be ready on 9 December 2026."
    record = graded(tmp_path, "when-ready", _log("en", answer), "AL-301")
    [finding] = _missing(record)
    assert "support never said '2026-12-08', it said 2026-12-09 " in finding["explanation"]


@pytest.mark.parametrize(
    "lang,answer",
    [("en", "Your coat will be ready on Wednesday, December 9."),
     ("fr", "Votre manteau sera prêt le 18 décembre."),
     ("en", "Ready on the 9th.")],
)  # fmt: skip
def test_another_date_is_still_missing(tmp_path: Path, lang: str, answer: str) -> None:
    record = graded(tmp_path, "when-ready", _log(lang, answer), "AL-301")
    [finding] = _missing(record)
    assert finding["severity"] == "critical"
    assert record["task"]["reward"] == 0.0
    # the finding names the date support said instead (outsider 26)
    assert "support never said '2026-12-08', it said '" in finding["explanation"]


def test_grade_says_why_a_task_is_undecided(tmp_path: Path) -> None:
    """`convsim grade`'s summary names why a task is left open by a date said in part."""
    src, out = tmp_path / "logs.jsonl", tmp_path / "graded.jsonl"
    log = {"id": "t1", "scenario_id": "tailor/when-ready", "variables": variables("AL-301"),
           "messages": _log("en", "Your coat will be ready on Tuesday afternoon.")}  # fmt: skip
    src.write_text(json.dumps(log) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["grade", str(src), "--scenario", str(DESK), "--out", str(out)]
    )
    assert "tasks: 1 undecided: a required date was said only in a form" in result.output
