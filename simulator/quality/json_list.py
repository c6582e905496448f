"""One JSON list read element by element, in memory bounded by the largest element.

tau-bench writes its results as a single indented JSON list; a sweep over many models and
trials makes files of hundreds of megabytes, and reading one whole (then holding every parsed
conversation) is what made grading such a file run out of memory. The list is decoded one
element at a time from a text buffer that is refilled as needed and trimmed after each
element; each element's text is then parsed by `scenarios.jsondata.parse`, so its limits and
messages are the same as for a JSON Lines record.

A list that breaks off (bad JSON, an element past the size limit) cannot be split further:
the element is reported and the rest of the file is not read.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import BinaryIO

from scenarios import jsondata

CHUNK = 1 << 20
_BOUNDARY = json.JSONDecoder()  # only finds where an element ends; jsondata parses it


class _Buffer:
    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        # bytes that are not UTF-8 become lone surrogates, found per element (`_not_utf8`)
        self.decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.text = ""
        self.pos = 0
        self.eof = False

    def fill(self, size: int = CHUNK) -> bool:
        """Read about `size` more bytes; False at the end of the file."""
        if self.eof:
            return False
        data = self.handle.read(size)
        self.eof = not data
        self.text += self.decoder.decode(data, final=self.eof)
        return not self.eof

    def skip_space(self) -> str:
        """The next character that is not whitespace ('' at the end of the file)."""
        while True:
            rest = self.text[self.pos :].lstrip()
            self.pos = len(self.text) - len(rest)
            if rest:
                return rest[0]
            if not self.fill():
                return ""

    def trim(self) -> None:
        self.text, self.pos = self.text[self.pos :], 0


def iter_list(handle: BinaryIO, max_item: int) -> Iterator[tuple[int, object, str | None]]:
    """(index, value, None) per element, or (index, None, problem) for one that cannot be
    read, after which nothing more is read. The handle is positioned at the start."""
    buf = _Buffer(handle)
    buf.fill()
    buf.text = buf.text.removeprefix("\ufeff")
    if buf.skip_space() != "[":
        yield 0, None, "expected a JSON list"
        return
    buf.pos += 1
    index = 0
    if buf.skip_space() == "]":
        buf.pos += 1
        yield from _after_end(buf, index)
        return
    while True:
        buf.trim()
        span = _element(buf, max_item)
        if isinstance(span, str):
            yield index, None, span
            return
        text = buf.text[:span]
        if (bad := _not_utf8(text)) is not None:
            yield index, None, bad
        else:
            try:
                yield index, jsondata.parse(text), None
            except jsondata.JSONValueError as exc:
                yield index, None, str(exc)
        buf.pos = span
        index += 1
        mark = buf.skip_space()
        if mark == "]":
            buf.pos += 1
            yield from _after_end(buf, index)
            return
        if mark != ",":
            found = f"'{mark}'" if mark else "the end of the file"
            if _not_utf8(mark) is not None:
                found = "a byte that is not UTF-8 text"
            yield index, None, f"expected ',' or ']' after element {index - 1}, found {found}"
            return
        buf.pos += 1
        buf.skip_space()


def _not_utf8(text: str) -> str | None:
    """What is wrong when the element held bytes that are not UTF-8 (decoded as lone
    surrogates): that element is skipped, like such a line of a JSON Lines file."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeDecodeError as exc:
            return f"not UTF-8 text ({exc.reason}); save the file as UTF-8"
        return "not UTF-8 text; save the file as UTF-8"
    return None


def _element(buf: _Buffer, max_item: int) -> int | str:
    """Where the element at the start of the buffer ends, or what is wrong with it."""
    size = CHUNK
    while True:
        try:
            _, end = _BOUNDARY.raw_decode(buf.text)
        except json.JSONDecodeError as exc:
            if len(buf.text) > max_item:
                return (
                    f"{len(buf.text) / 1e6:.0f} million characters or more; a conversation "
                    f"is graded up to {max_item // 1_000_000} MB (split the file)"
                )
            if buf.fill(size):
                size = min(size * 2, max_item)
                continue
            return f"not valid JSON ({exc.msg} at line {exc.lineno} of this element)"
        except (ValueError, RecursionError):  # too deep, a huge number: jsondata says which
            try:
                jsondata.parse(buf.text)
            except jsondata.JSONValueError as exc:
                return str(exc)
            return "not readable JSON; the rest of the list is not read"
        if end == len(buf.text) and buf.fill(size):
            continue  # a number could go on in the next chunk
        if end > max_item:
            return f"an element of more than {max_item // 1_000_000} MB; split the file"
        return end


def _after_end(buf: _Buffer, count: int) -> Iterator[tuple[int, object, str | None]]:
    if buf.skip_space():
        yield count, None, "text after the end of the list; give one JSON list"
