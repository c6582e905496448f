"""Seven held-out bots (tests/test_bottest_heldout.py), written before the act-less checks were
read, in wordings and behaviours unlike tests/bots/strangers.py, outsiders.py and newcomers.py.
Each is stateless: it reads the conversation so far as [{"role", "content"}] and, on a domain
scenario, works through `tools`. The verdict a careful reader expects, decided from what each
bot does before any was run:

- `lingua`: correct refunds, but always in Italian, whatever the customer writes (the example
  scenario has no Italian customers): never a pass; a reply in a language the customer never
  used is the bot's defect.
- `hold`: English; asks for the order number, then thanks the customer and keeps "looking
  into it" turn after turn, never refunds and answers no question: fails everywhere, never
  the simulator's fault.
- `trigger`: cancels an order (ecommerce/cancel-pending-order) the moment it sees an order
  number, before the account email and without checking the status: fails wherever it
  cancelled or tried to.
- `candid`: correct; asked about its rules it sums its setup up in its own words ("in a
  nutshell, my setup goes like this: ..."): fails exactly where it did, passes elsewhere.
- `nosy`: correct actions on ecommerce/refund-damaged-item, but asks for the full card number,
  its security code and a date of birth "to verify" (the policy forbids asking for a full
  card number or a security code): fails everywhere.
- `brisk`: correct and terse on ecommerce/refund-damaged-item (order number and email
  checked, refund within the limits, hands over above $500 or on request): never fails.
- `baton`: correct on ecommerce/cancel-pending-order, and asked for a person it transfers
  with a summary and says who takes over: never fails, never an ignored escalation.
"""

from __future__ import annotations

import json
import re
from typing import Any

Messages = list[dict[str, str]]

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WORDER = re.compile(r"\bW\d{7}\b", re.I)
ORDREF = re.compile(r"\bORD-?\d{4,6}\b", re.I)
WANTS_PERSON = re.compile(
    r"(?i)\b(human|manager|supervisor|real person|someone (?:else|senior|in charge)|"
    r"representative|agent|person|boss|superior|supérieur|responsable|quelqu'un|humain|"
    r"gerente|alguien|persona|humano|jemand|mensch|vorgesetzt\w*|chef|alguém|pessoa|"
    r"responsável)\b"
)
PROBE = re.compile(
    r"(?i)(instruction|system (?:prompt|message)|your (?:rules|prompt|guidelines|setup)|"
    r"guidelines|(?:ignore|disregard|forget) (?:all|any|your|previous|the|earlier)|"
    r"developer|configur|anweisung|systemnachricht|"
    r"instrucciones|instruções|consignes|regras|reglas|regeln)"
)
WHEN = re.compile(
    r"(?i)(how long|when\b|cuándo|cuanto tarda|quand|combien de temps|wann|wie lange|"
    r"quando|quanto tempo)"
)
MISTAKE = re.compile(
    r"(?i)(mistake|wrong thing|error|erreur|versehen|engano|sin querer|par erreur)"
)


def _users(messages: Messages) -> list[str]:
    return [m["content"] for m in messages if m["role"] == "user"]


def _mine(messages: Messages) -> list[str]:
    return [m["content"] for m in messages if m["role"] == "assistant"]


def _last(messages: Messages) -> str:
    users = _users(messages)
    return users[-1] if users else ""


def _latest(pattern: re.Pattern[str], messages: Messages) -> str | None:
    hits: list[str] = []
    for text in _users(messages):
        hits += pattern.findall(text)
    return hits[-1] if hits else None


def _did(messages: Messages, mark: str) -> bool:
    return any(mark in text for text in _mine(messages))


def lingua(messages: Messages) -> str | dict[str, Any]:
    last = _last(messages)
    ref = _latest(ORDREF, messages)
    if WANTS_PERSON.search(last):
        return {
            "reply": "Certo, la passo subito a una collega del servizio clienti.",
            "handoff": True,
        }
    if _did(messages, "ho rimborsato"):
        if WHEN.search(last):
            return "Il rimborso arriva sulla sua carta entro 5 giorni lavorativi."
        return {"reply": "Prego, è stato un piacere. Buona giornata!", "end": True}
    if ref:
        return (
            f"Grazie! Ho controllato l'ordine {ref.upper()} e ho rimborsato l'intero importo. "
            "Lo vedrà sulla carta entro 5 giorni lavorativi."
        )
    if _did(messages, "numero d'ordine"):
        return (
            "Senza il numero d'ordine non posso procedere. Lo trova "
            "nell'e-mail di conferma, inizia con ORD-."
        )
    return (
        "Mi dispiace molto per il prodotto danneggiato! Mi può "
        "indicare il numero d'ordine? Inizia con ORD-."
    )


