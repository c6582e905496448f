"""What one domain tool call may cost, and the SQL functions that could cost more in one step.

A domain file's SQL is data from anyone, and it runs inside the run (on the event loop for a
scripted, LLM or openai-kind support side). Every copy of a domain's records is a
`GuardedConnection` whose `CallGuard` bounds each call three ways:

- **steps**: SQLite virtual-machine steps, counted by a progress handler (deterministic): a
  recursive query that never ends is stopped at `MAX_STEPS`;
- **time**: `MAX_CALL_SECONDS` of the calling thread's CPU time (`MAX_WALL_SECONDS` of wall
  time where a thread's CPU clock cannot be read, and as a last resort), watched by one daemon
  thread that interrupts the statement: a step can be expensive (`hex(zeroblob(8000000))` per
  row is a few steps and 50 ms), so steps alone did not bound time; a safety net legitimate
  calls (milliseconds) never reach, counted in CPU time so a loaded machine does not reach it
  either;
- **one function call**: SQLite's built-ins that can run for minutes inside one step, where
  neither the progress handler nor an interrupt reaches, are replaced on these connections by
  versions that give the same answers in bounded time: `printf`/`format` (`'%.*c'` with a
  precision of 900,000,000 loops that many times although its result is refused as too big:
  9 s), and the scans that compare every position of one text with every position of another
  (`instr`, `replace`, two-argument `trim`/`ltrim`/`rtrim`: 17 s and more on 16 MB; `like`
  and `glob`: minutes). Text arguments take Python's linear-time paths; the rest, and
  `like`/`glob`, are handed to SQLite's own function on a side connection when their sizes'
  product is under `MAX_PAIR_COST`, and refused above it.

A call that goes past a bound is the tool's failure, not the agent's: `CallGuard.breach`
says which bound (the caller, scenarios.domains.runtime.DomainState.call, turns it into the
call's `Error:` result and the conversation's `domain_tool` infrastructure error).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = [
    "COPY_FULL",
    "MAX_CALL_SECONDS",
    "MAX_COPY_GROWTH",
    "MAX_PAIR_COST",
    "MAX_ROWS_WRITTEN",
    "MAX_STEPS",
    "MAX_VALUE_BYTES",
    "STEP_INTERVAL",
    "TOO_BIG",
    "CallGuard",
    "GuardedConnection",
    "guarded_connection",
]

STEP_INTERVAL = 1000  # steps between two looks at the budget
MAX_STEPS = 20_000_000  # about a second of CPU; lookups and writes take hundreds to thousands
MAX_VALUE_BYTES = 16 << 20  # one string or blob: zeroblob(400000000) made a 2 GB run
MAX_CALL_SECONDS = 2.0  # CPU time of the thread running the call
MAX_WALL_SECONDS = 30.0
MAX_PAIR_COST = 50_000_000  # len(a) * len(b) a quadratic built-in may be given (~0.1-0.5 s)
_POLL_SECONDS = 0.25
TOO_BIG = f"a value went over {MAX_VALUE_BYTES >> 20} MB (string or blob too big)"
# What one conversation's copy of the records may grow by, past the domain's own records
# (SQLite's max_page_count on the copy, so a write past it fails inside SQLite, before the
# memory is taken), and the rows one call's effects may change: a tool whose UPDATE has no
# WHERE rewrote every row of a 150,000-row table and a 4-conversation run took 2.9 GB (each
# copy, then the end state read back from it, held every rewritten row).
MAX_COPY_GROWTH = 64 << 20
MAX_ROWS_WRITTEN = 10_000
COPY_FULL = (
    f"its writes would grow the conversation's copy of the records by more than "
    f"{MAX_COPY_GROWTH >> 20} MB (an effect that rewrites or adds too much, such as an UPDATE "
    "without a WHERE)"
)


class Breach(Exception):
    """Raised inside a replaced function when the call would go past a bound."""


class CallGuard:
    """One connection's bounds for the tool call running on it (calls on one connection are
    serialised by its desk)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.looks = 0
        self.breach: str | None = None  # which bound the running call went past
        self.started = 0.0
        self.clock: int | None = None  # the calling thread's CPU clock
        self.cpu_started = 0.0
        self.active = False
        self.timed_out = ""  # the time bound it ran past, once the watchdog stopped it

    def begin(self) -> None:
        self.looks, self.breach, self.timed_out = 0, None, ""
        self.conn.set_progress_handler(self.progress, STEP_INTERVAL)
        _WATCHDOG.watch(self)

    def end(self) -> None:
        _WATCHDOG.forget(self)
        self.conn.set_progress_handler(None, 0)
        if self.timed_out and self.breach is None:
            self.breach = f"it ran past {self.timed_out}"

    def progress(self) -> int:
        """The progress handler: non-zero stops the statement ("interrupted")."""
        self.looks += 1
        if self.timed_out:
            return 1
        if self.looks * STEP_INTERVAL > MAX_STEPS:
            self.breach = self.breach or (
                f"its SQL ran past {MAX_STEPS:,} steps (a query that never ends or reads too much)"
            )
            return 1
        return 0

    def refuse(self, reason: str) -> None:
        """Note a breach found outside SQLite (a result too large, a blob); the first wins."""
        self.breach = self.breach or reason


