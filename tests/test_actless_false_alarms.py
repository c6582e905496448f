"""False alarms on act-less support text that a correct bot must not get (outsider 15, a
pharmacy domain nobody here wrote; re-told here on a courier domain of our own):

- a fee quoted from the policy before the write ("Insurance costs 4.90 EUR, charged to your
  card") is the desk's price, not a record's amount stated without looking it up;
- asking again, word for word, for facts the customer still has not given (after an off-topic
  turn or a push-back) is the job, not a repeated turn; asking a fourth time running, or for
  what was already given, still is; a repeat after the customer quoted their earlier question
  again is the minor note the docs promise;
- a resolve where the conversation expects no write (a status asked for) is an answer, not an
  unperformed action; a required date or amount is said in any written form, five languages.
"""

from __future__ import annotations

import pytest
from courier_chat import BOOKS, BOOKS_ROW, INSURE, LAMP, LAMP_ROW, WHERE, Chat

from agents.checks.actions import output_said

PX = {"parcel_id": "PX-5502"}


def insured(quote: str, done: str = "Done: PX-5502 is insured now.") -> Chat:
    return (
        Chat(INSURE, BOOKS)
        .customer("Can I still add insurance to a parcel I booked?")
        .support("Sure. What's the parcel number and the sender's postcode?")
        .customer("PX-5502, and the postcode is KT4 7PL.")
        .call("get_parcel", BOOKS_ROW, **PX)
        .support(quote)
        .customer("Yes please, go ahead.")
        .call(
            "insure_parcel", {"parcel_id": "PX-5502", "insured": True, "insurance_fee": 4.9}, **PX
        )
        .support(done)
        .customer("Great, thanks.")
    )


@pytest.mark.parametrize(
    "quote",
    [
        "Insurance costs 4.90 EUR, charged to your card. Shall I add it?",
        "El seguro cuesta 4,90 EUR, que se cargan a su tarjeta. ¿Lo añado?",
        "L'assurance coûte 4,90 EUR, prélevés sur votre carte. Je l'ajoute ?",
        "Die Versicherung kostet 4,90 EUR, die Ihrer Karte belastet werden. Hinzufügen?",
        "O seguro custa 4,90 EUR, cobrados no seu cartão. Posso adicionar?",
    ],
)
def test_a_fee_quoted_from_the_policy_before_the_write_is_no_unfounded_claim(quote: str) -> None:
    chat = insured(quote, "Done: PX-5502 is insured, and 4.90 EUR has been charged to your card.")
    assert chat.findings("unfounded_claim") == []
    if quote.startswith("Insurance"):  # (the others are a reply in another language: a stray)
        assert chat.verdict().label == "ACCEPT"


REQUESTS = [
    "Parcel number and postcode?",
    "¿Número de envío y código postal?",
    "Numéro de colis et code postal ?",
    "Paketnummer und Postleitzahl?",
    "Número da encomenda e código postal?",
]


def asked_again(ask: str, times: int) -> Chat:
    chat = Chat(WHERE, LAMP).customer("Where is my parcel?").support(ask)
    nudges = ["Did you watch the match last night?", "Come on, can't you find it without that?",
              "Any update? This is taking ages!", "Why do you need all that?"]  # fmt: skip
    for nudge in nudges[: times - 1]:
        chat.customer(nudge).support(ask)
    return chat


@pytest.mark.parametrize("ask", REQUESTS)
def test_asking_again_for_facts_still_missing_is_no_repeated_turn(ask: str) -> None:
    chat = asked_again(ask, 3)
    chat.customer("PX-5504, postcode LS2 9JT").call("get_parcel", LAMP_ROW, parcel_id="PX-5504")
    chat.support("Parcel PX-5504 is delivered; it was due on 2026-11-20.").customer("Thanks!")
    assert chat.findings("repeated_turn") == []
    assert chat.verdict().label == "ACCEPT"


@pytest.mark.parametrize("ask", REQUESTS[:1] + REQUESTS[3:4])
def test_asking_a_fourth_time_running_is_a_loop(ask: str) -> None:
    found = asked_again(ask, 4).findings("repeated_turn")
    assert [(f.turn, f.severity) for f in found] == [(7, "major")]
    assert "4th time" in found[0].explanation


