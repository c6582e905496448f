"""The one YAML round trip every studio edit goes through.

Each edit the studio makes (a form field, a rule, a rename, a domain record) loads the
author's text and dumps it again. Made in one place so all of them keep comments, key order
and quotes the same way, and none re-wraps a long line or re-indents the file.
"""

from __future__ import annotations

import io
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


def dump(yaml: YAML, data: Any) -> str:
    """`data` written back as text by `yaml`."""
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()
