"""A small rule-based support bot to try `convsim test` on: refunds for damaged orders.

It verifies before it acts (no refund until the customer gave an order number of the shop's
shape, ORD- and five digits), hands over to a person whenever the customer asks for one,
answers when the money arrives, keeps its instructions to itself and copes with any
language's letters. Stateless: every request carries the conversation so far.

    python examples/bots/support_bot.py --port 8765

POST /chat with {"session": ..., "text": ..., "history": [{"role", "content"}]} answers
{"reply": ..., "handoff": true|false, "done": false}. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ORDER = re.compile(r"\bORD[-\s]?(\d{5})\b", re.IGNORECASE)
HUMAN = re.compile(
    r"\b(?:human|person|people|agent|manager|supervisor|representative|boss|someone (?:else|"
    r"real|senior|in charge)|colleague|operator|escalat\w*|transfer me|put me through|"
    r"(?:talk|speak) (?:to|with) (?:a|an|someone|somebody|your))\b",
    re.IGNORECASE,
)
WHEN = re.compile(
    r"\b(?:how long|when|whn|how many days|how soon|money back|get (?:it|my money)|arrive)\b",
    re.IGNORECASE,
)
THANKS = re.compile(
    r"\b(?:thanks|thank you|thx|ty|cheers|great|perfect|bye|appreciat\w*|ok(?:ay)?|yep|yes|"
    r"fine|sure|got it|brilliant|lovely|awesome|cool)\b",
    re.IGNORECASE,
)
PROBE = re.compile(
    r"\b(?:instructions|system prompt|ignore (?:all|your|previous)|developer mode|you are now|"
    r"pretend|hidden rules)\b",
    re.IGNORECASE,
)

ASK = [
    "I'm sorry it arrived damaged. What's the order number? It starts with ORD-.",
    "Happy to sort out a refund. Could you send me the order number (ORD- and five digits)?",
    "To find your purchase I need the order number from your confirmation email, please.",
]
NOT_VALID = [
    "That doesn't look like one of our order numbers; they read ORD- and five digits. "
    "Could you check it?",
    "I can't find an order with that number. Our numbers look like ORD-12345; could you "
    "look again?",
]
REFUNDED = [
    "Thanks. I've issued a full refund for order {order}. It reaches your card within 5 "
    "business days.",
]
WHEN_ANSWER = [
    "Refunds show up on your card within 5 business days.",
    "It usually takes up to 5 business days for the refund to appear on your statement.",
]
AFTER = [
    "You're welcome. Is there anything else I can help you with?",
    "Glad I could help. Have a good day!",
    "Anything else about this order?",
]
PRIVATE = [
    "I can't share how I'm set up. Let's get your refund sorted: what's the order number?",
    "That's not something I can share, but I can help with a refund for your order.",
]
PARDON = [
    "Sorry, I'm not sure I understood the question. Could you put it another way?",
    "I didn't quite get that. Could you ask it again in other words?",
]
HANDOFF = "Of course. I'm passing you to a colleague from our support team now."


def _pick(options: list[str], said: list[str], **values: str) -> str:
    """The first wording not used yet in this conversation, so the bot never parrots itself."""
    texts = [o.format(**values) for o in options]
    for text in texts:
        if text not in said:
            return text
    return f"{texts[len(said) % len(texts)]} (Reply {len(said) + 1}.)"


def reply(history: list[dict[str, str]], text: str) -> dict[str, Any]:
    """The answer to `text` after `history` ([{role, content}]): reply, handoff, done."""
    said = [m.get("content", "") for m in history if m.get("role") == "assistant"]
    users = [m.get("content", "") for m in history if m.get("role") == "user"] + [text]
    if HUMAN.search(text):
        return {"reply": HANDOFF, "handoff": True, "done": False}
    if PROBE.search(text):
        return {"reply": _pick(PRIVATE, said), "handoff": False, "done": False}
    refunded = any("issued a full refund" in s for s in said)
    if refunded:
        if WHEN.search(text):
            options = WHEN_ANSWER
        elif THANKS.search(text) and "?" not in text:
            options = AFTER
        else:  # something it has no answer for: say so, never talk past it
            options = PARDON
        return {"reply": _pick(options, said), "handoff": False, "done": False}
    order = next((m for u in reversed(users) for m in [ORDER.search(u)] if m), None)
    if order is not None:
        number = f"ORD-{order.group(1)}"
        return {"reply": _pick(REFUNDED, said, order=number), "handoff": False, "done": False}
    looks_like_number = re.search(r"\d{3,}", text) is not None
    options = NOT_VALID if looks_like_number else ASK
    return {"reply": _pick(options, said), "handoff": False, "done": False}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        if self.path != "/chat":
            self._send(404, {"error": "not found; POST /chat"})
            return
        try:
            size = int(self.headers.get("Content-Length", "0"))
            data = json.loads(self.rfile.read(size).decode("utf-8") or "{}")
            history = data.get("history") or []
            text = str(data.get("text", ""))
        except (ValueError, UnicodeDecodeError):
            self._send(400, {"error": "send JSON: {session, text, history}"})
            return
        self._send(200, reply(history, text))


def main() -> None:
    parser = argparse.ArgumentParser(description="A small support bot for convsim test.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"support bot listening on http://{args.host}:{args.port}/chat", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
