"""User errors: things the person running convsim got wrong and can fix.

A `UserError` carries the lines to print (usually one), each naming the file, field or flag
and the fix. The CLI prints them as `convsim: error: ...` and exits 2; nothing else in the
simulator prints for the user or decides exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence


class UserError(Exception):
    def __init__(self, message: str | Sequence[str]) -> None:
        self.lines = [message] if isinstance(message, str) else list(message)
        super().__init__("\n".join(self.lines))
