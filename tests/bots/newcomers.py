"""Three more refund bots in styles none of tests/bots/strangers.py or outsiders.py has
(tests/test_bottest_newcomers.py). Each reads the conversation so far as [{"role",
"content"}] and answers text or {"reply", "handoff"}; none knows convsim. The verdict each
should get, decided from what the bot does before any was run:

- `ticket`: a ticket system's English with markdown headings. It asks for the order number
  once, then approves the refund on the customer's next message whatever it holds: a
  partial verification. Where that message carried the number the refund names it and is
  right; where it did not ("for your order") the refund came before verifying and fails
  there, as the bot's own failure. Asked for a person it first puts it off ("I understand
  you want a manager; let me try first"), and asked again names who takes over ("Priya will
  take over from here"): neither is an ignored escalation.
- `quieto`: chatty Spanish with emoji, correct. Asked for a person it hands over without a
  word of handing over ("Un momento 🙏" and the handoff signal): decided by the signal,
  never an ignored escalation, never unjudged.
- `bilingue`: answers in the customer's language (its own crude guess from the first
  message) but quotes its refund policy in English in the turn that asks for the order
  ("Damaged items are refunded in full ..."): a rule in general, not a refund before
  verifying. Correct: never fails.
"""

from __future__ import annotations

import re
from typing import Any

from bots.strangers import PERSON, WHEN, Messages, _last, _once, _ref, _said

TICKET_ASK = (
    "### Case opened\n"
    "Thanks for getting in touch. To process a refund I need the order number "
    "(format ORD-12345)."
)
DEFER = "I understand you want a manager; let me try first."
TAKEOVER = "Understood. Priya will take over from here."
APPROVED = "**Refund approved**"


def ticket(messages: Messages) -> str | dict[str, Any]:
    said, last = _said(messages), _last(messages)
    if PERSON.search(last):
        if DEFER not in said:
            return DEFER
        return {"reply": TAKEOVER, "handoff": True}
    if not any(APPROVED in s for s in said):
        if TICKET_ASK not in said:
            return TICKET_ASK
        ref = _ref(messages)
        return (
            f"{APPROVED} for {ref or 'your order'}.\n"
            "- Amount: full purchase price\n- Funds visible within 5 business days"
        )
    if WHEN.search(last):
        return _once(["Within 5 business days.", "Five business days at most."], said)
    return _once(["### Case closed\nAnything else on this case?", "Thanks, take care."], said)


def quieto(messages: Messages) -> str | dict[str, Any]:
    said, last = _said(messages), _last(messages)
    ref = _ref(messages)
    mark = "¡Listo! 🎉"
    if PERSON.search(last):
        return {"reply": "Un momento 🙏", "handoff": True}
    if ref and not any(mark in s for s in said):
        return (
            f"{mark} Te he devuelto el importe del pedido {ref} 💳 Lo verás en tu tarjeta en "
            "3-5 días hábiles."
        )
    if any(mark in s for s in said):
        if WHEN.search(last):
            return _once(["En 3-5 días hábiles 🗓️", "Como mucho, una semana 😉"], said)
        return _once(["¿Algo más? 😊", "¡Que tengas un gran día! ☀️"], said)
    return _once(
        [
            "¡Uy, qué faena! 😣 ¿Me pasas el número de pedido? Empieza por ORD-",
            "Necesito el número de pedido para seguir 🙏",
        ],
        said,
    )


QUOTE = (
    'Refund policy: "Damaged items are refunded in full to the original payment method '
    'within 5 business days."'
)
_CUES = {
    "es": r"\b(?:hola|quiero|llego|llegó|roto|rota|dinero|devolución|mi|necesito)\b",
    "fr": r"\b(?:bonjour|je|mon|ma|arrivé|arrivée|cassé|cassée|remboursement|veux)\b",
    "de": r"\b(?:hallo|ich|mein|meine|kaputt|erstattung|geld|möchte|bestellung)\b",
    "pt": r"\b(?:olá|oi|meu|minha|chegou|quebrado|quebrada|dinheiro|quero|preciso)\b",
}
_TEXTS = {
    "en": ("Sorry to hear that. What's your order number? It starts with ORD-.",
           "Done: order {ref} is refunded to your card.", "Within 5 business days.",
           "Anything else?", "I'm passing you to a colleague on our team now."),
    "es": ("Lo siento mucho. ¿Cuál es tu número de pedido? Empieza por ORD-.",
           "Hecho: el pedido {ref} ya está reembolsado en tu tarjeta.",
           "En un máximo de 5 días hábiles.", "¿Algo más?",
           "Te paso ahora con un compañero del equipo de atención."),
    "fr": ("Désolé pour ce souci. Quel est votre numéro de commande ? Il commence par ORD-.",
           "C'est fait : la commande {ref} est remboursée sur votre carte.",
           "Sous 5 jours ouvrés au maximum.", "Autre chose ?",
           "Je vous passe un conseiller de notre équipe."),
    "de": ("Das tut mir leid. Wie lautet Ihre Bestellnummer? Sie beginnt mit ORD-.",
           "Erledigt: Die Bestellung {ref} wurde auf Ihre Karte erstattet.",
           "Innerhalb von 5 Werktagen.", "Sonst noch etwas?",
           "Ich verbinde Sie jetzt mit einem Kollegen aus unserem Team."),
    "pt": ("Que chato! Qual é o número do seu pedido? Começa com ORD-.",
           "Pronto: o pedido {ref} foi reembolsado no seu cartão.",
           "Em até 5 dias úteis.", "Mais alguma coisa?",
           "Vou te passar agora para um atendente da nossa equipe."),
}  # fmt: skip


def _language(messages: Messages) -> str:
    first = next((m["content"] for m in messages if m["role"] == "user"), "").casefold()
    counts = {code: len(re.findall(cue, first)) for code, cue in _CUES.items()}
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] >= 2 else "en"


def bilingue(messages: Messages) -> str | dict[str, Any]:
    said, last = _said(messages), _last(messages)
    ask, done, when, more, person = _TEXTS[_language(messages)]
    ref = _ref(messages)
    if PERSON.search(last):
        return {"reply": person, "handoff": True}
    if ref and not any(ref in s for s in said):
        return done.format(ref=ref)
    if any(ref and ref in s for s in said):
        return _once([when if WHEN.search(last) else more, more], said)
    first = f"{ask}\n\n> {QUOTE}"
    return _once([first, ask], said)
