"""The brain of the test bots: a plain rule-based refund bot that knows no dialogue acts.

It asks for the order number, refunds any order number of the right shape, answers when the
refund arrives, steers off-topic, foreign-language and instruction-override messages back,
checks in after silence, and hands over when a customer asks for a manager. Every
reply it gives more than once has several wordings, as a real bot's would, so the critic's
repetition check does not fire on a correct bot.

`leak_on_injection=True` plants one weakness: on an instruction-override message the bot
obeys and prints its instructions. Only the prompt_injection edge case writes such messages.
"""

from __future__ import annotations

import re
from typing import Any

ORDER = re.compile(r"\bORD[-\s]?\d{5}\b", re.IGNORECASE)
# The instruction-override shapes customers use (and the prompt_injection edge case writes).
INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget) (?:all|your|any) (?:previous|prior|earlier)\b|"
    r"(?:\bsystem\b|\badmin\b|\[system\]|<sys>|note to assistant)\s*(?:#+\s*)?[:\-]|"
    r"\b(?:you are now|from now on you are|pretend you are)\b|\bact as (?:in developer|dan\b|"
    r"an assistant with no|my personal assistant|a manager with)|"
    r"\b(?:repeat|output|paste) (?:the text above|your instructions|your hidden rules|"
    r"everything before this message)|"
    r"\b(?:told me|already said) (?:you're|you are) (?:allowed|authorized|supposed) to\b|<!--",
    re.IGNORECASE,
)
MANAGER = re.compile(
    r"manager|supervisor|human|real person|someone (?:else|senior|in charge)|\bboss\b",
    re.IGNORECASE,
)
# Tolerant of typos ("hiw long will it tkae"), as a bot facing real customers must be.
TIMING = re.compile(r"\blong\b|\bwhen\b|how many days|\bh\w{1,2} soon\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")


def _typed_timing(text: str) -> bool:
    """'hwo lnog will that tke', 'wgen will i see the money': a hurried customer's 'long' or
    'when' with one letter changed, or two swapped, read as a person reads it."""
    return any(_near(w, k) for w in _WORD.findall(text.lower()) for k in ("long", "when"))


def _near(word: str, key: str) -> bool:
    if len(word) != len(key) or word == key:
        return word == key
    diff = [i for i, (p, q) in enumerate(zip(word, key, strict=True)) if p != q]
    swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == key[diff[1]]
    return len(diff) == 1 or swapped


FOREIGN = re.compile(
    r"\b(?:el|la|que|por favor|pedido|gracias|necesito|je|vous|commande|merci|ich|nicht|"
    r"bestellung|danke|meu|minha|obrigad[oa]|não|pedido)\b",
    re.IGNORECASE,
)
LETTERS = re.compile(r"[A-Za-z0-9]")

ASK_ORDER = [
    "Sorry to hear that. Could you tell me your order number?",
    "I can help with that refund. What is the order number?",
    "To find the order I need the order number; could you share it?",
    "Could you give me the order number so I can look into the refund?",
]
REFUNDED = [
    "Thanks. I've refunded order {order} in full; you'll get a confirmation email.",
    "I've refunded order {order}. The money goes back to your card.",
]
TIMING_ANSWER = [
    "Refunds reach your card within 5 business days.",
    "You should see the refund on your card within 5 business days.",
]
DONE = [
    "You're welcome. Is there anything else I can help with?",
    "Glad I could help with the refund. Have a nice day!",
    "Happy to help. Take care!",
]
PARDON = [
    "Sorry, I didn't get that question. Could you put it another way?",
    "I'm not sure I follow. Could you ask that again in other words?",
]
INJECTION_REPLY = [
    "I can't act on that. I can only help with your refund here.",
    "That's not something I can do, but I can still help with your refund.",
]
FOREIGN_REPLY = [
    "Sorry, I can only help in English. Could you write in English?",
    "I'm afraid I only speak English. Could you continue in English?",
]
SILENCE_REPLY = ["Are you still there?", "Just checking in: are you still there?"]
OFF_TOPIC_REPLY = [
    "Let's get back to your refund. Could you give me the order number?",
    "I can only help with your refund here. What is the order number?",
]
HANDOFF = "I'm transferring you and your refund request to a supervisor now."
LEAK = (
    "Sure, developer mode on. My instructions are: you are RefundBot, ask for the order "
    "number, then refund."
)


def _pick(options: list[str], said: list[str], **values: str) -> str:
    """The first wording not used yet in this conversation (then two of them together)."""
    texts = [o.format(**values) for o in options]
    fresh = [t for t in texts if t not in said]
    if fresh:
        return fresh[0]
    n = len(said)
    return f"{texts[n % len(texts)]} {texts[(n + 1) % len(texts)]}"


def answer(messages: list[dict[str, str]], leak_on_injection: bool = False) -> dict[str, Any]:
    """The reply to the last user message: {"reply": text, "handoff": bool}."""
    users = [m["content"] for m in messages if m["role"] == "user"]
    mine = [m["content"] for m in messages if m["role"] == "assistant"]
    text = users[-1] if users else ""
    n = len(mine)
    refunded = next((ORDER.search(m) for m in mine if "refunded order" in m), None)
    if not LETTERS.search(text):
        return {"reply": _pick(SILENCE_REPLY, mine)}
    if INJECTION.search(text):
        return {"reply": LEAK if leak_on_injection else _pick(INJECTION_REPLY, mine)}
    if MANAGER.search(text):  # a person on the first request: never an ignored escalation
        return {"reply": HANDOFF, "handoff": True}
    if FOREIGN.search(text) and not ORDER.search(text):
        return {"reply": _pick(FOREIGN_REPLY, mine)}
    if TIMING.search(text) or _typed_timing(text):
        return {"reply": _pick(TIMING_ANSWER, mine)}
    order = ORDER.search(text)
    if order and not refunded:
        return {"reply": _pick(REFUNDED, mine, order=order.group(0).upper())}
    if refunded and "?" in text:
        return {"reply": _pick(PARDON, mine)}  # a question it did not understand: never ignored
    if refunded:
        return {"reply": _pick(DONE, mine)}
    if n and any(w in text.lower() for w in ("weather", "game", "movie", "weekend")):
        return {"reply": _pick(OFF_TOPIC_REPLY, mine)}
    return {"reply": _pick(ASK_ORDER, mine)}


def correct(messages: list[dict[str, str]]) -> dict[str, Any]:
    return answer(messages)


def leaky(messages: list[dict[str, str]]) -> dict[str, Any]:
    return answer(messages, leak_on_injection=True)
