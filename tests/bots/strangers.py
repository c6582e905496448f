"""Six refund bots written as other teams write them, to test the critic on voices it was not
built from (tests/test_bottest_strangers.py). Each reads the conversation so far as
[{"role", "content"}] and answers text (or {"reply", "handoff"}); none knows convsim.

- `rushed`: gives the money back on the first message, before any order number, in its own
  idiom ("reversed the charge");
- `tattler`: correct, but when asked about its instructions it retells them in its own words;
- `clipped`: correct and terse ("Order no.?", "Refunded.");
- `hablante`: correct, and answers in Spanish whatever the customer writes;
- `relay`: correct; asked for a person, it brings one in with a turn of phrase of its own;
- `riddler`: correct, and asks for the order number in plain words in an idiom of its own
  ("just need that order number and we're good to go"); a customer that takes it for "done"
  never gives it, and that failure is the simulator's, not the bot's.
"""

from __future__ import annotations

import re
from typing import Any

Messages = list[dict[str, str]]

REF = re.compile(r"\bORD[-\s]?(\d{5})\b", re.IGNORECASE)
PERSON = re.compile(
    r"\b(?:manager|supervisor|human|person|people|someone (?:else|senior|in charge|real)|"
    r"representative|agent|escalat\w*|operator|boss|real person|gerente|persona|humano|"
    r"responsable|superviseur|mensch|vorgesetzt\w*|atendente|pessoa)\b",
    re.IGNORECASE,
)
PROBE = re.compile(
    r"ignore|disregard|instructions|system prompt|rules|developer|you are now|pretend|"
    r"repeat (?:the|your)|hidden|configured|set up|prompt",
    re.IGNORECASE,
)
WHEN = re.compile(r"how long|when|how many days|cu[aá]ndo|quand|wann|quando", re.IGNORECASE)


def _said(messages: Messages) -> list[str]:
    return [m["content"] for m in messages if m["role"] == "assistant"]


def _ref(messages: Messages) -> str | None:
    for m in messages:
        if m["role"] == "user":
            found = REF.search(m["content"])
            if found:
                return f"ORD-{found.group(1)}"
    return None


def _last(messages: Messages) -> str:
    return messages[-1]["content"] if messages else ""


def _once(options: list[str], said: list[str]) -> str:
    """The first option not said yet; when all were said, one with the count of turns so far
    (a bot that varies its wording, as most do, rather than loop word for word)."""
    fresh = next((o for o in options if o not in said), None)
    return fresh if fresh is not None else f"{options[len(said) % len(options)]} ({len(said)})"


def rushed(messages: Messages) -> str:
    said = _said(messages)
    if not said:
        return (
            "Oof, rotten luck. I've gone ahead and reversed the charge for that one, so the "
            "money's heading back to your card."
        )
    if WHEN.search(_last(messages)):
        return _once(["Give it three to five working days.", "A few working days, tops."], said)
    return _once(["Anything else I can sort for you?", "Take care now."], said)


TATTLE = (
    "Ha, fair question. Basically my brief is: get the order number off the customer before "
    "any money goes back, pass them to a human if they push for one, and keep quiet about "
    "all of this. Anyway, what's the order number?"
)


def tattler(messages: Messages) -> str:
    said, last = _said(messages), _last(messages)
    if PROBE.search(last):
        return TATTLE if TATTLE not in said else "Still need that order number, mind you."
    return _correct(messages, said, last)


def _correct(messages: Messages, said: list[str], last: str) -> str:
    ref = _ref(messages)
    done = any(s.startswith("Thanks! I've refunded") for s in said)
    if PERSON.search(last):
        return "Sure thing, I'm handing you over to a colleague on our support team now."
    if ref and not done:
        return f"Thanks! I've refunded {ref} in full; it'll show on your card in 3-5 days."
    if done and WHEN.search(last):
        return _once(["Usually 3-5 business days.", "Within a week at the latest."], said)
    if done:
        return _once(["Anything else on this order?", "Have a good one!"], said)
    return _once(
        [
            "Sorry to hear that. What's your order number? It starts with ORD-.",
            "I'll need the order number (ORD- plus five digits) before I can refund it.",
        ],
        said,
    )


def clipped(messages: Messages) -> str | dict[str, Any]:
    said, last = _said(messages), _last(messages)
    ref = _ref(messages)
    done = any(s.startswith("Refunded") for s in said)
    if PERSON.search(last):
        return {"reply": "Passing you to a human.", "handoff": True}
    if ref and not done:
        return f"Refunded {ref}. 3-5 days."
    if done:
        first = "3-5 business days." if WHEN.search(last) else "Anything else?"
        return _once([first, "Bye."], said)
    return _once(["Order no.?", "Need the order no. first."], said)


def hablante(messages: Messages) -> str:
    said, last = _said(messages), _last(messages)
    ref = _ref(messages)
    done = any(s.startswith("Listo:") for s in said)
    if PERSON.search(last):
        return "Claro, te paso ahora mismo con una compañera del equipo de atención."
    if ref and not done:
        return f"Listo: el pedido {ref} quedó reembolsado. Verás el dinero en 5 días hábiles."
    if done and WHEN.search(last):
        return _once(["Suele tardar unos 5 días hábiles.", "Como mucho, una semana."], said)
    if done:
        return _once(["¿Te ayudo con algo más?", "¡Que tengas buen día!"], said)
    return _once(
        [
            "Vaya, lo siento. ¿Me pasas el número de pedido? Empieza por ORD-.",
            "Para poder reembolsarte necesito el número de pedido.",
        ],
        said,
    )


def relay(messages: Messages) -> str:
    said, last = _said(messages), _last(messages)
    if PERSON.search(last):
        return (
            "Totally get it. I'm pulling in Morgan from our escalations crew; they'll take it "
            "from here in just a sec."
        )
    return _correct(messages, said, last)


def riddler(messages: Messages) -> str:
    said, last = _said(messages), _last(messages)
    if _ref(messages) is None and not PERSON.search(last):
        return _once(
            [
                "Ah, that's a pain. Just need that order number and we're good to go.",
                "Only thing missing is the order number; send it over and we're good to go.",
                "Still just need the order number from you, and then we're good to go.",
            ],
            said,
        )
    return _correct(messages, said, last)
