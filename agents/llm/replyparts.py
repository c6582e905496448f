"""Parts of a chat completion that servers fill in their own ways, read leniently.

What OpenAI's reference client reads strictly, other servers send otherwise: the content as
a list of parts even for plain text, token counts as text, as NaN, negative or absurdly
large, an empty message with the reason in `finish_reason` or `refusal`. Each is read here
into what convsim stores, or into the words that say why nothing could be.
"""

from __future__ import annotations

import json
import math
from typing import Any

from agents.scrub import scrub

# A token count past this is not one (nor would it fit SQLite's INTEGER): read as this.
MAX_TOKENS = 10**12


def shape(first: object) -> str:
    """What the first choice of a reply without a message holds instead."""
    if not isinstance(first, dict):
        return f"the first choice is {type(first).__name__}"
    got = first.get("message")
    return "its `message` is " + ("missing" if got is None else type(got).__name__)


def why_empty(message: dict[str, Any], choice: Any) -> str | None:
    """The reason a server gave for an empty reply (a refusal, a content filter), or None
    for the caller's plain `empty reply`."""
    refusal = message.get("refusal")
    if isinstance(refusal, str) and refusal.strip():
        return f"empty reply: the model refused ({scrub(refusal)[:160]!r})"
    if isinstance(choice, dict) and choice.get("finish_reason") == "content_filter":
        return (
            "empty reply: withheld by the provider's content filter (finish_reason content_filter)"
        )
    return None


def text_of(content: object) -> str:
    """A message's text: a string, or the text parts of a list of content parts
    (`[{"type": "text", "text": ...}]`, which some servers send even for a plain answer)
    joined; anything else as its JSON."""
    if isinstance(content, str):
        return content
    if content is None:
        return ""
    if isinstance(content, list) and content:
        texts = [p.get("text") if isinstance(p, dict) else p for p in content]
        if all(isinstance(t, str) for t in texts):
            return "".join(str(t) for t in texts)
    return json.dumps(content)


def tokens(value: object) -> int:
    """A `usage` token count as a whole number in [0, MAX_TOKENS]. Text ("12") is read; what
    is not a number (NaN, "lots", a list) is 0, as a missing count is; a negative count 0
    (it would hand budget back); a huge one MAX_TOKENS (it stops a budget, as the server's
    own bill would)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return 0
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return 0
    if math.isnan(number):
        return 0
    if isinstance(value, int):
        return min(max(value, 0), MAX_TOKENS)
    return int(min(max(number, 0.0), float(MAX_TOKENS)))
