"""wrong_language reads the conversation's language from what the customer writes and the
persona's language: a customer whose turns the reader leaves undecided between two close
languages (words Spanish and Portuguese share, an accent French has too) still wrote their
own language, so English replies to them are judged; a customer who asks for another
language has chosen it. Our own wording (invoices, a phone line), in Portuguese and Spanish."""

from __future__ import annotations

import json
from pathlib import Path

from critic_fixture import BASE, RESOLVED, c, s
from typer.testing import CliRunner

from agents.critic import grade
from agents.types import Turn, Verdict
from agents.understanding.languages import decided_language
from simulator.cli import app


def _grade(turns: list[Turn], language: str, asked: bool = False) -> Verdict:
    persona = BASE.persona.model_copy(update={"language": language})
    scenario = BASE.scenario
    if asked:  # the scenario asks for customers in this language
        scenario = scenario.model_copy(update={"persona": {"language": ["en", language]}})
    plan = BASE.model_copy(update={"persona": persona, "scenario": scenario})
    return grade(plan, turns, RESOLVED)


def _wrong(v: Verdict) -> list[tuple[int | None, str]]:
    return [(f.turn, f.severity) for f in v.findings if f.category == "wrong_language"]


PT_OPENING = "A fatura veio duplicada este mês, podem corrigir?"
ES_OPENING = "Nadie contesta al teléfono, así que escribo por aquí."

ENGLISH_DESK = [
    "Hello! Sorry for the trouble. Could you send me the order number, please?",
    "Thanks, I have corrected the invoice and the extra charge will be removed this week.",
]


def _english_to(opening: str) -> list[Turn]:
    return [
        c(opening),
        s(ENGLISH_DESK[0]),
        c("ORD-12345"),
        s(ENGLISH_DESK[1]),
        c("Ok."),
    ]


def test_the_openings_are_undecided_on_their_own() -> None:
    """The premise: the reader alone cannot tell these turns' language."""
    assert decided_language(PT_OPENING) is None
    assert decided_language(ES_OPENING) is None


def test_english_replies_to_a_portuguese_customer_in_shared_words_are_found() -> None:
    assert _wrong(_grade(_english_to(PT_OPENING), "pt")) == [(1, "minor")]
    assert _wrong(_grade(_english_to(PT_OPENING), "pt", asked=True)) == [(1, "major")]


def test_english_replies_to_a_spanish_customer_in_shared_words_are_found() -> None:
    assert _wrong(_grade(_english_to(ES_OPENING), "es", asked=True)) == [(1, "major")]


def test_replies_in_the_customers_language_stay_clean() -> None:
    turns = [
        c(PT_OPENING),
        s("Olá! Lamento o incómodo. Pode enviar-me o número da encomenda, por favor?"),
        c("ORD-12345"),
        s("Obrigado, já corrigi a fatura e a cobrança a mais sai ainda esta semana."),
        c("Ok."),
    ]
    assert _wrong(_grade(turns, "pt", asked=True)) == []


def test_a_garbled_opening_is_still_not_judged() -> None:
    """Too little text to place: the first reply answers nothing readable."""
    turns = [c("fatra mal"), s(ENGLISH_DESK[0]), c("ORD-12345"), s(ENGLISH_DESK[1])]
    assert _wrong(_grade(turns, "pt", asked=True)) == []


def test_a_customer_who_asks_for_english_in_their_own_language_is_no_fault() -> None:
    for language, ask in [
        ("es", "La tetera llegó con la tapa rota. ¿Podemos seguir en inglés? Así practico."),
        ("pt", "A chaleira chegou com a tampa partida. Podemos continuar em inglês, por favor?"),
    ]:
        turns = [
            c(ask),
            s(ENGLISH_DESK[0]),
            c("ORD-12345"),
            s(ENGLISH_DESK[1]),
            c("Ok."),
        ]
        assert decided_language(ask) == language
        assert _wrong(_grade(turns, language, asked=True)) == [], language


def test_a_graded_logs_own_persona_language_is_the_customers(tmp_path: Path) -> None:
    """A log whose record says `persona: {language: de}` was written by a real customer in
    German: English replies to them are major, not the default mix's note (outsiders 26, 30)."""
    messages = [
        {"role": "user", "content": "Guten Tag, mein Wasserkocher ist mit einem Riss angekommen."},
        {"role": "assistant", "content": ENGLISH_DESK[0]},
        {"role": "user", "content": "Die Bestellnummer ist ORD-12345, ich warte schon lange."},
        {"role": "assistant", "content": ENGLISH_DESK[1]},
    ]
    src = tmp_path / "logs.jsonl"
    src.write_text(json.dumps({"id": "de1", "persona": {"language": "de"}, "messages": messages}))
    out = tmp_path / "graded.jsonl"
    result = CliRunner().invoke(app, ["grade", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text().splitlines()[0])
    found = [f for f in record["verdict"]["findings"] if f["category"] == "wrong_language"]
    assert [f["severity"] for f in found] == ["major"]
    assert "the log gives this as the customer's language" in found[0]["explanation"]
