"""Text from a bot or a model, made storable.

JSON may carry half of a UTF-16 surrogate pair (`"\\ud800"`), which Python decodes into a
`str` that cannot be written as UTF-8: one such reply from a bot once ended a whole `convsim
test` run with a traceback when the transcript was stored. Every text that comes from
outside (a reply, a tool call's name and arguments) passes through `scrub` on its way in,
each lone surrogate becoming U+FFFD, the replacement character, as a UTF-8 decoder would
show it. Everything else is kept as sent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any, overload

_LONE = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE.sub("\ufffd", text)
    return text


def map_strings(value: Any, each: Callable[[str], str], in_json: Callable[[str], str]) -> Any:
    """`value` (JSON data) with `each` applied to every string in it, keys too. Through its
    JSON text (`in_json` is `each` as it reads JSON text, where a string's characters may be
    escaped), not a walk in Python: a model's tool arguments nested 900 deep (as JSON allows)
    took two Python frames a level and ended the conversation in a RecursionError. A walk
    still serves what is not JSON data, and text that `in_json` left unparseable."""
    if isinstance(value, str):
        return each(value)
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):  # not JSON data: walk it
        return _walk(value, each)
    changed = in_json(text)
    if changed == text:
        return value
    try:
        return json.loads(changed)
    except ValueError:  # e.g. a secret spelled across the JSON's own quotes: string by string
        return _walk(value, each)


def _walk(value: Any, each: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return each(value)
    if isinstance(value, dict):
        return {_walk(k, each): _walk(v, each) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, each) for v in value]
    return value


def _scrub_json(text: str) -> str:
    return _LONE.sub("\ufffd", text)  # a lone surrogate is one only inside a string


@overload
def scrub_value(value: str) -> str: ...
@overload
def scrub_value(value: Any) -> Any: ...
def scrub_value(value: Any) -> Any:
    """`value` (JSON data) with every string in it, keys too, scrubbed."""
    return map_strings(value, scrub, _scrub_json)


MIN_SECRET_CHARS = 8  # shorter values (a tenant number, "local") are not hidden in text
REDACTED = "[redacted]"


# Every secret this process has read (a model role's API key, a bot target's key, header
# values and URL password): the store redacts them all from whatever it writes, wherever the
# text came from (outsider18 #1: a role's endpoint echoed its key into run.db in full).
_KNOWN: set[str] = set()


def keep_secret(*values: str) -> None:
    """Remember `values` as secrets of this run (shorter than MIN_SECRET_CHARS: ignored)."""
    _KNOWN.update(v for v in values if len(v) >= MIN_SECRET_CHARS)


def known_secrets() -> tuple[str, ...]:
    return tuple(_KNOWN)


def redacted(text: str, secrets: Sequence[str]) -> str:
    """`text` without the target's secrets (its header variables' values, its API key): a bot
    that repeats its credentials must not get them into run.db, transcripts or reports."""
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret) >= MIN_SECRET_CHARS and secret in text:
            text = text.replace(secret, REDACTED)
    return text


def redacted_json(text: str, secrets: Sequence[str]) -> str:
    """`redacted` for JSON text: also the secret as a JSON string spells it (a `"` or `\\` in
    it escaped, or non-ASCII as `\\u` escapes), so JSON records hide it as the text does."""
    forms = {
        form
        for secret in secrets
        for form in (
            secret,
            json.dumps(secret, ensure_ascii=False)[1:-1],
            json.dumps(secret)[1:-1],
        )
    }
    return redacted(text, tuple(forms))


def redacted_value(value: Any, secrets: Sequence[str]) -> Any:
    """`value` (JSON data: a tool call's arguments) with `redacted` applied to every string in
    it, keys too: a bot that passes its credentials to a tool stores them no more than one
    that says them."""
    if not secrets:
        return value
    return map_strings(
        value, lambda text: redacted(text, secrets), lambda text: redacted_json(text, secrets)
    )