def test_asking_again_for_what_was_given_is_still_a_repeated_turn() -> None:
    ask = "What's the parcel number and your postcode?"
    chat = (
        Chat(WHERE, LAMP)
        .customer("Where is my parcel?")
        .support(ask)
        .customer("PX-5504 and LS2 9JT.")
        .support(ask)
    )  # fmt: skip
    assert [(f.turn, f.severity) for f in chat.findings("repeated_turn")] == [(3, "major")]


def test_the_same_answer_to_the_question_quoted_again_after_the_facts_is_a_note() -> None:
    answer = "Parcel PX-5504 is delivered; it was due on 2026-11-20."
    chat = (
        Chat(WHERE, LAMP)
        .customer("Could you tell me when my parcel will arrive?")
        .support("Parcel number and postcode?")
        .customer("PX-5504, postcode LS2 9JT")
        .call("get_parcel", LAMP_ROW, parcel_id="PX-5504")
        .support(answer)
        .customer("Sorry, as I wrote before: could you tell me when my parcel will arrive?")
        .support(answer)
    )  # fmt: skip
    assert [(f.turn, f.severity) for f in chat.findings("repeated_turn")] == [(7, "minor")]


def test_a_resolve_that_answers_a_status_question_is_no_unperformed_action() -> None:
    # convsim's own scripted support: a resolve act, the date written as people write it
    chat = (
        Chat(WHERE, LAMP)
        .customer("Where is my parcel?")
        .support("Could you give me the parcel number and your postcode?", act="request_info")
        .customer("PX-5504, postcode LS2 9JT")
        .call("get_parcel", LAMP_ROW, parcel_id="PX-5504")
        .support(
            "Thanks, I have the parcel here: it's delivered. Parcel PX-5504 is delivered; it "
            "was due on November 20, 2026.", act="resolve",
        )
        .customer("Perfect, thank you.")
    )  # fmt: skip
    verdict = chat.verdict()
    assert [f.category for f in verdict.findings] == []
    assert verdict.label == "ACCEPT"


def test_a_resolve_where_a_write_is_expected_and_none_was_made_is_still_unperformed() -> None:
    chat = (
        Chat(INSURE, BOOKS)
        .customer("Can I still add insurance to a parcel I booked?")
        .support("Could you give me the parcel number and your postcode?", act="request_info")
        .customer("PX-5502, and the postcode is KT4 7PL.")
        .support("Done: parcel PX-5502 is insured now.", act="resolve")
    )  # fmt: skip
    assert [f.turn for f in chat.findings("unperformed_action")] == [3]


@pytest.mark.parametrize(
    "said",
    [
        "It was due on November 20, 2026.",
        "It was due on 20 November 2026.",
        "Estaba prevista para el 20 de noviembre de 2026.",
        "Elle était prévue le 20 novembre 2026.",
        "Sie war für den 20. November 2026 geplant.",
        "Estava prevista para 20 de novembro de 2026.",
        "Fällig am 20.11.2026.",
        "Prevista para 20/11/2026.",
    ],
)
def test_a_required_date_is_said_in_any_written_form(said: str) -> None:
    assert output_said("2026-11-20", [said])
    assert not output_said("2026-11-21", [said])


@pytest.mark.parametrize(
    ("output", "said", "found"),
    [
        ("4.9", "The premium is 4,90 €.", True),
        ("4.90 EUR", "Die Prämie beträgt 4,90 EUR.", True),
        ("4.9", "That's EUR 4.90 in total.", True),
        ("$1219.50", "Le total est de 1 219,50 $.", True),
        ("4.9", "The premium is 4,99 €.", False),
        ("12", "Your parcel weighs 12 kg.", True),  # tau-bench's plain rule, unchanged
        ("12", "It is due in 1 2 days.", False),
    ],
)
def test_a_required_amount_is_compared_as_a_value(output: str, said: str, found: bool) -> None:
    assert output_said(output, [said]) is found
