"""Output files written whole or not at all, and only at the path given.

Every file convsim writes for a user (`export`, `report`, `grade`, `--junit`, a run's own
transcripts.jsonl and manifest.json) goes through `write_atomic`: a temp file of its own
beside it, then a rename. Kept apart from the run directory's logic (`rundir`), which
re-exports these names.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from scenarios.inputfiles import kind
from simulator.errors import UserError


def alive(pid: int) -> bool:
    """Whether process `pid` exists (True when that cannot be told: what it left is kept)."""
    if os.name != "posix" or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True
    return True


class NotAFileError(OSError):
    """An output path that names something other than a regular file (see `landing`)."""


def landing(path: Path) -> Path:
    """Where an atomic write of `path` lands: `path` itself. A symbolic link is refused, not
    followed: an output goes only where the user named it (outsider18 #26: `--out x.jsonl`,
    a link to a decoy passwd file, replaced the file it pointed at; a dangling link became a
    regular file), and refusing says so where following would say nothing. A named pipe, a
    device or a terminal is refused too, as a file moved over it would replace it rather than
    write to it (`/dev/stdout` once became a regular file that way)."""
    if path.is_symlink():
        try:
            to = os.readlink(path)
        except OSError:
            to = "?"
        shown = to if to.isprintable() else repr(to)
        raise NotAFileError(
            errno.ELOOP,
            f"is a symbolic link (to {shown}); convsim writes only the path it is given, not "
            "through a link: give the file's own path, or remove the link",
        )
    try:
        mode = path.stat().st_mode
    except OSError:
        return path  # nothing there yet (the write itself reports what else it is)
    if not stat.S_ISREG(mode):
        what = kind(mode) or "is not a regular file"
        raise NotAFileError(errno.EINVAL, f"{what}; give a file path")
    return path


def check_out_file(out: Path, flag: str = "--out") -> None:
    """A UserError, before any work, when `out` is no place for an output file: a folder, a
    folder that does not exist, a symbolic link, a pipe or a device (`landing`)."""
    if out.is_dir() and not out.is_symlink():
        raise UserError(f"{flag} {out}: is a folder; give a file path")
    if not out.parent.is_dir():
        raise UserError(f"{flag} {out}: folder {out.parent} does not exist")
    try:
        landing(out)
    except NotAFileError as exc:
        raise UserError(f"{flag} {out}: {exc.strerror}") from None


def temp_beside(path: Path) -> Path:
    """A new, empty file next to `path` that no other writer uses, to move over it when done.
    A fixed name (`.out.jsonl.tmp`) let two exports to one target truncate each other's
    half-written file and lose one rename; a random part and O_EXCL make each write its own.
    Same folder, so the final `os.replace` is atomic; mode 0o666 under the umask, like a file
    opened for writing."""
    remove_stale_temps(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(tmp, flags, 0o666))
        except FileExistsError:
            continue
        return tmp


_TEMP_TAIL = re.compile(r"(\d+)\.[0-9a-f]{8}\.tmp")  # after `.NAME.`: pid, random part


def remove_stale_temps(path: Path) -> None:
    """Remove the temp files an earlier writer of `path` left when it was killed (SIGKILL, a
    timeout, a power cut: its `finally` never ran), so they do not pile up beside the output.
    Only those whose writer's process is gone: a live writer (another convsim writing the
    same path now) keeps its own."""
    prefix = f".{path.name}."
    try:
        entries = os.scandir(path.parent)
    except OSError:
        return
    with entries:
        for entry in entries:
            if not entry.name.startswith(prefix):
                continue
            found = _TEMP_TAIL.fullmatch(entry.name[len(prefix) :])
            if found is None or alive(int(found.group(1))):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)


def write_atomic(path: Path, chunks: Iterable[str]) -> None:
    """Write `path` whole or not at all: into a temp file of its own beside it, then a rename."""
    path = landing(path)
    tmp = temp_beside(path)
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
