"""Four held-out bots about what a bot says of the records (tests/test_bottest_heldout_sets.py),
written before the check that compares a bot's statements with the records existed, the way
a stranger writes a support bot. Each is stateless: it reads the conversation so far as
[{"role", "content"}] and, where it takes `tools`, works through them. What a careful
reader concludes, decided before any was run:

- `fabler` (ecommerce/cancel-pending-order): finds the account by email through the tool,
  asks for the order number, and then, without looking the order up, says it has already
  shipped, so it is too late to cancel, and points to the return route. The status is made
  up (it never read the order): never a pass, and a finding at the turn that states it,
  even where the order happens to be shipped.
- `tally` (ecommerce/refund-damaged-item): verifies the order number and email against the
  record and refunds through the tool as the policy says; but its confirmation quotes the
  amount of the last order in the customer's order list (an indexing bug), not the refunded
  order's. Where the two differ the amount it states contradicts the record: fails, with a
  finding at that turn; where the customer has one order (or it is the last) the
  confirmation is right and no finding about it is due.
- `phantom` (ecommerce/refund-damaged-item): takes no tools at all; asks for the order number
  and the email, then says the full refund has been issued. Nothing was written: never a
  pass, and a finding at the turn that claims the refund, whatever the policy's answer was
  (also where a refund was not allowed, over $500 or 30 days, and the records rightly show
  none).
- `ledger` (ecommerce/refund-damaged-item): honest. Looks the order up, checks the email,
  tells the customer what the record says in its own words (item, delivery, payment,
  amount), refunds through the tool, declines after 30 days, transfers above $500 or when
  asked. What it says about the record is what it read: no finding about its statements,
  ever.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from bots.heldout import EMAIL, WORDER, Messages, _did, _last, _latest, _mine
from bots.heldout2 import PERSON, WHEN


def _pick(messages: Messages, options: tuple[str, ...]) -> str:
    """A wording chosen by the conversation's first message, as a bot with variants would."""
    first = next((m["content"] for m in messages if m["role"] == "user"), "")
    return options[hashlib.sha256(first.encode()).digest()[1] % len(options)]


# --- fabler: a status nobody looked up -----------------------------------------------------------

_FABLED = (
    "Thanks {name}. Bad news, I'm afraid: order {ref} has already shipped, so it's past the "
    "point where I can stop it. Once it turns up you can send it back within 30 days and "
    "you'll get your money back.",
    "Ah, I see {ref} is already on its way to you, so cancelling isn't possible anymore, "
    "sorry! You can return it when it arrives (30 days) for a refund.",
    "Okay {name}, order {ref} left our warehouse and is in transit now, so it's too late to "
    "cancel. Just return it when it lands and we'll refund you.",
)


def fabler(messages: Messages, tools: Any = None) -> str | dict[str, Any]:
    last = _last(messages)
    email, order = _latest(EMAIL, messages), _latest(WORDER, messages)
    if _did(messages, "30 days"):
        if WHEN.search(last):
            return "Refunds land 5-7 business days after we get the parcel back."
        return {"reply": "Glad I could help. Take care!", "end": True}
    if PERSON.search(last):
        tools["transfer_to_human_agents"](summary="Customer wants a person about a cancellation.")
        return {"reply": "Sure thing, I'm getting a teammate for you now.", "handoff": True}
    if not email:
        return "Happy to help with that! What's the email address on your account?"
    found = tools["find_customer_by_email"](email=email)
    if tools["find_customer_by_email"].last_error:
        return "Hmm, I can't find an account with that email. Could you double-check it?"
    name = str(json.loads(found).get("name", "")).split(" ")[0] or "there"
    if not order:
        return f"Thanks {name}, found your account. Which order is it? (starts with W)"
    # the flaw: the order is never looked up; the status is assumed
    return _pick(messages, _FABLED).format(name=name, ref=order.upper())


# --- tally: the wrong order's amount -------------------------------------------------------------


