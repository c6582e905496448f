"""Text7's own read of session 19 (issue #14): what it left open, tested by behaviour with
wording the phrase banks do not use.

- a question to explain the decision again, in es/fr/de/pt, is answered with the decision
  (it was "I have no more details");
- a redirect never says the request of the turn before again word for word behind a lead;
- a fact support asked as a question (a choice, a yes or no) is given as an answer, never as
  a field of its label ("Express-Versand ist die Versandart der neuen Karte");
- a plural value in another language makes its verb plural, and a value with its own
  determiner drops the frame's article ("o umas xícaras").
"""

from __future__ import annotations

import random

import pytest

from agents.phrasing.local_bank import bank
from agents.phrasing.local_facts import customer_facts
from agents.phrasing.number_local import agree_local
from agents.scripted.answers import answering, says_again

DECISION = "Votre demande est enregistrée. Vous recevrez un e-mail de confirmation."


@pytest.mark.parametrize(
    "question",
    [
        "Attendez, vous pourriez me l'expliquer à nouveau ?",
        "Désolé, je ne vous suis pas très bien.",
        "¿Me lo podría repetir, por favor?",
        "No le sigo, la verdad.",
        "Könnten Sie das bitte wiederholen?",
        "Da komme ich nicht ganz mit.",
        "Dá pra repetir, por favor?",
        "Hmm, não entendi direito.",
        "Sorry, could you run me through that again?",
    ],
)
def test_a_question_to_hear_it_again_gets_the_decision(question: str) -> None:
    assert answering(question, DECISION) == DECISION


def test_a_question_about_something_else_is_not_read_as_asking_again() -> None:
    assert answering("Wie viel kostet das?", DECISION) is None


def test_a_request_said_again_behind_a_lead_is_a_repeat() -> None:
    before = ["Würden Sie mir bitte Ihre Kundennummer mitteilen?"]
    again = (
        "Das kann ich hier nicht beantworten. Zurück zum Thema: Würden Sie mir bitte Ihre "
        "Kundennummer mitteilen?"
    )
    assert says_again(again, before)
    other = "Das kann ich hier nicht beantworten. Dann brauche ich noch Ihre Kundennummer."
    assert not says_again(other, before)


@pytest.mark.parametrize(
    ("lang", "label", "value"),
    [
        ("de", "Lieferweg des Ersatzgeräts", "Kurier"),
        ("es", "modalidad de recogida", "recogida en tienda"),
        ("fr", "mode de retrait", "retrait en magasin"),
        ("pt", "forma de retirada", "retirada na loja"),
    ],
)
def test_a_choice_is_given_as_an_answer_never_as_its_label(
    lang: str, label: str, value: str
) -> None:
    b = bank(lang)
    for seed in range(40):
        rng = random.Random(seed)
        said = customer_facts(b, {label: value}, rng, answers={label: "choice"})
        assert value in said
        assert label.lower() not in said.lower(), said
        said = customer_facts(b, {label: value}, rng, labelled=True, answers={label: "choice"})
        assert label.lower() not in said.lower(), said


def test_a_yes_or_no_among_other_facts_is_the_value_alone() -> None:
    b = bank("de")
    facts = {"Kundennummer": "K-55120", "Schäden am Fahrzeug": "keine"}
    for seed in range(40):
        said = customer_facts(
            b, facts, random.Random(seed), labelled=True, answers={"Schäden am Fahrzeug": "yes_no"}
        )
        assert "Schäden am Fahrzeug" not in said, said
        assert "keine" in said and "K-55120" in said


@pytest.mark.parametrize(
    ("lang", "before", "value", "after", "expected"),
    [
        ("es", "me preguntaba si ", "unas botas de montaña", " sale mañana.", "salen mañana"),
        ("fr", "est-ce que ", "des gants de ski", " arrive avant samedi ?", "arrivent avant"),
        ("pt", "queria saber se o ", "uns tênis de corrida", " chega até sexta.", "chegam até"),
        ("de", "Wann kommt ", "Wanderstiefel", " bei mir an?", "Wann kommen Wanderstiefel"),
    ],
)
def test_a_plural_value_makes_its_verb_plural(
    lang: str, before: str, value: str, after: str, expected: str
) -> None:
    texts = [before, after]
    agree_local(lang, texts, [value], [True])
    said = texts[0] + value + texts[1]
    assert expected in said, said
    assert " o uns" not in said


def test_a_singular_value_keeps_its_verb_and_loses_a_doubled_article() -> None:
    texts = ["queria saber se o ", " chega até sexta."]
    agree_local("pt", texts, ["um relógio de parede"], [False])
    assert texts[0] + "um relógio de parede" + texts[1] == (
        "queria saber se um relógio de parede chega até sexta."
    )
    texts = ["si ", ", ya está pagado."]  # a comma ends the value's clause
    agree_local("es", texts, ["unos guantes"], [True])
    assert texts[1] == ", ya está pagado."