class _Watchdog:
    """One daemon thread interrupting the calls that run past MAX_CALL_SECONDS. It polls
    (never woken per call: a call costs two set operations under a lock) and interrupts
    again at each poll until the call ends, since an interrupt that lands between two
    statements is cleared when the next one starts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[CallGuard] = set()
        self._thread: threading.Thread | None = None

    def watch(self, guard: CallGuard) -> None:
        guard.started = time.monotonic()
        try:
            guard.clock = time.pthread_getcpuclockid(threading.get_ident())
            guard.cpu_started = time.clock_gettime(guard.clock)
        except (AttributeError, OSError):  # no per-thread CPU clock here: wall time only
            guard.clock = None
        with self._lock:
            guard.active = True
            self._running.add(guard)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="convsim-tool-watchdog", daemon=True
                )
                self._thread.start()

    def forget(self, guard: CallGuard) -> None:
        with self._lock:  # after this, no interrupt for this call can arrive
            guard.active = False
            self._running.discard(guard)

    def _loop(self) -> None:
        while True:
            time.sleep(_POLL_SECONDS)
            now = time.monotonic()
            with self._lock:
                for guard in self._running:
                    spent = _spent(guard, now) if guard.active else ""
                    if spent:
                        guard.timed_out = spent
                        guard.conn.interrupt()


def _spent(guard: CallGuard, now: float) -> str:
    """The time bound the guarded call has run past, or ""."""
    wall = now - guard.started
    if wall > MAX_WALL_SECONDS or (guard.clock is None and wall > MAX_CALL_SECONDS):
        limit = MAX_WALL_SECONDS if guard.clock is not None else MAX_CALL_SECONDS
        return f"{limit:g} s"
    if guard.clock is None:
        return ""
    try:
        cpu = time.clock_gettime(guard.clock) - guard.cpu_started
    except OSError:  # the thread has gone
        return ""
    return f"{MAX_CALL_SECONDS:g} s of CPU time" if cpu > MAX_CALL_SECONDS else ""


_WATCHDOG = _Watchdog()


class GuardedConnection(sqlite3.Connection):
    """A connection to a copy of a domain's records, with its call guard."""

    guard: CallGuard


def guarded_connection() -> GuardedConnection:
    """A new in-memory connection with its guard, its value limit and the bounded functions."""
    conn = sqlite3.connect(":memory:", check_same_thread=False, factory=GuardedConnection)
    assert isinstance(conn, GuardedConnection)
    conn.guard = CallGuard(conn)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    _install(conn, conn.guard)
    return conn


