"""User errors: things the person running convsim got wrong and can fix.

A `UserError` carries the lines to print (usually one), each naming the file, field or flag
and the fix. The CLI prints them as `convsim: error: ...` and exits 2; nothing else in the
simulator prints for the user or decides exit codes.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Sequence


class UserError(Exception):
    def __init__(self, message: str | Sequence[str]) -> None:
        self.lines = [message] if isinstance(message, str) else list(message)
        super().__init__("\n".join(self.lines))


MAX_SEED = 2**63 - 1  # seeds are stored as SQLite integers (signed 64-bit)


def check_seed(seed: int) -> None:
    """The one range every command that takes --seed accepts, so `plan` and `personas` do
    not show what no `run` can make."""
    if not 0 <= seed <= MAX_SEED:
        raise UserError(f"--seed {seed}: give a seed between 0 and {MAX_SEED}")


# sqlite's names for "the disk said no" (not "this file is not a database"), and the ones
# of them that more space fixes
_DISK_SQLITE = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN")
_SPACE_SQLITE = ("SQLITE_FULL", "SQLITE_IOERR")
# another connection holds a lock SQLite waited out in vain (not convsim: its writers take a
# lock file first and are told apart as RunBusy)
_LOCKED_SQLITE = ("SQLITE_BUSY", "SQLITE_LOCKED")
LOCKED = (
    "run.db is locked by another program (a SQLite browser or shell with a transaction open?); "
    "close it"
)
_SPACE_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)


def disk_trouble(exc: BaseException) -> str | None:
    """'<reason>; <fix>' when `exc` or what it wraps (its cause, a task group's errors) is
    the filesystem refusing a write: a full disk, a file size limit, a read-only mount,
    a folder without permission; or another program's lock on run.db that SQLite waited out
    in vain (a browser or shell holding a write transaction open). The run's writers meet
    these in their own ways (an OSError, sqlite's "database or disk is full", a task group of
    both); the user's fix is the same whichever it was."""
    stack: list[BaseException] = [exc]
    for _ in range(100):
        if not stack:
            break
        seen = stack.pop()
        if isinstance(seen, BaseExceptionGroup):
            stack.extend(seen.exceptions)
            continue
        if isinstance(seen, OSError):
            return _with_fix(seen.strerror or str(seen), seen.errno in _SPACE_ERRNOS)
        if isinstance(seen, sqlite3.OperationalError):
            name = str(getattr(seen, "sqlite_errorname", ""))
            if name.startswith(_LOCKED_SQLITE):
                return f"{LOCKED} or choose another --out"
            if name.startswith(_DISK_SQLITE):
                return _with_fix(str(seen), name.startswith(_SPACE_SQLITE))
        follow = seen.__cause__ or seen.__context__
        if follow is not None:
            stack.append(follow)
    return None


def _with_fix(reason: str, space: bool) -> str:
    return f"{reason}; {'free space or ' if space else ''}choose another --out"
