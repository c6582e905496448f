"""Regular expressions users write in YAML (`support_says`, `support_avoids`, a tool
parameter's `pattern`): checked when linted, bounded when matched.

A pattern such as `(a+)+$` or `(\\w+\\s?)*!` backtracks exponentially: against a support
turn of forty letters, Python's `re` would run for hours and hang the run. Two guards:

- **at lint time**, `backtracking_problem` finds the shapes that cause it (a repeat inside a
  repeat with nothing between to tell the rounds apart; repeated alternatives that can match
  the same text) and names the fix. This reads the pattern's parse tree, deterministically:
  no timing, so the same file lints the same on any machine. It is a vetted-shape check, not
  a proof, so it cannot catch every slow pattern (polynomial ones such as `.*.*.*x` pass);
- **when matching**, `search` runs the `regex` package (the `re` syntax, plus a `timeout`)
  with `MATCH_SECONDS` per search. A search that runs out is `RegexTimeout`: the caller
  reports the check undecided or the value refused, never a pass.

The parse tree comes from the standard library's `re._parser`; should a Python version drop
it, the lint check finds nothing and the runtime bound still holds.
"""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import regex

from scenarios.regexbound import bounded

_sre: Any
_c: Any
try:
    _sre = importlib.import_module("re._parser")
    _c = importlib.import_module("re._constants")
except ImportError:  # a future Python without the private parser: no lint check, still bounded
    _sre = _c = None

MATCH_SECONDS = 0.5
# A plain int: `pattern.flags & regex.VERBOSE` is an enum operation run in Python code, and
# `search` runs for every support turn of every `support_says`/`support_avoids` criterion.
_VERBOSE = int(regex.VERBOSE)
# The characters a pattern element is tested against to tell whether two can match the same.
_PROBE = string.printable + "éß€"


class RegexTimeout(Exception):
    """A user's pattern ran past MATCH_SECONDS on one text."""


@lru_cache(maxsize=1024)
def compile_user(pattern: str, ignore_case: bool = True) -> regex.Pattern[str] | None:
    """The pattern compiled for bounded matching, or None when it does not compile."""
    try:
        return regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)
    except (regex.error, ValueError, OverflowError, RecursionError):
        return None


def search(pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    """pattern.search(text), or RegexTimeout after MATCH_SECONDS. A pattern whose shape
    bounds the search on a text this long (scenarios.regexbound) runs without the timeout,
    which costs two reads of the process CPU clock: it could not run out."""
    if not pattern.flags & _VERBOSE and bounded(pattern.pattern, len(text)):
        return pattern.search(text)
    try:
        return pattern.search(text, timeout=MATCH_SECONDS)
    except TimeoutError:
        raise RegexTimeout(pattern.pattern) from None


def pattern_problem(pattern: str) -> str | None:
    """Why a user's pattern is refused (it does not compile, or it can backtrack without end)."""
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        return f"invalid regular expression: {exc}"
    if compile_user(pattern) is None:
        return "invalid regular expression (not read the same by the matcher); simplify it"
    return backtracking_problem(pattern)


def backtracking_problem(pattern: str) -> str | None:
    """A message when the pattern has a shape known to backtrack exponentially, else None."""
    if _sre is None:
        return None
    try:
        tree = _sre.parse(pattern)
    except Exception:  # invalid patterns are reported by pattern_problem
        return None
    found = _walk(list(tree), False)
    if found is None:
        return None
    return (
        f"catastrophic backtracking: {found} can take hours on a long support turn; "
        "make the inner part possessive or atomic (a++, (?>...)) or match what separates "
        "the rounds"
    )


def _walk(items: Sequence[Any], repeated: bool) -> str | None:
    for op, av in items:
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            _low, high, body = av
            body = list(body)
            unbounded = high == _c.MAXREPEAT
            if unbounded and _nested_repeat(body):
                return "a repeat inside a repeat (like (a+)+)"
            if unbounded and _overlapping_branches(body):
                return "repeated alternatives that can match the same text (like (a|a)*)"
            found = _walk(body, repeated or unbounded)
        elif op == _c.SUBPATTERN:
            found = _walk(list(av[-1]), repeated)
        elif op == _c.BRANCH:
            found = next((f for b in av[1] if (f := _walk(list(b), repeated))), None)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            found = _walk(list(av[1]), repeated)
        else:  # atomic groups and possessive repeats do not backtrack; the rest are atoms
            found = None
        if found is not None:
            return found
    return None


def _flat(items: Sequence[Any]) -> list[Any]:
    """Items with plain groups opened up (a group is the same sequence for matching)."""
    out: list[Any] = []
    for op, av in items:
        if op == _c.SUBPATTERN:
            out.extend(_flat(list(av[-1])))
        else:
            out.append((op, av))
    return out


def _varies(op: Any, av: Any) -> bool:
    """An element that can match texts of different lengths (a+, a?, (b|))."""
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return bool(av[0] != av[1])
    return op == _c.BRANCH and any(not branch for branch in av[1])


def _nested_repeat(body: Sequence[Any]) -> bool:
    """An unbounded repeat's body holds parts of varying length, and every required element
    is something those parts can match too: the same text splits into rounds in
    exponentially many ways, and a failing match tries them all."""
    items = _flat(body)
    varying = [(op, av) for op, av in items if _varies(op, av)]
    if not varying:
        return any(op == _c.BRANCH and any(_nested_repeat(b) for b in av[1]) for op, av in items)
    if len(varying) == 1 and varying[0][0] == _c.BRANCH and len(items) == 1:
        return False  # (x|) alone: an empty round, which the engines stop on
    covered: set[str] = set()
    for op, av in varying:
        parts = av[1] if op == _c.BRANCH else [av[2]]
        for part in parts:
            covered |= _first_chars(list(part)) | _chars_of(list(part))
    for op, av in items:
        if _varies(op, av):
            continue
        if op == _c.AT:
            return False
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY) and not _chars([(op, av)]) <= covered:
            return False
        if op == _c.BRANCH and not _first_chars([(op, av)]) <= covered:
            return False
    return True


