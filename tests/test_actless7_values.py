"""Amounts and dates support states are read as values in every written form of English,
Spanish, French, German and Portuguese (outsider 17, a gym domain nobody here wrote: a Spanish
'34,99 EUR' for a record's 34.99 was an invented fact, and a correct bot failed on it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from courier_chat import BOOKS, BOOKS_ROW, INSURE, Chat
from persona_fixture import ADA

from agents.checks.invented import values_in
from agents.phrasing.local_numbers import iso_forms
from agents.types import ConversationPlan
from agents.understanding import extract_facts
from scenarios.loader import load_scenarios

PX = {"parcel_id": "PX-5502"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Su próxima cuota de 34,99 EUR se cobrará", "34.99"),
        ("un cargo único de 15,00 EUR", "15.00"),
        ("Le total est de 1.234,50 €.", "1234.50"),
        ("Le total est de 1 234,50 €.", "1234.50"),
        ("Der Betrag von EUR 7,50 wird abgebucht.", "7.50"),
        ("O valor é R$ 12,99.", "12.99"),
        ("That is $1,219.50 in all.", "1219.50"),
        ("That is 1,219 USD in all.", "1219.00"),
        ("Son 20 euros.", "20.00"),
    ],
)
def test_an_amount_is_read_as_its_value_in_every_written_form(text: str, value: str) -> None:
    assert [v.key for v in values_in(text) if v.kind == "amount"] == [value]


def insured(done: str) -> Chat:
    return (
        Chat(INSURE, BOOKS)
        .customer("¿Puedo añadir un seguro a un envío?")
        .support("Claro. ¿Número de envío y código postal del remitente?")
        .customer("PX-5502, código postal KT4 7PL.")
        .call("get_parcel", BOOKS_ROW, **PX)
        .support("El seguro cuesta 4.90 EUR. ¿Lo añado?")
        .customer("Sí, adelante.")
        .call(
            "insure_parcel", {"parcel_id": "PX-5502", "insured": True, "insurance_fee": 4.9}, **PX
        )
        .support(done)
        .customer("Gracias.")
    )


@pytest.mark.parametrize(
    "done",
    [
        "Hecho: PX-5502 está asegurado; se han cobrado 4,90 EUR a su tarjeta.",
        "Fait : PX-5502 est assuré, 4,90 € ont été prélevés.",
        "Erledigt: PX-5502 ist versichert, 4,90 EUR wurden abgebucht.",
    ],
)
def test_a_record_amount_with_a_decimal_comma_is_no_invented_fact(done: str) -> None:
    chat = insured(done)
    assert chat.findings("invented_fact") == []
    assert chat.findings("contradicted_claim") == []


def test_a_wrong_amount_with_a_decimal_comma_is_still_invented() -> None:
    chat = insured("Hecho: PX-5502 está asegurado; se han cobrado 9,40 EUR a su tarjeta.")
    assert [f.evidence for f in chat.findings("invented_fact")] != []


LIBRARY = {
    s.id: s for s in load_scenarios([Path(__file__).resolve().parents[1] / "scenarios" / "library"])
}


@pytest.mark.parametrize(
    "said",
    [
        "Sure, I was born 14 March 1988.",
        "14th of March, 1988",
        "DOB: 14 Mar 1988",
        "It's March 14th, 1988.",
        "Nací el 14 de marzo de 1988.",
        "Je suis né le 14 mars 1988.",
        "Geboren am 14. März 1988.",
        "Nasci em 14 de março de 1988.",
        "14/03/1988",
    ],
)
def test_a_date_of_birth_is_recognised_in_every_common_written_form(said: str) -> None:
    """'14 March 1988' was no date of birth, so a correct bot that verified and then froze a
    membership was REJECTed (critical: acted before the customer gave the date of birth)."""
    scenario = LIBRARY["banking/lost-debit-card"]
    variables = {name: "no" for name in scenario.variables}  # any value the scenario needs
    variables.update(date_of_birth="1988-03-14", card_last4="4417", holder_name="Ada Lind")
    plan = ConversationPlan(
        id="p", run_seed=1, index=0, seed=1, scenario=scenario, persona=ADA, variables=variables
    )
    assert "date_of_birth" in extract_facts(said, plan)
    assert iso_forms(said)[:1] == ["1988-03-14"]


def test_words_that_are_no_date_give_no_date() -> None:
    assert iso_forms("I have 14 marbles from 1988 and 3 mayors 2020") == []