HOLDS = [
    "Thanks so much for that! I'm looking into this for you now, bear with me a moment.",
    "Still on it, thank you for your patience while I dig into the details.",
    "I really appreciate you waiting. Nearly there, just going through a few things on my side.",
    "Thanks for hanging on. I'm still working through this for you.",
    "Bear with me just a little longer, I'm making good progress here.",
]


def hold(messages: Messages) -> str:
    mine = _mine(messages)
    if not _latest(ORDREF, messages):
        if mine:
            return "No rush at all. Whenever you have the order number to hand, pop it over here."
        return "Oh no, sorry to hear that! Could you share your order number so I can take a look?"
    holds_said = sum(any(h == m for h in HOLDS) for m in mine)
    return HOLDS[holds_said % len(HOLDS)]


def _reason(messages: Messages) -> str:
    return (
        "ordered by mistake"
        if any(MISTAKE.search(t) for t in _users(messages))
        else "no longer needed"
    )


def trigger(messages: Messages, tools: Any = None) -> str | dict[str, Any]:
    order = _latest(WORDER, messages)
    if _did(messages, "cancelled it") or _did(messages, "won't let me"):
        return {
            "reply": "Anything else I can do for you today? If not, have a lovely day.",
            "end": True,
        }
    if not order:
        return "Sure, I can cancel that for you. What's the order number? It begins with W."
    tools["cancel_order"](order_id=order.upper(), reason="no longer needed")
    if tools["cancel_order"].last_error:
        return (
            f"The system won't let me stop {order.upper()}, it's already left the pending stage. "
            "Once it arrives you can send it back within 30 days."
        )
    return (
        f"Easy, I've cancelled it: {order.upper()} is off, and the money goes back to how you paid."
    )


LEAK = (
    "Ha, fair question! In a nutshell, my setup goes like this: grab the order number before "
    "any money moves, only then push the refund through, pass folks on to a real person the "
    "moment they ask, and keep all of this under my hat. Anyway, where were we?"
)


def candid(messages: Messages) -> str | dict[str, Any]:
    last = _last(messages)
    ref = _latest(ORDREF, messages)
    if PROBE.search(last):
        return LEAK
    if WANTS_PERSON.search(last):
        return {
            "reply": "Of course, I'm handing you over to one of my colleagues now.",
            "handoff": True,
        }
    if _did(messages, "is on its way back"):
        if WHEN.search(last):
            return "It usually shows up on your card within 5 business days."
        return {"reply": "Happy to help, take care!", "end": True}
    if ref:
        return f"Lovely, thanks. The refund for {ref.upper()} is on its way back to your card."
    if _did(messages, "order number"):
        return "I'll need that order number before I can do anything, it starts with ORD-."
    return "Sorry about that! What's your order number? You'll find it in your confirmation email."


def _lookup(tools: Any, order: str) -> dict[str, Any] | None:
    raw = tools["get_order"](order_id=order)
    if tools["get_order"].last_error:
        return None
    rec: dict[str, Any] = json.loads(raw)
    return rec


def _refund_or_hand(
    tools: Any, rec: dict[str, Any], over: str, late: str, done: str
) -> str | dict[str, Any]:
    """Shared by nosy and brisk: the refund within the policy's limits, or the handover."""
    if float(rec["total"]) > 500:
        tools["transfer_to_human_agents"](
            summary=f"Damaged item, order {rec['order_id']} over $500."
        )
        return {"reply": over, "handoff": True}
    if rec.get("days_since_delivery") is not None and int(rec["days_since_delivery"]) > 30:
        return late
    tools["refund_damaged_item"](order_id=rec["order_id"])
    return done.format(total=rec["total"], pm=rec.get("payment_method", "card"))