def _overlapping_branches(body: Sequence[Any]) -> bool:
    items = _flat(body)
    for op, av in items:
        if op == _c.BRANCH:
            firsts = [_first_chars(list(b)) for b in av[1] if b]
            for i, one in enumerate(firsts):
                if any(one & other for other in firsts[i + 1 :]):
                    return True
    return False


def _first_chars(items: Sequence[Any]) -> set[str]:
    """The probe characters the sequence can start with (empty when unknown or empty)."""
    flat = _flat(items)
    for i, (op, av) in enumerate(flat):
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            first = _first_chars(list(av[2]))
            if av[0] > 0:
                return first
            return first | _first_chars(flat[i + 1 :])
        if op == _c.BRANCH:
            return set().union(*(_first_chars(list(b)) for b in av[1]))
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY):
            return _chars([(op, av)])
        if op == _c.AT:
            continue
        return set()
    return set()


def _chars_of(items: Sequence[Any]) -> set[str]:
    return _chars(item for item in _flat(items) if item[0] != _c.BRANCH)


def _chars(items: Iterable[Any]) -> set[str]:
    """The probe characters any single-character element among `items` matches."""
    out: set[str] = set()
    for op, av in items:
        if op == _c.LITERAL:
            out.add(chr(av))
        elif op == _c.NOT_LITERAL:
            out |= {ch for ch in _PROBE if ord(ch) != av}
        elif op == _c.ANY:
            out |= set(_PROBE) - {"\n"}
        elif op == _c.IN:
            out |= _in_set(av)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            out |= _chars(_flat(list(av[2])))
    return out


_CATEGORIES = {
    "CATEGORY_DIGIT": str.isdigit,
    "CATEGORY_NOT_DIGIT": lambda ch: not ch.isdigit(),
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_NOT_SPACE": lambda ch: not ch.isspace(),
    "CATEGORY_WORD": lambda ch: ch.isalnum() or ch == "_",
    "CATEGORY_NOT_WORD": lambda ch: not (ch.isalnum() or ch == "_"),
}


def _in_set(members: Sequence[Any]) -> set[str]:
    negate = bool(members) and members[0][0] == _c.NEGATE
    hit: set[str] = set()
    for op, av in members:
        if op == _c.LITERAL:
            hit.add(chr(av))
        elif op == _c.RANGE:
            hit |= {ch for ch in _PROBE if av[0] <= ord(ch) <= av[1]}
        elif op == _c.CATEGORY:
            test = _CATEGORIES.get(str(av), lambda ch: True)
            hit |= {ch for ch in _PROBE if test(ch)}
    return set(_PROBE) - hit if negate else hit
