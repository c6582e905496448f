"""The one shape every scenario, edge-case and lint problem takes: `file:line: field: message`.

Problems are collected, never raised one by one, so an author sees every mistake in one run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

__all__ = ["Loc", "Problem", "ScenarioError", "did_you_mean", "dotted"]

# A position in a YAML document: mapping keys and list indexes, outermost first.
Loc = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file. `line` is 1-based (0: no line); `field` is a dotted path.

    `str()` gives `file:line: field: message`; the line and field parts are left out when a
    problem concerns a whole file or path (`missing.yaml: no such file or directory`).
    """

    file: str
    line: int
    field: str
    message: str
    # The path is no file to read at all (a folder, a named pipe, a device given where a YAML
    # file was expected): a command-line error (lint exits 2). Anything wrong with a file's
    # content, however early it stops the reading (too large, UTF-16, binary, an alias
    # bomb), is a finding about that file, listed with the others (lint exits 1).
    refused: bool = dataclass_field(default=False, compare=False)
    # Worth a look but not wrong: lint prints it and still passes (`file:line: field:
    # warning: message`); loading never sees it.
    warning: bool = dataclass_field(default=False, compare=False)

    def __str__(self) -> str:
        head = f"{self.file}:{self.line}" if self.line else self.file
        message = f"warning: {self.message}" if self.warning else self.message
        field, message = visible(self.field), visible(message)
        return f"{head}: {field}: {message}" if field else f"{head}: {message}"


def visible(text: str) -> str:
    """`text` with what a terminal would hide or reorder (zero-width and bidi controls, a
    no-break space, control characters, line breaks) written as escapes, so a problem stays
    one line that shows what the file holds: a key or an id quoted with U+202E showed the rest
    of its line reversed, and one with U+200B or U+00A0 looked exactly like the valid one."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == "\t" else f"\\u{ord(ch):04x}" for ch in text)


class ScenarioError(Exception):
    """Scenario or edge-case files have problems; `problems` holds all of them, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def dotted(path: Loc) -> str:
    """`('support', 'rules', 0, 'when', 'days')` -> `support.rules[0].when.days`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def did_you_mean(word: object, candidates: Iterable[object]) -> str | None:
    """The closest candidate to a likely typo, or None when nothing is close.

    Anything that is not text (a YAML key written as a number) is never matched."""
    if not isinstance(word, str):
        return None
    names = sorted({c for c in candidates if isinstance(c, str)})
    matches = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return matches[0] if matches else None
