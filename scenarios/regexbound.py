"""An upper bound on the work one search of a user's pattern can do, read from its shape.

`scenarios.userregex.search` bounds every search with the `regex` package's `timeout`. That
timeout reads the process CPU clock (`CLOCK_PROCESS_CPUTIME_ID`) at the start and end of each
search: two system calls, several microseconds, most of a short search's cost, and on a
loaded machine a point where the scheduler takes the core away. Most patterns users write
(`(?i)(cvv|security code)`, `^[0-9]{4}$`) cannot run long on the texts they are given: a
backtracking engine tries each start position, and at each it can follow only as many paths
as the pattern's alternatives, optional parts and bounded repeats allow. When that count,
times the steps along one path, times the start positions, stays under `BUDGET`, the search
is run without the timeout; it finds the same match, and it could not have run out.

Counted from the parse tree of the standard library's `re._parser` (the syntax the `regex`
package shares in its default version). Paths: a sequence multiplies its parts', an
alternation adds its branches', `x{m,n}` takes at most (n - m + 1) * paths(x)^n, and an
unbounded repeat of one character (`\\w+`, `.*`) chooses among len(text) + 1 counts; an
unbounded repeat of anything longer, a backreference, a lookaround or a conditional has no
bound here. Anything the two packages might read differently is not bounded either: a `{`
that is not a plain `{m,n}` (the `regex` package's fuzzy matching, `(?:x){e<=1}`, is read
by `re` as literal text), and any pattern `re` refuses. Unbounded patterns keep the timeout.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

_sre: Any
_c: Any
try:
    _sre = importlib.import_module("re._parser")
    _c = importlib.import_module("re._constants")
except ImportError:  # a future Python without the private parser: every search keeps its timeout
    _sre = _c = None

BUDGET = 1_000_000  # engine steps; a few milliseconds at most, far inside userregex's timeout
_CAP = 10**12  # counts past this are no bound worth keeping
# A `{` that is not a plain repeat count: literal text to `re`, maybe fuzzy matching to `regex`.
_OTHER_BRACE = re.compile(r"\{(?!\d*(?:,\d*)?\})")

Shape = tuple[int, int, int, int]
"""(paths, free, steps, steps per character): at most paths * (L + 1) ** free ways to match
from one start position in a text of L characters, each at most steps + that * L steps."""


def bounded(pattern: str, length: int) -> bool:
    """Whether any search of `pattern` in a text of `length` characters stays under BUDGET."""
    shape = _shape(pattern)
    if shape is None:
        return False
    paths, free, steps, per_char = shape
    starts = length + 1
    work = starts * paths * starts**free * (steps + per_char * length + 1)
    return work <= BUDGET


@lru_cache(maxsize=1024)
def _shape(pattern: str) -> Shape | None:
    if _sre is None or _OTHER_BRACE.search(pattern):
        return None
    try:
        tree = _sre.parse(pattern)
    except Exception:  # re refuses it: the regex package may read it otherwise
        return None
    return _sequence(list(tree))


def _sequence(items: Sequence[Any]) -> Shape | None:
    paths, free, steps, per_char = 1, 0, 0, 0
    for op, av in items:
        shape = _item(op, av)
        if shape is None:
            return None
        paths *= shape[0]
        free += shape[1]
        steps += shape[2]
        per_char += shape[3]
        if paths > _CAP or free > 8:
            return None
    return paths, free, steps, per_char


_ONE_CHAR = ("LITERAL", "NOT_LITERAL", "IN", "ANY")


def _item(op: Any, av: Any) -> Shape | None:
    name = str(op)
    if name in _ONE_CHAR:
        return 1, 0, 1, 0
    if name == "AT":
        return 1, 0, 1, 0
    if name == "SUBPATTERN":
        return _sequence(list(av[-1]))
    if name == "ATOMIC_GROUP":
        return _sequence(list(av))
    if name == "BRANCH":
        shapes = [_sequence(list(branch)) for branch in av[1]]
        if any(s is None for s in shapes):
            return None
        known = [s for s in shapes if s is not None]
        return (
            sum(s[0] for s in known),
            max(s[1] for s in known),
            max(s[2] for s in known),
            max(s[3] for s in known),
        )
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, body = av
        body = list(body)
        if high == _c.MAXREPEAT:
            if len(body) == 1 and str(body[0][0]) in _ONE_CHAR:
                return 1, 1, 0, 1  # how many characters it takes: one of L + 1 counts
            return None
        inner = _sequence(body)
        if inner is None or high > 1000:
            return None
        paths, free, steps, per_char = inner
        if max(paths, 1) ** high > _CAP:
            return None
        return (high - low + 1) * max(paths, 1) ** high, free * high, steps * high, per_char * high
    return None  # backreferences, lookarounds, conditionals: no bound here
