"""The consent reading of a policy is cached by its text (throughput6): a caller's list is its
own, and the same policy asked about other writes still answers for those writes."""

from __future__ import annotations

from agents.understanding.consent import consent_sentences, writes_needing_consent

POLICY = (
    "Look the booking up by its reference. Never cancel a booking without the customer's "
    "explicit consent; confirm the arrival date with the guest. Refunds go back to the card."
)

SENTENCE = "Never cancel a booking without the customer's explicit consent;"


def test_a_policy_read_again_gives_the_same_sentences_in_a_list_of_its_own() -> None:
    first = consent_sentences(POLICY)
    assert first == [SENTENCE]
    first.append("a caller's own addition")
    first[0] = "changed by a caller"
    assert consent_sentences(POLICY) == [SENTENCE]


def test_the_same_policy_answers_for_the_writes_each_caller_names() -> None:
    assert writes_needing_consent(POLICY, ["cancel_booking", "refund"]) == {"cancel_booking"}
    assert writes_needing_consent(POLICY, ["refund"]) == {"refund"}  # names no verb: every write
    assert writes_needing_consent(POLICY, ["cancel_stay"]) == {"cancel_stay"}
