"""The one YAML round trip every studio edit goes through.

Each edit the studio makes (a form field, a rule, a rename, a domain record) loads the
author's text and dumps it again. Made in one place so all of them keep comments, key order
and quotes the same way, and none re-wraps a long line or re-indents the file.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML

__all__ = ["dump", "round_trip_yaml"]


def round_trip_yaml() -> YAML:
    """A ruamel round-trip loader/dumper: comments, order and quotes survive; lines are
    never re-wrapped; lists indented as the library's files are (`- ` two in)."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


# ruamel writes an empty list or mapping whose key carries a comment on a line of its own
# (`flow:  # what the customer may say next` then `[]`), which no YAML reader accepts.
_EMPTY_ALONE = re.compile(
    r"^(?P<key>[ \t]*(?:- +)?[^\s#][^\n]*?:)(?P<comment>[ \t]+#[^\n]*)?\n"
    r"(?P<indent>[ \t]*)(?P<empty>\[\]|\{\})[ \t]*$",
    re.M,
)


def _key_column(key: str) -> int:
    return len(key) - len(key.lstrip(" -"))


def _empty_on_its_line(match: re.Match[str]) -> str:
    if len(match["indent"]) > _key_column(match["key"]):
        return match[0]  # indented under its key: that reads
    return f"{match['key']} {match['empty']}{match['comment'] or ''}"


def dump(yaml: YAML, data: Any) -> str:
    """`data` written back as text by `yaml`, an empty list or mapping kept on its key's line."""
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return _EMPTY_ALONE.sub(_empty_on_its_line, buffer.getvalue())
