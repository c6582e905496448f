"""Parts of a chat completion that servers fill in their own ways, read leniently.

What OpenAI's reference client reads strictly, other servers send otherwise: the content as
a list of parts even for plain text, token counts as text, as NaN, negative or absurdly
large, an empty message with the reason in `finish_reason` or `refusal`. Each is read here
into what convsim stores, or into the words that say why nothing could be.
"""

from __future__ import annotations

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


# The start of the reason a reply cut short is refused with (agents.targets.openai names its
# kind from these words).
CUT_AT_LIMIT = "the reply was cut off at the token limit"
FILTERED = "the reply was cut off by the provider's content filter"


def why_cut(finish: str | None, max_tokens: int | None) -> str | None:
    """Why a reply with text is not the model's whole answer, or None when it is.

    `finish_reason: length` is a reply the server stopped at `max_tokens` (or its own limit):
    half a sentence, or JSON broken off, read as the model's answer it would be graded as
    what the bot said or fail the schema with a misleading "malformed". `content_filter`
    with text is a reply the provider's filter stopped partway. Neither is what the model
    meant to say, so either is an infrastructure error naming the cause and the fix, never
    an answer (docs/llm.md, docs/targets.md)."""
    if finish == "length":
        if max_tokens is None:
            return (
                f"{CUT_AT_LIMIT} (finish_reason length; no max_tokens is set, so it is the "
                "server's own limit); set max_tokens higher or raise the server's limit"
            )
        return f"{CUT_AT_LIMIT} (finish_reason length, max_tokens {max_tokens}); raise max_tokens"
    if finish == "content_filter":
        return (
            f"{FILTERED} (finish_reason content_filter); see what the provider's filter "
            "blocks, or use another model or endpoint"
        )
    return None


def _part_name(part: object) -> str:
    if isinstance(part, dict):
        kind = part.get("type")
        return f"a part of type {kind!r}" if isinstance(kind, str) else "a part without a type"
    name = "null" if part is None else type(part).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def text_of(content: object) -> str:
    """A message's text: a string, or the text parts of a list of content parts
    (`[{"type": "text", "text": ...}]`, which some servers send even for a plain answer)
    joined. A part that is not text (an image, a number) is left out, never pasted in as
    JSON; a list with no text part at all, or content of another shape, is a ValueError
    saying what it held."""
    if isinstance(content, str):
        return content
    if content is None:
        return ""
    if isinstance(content, list):
        texts = [p if isinstance(p, str) else _part_text(p) for p in content]
        found = [t for t in texts if t is not None]
        if found or not content:
            return "".join(found)
        parts = ", ".join(dict.fromkeys(_part_name(p) for p in content[:20]))
        raise ValueError(f"the content is a list with no text part ({parts})")
    raise ValueError(f"the content is a {type(content).__name__}, not text or a list of parts")


def _part_text(part: object) -> str | None:
    if isinstance(part, dict) and part.get("type") in (None, "text", "output_text"):
        text = part.get("text")
        return text if isinstance(text, str) else None
    return None


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
