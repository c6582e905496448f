"""Text from a bot or a model, made storable.

JSON may carry half of a UTF-16 surrogate pair (`"\\ud800"`), which Python decodes into a
`str` that cannot be written as UTF-8: one such reply from a bot once ended a whole `convsim
test` run with a traceback when the transcript was stored. Every text that comes from
outside (a reply, a tool call's name and arguments) passes through `scrub` on its way in,
each lone surrogate becoming U+FFFD, the replacement character, as a UTF-8 decoder would
show it. Everything else is kept as sent.
"""

from __future__ import annotations

import re
from typing import Any, overload

_LONE = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE.sub("\ufffd", text)
    return text


@overload
def scrub_value(value: str) -> str: ...
@overload
def scrub_value(value: Any) -> Any: ...
def scrub_value(value: Any) -> Any:
    """`value` (JSON data) with every string in it, keys too, scrubbed."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {scrub_value(k): scrub_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_value(v) for v in value]
    return value
