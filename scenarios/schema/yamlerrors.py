"""YAML syntax errors in plain words, on the line where the author went wrong.

The parser's wording ("mapping values are not allowed in this context", "did not find expected
key while parsing a block mapping") is written for people who know YAML's grammar; scenario
authors are domain experts. The common mistakes are recognised from the parser's error and
the text around it: a tab used for indentation, a colon inside an unquoted sentence, a line
indented differently from its siblings (reported on that line, not where the parser gave
up). Anything not recognised keeps the parser's words after `invalid YAML:`.
"""

from __future__ import annotations

import re

import yaml

__all__ = ["explain"]

_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([^\s#'\"][^:#]*?):(?:\s+(.*))?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _significant(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _tab(lines: list[str], line: int) -> tuple[int, str] | None:
    """A tab in the indentation, at or before the error line (YAML forbids tabs there)."""
    for number in range(line, 0, -1):
        text = lines[number - 1] if number <= len(lines) else ""
        head = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in head:
            return number, (
                "this line is indented with a tab; YAML indents with spaces only: "
                "replace the tab with spaces"
            )
        if number < line - 1:
            break
    return None


def _colon_in_text(text: str) -> str | None:
    """The key of a `key: some text: more` line, whose value holds a colon and a space."""
    match = _KEY_LINE.match(text)
    if match is None or not match.group(3):
        return None
    value = match.group(3)
    if value[0] in "'\"[{|>&*!":
        return None
    if ": " in value or value.rstrip().endswith(":"):
        return match.group(2).strip()
    return None


def _misindented(lines: list[str], start: int, line: int) -> int | None:
    """The first line after `start` (1-based) up to `line` that dedents to a column no open
    block starts at: where the indentation went wrong (the parser notices only later)."""
    stack: list[int] = []
    lowest = 1 << 30
    for number in range(start, 0, -1):  # the blocks around the one that failed
        text = lines[number - 1] if number <= len(lines) else ""
        if _significant(text) and _indent(text) < lowest:
            lowest = _indent(text)
            stack.insert(0, lowest)
    for number in range(start + 1, min(line, len(lines)) + 1):
        text = lines[number - 1]
        if not _significant(text):
            continue
        column = _indent(text)
        while stack and stack[-1] > column:
            stack.pop()
        if not stack or stack[-1] != column:
            if column < _indent_before(lines, number):
                return number
            stack.append(column)
    return None


def _indent_before(lines: list[str], number: int) -> int:
    for n in range(number - 1, 0, -1):
        if _significant(lines[n - 1]):
            return _indent(lines[n - 1])
    return 0


def _no_key(lines: list[str], number: int) -> str:
    """Why line `number` (1-based), which has no `key:`, does not read: said from the line
    above it, since the usual cause is a value or a sentence that went onto its own line."""
    text = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    above = next((n for n in range(number - 1, 0, -1) if _significant(lines[n - 1])), None)
    match = _KEY_LINE.match(lines[above - 1]) if above is not None else None
    shown = text if len(text) <= 40 else text[:37] + "..."
    if match is None or above is None:
        return (
            f"this line ('{shown}') has no 'key:' in front of it; add the key, or put "
            "multi-line text in quotes"
        )
    key, value = match.group(2).strip(), (match.group(3) or "").split(" #")[0].strip()
    if not value or value.startswith("#"):
        if text[:1] in "[{":
            empty = " (an empty list can go: delete this line and the line above)"
            return (
                f"this line holds only '{shown}', the value of '{key}:' on line {above}: "
                f"write it on that line after the colon ({key}: {shown})"
                + (empty if text in ("[]", "{}") else "")
            )
        return (
            f"this line ('{shown}') has no 'key:'; if it is the value of '{key}:' on line "
            f"{above}, indent it under '{key}:' or write it on that line after the colon"
        )
    return (
        f"this line ('{shown}') has no 'key:'; if it goes on the text of '{key}:' on line "
        f"{above}, indent it more than '{key}', or put the whole text in quotes"
    )


def explain(e: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The 1-based line and the message for a syntax error in `text`."""
    lines = text.splitlines()
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark is not None else 1
    problem = e.problem or ""
    tab = _tab(lines, line)
    if tab is not None:
        return tab
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    if problem.startswith("mapping values are not allowed"):
        key = _colon_in_text(current)
        if key is not None:
            return line, (
                f"the text after '{key}:' contains a colon; put the whole text in quotes "
                f'({key}: "...")'
            )
        above = next((n for n in range(line - 1, 0, -1) if _significant(lines[n - 1])), None)
        if above is not None and _indent(current) > _indent(lines[above - 1]):
            return line, (
                f"this line is indented more than line {above} above it, which already has "
                "a value; keys of one mapping start at the same column"
            )
    if e.context_mark is not None and "block" in (e.context or ""):
        start = e.context_mark.line + 1
        wrong = _misindented(lines, start, line) or line
        column = _indent(lines[wrong - 1]) + 1 if 0 < wrong <= len(lines) else 1
        return wrong, (
            f"indentation: this line (column {column}) does not line up with the keys it "
            "belongs with; indent it exactly like them (a list item's keys line up after '- ')"
        )
    if problem.startswith("but found another document"):
        return line, (
            "a second YAML document starts here ('---'); a file holds one, so split the file "
            "or remove the line"
        )
    if problem.startswith("could not determine a constructor for the tag"):
        tag = problem.rsplit(" ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
        return line, f"the tag {tag} is not supported (files are plain data); remove it"
    if problem.startswith("could not find expected ':'"):
        if e.context_mark is not None and "simple key" in (e.context or ""):
            keyless = e.context_mark.line + 1  # the line with no key; the parser stops after it
            return keyless, _no_key(lines, keyless)
        return line, (
            "a line inside a mapping has no 'key:'; add the key, or put multi-line text in "
            "quotes or after '>'"
        )
    detail = problem or e.context or "malformed"
    if e.problem and e.context and e.context_mark and e.context_mark.line + 1 != line:
        detail += f" {e.context} (started at line {e.context_mark.line + 1})"
    return line, f"invalid YAML: {detail}"
