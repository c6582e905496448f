"""Opening a file a user named, and saying plainly what it is when it is not a file.

A path on the command line can be anything: missing, a dangling link or a link loop, a
folder, a named pipe (FIFO), a socket, a device. Reading a FIFO blocks until someone writes
to it, perhaps forever; a device may never end. So files are opened without blocking
(`O_NONBLOCK`, which a FIFO honours at open time) and kept only when `fstat` says they are
regular; anything else is one line naming what the path is and what to give instead.

Here, below `simulator` and `agents`, because every layer reads files users hand it (a
domain's records, a log for `learn`, a JSONL for `grade`).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import tomllib
from pathlib import Path
from typing import Any, BinaryIO


class InputFileError(ValueError):
    """A path that cannot be read as a file; the message is `PATH: what it is; fix`."""


def missing(path: Path, fix: str) -> str:
    """Why `path` cannot be read, for a path that does not exist (a dangling link, too)."""
    if path.is_symlink():
        return f"{path}: a symbolic link to nothing (broken, or a loop); {fix}"
    return f"{path}: no such file or folder; {fix}"


def missing_file(path: Path, fix: str) -> str:
    """`missing` for a path that must be a file (not a folder)."""
    return missing(path, fix).replace(": no such file or folder;", ": no such file;", 1)


def kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    return "is not a regular file"


def what_it_is(path: Path) -> str:
    """`is a named pipe (FIFO), not a regular file` and the like, for a path known to exist
    and not to be a regular file."""
    try:
        return kind(path.stat().st_mode) or "is not a regular file"
    except OSError:
        return "is not a regular file"


def describe(path: Path, fix: str) -> str | None:
    """Why `path` is not a file to read (missing, a folder, a pipe ...), None when it is one.
    Never opens the path, so never blocks."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return _os_problem(path, exc, fix)
    what = kind(mode)
    return None if what is None else _joined(path, what, fix)


def open_binary(path: Path, fix: str) -> BinaryIO:
    """`path` opened for reading bytes, or an InputFileError saying what it is instead.

    Opened with O_NONBLOCK, then checked with fstat on the open descriptor (no race between
    the check and the read); a regular file gets blocking reads back.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputFileError(_os_problem(path, exc, fix)) from None
    try:
        what = kind(os.fstat(fd).st_mode)
        if what is not None:
            raise InputFileError(_joined(path, what, fix))
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path, fix: str, limit: int, what: str = "the file") -> bytes:
    """The whole of a regular file, refused past `limit` bytes (read at most limit + 1)."""
    with open_binary(path, fix) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InputFileError(
            f"{path}: more than {_size(limit)}; {what} is read up to {_size(limit)}"
        )
    return data


def _size(n: int) -> str:
    return f"{n / (1 << 20):g} MiB" if n >= 1 << 20 else f"{n:,} bytes"


def _joined(path: Path, what: str, fix: str) -> str:
    return f"{path}: {what}; {fix}"


def _os_problem(path: Path, exc: OSError, fix: str) -> str:
    if exc.errno == errno.ENOENT:
        return missing_file(path, fix)
    if exc.errno == errno.ELOOP:
        return f"{path}: a symbolic link to nothing (broken, or a loop); {fix}"
    if exc.errno == errno.ENOTDIR:
        return f"{path}: a part of the path is a file, not a folder; {fix}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{path}: permission denied; make it readable or {fix}"
    if exc.errno == errno.ENAMETOOLONG:
        return f"{path}: the name is too long; {fix}"
    return f"{path}: cannot read ({exc.strerror or exc}); {fix}"


MAX_TOML_BYTES = 1 << 20  # a config or a price table is a few kilobytes


def load_toml(path: Path, fix: str) -> dict[str, Any]:
    """A user's TOML file (`--config`, `--prices`), bounded and never blocking; every way it
    can be wrong is an InputFileError `PATH: what; fix`. tomllib recurses once per nesting
    level, so `a = [[[[...` 100,000 deep would be a RecursionError traceback."""
    data = read_bytes(path, fix, MAX_TOML_BYTES, "a TOML file")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputFileError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputFileError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise InputFileError(
            f"{path}: nested too deeply to read; write its tables and lists out flat"
        ) from None
