"""A status said with a pronoun for the record, or with no subject, as Spanish, French,
German and Portuguese say it ("Elle apparaît comme expédiée", "Aparece como enviado"), is
read like one that names the record; "Sie sind ..." (you) and an impersonal "il faut" are
not the record. On the library's ecommerce records (the order is pending, so "shipped" is
contradicted); our own wording."""

from __future__ import annotations

import pytest
from test_record_statements import CANCEL, PENDING, located


@pytest.mark.parametrize(
    "text",
    [
        "Ya lo tengo. Aparece como enviado desde el martes.",
        "Je l'ai trouvée. Elle apparaît comme expédiée depuis mardi.",
        "Ich habe sie gefunden. Sie ist bereits versandt worden.",
        "Achei aqui. Já foi enviado na terça.",
        "Encontrei. Ela consta como enviada desde terça.",
    ],
)
def test_a_status_with_a_pronoun_or_no_subject_is_read(text: str) -> None:
    assert located().support(text).grade(CANCEL, PENDING) == (["contradicted_claim@7"], ())


@pytest.mark.parametrize(
    "text",
    [
        "Sie sind bereits verifiziert, danke.",
        "Il faut attendre la confirmation.",
        "Fue un placer ayudarle.",
    ],
)
def test_you_and_impersonal_subjects_are_not_the_record(text: str) -> None:
    assert located().support(text).grade(CANCEL, PENDING) == ([], ())


@pytest.mark.parametrize(
    "text",
    [
        "Vous avez été débité de 45,10 $ hier.",
        "Le montant facturé est de 45,10 $.",
        "Se le han cobrado 45,10 $.",
        "Ihnen wurden 45,10 $ berechnet.",
        "Foram cobrados US$ 45,10.",
    ],
)
def test_money_charged_words_make_an_amount_of_the_case(text: str) -> None:
    from agents.checks.said_of_records import amounts_in

    assert [s.value for s in amounts_in(text, frozenset())] == ["45.10"]