# --- SQLite's own functions, on a connection that has no replacements ---

_SIDE_LOCK = threading.Lock()
_SIDE: sqlite3.Connection | None = None


def _builtin(sql: str, args: tuple[Any, ...]) -> Any:
    """`SELECT <sql>` on a plain connection: the built-in function's exact answer."""
    global _SIDE
    with _SIDE_LOCK:
        if _SIDE is None:
            _SIDE = sqlite3.connect(":memory:", check_same_thread=False)
            _SIDE.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        return _SIDE.execute("SELECT " + sql, args).fetchone()[0]


def _size(value: Any) -> int:
    if isinstance(value, str | bytes):
        return len(value)
    return 0 if value is None else 32  # a number's text


def _as_text(value: Any) -> str | None:
    """A value as SQLite reads it as text, for the linear Python paths; None when only
    SQLite can say (a blob that is not UTF-8)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int):
        return str(int(value))
    if isinstance(value, float):
        text = _builtin("CAST(? AS TEXT)", (value,))
        return text if isinstance(text, str) else None
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def _pair(guard: CallGuard, name: str, sql: str, args: tuple[Any, ...], a: Any, b: Any) -> Any:
    """SQLite's own `name` when |a| x |b| is small enough, else a breach."""
    cost = _size(a) * _size(b)
    if cost > MAX_PAIR_COST:
        guard.refuse(
            f"{name}() was given {_size(a):,} and {_size(b):,} characters to compare "
            f"(over {MAX_PAIR_COST:,} position pairs): bound the text the tool passes it"
        )
        raise Breach(name)
    return _builtin(sql, args)


def _check(guard: CallGuard) -> None:
    if guard.timed_out:
        raise Breach("time")


def _install(conn: sqlite3.Connection, guard: CallGuard) -> None:
    def instr(x: Any, y: Any) -> Any:
        _check(guard)
        if x is None or y is None:
            return None
        if isinstance(x, bytes) and isinstance(y, bytes):
            return x.find(y) + 1
        tx, ty = _as_text(x), _as_text(y)
        if tx is None or ty is None or isinstance(x, bytes) != isinstance(y, bytes):
            return _pair(guard, "instr", "instr(?, ?)", (x, y), x, y)
        return tx.find(ty) + 1

    def replace(x: Any, y: Any, z: Any) -> Any:
        _check(guard)
        if x is None or y is None:
            return None
        if isinstance(y, str | bytes) and y[:1] in ("", "\0", b"", b"\0"):
            # an empty pattern: SQLite returns the first argument (read as text); cheap
            return _builtin("replace(?, ?, ?)", (x, y, z))
        if z is None:
            return None
        tx, ty, tz = _as_text(x), _as_text(y), _as_text(z)
        if tx is None or ty is None or tz is None:
            return _pair(guard, "replace", "replace(?, ?, ?)", (x, y, z), x, y)
        grown = len(tx) + tx.count(ty) * (len(tz) - len(ty))
        if grown > MAX_VALUE_BYTES:  # SQLite refuses it as too big: never built here
            guard.refuse(TOO_BIG)
            raise Breach("replace")
        return tx.replace(ty, tz)

    def trim(side: str) -> Callable[[Any, Any], Any]:
        def run(x: Any, y: Any) -> Any:
            _check(guard)
            if x is None or y is None:
                return None
            tx, ty = _as_text(x), _as_text(y)
            if tx is None or ty is None:
                return _pair(guard, f"{side}trim", f"{side}trim(?, ?)", (x, y), x, y)
            # SQLite reads the characters to trim up to the first NUL
            chars = "".join(dict.fromkeys(ty.split("\0", 1)[0]))
            if len(chars) <= 64:  # str.strip is C, linear in len(x) x len(chars)
                if side == "l":
                    return tx.lstrip(chars)
                return tx.rstrip(chars) if side == "r" else tx.strip(chars)
            drop = frozenset(chars)
            start, stop = 0, len(tx)
            if side in ("l", ""):
                while start < stop and tx[start] in drop:
                    start += 1
            if side in ("r", ""):
                while stop > start and tx[stop - 1] in drop:
                    stop -= 1
            return tx[start:stop]

        return run

    def like(pattern: Any, text: Any, escape: Any = None) -> Any:
        _check(guard)
        if escape is None:
            return _pair(guard, "like", "like(?, ?)", (pattern, text), pattern, text)
        return _pair(guard, "like", "like(?, ?, ?)", (pattern, text, escape), pattern, text)

    def glob(pattern: Any, text: Any) -> Any:
        _check(guard)
        return _pair(guard, "glob", "glob(?, ?)", (pattern, text), pattern, text)

    def printf(*args: Any) -> Any:
        _check(guard)
        if args and isinstance(args[0], str) and _repeats(args) > MAX_VALUE_BYTES:
            return None  # SQLite's answer for a result over the limit, without its loop
        marks = ", ".join("?" for _ in args)
        return _builtin(f"printf({marks})", args)

    deterministic = {"deterministic": True}
    conn.create_function("instr", 2, instr, **deterministic)
    conn.create_function("replace", 3, replace, **deterministic)
    for side in ("", "l", "r"):
        conn.create_function(f"{side}trim", 2, trim(side), **deterministic)
    conn.create_function("like", 2, like, **deterministic)
    conn.create_function("like", 3, like, **deterministic)
    conn.create_function("glob", 2, glob, **deterministic)
    conn.create_function("printf", -1, printf, **deterministic)
    conn.create_function("format", -1, printf, **deterministic)


