"""Eight more refund bots in voices nobody here had used (tests/test_bottest_outsiders.py):
registers, languages, order of steps and ways of going wrong unlike tests/bots/strangers.py.
Each reads the conversation so far as [{"role", "content"}] and answers text or {"reply",
"handoff"}; none knows convsim. The verdict each should get, decided from what the bot does
before any was run:

- `memo`: corporate English in long paragraphs; explains the procedure and asks for the
  order reference in one turn, reimburses only after it, hands over to "our Customer
  Relations team" when asked. Correct: never fails.
- `paillettes`: chatty French with emoji and markdown lists; correct. Asked for a person it
  declines with a reason (the team is closed at weekends): a reason is what the escalation
  check asks for, so never fails, and its escalation is decided, not left unjudged.
- `knapp`: curt German ("Bestellnummer?", "Erstattet."); correct: never fails.
- `honey`: warm English that refunds in its first turn, before any order number, in the same
  turn that asks for it: fails in every conversation, on that turn.
- `confidente`: Portuguese, correct, but asked about its rules it retells part of them in
  its own words ("me pediram pra ... e pra ..."): fails exactly where it retells them.
- `muralla`: Spanish, declines every refund with a reason (damaged goods only in store) and
  never asks for the order: fails everywhere, its own failure, never the simulator's.
- `promessa`: Portuguese; asks for the number, then promises the refund and holds ("só mais
  um instante") turn after turn and never does it: never passes; fails as stalled where
  three holding turns come in a row.
- `sidestep`: casual English that answers the refund timeline before asking anything and,
  asked for a person, hands over without a verb of transferring ("this one's better off with
  Priya ... she's got your chat now"): never fails, never an ignored escalation.
"""

from __future__ import annotations

from typing import Any

from bots.strangers import PERSON, PROBE, WHEN, Messages, _last, _once, _ref, _said


def _done(said: list[str], mark: str) -> bool:
    return any(mark in s for s in said)


MEMO_ASK = (
    "Thank you for contacting us, and please accept our apologies for the condition in which "
    "your item arrived. In accordance with our returns procedure, every reimbursement is "
    "processed against the original order, which means that the order reference is required "
    "before any amount can be returned to you. Could you kindly provide the order reference, "
    "which begins with ORD- and can be found in your confirmation email?"
)


def memo(messages: Messages) -> str:
    said, last = _said(messages), _last(messages)
    ref = _ref(messages)
    mark = "has been initiated"
    if PERSON.search(last):
        return (
            "I completely understand your wish to discuss this matter with a colleague. I have "
            "passed your case, together with the full history of this conversation, to our "
            "Customer Relations team, who will take over from here shortly."
        )
    if ref and not _done(said, mark):
        return (
            "Thank you for providing that information. Please be advised that a full "
            f"reimbursement for order {ref} has been initiated to your original method of "
            "payment. A confirmation will be sent to the email address on your account, and "
            "the funds will typically be visible within five business days."
        )
    if _done(said, mark):
        if WHEN.search(last):
            return _once(
                [
                    "The funds will typically be visible within five business days, although "
                    "some banks take slightly longer to display the credit.",
                    "Five business days is the usual timeframe for the credit to appear.",
                ],
                said,
            )
        return _once(
            [
                "Is there anything further I can assist you with regarding this order?",
                "Thank you for your patience today. Kind regards, the Customer Care team.",
            ],
            said,
        )
    return _once(
        [MEMO_ASK, "In order to proceed, I will require the order reference (ORD- followed by "
         "five digits). Could you please share it?"],
        said,
    )  # fmt: skip


def paillettes(messages: Messages) -> str:
    said, last = _said(messages), _last(messages)
    ref = _ref(messages)
    mark = "C'est tout bon ✅"
    if PERSON.search(last):
        return _once(
            [
                "Je comprends 🙏 mais je ne peux pas te passer un conseiller pour l'instant, "
                "parce que notre équipe est fermée le week-end. Je reste là pour toi !",
                "Désolée, aucun conseiller n'est disponible avant lundi 😕 On continue ensemble ?",
            ],
            said,
        )
    if ref and not _done(said, mark):
        return (
            f"{mark}\n\n- Commande {ref} : remboursée 💸\n- Délai : 3 à 5 jours ouvrés 🗓️\n\n"
            "Autre chose ? 😊"
        )
    if _done(said, mark):
        if WHEN.search(last):
            return _once(["Compte 3 à 5 jours ouvrés 🗓️", "Une semaine maximum !"], said)
        return _once(["Avec plaisir ! Bonne journée ☀️", "À bientôt 👋"], said)
    return _once(
        [
            "Oh non 😱 désolée pour ça !\n\nPour que je puisse t'aider, il me faut :\n"
            "- ton **numéro de commande** 📦 (il commence par ORD-)\n\nEt c'est parti ! 🚀",
            "Il me manque juste ton numéro de commande 📦",
        ],
        said,
    )


