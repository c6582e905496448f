"""The one reader for JSON and JSON Lines that users hand convsim: logs, transcripts, records.

Python's `json` module trusts its input more than a user's file deserves:

- an array nested 100,000 deep raises RecursionError (a traceback, not a message);
- an integer of 5,000 digits raises a ValueError about `sys.set_int_max_str_digits`;
- a UTF-8 byte order mark (Windows editors write one) is "Unexpected UTF-8 BOM";
- a line of a gigabyte with no newline is read whole into memory.

`parse` and `read_lines` turn each into one short message naming the line and the fix, and
read any file in bounded memory (a line past its limit is skipped, not held). Nesting is
limited to `MAX_DEPTH` levels: conversations are a handful deep, and every later step
(pydantic, the critic, `json.dumps` on output) recurses over what was read.

Messages carry no file name: callers put their own prefix (`FILE:LINE`, `--match FILE:LINE`).
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from scenarios.inputfiles import InputFileError, open_binary, read_bytes

MAX_DEPTH = 100
MAX_INT_DIGITS = 4300  # Python's own limit for int(str), the default of int_max_str_digits
MAX_LINE_BYTES = 16 << 20
MAX_FILE_BYTES = 512 << 20  # a whole-file JSON document (not JSON Lines)
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class JSONValueError(ValueError):
    """Text that is not JSON convsim reads; `line` is set for whole-document parses (and for
    NaN or a repeated key, where it is found); `syntax` when the text is no JSON at all."""

    def __init__(self, message: str, line: int | None = None, syntax: bool | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.syntax = line is not None if syntax is None else syntax


class _IntTooLong(Exception):
    def __init__(self, digits: int) -> None:
        self.digits = digits


class _NotJSON(Exception):
    """NaN, Infinity or a key given twice in one object: Python's `json` takes them, JSON
    does not. A NaN read in would be written back as NaN (graded.jsonl no longer JSON), and
    of a repeated key one value would silently win."""

    def __init__(self, message: str, token: str, key: str | None = None) -> None:
        self.message = message
        self.token = token
        self.key = key


def _constant(name: str) -> Any:
    raise _NotJSON(f"{name} is not a JSON value; write null, a number or a string", name)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                shown = f"'{key}'" if len(key) <= 60 and key.isprintable() else repr(key[:60])
                raise _NotJSON(f"key {shown} given twice in one object; keep one", "key", key)
            seen.add(key)
    return value


# What the text holds, to find where a _NotJSON is: strings, NaN/Infinity, brackets.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|-?Infinity|NaN|[{}\[\]:,]')


def _line_of(text: str, problem: _NotJSON) -> int | None:
    """The line of the first NaN/Infinity or repeated key in `text` (the error path only)."""
    stack: list[set[str] | None] = []  # per open container: an object's keys, None for a list
    key_next = False
    for m in _TOKEN.finditer(text):
        token = m.group()
        found = False
        if token in "{[":
            stack.append(set() if token == "{" else None)
            key_next = token == "{"
        elif token in "}]":
            if stack:
                stack.pop()
            key_next = False
        elif token == ",":
            key_next = bool(stack) and stack[-1] is not None
        elif token == ":":
            key_next = False
        elif token.startswith('"'):
            keys = stack[-1] if stack else None
            if key_next and keys is not None:
                try:
                    key = json.loads(token)
                except ValueError:
                    key = token
                found = problem.key is not None and key in keys
                keys.add(key)
            key_next = False
        else:
            found = problem.key is None
        if found:
            return text.count("\n", 0, m.start()) + 1
    return None


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _IntTooLong(digits)
    return int(text)


def parse(text: str | bytes) -> Any:
    """One JSON value, within the limits; a JSONValueError says what is wrong, not where."""
    if isinstance(text, bytes):
        if text.startswith(UTF8_BOM):
            text = text[len(UTF8_BOM) :]
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JSONValueError(f"not UTF-8 text ({exc.reason}); save the file as UTF-8") from None
    text = text.removeprefix("\ufeff")
    try:
        value = json.loads(
            text, parse_int=_int, parse_constant=_constant, object_pairs_hook=_object
        )
    except _NotJSON as exc:
        raise JSONValueError(exc.message, _line_of(text, exc), syntax=False) from None
    except json.JSONDecodeError as exc:
        raise JSONValueError(
            f"not valid JSON ({exc.msg} at column {exc.colno})", exc.lineno
        ) from None
    except _IntTooLong as exc:
        raise JSONValueError(
            f"a number of {exc.digits:,} digits; numbers are read up to {MAX_INT_DIGITS:,} "
            "digits (write it as a string)"
        ) from None
    except RecursionError:
        raise _too_deep() from None
    # Cheap first: fewer brackets than the limit cannot nest past it.
    if text.count("[") + text.count("{") > MAX_DEPTH:
        _check_depth(value)
    return value


def _too_deep() -> JSONValueError:
    return JSONValueError(
        f"nested deeper than {MAX_DEPTH} levels; convsim reads JSON up to {MAX_DEPTH} "
        "levels deep (flatten the record)"
    )


def _check_depth(value: Any) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep()
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))


def load(path: Path, fix: str, limit: int = MAX_FILE_BYTES) -> Any:
    """A whole JSON document from a regular file; errors say `PATH:LINE: ...`.

    Raises InputFileError (not a file, too big) or JSONValueError (its message prefixed
    with the path and line)."""
    data = read_bytes(path, fix, limit, "a JSON file")
    if data.startswith(UTF16_BOMS):
        raise JSONValueError(f"{path}: UTF-16 text; save the file as UTF-8")
    try:
        return parse(data)
    except JSONValueError as exc:
        at = f"{path}:{exc.line}" if exc.line else str(path)
        raise JSONValueError(f"{at}: {exc}", exc.line, exc.syntax) from None


@dataclass(frozen=True)
class Line:
    """One non-blank line of a JSON Lines file: its value, or why it could not be read."""

    number: int
    value: Any = None
    problem: str | None = None


def read_lines(
    path: Path,
    fix: str,
    max_line: int = MAX_LINE_BYTES,
    what: str = "a line is read",
    max_total: int | None = None,
) -> Iterator[Line]:
    """Each non-blank line of a JSON Lines file (gzipped when the name ends in .gz).

    Bad lines come back with a `problem` (the caller decides: skip or stop); a file that
    cannot be read at all raises InputFileError. Memory stays within `max_line` bytes
    whatever the file: a longer line is skipped in pieces. `what` completes the message
    for such a line (`a conversation is graded`). With `max_total`, reading stops with an
    InputFileError once that many bytes are read (inflated, for .gz): a reader that keeps
    every record must stop before a 33 MB .gz that inflates to 7 GB fills the memory.
    """
    with open_binary(path, fix) as raw:
        gz = path.suffix == ".gz"
        handle: BinaryIO = gzip.GzipFile(fileobj=raw) if gz else raw  # type: ignore[assignment]
        try:
            lines = _lines(handle, max_line, what)
            if max_total is None:
                yield from lines
                return
            for line in lines:
                if handle.tell() > max_total:
                    inflated = " once inflated" if gz else ""
                    raise InputFileError(
                        f"{path}: more than {_mb(max_total)}{inflated} (line {line.number:,}); "
                        f"convsim reads up to {_mb(max_total)} here; give a sample of it"
                    )
                yield line
        except (OSError, EOFError, zlib.error) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise InputFileError(f"{path}: cannot read ({reason}); {fix}") from None


def check_extent(
    path: Path, fix: str, max_total: int, max_lines: int | None = None, lines_fix: str = ""
) -> None:
    """Read a JSON Lines file (gzipped when the name ends in .gz) through once, keeping
    nothing, and raise InputFileError when it holds more than `max_total` bytes (inflated,
    for .gz) or more than `max_lines` lines. For a reader that keeps every record, or works
    on each for a while: it refuses such a file before the first record, in flat memory
    (a 6 MB .gz of 9.4 M short lines reached a 1 M-line cap only after keeping 800 MB of
    records; a grade of a bomb would have graded for hours before its cap)."""
    gz = path.suffix == ".gz"
    total = lines = 0
    with open_binary(path, fix) as raw:
        handle: BinaryIO = gzip.GzipFile(fileobj=raw) if gz else raw  # type: ignore[assignment]
        try:
            while chunk := handle.read(1 << 20):
                before, total = total, total + len(chunk)
                if total > max_total:
                    line = lines + chunk.count(b"\n", 0, max_total - before) + 1
                    inflated = " once inflated" if gz else ""
                    raise InputFileError(
                        f"{path}: more than {_mb(max_total)}{inflated} (line {line:,}); "
                        f"convsim reads up to {_mb(max_total)} here; give a sample of it"
                    )
                lines += chunk.count(b"\n")
                if max_lines is not None and lines > max_lines:
                    raise InputFileError(f"{path}: more than {max_lines:,} lines; {lines_fix}")
        except (OSError, EOFError, zlib.error) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise InputFileError(f"{path}: cannot read ({reason}); {fix}") from None


def _lines(handle: BinaryIO, max_line: int, what: str) -> Iterator[Line]:
    number = 0
    while chunk := handle.readline(max_line + 1):
        number += 1
        if number == 1:
            if chunk.startswith(UTF16_BOMS):
                yield Line(number, problem="UTF-16 text; save the file as UTF-8")
                return
            chunk = chunk.removeprefix(UTF8_BOM)
        if len(chunk) > max_line and not chunk.endswith(b"\n"):
            size = len(chunk)
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                size += len(rest)
            size += len(rest)
            shown = _mb(size)
            if shown == _mb(max_line):  # '5 MB on one line; ... up to 5 MB' read as no fault
                shown = f"{size / 1e6:.2f} MB"
            yield Line(number, problem=f"{shown} on one line; {what} up to {_mb(max_line)} "
                       "(split the log)")  # fmt: skip
            continue
        if not chunk.strip():
            continue
        try:
            yield Line(number, parse(chunk.rstrip(b"\r\n")))
        except JSONValueError as exc:
            yield Line(
                number, problem=f"{exc}; give one JSON object per line" if exc.syntax else str(exc)
            )


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1_000_000 else f"{n:,} bytes"


def first_problem(lines: Iterator[Line], where: str) -> Iterator[tuple[int, Any]]:
    """(number, value) for each line, stopping at the first bad one with a JSONValueError
    `WHERE:LINE: problem` (for readers that take a file whole or not at all)."""
    for line in lines:
        if line.problem is not None:
            raise JSONValueError(f"{where}:{line.number}: {line.problem}", line.number)
        yield line.number, line.value


__all__ = [
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "InputFileError",
    "JSONValueError",
    "Line",
    "check_extent",
    "first_problem",
    "load",
    "parse",
    "read_lines",
]