# One printf conversion: flags, width (* or digits), precision (. then * or digits), the
# length modifiers SQLite skips, the conversion character (SQLite 3.40's printf.c).
_SPEC = re.compile(r"%([-+ 0#!,]*)(\*|[0-9]*)(?:\.(\*|[0-9]*))?(l{0,2})(.?)", re.DOTALL)
_TAKES_ARG = set("dsgzqQwcouxXfeEGipr")  # conversions that read an argument
_NO_ARG = set("%n")  # valid, and read none; any other character ends the formatting


def _repeats(args: tuple[Any, ...]) -> int:
    """Characters that `%c` conversions with a precision repeat (SQLite's printf writes the
    character that many times, one append each, even once the result is too big): a lower
    bound of the result's length."""
    fmt, rest = args[0], list(args[1:])
    total = 0

    def take() -> Any:
        return rest.pop(0) if rest else None

    for m in _SPEC.finditer(fmt):
        width, precision, kind = m.group(2), m.group(3), m.group(5)
        if width == "*":
            take()
        p = _star(_int_arg(take())) if precision == "*" else _digits(precision or "")
        if kind in _NO_ARG:
            continue
        if kind not in _TAKES_ARG:
            break  # SQLite stops formatting here (and at the end of the text)
        take()
        if kind == "c":
            total += p
    return total


def _star(number: int) -> int:
    """A negative `*` precision as SQLite takes it: its opposite (-1 for the smallest int)."""
    return number if number >= 0 else -number if number >= -2147483647 else -1


def _digits(text: str) -> int:
    """Precision digits as SQLite reads them: an unsigned 32-bit number, top bit cleared."""
    number = 0
    for ch in text:
        number = (number * 10 + ord(ch) - 48) & 0xFFFFFFFF
    return number & 0x7FFFFFFF


def _int_arg(value: Any) -> int:
    """A `*` argument as SQLite's printf reads it: a 64-bit integer cut to a C int."""
    if isinstance(value, bool | int):
        number = int(value)
    elif value is None:
        number = 0
    else:
        found = _builtin("CAST(? AS INTEGER)", (value,))
        number = found if isinstance(found, int) else 0
    number = ((number + (1 << 63)) % (1 << 64)) - (1 << 63)
    return ((number + (1 << 31)) % (1 << 32)) - (1 << 31)