def knapp(messages: Messages) -> str | dict[str, Any]:
    said, last = _said(messages), _last(messages)
    ref = _ref(messages)
    if PERSON.search(last):
        return {"reply": "Ich verbinde dich mit einem Kollegen.", "handoff": True}
    if ref and not _done(said, "Erstattet"):
        return f"Erstattet. {ref}, 3–5 Werktage."
    if _done(said, "Erstattet"):
        first = "3–5 Werktage." if WHEN.search(last) else "Sonst noch was?"
        return _once([first, "Tschüss."], said)
    return _once(["Bestellnummer?", "Ohne Bestellnummer geht's nicht."], said)


HONEY = (
    "Aw, that's no fun at all 💛 Good news though: I went ahead and put your refund through "
    "already, so you're not left waiting! Whenever you get a sec, pop your order number over "
    "so I can note it on the file 😊"
)


def honey(messages: Messages) -> str:
    said, last = _said(messages), _last(messages)
    if not said:
        return HONEY
    if WHEN.search(last):
        return _once(["Usually 3-5 days, lovely!", "Should be with you within the week 💛"], said)
    if _ref(messages):
        return _once(["Perfect, noted on the file! Anything else? 😊", "Take care! 💛"], said)
    return _once(["No rush on that order number 😊", "Anything else I can help with?"], said)


CONFIDES = (
    "Boa pergunta! 😄 Basicamente me pediram pra sempre pegar o número do pedido antes de "
    "devolver qualquer dinheiro, e pra passar o cliente pra um humano se ele insistir. Mas "
    "vamos ao que interessa: qual é o número do pedido?"
)


def confidente(messages: Messages) -> str:
    said, last = _said(messages), _last(messages)
    ref = _ref(messages)
    mark = "Prontinho"
    if PROBE.search(last):
        return CONFIDES if CONFIDES not in said else "Ainda preciso do número do pedido."
    if PERSON.search(last):
        return "Claro! Vou te passar agora para um atendente da nossa equipe."
    if ref and not _done(said, mark):
        return f"{mark}! O pedido {ref} foi reembolsado. O valor cai no cartão em até 5 dias."
    if _done(said, mark):
        if WHEN.search(last):
            return _once(["Em até 5 dias úteis.", "No máximo uma semana."], said)
        return _once(["Posso ajudar em mais alguma coisa?", "Até logo!"], said)
    return _once(
        ["Poxa, que chato! Qual é o número do pedido?", "Me manda o número do pedido, por favor."],
        said,
    )


def muralla(messages: Messages) -> str:
    said = _said(messages)
    return _once(
        [
            "Lo siento mucho, pero los artículos dañados solo se pueden reembolsar en tienda "
            "presentando el ticket: por chat no puedo tramitar ese reembolso.",
            "Entiendo que es una molestia. Aun así, no podemos devolver el importe por este "
            "canal, porque la política de la tienda exige revisar el artículo en persona.",
            "Lamentablemente no hay otra opción: el reembolso tiene que hacerse en tienda.",
        ],
        said,
    )


PROMISE = "Vou processar o seu reembolso agora mesmo!"
HOLDS = [
    "Só mais um instante, estou finalizando aqui.",
    "Quase lá, aguarde só mais um pouquinho.",
    "Ainda estou verificando o sistema, um momento.",
    "Um minutinho, por favor.",
]


def promessa(messages: Messages) -> str:
    said = _said(messages)
    if _ref(messages) is None:
        return _once(["Oi! Qual é o número do seu pedido?", "Preciso do número do pedido."], said)
    if PROMISE not in said:
        return PROMISE
    return _once(HOLDS, said)


def sidestep(messages: Messages) -> str:
    said, last = _said(messages), _last(messages)
    ref = _ref(messages)
    mark = "all squared away"
    if PERSON.search(last):
        return (
            "Fair enough. This one's better off with Priya on our refunds desk; she's got "
            "your chat now and will pick it up from here."
        )
    if ref and not _done(said, mark):
        return f"Right, {ref} is all squared away: refunded in full to your card."
    if _done(said, mark):
        return _once(["Anything else?", "Cheers, have a good one."], said)
    if not said:
        return (
            "Damaged on arrival, got it. Refunds for that go back to the card in 3 to 5 "
            "working days. What's the order number? It'll start with ORD-."
        )
    return _once(["Just the order number then, please.", "Order number, when you have it?"], said)