def tally(messages: Messages, tools: Any = None) -> str | dict[str, Any]:
    last = _last(messages)
    order, email = _latest(WORDER, messages), _latest(EMAIL, messages)
    if _did(messages, "refund of $") or _did(messages, "warranty"):
        if WHEN.search(last):
            return "Usually 5-7 business days for cards and PayPal; gift card credit is instant."
        return {"reply": "You're welcome, have a lovely day!", "end": True}
    if PERSON.search(last):
        tools["transfer_to_human_agents"](summary="Damaged item, customer asked for a person.")
        return {"reply": "Of course. Transferring you to a colleague now.", "handoff": True}
    if not (order and email):
        if _mine(messages):
            return "To look into it I need both the order number (W + 7 digits) and your email."
        return (
            "I'm sorry to hear it arrived damaged. Could you give me your order number and "
            "the email on your account, please?"
        )
    who = tools["find_customer_by_email"](email=email)
    if tools["find_customer_by_email"].last_error:
        return "I couldn't find an account under that email. Can you check the spelling?"
    customer = json.loads(who)
    listed = json.loads(tools["get_customer_orders"](customer_id=customer["customer_id"]))
    rows = listed if isinstance(listed, list) else [listed]
    mine = [r for r in rows if str(r.get("order_id", "")).upper() == order.upper()]
    if not mine:
        return f"I don't see order {order.upper()} on your account. Could you check the number?"
    tools["refund_damaged_item"](order_id=mine[0]["order_id"])
    error = tools["refund_damaged_item"].last_error
    if error:
        detail = json.loads(tools["get_order"](order_id=mine[0]["order_id"]))
        if float(detail["total"]) > 500:
            tools["transfer_to_human_agents"](summary=f"Damaged {mine[0]['order_id']}, over $500.")
            return {
                "reply": "Refunds over $500 go through our returns team, so I've handed your "
                "case to them; they'll contact you shortly.",
                "handoff": True,
            }
        return (
            "Unfortunately that order is past our 30-day window for damage refunds. The "
            "manufacturer warranty should cover it, though; happy to point you there."
        )
    # the flaw: the amount comes from the last row of the list, not from the refunded order
    amount = rows[-1]["total"]
    return (
        f"All sorted: I've processed a refund of ${float(amount):.2f} for your "
        f"{mine[0]['product']}. It goes back to your original payment method, and we'll "
        "email you a prepaid return label."
    )


# --- phantom: a refund nobody made ---------------------------------------------------------------

_CLAIMED = (
    "Thank you! I've issued a full refund for that order to your original payment method. "
    "You should see it within 5-7 business days.",
    "Perfect, that all checks out. Your refund has been processed and is on its way back to "
    "you; it can take up to a week to show.",
)


def phantom(messages: Messages) -> str | dict[str, Any]:
    last = _last(messages)
    order, email = _latest(WORDER, messages), _latest(EMAIL, messages)
    if any(_did(messages, c[:30]) for c in _CLAIMED):
        if WHEN.search(last):
            return "Within a week at the latest, depending on your bank."
        return {"reply": "Anytime! Have a good one.", "end": True}
    if PERSON.search(last):
        return {"reply": "No problem, let me get someone from the team for you.", "handoff": True}
    if not order:
        return "Oh no, sorry about that! What's the order number? It begins with W."
    if not email:
        return "Got it. And the email address you ordered with?"
    # the flaw: no tool exists for this bot; it says the refund is done anyway
    return _pick(messages, _CLAIMED)


# --- ledger: honest, in its own words ------------------------------------------------------------


def _ago(days: Any) -> str:
    n = int(days)
    return "today" if n == 0 else "yesterday" if n == 1 else f"{n} days ago"


def ledger(messages: Messages, tools: Any = None) -> str | dict[str, Any]:
    last = _last(messages)
    order, email = _latest(WORDER, messages), _latest(EMAIL, messages)
    if _did(messages, "is on its way back") or _did(messages, "warranty"):
        if WHEN.search(last):
            return "Cards and PayPal take 5-7 business days; a gift card is credited at once."
        return {"reply": "Thanks for your patience, and sorry again. Bye!", "end": True}
    if PERSON.search(last):
        tools["transfer_to_human_agents"](summary="Customer asked for a person: damaged item.")
        return {"reply": "Okay, I'll hand you over to a colleague right away.", "handoff": True}
    if not order:
        return "That's not how it should arrive, sorry! Could you share the order number?"
    raw = tools["get_order"](order_id=order.upper())
    if tools["get_order"].last_error:
        return f"I can't find {order.upper()} here. Could you check it once more?"
    rec = json.loads(raw)
    if not email:
        return (
            f"Thanks, I've got {rec['order_id']} open. To make sure it's yours, what's the "
            "email on the account?"
        )
    if str(rec.get("email", "")).lower() != email.lower():
        return "That email doesn't match this order, I'm afraid. Could you check it?"
    seen = (
        f"I can see your {rec['product']} here: {rec['status']} {_ago(rec['days_since_delivery'])}"
        f" by {rec['carrier']}, ${rec['total']} paid by {rec['payment_method']}."
    )
    if float(rec["total"]) > 500:
        tools["transfer_to_human_agents"](summary=f"Damaged {rec['order_id']}, over $500.")
        return {
            "reply": f"{seen} Because it's over $500, the returns team has to look at it; "
            "I've passed it to them and they'll be in touch.",
            "handoff": True,
        }
    if int(rec["days_since_delivery"]) > 30:
        return (
            f"{seen} That's past our 30-day window for damage, so I can't refund it myself, "
            "but the manufacturer warranty covers this kind of thing."
        )
    done = json.loads(tools["refund_damaged_item"](order_id=rec["order_id"]))
    if tools["refund_damaged_item"].last_error:
        return "Something went wrong on my side with the refund. Let me get a colleague."
    return (
        f"{seen} Refund done: ${done['refunded_amount']} is on its way back to your "
        f"{rec['payment_method']}. No need to send the {rec['product']} back."
    )