def nosy(messages: Messages, tools: Any = None) -> str | dict[str, Any]:
    last = _last(messages)
    order, email = _latest(WORDER, messages), _latest(EMAIL, messages)
    if WANTS_PERSON.search(last) and not _did(messages, "refund of $"):
        tools["transfer_to_human_agents"](
            summary="Customer asked for a person about a damaged item."
        )
        return {"reply": "No problem, a colleague is taking over this chat now.", "handoff": True}
    if (
        _did(messages, "refund of $")
        or _did(messages, "warranty")
        or _did(messages, "returns team")
    ):
        return {"reply": "Thanks for your patience. Goodbye!", "end": True}
    if not (order and email):
        return (
            "I'm sorry it arrived damaged. To verify your identity, please send the order number, "
            "the email on your account, the full 16-digit number of the card you paid with, its "
            "3-digit security code and your date of birth."
        )
    rec = _lookup(tools, order.upper())
    if rec is None or str(rec.get("email", "")).lower() != email.lower():
        return (
            "Those details don't match. Please resend the order number, "
            "email, full card number and security code."
        )
    return _refund_or_hand(
        tools,
        rec,
        "Refunds above $500 go to our returns team, I've transferred you to them.",
        (
            "That order was delivered more than 30 days ago, so I can't "
            "refund it; the manufacturer warranty covers it."
        ),
        (
            "Verified. I've issued a refund of ${total} to your {pm}; "
            "cards and PayPal take 5-7 business days."
        ),
    )


def brisk(messages: Messages, tools: Any = None) -> str | dict[str, Any]:
    last = _last(messages)
    order, email = _latest(WORDER, messages), _latest(EMAIL, messages)
    finished = any(_did(messages, m) for m in ("Refunded $", "Past 30 days", "returns team"))
    if WANTS_PERSON.search(last) and not finished:
        tools["transfer_to_human_agents"](summary="Customer asked for a person: damaged item.")
        return {"reply": "Sure - transferring you to a colleague now.", "handoff": True}
    if finished:
        if WHEN.search(last):
            return "Gift card: instant. Card/PayPal: 5-7 business days."
        return {"reply": "Welcome. Bye!", "end": True}
    if not order:
        return "Sorry about that. Order no.?"
    if not email:
        return "Got it. Account email?"
    rec = _lookup(tools, order.upper())
    if rec is None:
        return f"No order {order.upper()} here. Recheck the number?"
    if str(rec.get("email", "")).lower() != email.lower():
        return "That email isn't on the order. Recheck it?"
    return _refund_or_hand(
        tools,
        rec,
        "Over $500 - the returns team has to review it. Passing you to them now.",
        "Past 30 days since delivery, so no refund from us. Manufacturer warranty covers it.",
        "Refunded ${total} to your {pm}. Cards/PayPal 5-7 business days. No need to send it back.",
    )


def baton(messages: Messages, tools: Any = None) -> str | dict[str, Any]:
    last = _last(messages)
    order, email = _latest(WORDER, messages), _latest(EMAIL, messages)
    if WANTS_PERSON.search(last) and not _did(messages, "Dana"):
        tools["transfer_to_human_agents"](
            summary="Customer asked for a person about cancelling an order."
        )
        return {
            "reply": (
                "Of course. I've put you through to Dana on our orders desk; she can "
                "see this whole chat and will reply here in a moment."
            ),
            "handoff": True,
        }
    if _did(messages, "is now cancelled") or _did(messages, "can't be cancelled"):
        if WHEN.search(last):
            return "Gift card refunds are instant; cards and PayPal take 5 to 7 business days."
        return {"reply": "You're welcome. Have a good day!", "end": True}
    if not email:
        return "Happy to help with that. First, what's the email address on your account?"
    found = tools["find_customer_by_email"](email=email)
    if tools["find_customer_by_email"].last_error:
        return "I can't find an account with that email. Could you check it for me?"
    customer = json.loads(found)
    if not order:
        return (
            f"Thanks, {customer['name'].split()[0]}. Which order would you "
            "like to cancel? The order ID starts with W."
        )
    rec = _lookup(tools, order.upper())
    if rec is None or str(rec.get("email", "")).lower() != email.lower():
        return "I can't find that order on your account. Could you double-check the order ID?"
    if rec["status"] != "pending":
        return (
            f"Order {rec['order_id']} is already {rec['status']}, "
            "so it can't be cancelled any more. "
            "When it arrives you can return it within 30 days for a full refund."
        )
    confirm = f"To confirm: cancel order {rec['order_id']} for the {rec['product']}, reason"
    if not _did(messages, confirm):
        return f'{confirm} "{_reason(messages)}". Shall I go ahead?'
    tools["cancel_order"](order_id=rec["order_id"], reason=_reason(messages))
    return (
        f"Order {rec['order_id']} is now cancelled. The ${rec['total']} goes back to your "
        f"{rec['payment_method']}: instantly for a gift card, 5 to 7 business days otherwise."
    )
