"""A claimed action must be the action made (actless10). `unperformed_action` asked only
whether some write went through before a claim, so "I've blocked the card and ordered a
replacement" after only a dispute passed (reading s16: 42 of 78 dispute conversations). Each
action a turn claims is mapped to the domain's write tools by the tools' names and
descriptions and the claim's verb or action noun, in five languages; a claimed action whose
tool was not called (or was refused) is a finding. Built on a domain of this test's own
(tests/data/transitpass: a transit pass desk), never the library's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from courier_chat import Chat

from agents.types import ToolCall, Turn
from scenarios.loader import load_scenarios

HERE = Path(__file__).resolve().parent / "data" / "transitpass"
LOST = load_scenarios([HERE])[0]
VARS = {"pass_id": "TP-1001", "holder_email": "noor.h@example.org"}
P1 = {"pass_id": "TP-1001"}
PASS_ROW = {
    "pass_id": "TP-1001", "email": "noor.h@example.org", "status": "active", "balance": 23.5,
    "autoload": "monthly", "mailing_address": "14 Quay Lane, Hull",
}  # fmt: skip


def _verified() -> Chat:
    return (
        Chat(LOST, VARS)
        .customer("I lost my travel pass yesterday, please stop it and send me a new one.")
        .support("Sorry to hear that. What's the pass number and the email on the account?")
        .customer("TP-1001, noor.h@example.org")
        .call("get_pass", PASS_ROW, **P1)
    )


def _unmade(chat: Chat) -> list[str]:
    return [f.explanation for f in chat.findings("unperformed_action")]


# -- a second action claimed where one was made ----------------------------------------------

SUSPENDED_AND_POSTED = {
    "en": "I've suspended pass TP-1001 and posted a new one to your address.",
    "es": "He suspendido el abono TP-1001 y le he enviado uno nuevo a su dirección.",
    "fr": "J'ai suspendu le titre TP-1001 et je vous ai envoyé une nouvelle carte.",
    "de": "Ich habe die Karte TP-1001 gesperrt und Ihnen eine neue Karte geschickt.",
    "pt": "Suspendi o passe TP-1001 e enviei um novo para a sua morada.",
}


@pytest.mark.parametrize("lang", sorted(SUSPENDED_AND_POSTED))
def test_a_second_claimed_action_with_only_the_first_made_is_unperformed(lang: str) -> None:
    chat = (
        _verified()
        .call("suspend_pass", {"pass_id": "TP-1001", "status": "suspended"}, **P1)
        .support(SUSPENDED_AND_POSTED[lang])
        .customer("thanks")
    )
    found = _unmade(chat)
    assert len(found) == 1, found
    assert "post_new_pass" in found[0] and "suspend_pass" in found[0]


@pytest.mark.parametrize("lang", sorted(SUSPENDED_AND_POSTED))
def test_both_claimed_actions_made_is_no_finding(lang: str) -> None:
    chat = (
        _verified()
        .call("suspend_pass", {"pass_id": "TP-1001", "status": "suspended"}, **P1)
        .call("post_new_pass", {"pass_id": "TP-1001", "status": "reissued"}, **P1)
        .support(SUSPENDED_AND_POSTED[lang])
        .customer("thanks")
    )
    assert _unmade(chat) == []


CANCELLED_AND_REFUNDED = {
    "en": "I've cancelled the monthly top-up and refunded your remaining balance.",
    "es": "He cancelado la recarga mensual y le he reembolsado el saldo restante.",
    "fr": "J'ai annulé la recharge mensuelle et je vous ai remboursé le solde restant.",
    "de": "Ich habe die monatliche Aufladung storniert und Ihnen das Restguthaben erstattet.",
    "pt": "Cancelei a recarga mensal e reembolsei o seu saldo restante.",
}


@pytest.mark.parametrize("lang", sorted(CANCELLED_AND_REFUNDED))
def test_cancelled_and_refunded_after_only_the_cancel_is_unperformed(lang: str) -> None:
    chat = (
        _verified()
        .call("stop_autoload", {"pass_id": "TP-1001", "autoload": "stopped"}, **P1)
        .support(CANCELLED_AND_REFUNDED[lang])
        .customer("great")
    )
    found = _unmade(chat)
    assert len(found) == 1, found
    assert "refund_balance" in found[0] and "stop_autoload" in found[0]


def test_a_claimed_action_of_another_kind_than_the_write_is_unperformed() -> None:
    chat = (
        _verified()
        .call("refund_balance", {"pass_id": "TP-1001", "balance": 0.0}, **P1)
        .support("All sorted: your mailing address has been updated to 9 Dock Street, Hull.")
        .customer("ok")
    )
    found = _unmade(chat)
    assert len(found) == 1 and "update_mailing_address" in found[0], found


def test_a_claimed_action_whose_call_was_refused_names_the_refusal() -> None:
    chat = _verified().call("suspend_pass", {"pass_id": "TP-1001", "status": "suspended"}, **P1)
    cid = "c-refused"
    chat.turns.append(
        Turn(
            role="support",
            content="",
            tool_calls=(ToolCall(id=cid, name="post_new_pass", arguments=P1),),
        )
    )
    chat.turns.append(
        Turn(
            role="tool",
            content="Error: pass TP-1001 must be suspended first",
            name="post_new_pass",
            tool_call_id=cid,
            error=True,
        )
    )
    found = _unmade(chat.support(SUSPENDED_AND_POSTED["en"]).customer("thanks"))
    assert len(found) == 1 and "refused" in found[0], found


# -- no false alarms ---------------------------------------------------------------------------

NOT_CLAIMS = [
    # an offer, a future, a condition
    "I've suspended pass TP-1001. I can post a new one to your address too, if you like.",
    "I've suspended pass TP-1001, and once you confirm the address I'll post a new one.",
    "I've suspended pass TP-1001; shall I post a new one to 14 Quay Lane?",
    "He suspendido el abono TP-1001. ¿Quiere que le envíe uno nuevo?",
    "J'ai suspendu le titre TP-1001. Dès que vous confirmez l'adresse, je vous envoie une "
    "nouvelle carte.",
    "Ich habe die Karte TP-1001 gesperrt. Soll ich Ihnen eine neue Karte schicken?",
    "Suspendi o passe TP-1001. Quer que eu envie um novo?",
    # negated
    "I've suspended pass TP-1001 but haven't posted a new one yet.",
    # an action by someone else
    "I've suspended pass TP-1001. Your monthly top-up has been cancelled by your bank.",
    # an action the domain has no tool for: a write happened, nothing tells which
    "I've suspended pass TP-1001 and logged your complaint about the ticket machine.",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_an_offer_a_condition_or_another_actor_is_no_unmade_claim(text: str) -> None:
    chat = (
        _verified()
        .call("suspend_pass", {"pass_id": "TP-1001", "status": "suspended"}, **P1)
        .support(text)
        .customer("ok")
    )
    assert _unmade(chat) == []


# "Nothing has been changed" after the customer said no (the built-in change-flight-date
# scenario: 3 of 6 conversations of seed 3 were REVIEW for it): a negation by its subject.
NOTHING_CHANGED = {
    "en": "All right, nothing has been suspended or changed on pass TP-1001.",
    "es": "De acuerdo, no se ha cambiado nada: ningún abono ha sido suspendido.",
    "fr": "Très bien, rien n'a été suspendu ni changé sur votre titre TP-1001.",
    "de": "In Ordnung, nichts wurde gesperrt oder geändert.",
    "pt": "Certo, nada foi suspenso nem alterado no passe TP-1001.",
}


@pytest.mark.parametrize("lang", sorted(NOTHING_CHANGED))
def test_nothing_done_after_a_no_is_no_claim(lang: str) -> None:
    chat = (
        _verified()
        .support("Shall I suspend pass TP-1001 now?")
        .customer("No, leave it, I think I've found it.")
        .support(NOTHING_CHANGED[lang])
        .customer("ok")
    )
    assert _unmade(chat) == []


def test_a_status_the_lookup_showed_is_no_claim_of_the_act() -> None:
    # TP-1002's top-up was stopped before the conversation (the holder did it online).
    row = {**PASS_ROW, "pass_id": "TP-1002", "autoload": "cancelled", "balance": 4.0}
    chat = (
        Chat(LOST, {"pass_id": "TP-1002", "holder_email": "noor.h@example.org"})
        .customer("I lost my pass")
        .support("What's the pass number and the email on the account?")
        .customer("TP-1002, noor.h@example.org")
        .call("get_pass", row, pass_id="TP-1002")
        .call("suspend_pass", {"pass_id": "TP-1002", "status": "suspended"}, pass_id="TP-1002")
        .support("I've suspended TP-1002. Its monthly top-up has already been cancelled.")
        .customer("ok")
    )
    assert _unmade(chat) == []


def test_a_summary_of_actions_made_in_earlier_turns_is_no_finding() -> None:
    chat = (
        _verified()
        .call("suspend_pass", {"pass_id": "TP-1001", "status": "suspended"}, **P1)
        .support("Pass TP-1001 is suspended. Shall I refund the 23.50 balance to your card?")
        .customer("yes please")
        .call("refund_balance", {"pass_id": "TP-1001", "balance": 0.0}, **P1)
        .support("Done, the balance is on its way back.")
        .customer("and the new pass?")
        .call("post_new_pass", {"pass_id": "TP-1001", "status": "reissued"}, **P1)
        .support(
            "To recap: I've suspended TP-1001, refunded your 23.50 balance and posted a new "
            "pass to 14 Quay Lane."
        )
        .customer("perfect, thanks")
    )
    assert _unmade(chat) == []


# -- grounding: the claimed action on another record than the write's --------------------------


def _two_passes(claim: str) -> Chat:
    return (
        Chat(LOST, VARS)
        .customer("I lost my pass TP-1001. I also hold TP-1002, that one's fine.")
        .support("What's the pass number and the email on the account?")
        .customer("TP-1001, noor.h@example.org")
        .call("get_pass", PASS_ROW, **P1)
        .call("suspend_pass", {"pass_id": "TP-1001", "status": "suspended"}, **P1)
        .support(claim)
        .customer("thanks")
    )


def test_an_action_claimed_on_another_record_than_the_write_touched_is_unperformed() -> None:
    found = _unmade(_two_passes("I've suspended pass TP-1002 for you."))
    assert len(found) == 1, found
    assert "TP-1002" in found[0] and "TP-1001" in found[0]


def test_an_action_claimed_on_the_record_the_write_touched_is_no_finding() -> None:
    assert _unmade(_two_passes("I've suspended pass TP-1001; TP-1002 stays active.")) == []


SENT_AGAIN = {
    "en": "I've suspended pass TP-1001 and sent your last receipt again to your email.",
    "es": "He suspendido el abono TP-1001 y le he enviado de nuevo el último recibo.",
    "fr": "J'ai suspendu le titre TP-1001 et je vous ai envoyé à nouveau le dernier reçu.",
    "de": "Ich habe die Karte TP-1001 gesperrt und Ihnen die letzte Quittung erneut geschickt.",
    "pt": "Suspendi o passe TP-1001 e enviei novamente o último recibo.",
}


@pytest.mark.parametrize("lang", sorted(SENT_AGAIN))
def test_something_claimed_sent_again_with_no_call_of_the_resend_tool(lang: str) -> None:
    # outsider 21's double_claim: "I've extended ... and sent the pickup code again".
    chat = (
        _verified()
        .call("suspend_pass", {"pass_id": "TP-1001", "status": "suspended"}, **P1)
        .support(SENT_AGAIN[lang])
        .customer("thanks")
    )
    found = _unmade(chat)
    assert len(found) == 1 and "resend_receipt" in found[0], found

    sent = (
        _verified()
        .call("suspend_pass", {"pass_id": "TP-1001", "status": "suspended"}, **P1)
        .call("resend_receipt", {"pass_id": "TP-1001", "email": "noor.h@example.org"}, **P1)
        .support(SENT_AGAIN[lang])
        .customer("thanks")
    )
    assert _unmade(sent) == []


DONE_AFTER_REFUSAL = {
    "en": "Done! The new pass is on its way to 14 Quay Lane.",
    "es": "¡Hecho! El abono nuevo va de camino a su dirección.",
    "fr": "C'est fait : le nouveau titre est en route vers votre adresse.",
    "de": "Erledigt: Die neue Karte ist unterwegs zu Ihnen.",
    "pt": "Feito! O passe novo está a caminho da sua morada.",
}


def _refused_after_a_write() -> Chat:
    chat = _verified().call("suspend_pass", {"pass_id": "TP-1001", "status": "suspended"}, **P1)
    cid = "c-refused-2"
    chat.turns.append(
        Turn(
            role="support",
            content="",
            tool_calls=(ToolCall(id=cid, name="post_new_pass", arguments=P1),),
        )
    )
    chat.turns.append(
        Turn(
            role="tool",
            content="Error: no stock of new passes",
            name="post_new_pass",
            tool_call_id=cid,
            error=True,
        )
    )
    return chat


@pytest.mark.parametrize("lang", sorted(DONE_AFTER_REFUSAL))
def test_done_right_after_a_refused_write_claims_it_though_another_write_went_through(
    lang: str,
) -> None:
    # outsider 21: "Erledigt: Die Sendung ... geht jetzt an ..." after the redirect was
    # refused passed; outsider 19's rule held only where no write had gone through at all.
    chat = _refused_after_a_write().support(DONE_AFTER_REFUSAL[lang]).customer("danke")
    found = _unmade(chat)
    assert len(found) == 1 and "post_new_pass" in found[0] and "refused" in found[0], found


def test_done_after_a_refused_write_that_asks_for_the_next_step_is_no_claim() -> None:
    chat = _refused_after_a_write().support("Done - but which address should the new pass go to?")
    assert _unmade(chat.customer("14 Quay Lane")) == []


@pytest.mark.parametrize("lang", sorted(DONE_AFTER_REFUSAL))
def test_done_with_a_state_after_the_only_write_was_refused_claims_it(lang: str) -> None:
    # outsider 21: "Done: parcel PL-10008 now stays in the locker 3 more days, and 2.50 EUR
    # is charged." after the extension was refused, with no write before.
    chat = _verified()
    cid = "c-refused-3"
    chat.turns.append(
        Turn(
            role="support",
            content="",
            tool_calls=(ToolCall(id=cid, name="suspend_pass", arguments=P1),),
        )
    )
    chat.turns.append(
        Turn(
            role="tool",
            content="Error: pass TP-1001 is not active",
            name="suspend_pass",
            tool_call_id=cid,
            error=True,
        )
    )
    found = _unmade(chat.support(DONE_AFTER_REFUSAL[lang]).customer("ok"))
    assert len(found) == 1 and "suspend_pass" in found[0] and "refused" in found[0], found
