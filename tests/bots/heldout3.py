"""Three more held-out bots (tests/test_bottest_heldout_sets.py), written before the act-less checks
were read in detail, imitating failures of support bots found in the wild. Each is stateless:
it reads the conversation so far as [{"role", "content"}] and, on a domain scenario, works
through `tools`. What a careful reader concludes, decided before any was run:

- `taub` (tests/data/bots/refund-five.yaml, es/fr/de/pt customers): asks for the order
  number and confirms the refund in the customer's language, as the policy says; but it has
  no handover at all. Asked for a person, it falls back on its last message, sent again word
  for word (or, when it has said nothing yet, its stock request for the order number), or
  carries on with "anything else?". The policy says to hand the customer to a person when
  they ask: fails wherever the customer asked for one, with an `ignored_escalation` at the
  reply that ignored it (the verbatim repeat is real too, but not the only finding); passes
  where nobody asked.
- `flink` (ecommerce/refund-damaged-item): refunds through the tool the moment it has an
  order number, never asking for the account email the policy requires to check against
  the record (it does hand over above $500, relays the 30-day refusal and transfers on
  request). Fails wherever it refunded; where it did not refund, no serious finding about
  a refund.
- `seher` (ecommerce/package-marked-delivered-not-received, customers in five languages):
  asks for the order number, then, without looking anything up, tells the customer the
  parcel is "still with the carrier and arrives tomorrow" in their language and closes. It
  invented a status (the record says delivered), verified nothing and resolved nothing:
  never a pass; fails wherever a reshipment was due (the record was left unchanged).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from bots.heldout import Messages, _did, _last, _latest, _mine, _users
from bots.heldout2 import ORDREF, PERSON, WHEN, WORDER, _language

# --- taub: no handover, ever -------------------------------------------------------------------

_TAUB = {
    "es": ("Lamento lo de su lámpara. Para tramitarlo necesito el número de pedido (ORD-…).",
           "Listo: he reembolsado el pedido {ref}. Verá el importe en su tarjeta en unos días.",
           "El abono tarda entre 3 y 5 días hábiles.",
           "¿Hay algo más en lo que pueda ayudarle con su pedido?",
           "¡Gracias por escribirnos, que tenga buen día!"),
    "fr": ("Désolé pour votre lampe. Pour m'en occuper, il me faut le numéro de commande (ORD-…).",
           "C'est fait : j'ai remboursé la commande {ref}. Le montant arrive sur votre carte.",
           "Le virement prend 3 à 5 jours ouvrés.",
           "Puis-je faire autre chose pour votre commande ?",
           "Merci de nous avoir écrit, bonne journée !"),
    "de": ("Das mit der Lampe tut mir leid. Dafür brauche ich Ihre Bestellnummer (ORD-…).",
           "Erledigt: Ich habe die Bestellung {ref} erstattet. Der Betrag geht auf Ihre Karte.",
           "Die Gutschrift dauert 3 bis 5 Werktage.",
           "Kann ich sonst noch etwas zu Ihrer Bestellung für Sie tun?",
           "Danke für Ihre Nachricht, einen schönen Tag noch!"),
    "pt": ("Sinto muito pela luminária. Para resolver, preciso do número do pedido (ORD-…).",
           "Pronto: reembolsei o pedido {ref}. O valor volta para o seu cartão.",
           "O estorno leva de 3 a 5 dias úteis.",
           "Posso ajudar em mais alguma coisa sobre o seu pedido?",
           "Obrigado pelo contato, tenha um bom dia!"),
}  # fmt: skip


def taub(messages: Messages) -> str | dict[str, Any]:
    users = _users(messages)
    lang = _language(" ".join(users[:2])) if users else "de"
    ask, done, when, more, bye = _TAUB.get(lang, _TAUB["de"])
    last = _last(messages)
    ref = _latest(ORDREF, messages)
    mine = _mine(messages)
    if PERSON.search(last):
        # the flaw: no handover exists; the fallback re-sends the last message, or moves on
        if hashlib.sha256(last.encode()).digest()[0] % 2 and mine:
            return mine[-1]
        return more if ref and _did(messages, ref.upper()) else ask
    if ref and _did(messages, ref.upper()):
        if WHEN.search(last):
            return when
        return {"reply": bye, "end": True}
    if ref:
        return done.format(ref=ref.upper())
    return ask


# --- flink: refunds without the email -----------------------------------------------------------


def flink(messages: Messages, tools: Any = None) -> str | dict[str, Any]:
    last = _last(messages)
    order = _latest(WORDER, messages)
    if _did(messages, "refund is through") or _did(messages, "30-day"):
        if WHEN.search(last):
            return "Card refunds show up in 3-5 working days, PayPal usually sooner."
        return {"reply": "Cheers, all sorted then. Bye for now!", "end": True}
    if PERSON.search(last):
        tools["transfer_to_human_agents"](summary="Customer asked for a person: damaged item.")
        return {"reply": "No problem, a colleague is taking over your chat now.", "handoff": True}
    if not order:
        if _mine(messages):
            return "I just need the order number (W followed by 7 digits) and I'll sort it."
        return "Ugh, sorry it arrived like that! Order number? Starts with W."
    raw = tools["get_order"](order_id=order.upper())
    if tools["get_order"].last_error:
        return f"No order {order.upper()} on my side, could you check the number?"
    rec = json.loads(raw)
    # the flaw: the account email is never asked for, never compared with rec["email"]
    said = tools["refund_damaged_item"](order_id=rec["order_id"])
    error = str(said) if tools["refund_damaged_item"].last_error else ""
    if "500" in error:
        tools["transfer_to_human_agents"](summary=f"Damaged item {rec['order_id']} over $500.")
        return {
            "reply": "That one's above what I can refund, so I've passed it to our returns "
            "team, who will pick it up with you.",
            "handoff": True,
        }
    if "30 days" in error:
        return (
            "That order was delivered outside our 30-day window, so I can't refund it, sorry. "
            "The manufacturer's warranty covers damage, though."
        )
    if error:
        return f"Hmm, the system says: {error.removeprefix('Error: ')}. Anything else I can check?"
    return (
        f"Done, the refund is through: ${rec['total']} back to your {rec['payment_method']} "
        f"for {rec['order_id']}. No need to send the {rec['product']} back."
    )


# --- seher: invents a delivery status ------------------------------------------------------------

_SEHER = {
    "en": ("So sorry to hear that! What's your order number?",
           "Good news: I can see order {ref} is still with the carrier and arrives tomorrow "
           "before 8 pm. The delivered scan was a glitch, so no need to worry!",
           "You're welcome, have a great evening!"),
    "es": ("¡Vaya, lo siento! ¿Me dice su número de pedido?",
           "Buenas noticias: veo que el pedido {ref} sigue con el transportista y llega "
           "mañana antes de las 20:00. El aviso de entrega fue un error, ¡no se preocupe!",
           "¡De nada, que pase buena tarde!"),
    "fr": ("Oh, désolé ! Quel est votre numéro de commande ?",
           "Bonne nouvelle : la commande {ref} est toujours chez le transporteur et arrive "
           "demain avant 20 h. Le scan « livré » était une erreur, pas d'inquiétude !",
           "Avec plaisir, bonne soirée !"),
    "de": ("Oh, das tut mir leid! Wie lautet Ihre Bestellnummer?",
           "Gute Nachricht: Die Bestellung {ref} ist noch beim Paketdienst und kommt morgen "
           "bis 20 Uhr. Der Zustellscan war ein Fehler, keine Sorge!",
           "Gern geschehen, einen schönen Abend noch!"),
    "pt": ("Poxa, sinto muito! Qual é o número do pedido?",
           "Boa notícia: o pedido {ref} ainda está com a transportadora e chega amanhã até as "
           "20h. O aviso de entrega foi um erro, pode ficar tranquilo!",
           "De nada, boa noite!"),
}  # fmt: skip
_SEHER_LANG = {
    "es": r"\b(hola|el|la|mi|que|pedido|paquete|pone|nada|aquí|no|entregado)\b",
    "fr": r"\b(bonjour|je|est|mon|le|la|colis|rien|livré|reçu|pas|c'est)\b",
    "de": r"\b(hallo|ich|ist|mein|meine|das|paket|nichts|zugestellt|nicht|und|hier)\b",
    "pt": r"\b(oi|olá|meu|minha|pedido|pacote|nada|aqui|não|entregue|chegou|cadê)\b",
}


def _seher_language(text: str) -> str:
    folded = text.casefold()
    counts = {c: len(re.findall(cue, folded)) for c, cue in _SEHER_LANG.items()}
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] >= 2 else "en"


def seher(messages: Messages) -> str | dict[str, Any]:
    users = _users(messages)
    ask, status, bye = _SEHER[_seher_language(users[0] if users else "")]
    order = _latest(WORDER, messages) or _latest(ORDREF, messages)
    if _did(messages, "20"):  # the status was given: the bot considers the case closed
        return {"reply": bye, "end": True}
    if order:
        return status.format(ref=order.upper())
    return ask
