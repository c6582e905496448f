"""The run directory: checking --out before anything is created, and writing its files.

Checks come first and touch nothing, so a refused run leaves the disk as it was. Files other
than run.db are derived from it and replaced atomically (temp file + os.replace): a reader,
or a crash, only ever sees the old file or the new one.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simulator.errors import UserError, disk_trouble
from simulator.store.atomic import alive, write_atomic
from simulator.store.rundb import RunBusy, RunStore, StoreError, lock_path

DB_NAME = "run.db"
TRANSCRIPTS_NAME = "transcripts.jsonl"
MANIFEST_NAME = "manifest.json"
# run.db is built under this name and renamed into place once its tables exist, so a crash
# in the first milliseconds leaves either no run.db or a whole one, never an empty file.
# Each process builds under its own name (`.run.db.new-PID`) and links it into place only if
# no run.db appeared meanwhile, so two commands started together cannot clobber each other.
NEW_DB_PREFIX = f".{DB_NAME}.new"
LOCK_NAME = lock_path(Path(DB_NAME)).name  # held by the process writing the run
RUN_FILES = (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", TRANSCRIPTS_NAME, MANIFEST_NAME)
_FIX = "use --force to start over or choose another --out"


def run_db(run_dir: Path) -> Path:
    """DIR/run.db, or a UserError saying DIR is not a run directory and how to make one."""
    db = run_dir / DB_NAME
    if db.is_dir():
        raise UserError(
            f"{db} is a folder, not a run database; move it away, or run convsim run --out "
            "DIR to make a run elsewhere"
        )
    if not db.is_file():
        raise UserError(
            f"{run_dir}: not a run directory (no {DB_NAME}); make one with convsim run --out DIR"
        )
    if _empty_file(db):  # left by a run killed as it started; a writer would fill it in
        raise UserError(
            f"{run_dir}: {DB_NAME} is empty (a run stopped as it started); run convsim run "
            "--out DIR again to make it"
        )
    return db


def describe_difference(out: Path, old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """One line naming the first setting that differs between a stored run and this one."""
    for key in sorted(set(old) | set(new)):
        before, now = old.get(key), new.get(key)
        if before == now:
            continue
        if key == "seed":
            what = f"--seed {before}, not --seed {now}"
        elif key == "scenarios":
            what = "different scenarios (a scenario file was added, removed or changed)"
        elif key == "edge_cases":
            what = "a different edge-case library"
        elif key == "worlds":
            what = "different domains (a domain file or its records changed)"
        elif key == "traits":
            what = "a different persona trait library"
        elif key == "engines":
            what = f"engines {_engines(before)}, not {_engines(now)}"
        else:
            what = f"a different {key} setting"
        return f"{out} holds a run made with {what}; {_FIX}"
    return None


def _engines(value: object) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
    return str(value)


def check_out(out: Path, settings: Mapping[str, Any], force: bool) -> bool:
    """Validate --out without writing; True when it holds a compatible run to resume."""
    try:
        out.exists()
    except OSError as exc:  # a name too long for the file system, and the like
        raise UserError(f"--out {out}: cannot be used ({exc.strerror or exc})") from exc
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out}: exists and is not a folder; give a folder path")
    if not out.exists():
        parent = out.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise UserError(f"--out {out}: cannot be created because {parent} is not a folder")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise UserError(f"--out {out}: cannot be created because {parent} is not writable")
        return False
    if not os.access(out, os.W_OK | os.X_OK):
        raise UserError(f"--out {out}: folder is not writable; choose another --out")
    if force:
        return False
    db = out / DB_NAME
    if not db.exists() or _empty_file(db):  # an empty run.db (an older crash) holds nothing
        stray = [name for name in (TRANSCRIPTS_NAME, MANIFEST_NAME) if (out / name).exists()]
        if stray:
            what = f"an empty {DB_NAME}" if db.exists() else f"no {DB_NAME}"
            raise UserError(f"--out {out}: has {stray[0]} but {what}; {_FIX}")
        others = sorted(p.name for p in out.iterdir() if not _run_file(p.name))
        if others:
            raise UserError(
                f"--out {out}: is a folder with other files ({others[0]}"
                f"{', ...' if len(others) > 1 else ''}) and no run; choose a new or empty "
                "folder, or add --force to write the run next to them"
            )
        return False
    try:
        with RunStore(db, readonly=True) as store:
            stored = store.run_config()
    except StoreError as exc:
        raise UserError(f"--out {out}: {exc}; {_FIX}") from exc
    if stored is None:  # created but killed before its config was written: nothing to keep
        return False
    difference = describe_difference(out, stored[2], settings)
    if difference:
        raise UserError(difference)
    return True


def _empty_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False


def _run_file(name: str) -> bool:
    return name in RUN_FILES or name.lstrip(".").startswith(NEW_DB_PREFIX[1:]) or name == LOCK_NAME


def prepare_out(out: Path, force: bool) -> None:
    """Create --out (or clear a run from it with --force) and its run.db, crash-safely: the
    database is made whole under another name, then linked into place. Only called once
    checks passed; refuses (RunBusy, as a UserError) while another process writes the run."""
    made = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        db = out / DB_NAME
        if force:
            if db.is_file():
                RunStore.check_idle(db)
            for path in out.iterdir():
                if _run_file(path.name) and path.name != LOCK_NAME:
                    path.unlink(missing_ok=True)
        _clear_stale_builds(out)
        if not db.exists() or _empty_file(db):
            _create_db(out, db)
    except RunBusy as exc:
        raise UserError(f"--out {out}: {_BUSY}") from exc
    except (OSError, StoreError) as exc:
        if made:  # a folder this command made, with nothing in it, is not left behind
            with contextlib.suppress(OSError):
                out.rmdir()
        why = disk_trouble(exc)
        if why is None:
            raise UserError(f"--out {out}: cannot write there ({exc})") from exc
        raise UserError(f"--out {out}: cannot write there: {why}") from exc


_BUSY = "another convsim process is writing this run; wait for it or choose another --out"


def _clear_stale_builds(out: Path) -> None:
    """Remove builds a crash interrupted, also one killed after linking its run.db in place
    but before removing its own name (then run.db exists and no new build is made)."""
    for path in out.glob(f"*{NEW_DB_PREFIX}-*"):
        pid = path.name.lstrip(".").removeprefix(f"{NEW_DB_PREFIX[1:]}-").split("-")[0]
        pid = pid.removesuffix(".lock")
        if not pid.isdigit() or not alive(int(pid)):
            path.unlink(missing_ok=True)


def _create_db(out: Path, db: Path) -> None:
    new = out / f"{NEW_DB_PREFIX}-{os.getpid()}"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{new}{suffix}").unlink(missing_ok=True)
    try:
        RunStore(new, scratch=True).close()  # every migration; WAL checkpointed, removed on close
        _check_built(new)
    except BaseException:  # a full disk, Ctrl-C: no half-built database left behind
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{new}{suffix}").unlink(missing_ok=True)
        lock_path(new).unlink(missing_ok=True)
        raise
    with new.open("rb") as f:
        os.fsync(f.fileno())
    try:
        if _empty_file(db):
            os.replace(new, db)
        else:
            os.link(new, db)  # fails if another process put its run.db in place first
    except FileExistsError:
        pass
    finally:
        new.unlink(missing_ok=True)
        lock_path(new).unlink(missing_ok=True)
    _fsync_dir(out)


def _check_built(new: Path) -> None:
    """Raise if closing the new database left its pages in the write-ahead log. On a full
    disk SQLite's closing checkpoint can fail without an error; the log keeps the build's
    name, so run.db linked into place would be half a database ("disk image is malformed"),
    and the re-run the error message advises could never finish (outsider 18)."""
    wal = Path(f"{new}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise OSError(
            errno.ENOSPC, "the new run.db could not be completed (its log was not written back)"
        )


def _fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_transcripts(store: RunStore, path: Path, n: int) -> None:
    """transcripts.jsonl from run.db: the first n conversations, in plan-index order."""
    write_atomic(path, (text + "\n" for text in store.iter_transcript_json(below=n)))


def write_manifest(path: Path, manifest: Mapping[str, Any]) -> None:
    write_atomic(path, [json.dumps(manifest, indent=2, sort_keys=True) + "\n"])


# manifest.json is derived from run.db and small (config, versions, timings, forks); a larger
# file is not one convsim wrote.
MANIFEST_LIMIT = 64 << 20


def read_manifest(run_dir: Path) -> dict[str, Any]:
    """DIR/manifest.json as convsim wrote it: an object whose `config` is an object, with
    `paths` a list of text and `edge_cases` text or absent. A missing, oversized, non-JSON
    or reshaped file reads as {"config": {}} (run.db is the source of truth; the manifest only says
    where the inputs were), so no reader trips on a value of the wrong type."""
    data: object = None
    try:
        with (run_dir / MANIFEST_NAME).open("rb") as handle:
            raw = handle.read(MANIFEST_LIMIT + 1)
        if len(raw) <= MANIFEST_LIMIT:
            data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        pass
    if not isinstance(data, dict):
        data = {}
    config = data.get("config")
    if not isinstance(config, dict):
        config = {}
    paths = config.get("paths")
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        config.pop("paths", None)
    if not isinstance(config.get("edge_cases"), str | None) or config.get("edge_cases") == "":
        config.pop("edge_cases", None)
    return {**data, "config": config}


def manifest_paths_problem(run_dir: Path) -> str | None:
    """Why DIR/manifest.json names no scenario paths, None when it does. Forks and replays
    read the run's scenarios back from those paths; a manifest that is gone or damaged is
    said to be so (outsider 20 #17: it was blamed on scenarios moved since the run)."""
    if "paths" in read_manifest(run_dir)["config"]:
        return None
    path = run_dir / MANIFEST_NAME
    state = "missing" if not path.exists() else "not as convsim wrote it (no config.paths)"
    return (
        f"{path}: {state}, and it is what says where the run's scenarios are; run the command "
        "that made the run again with the same --out (it resumes the run and writes "
        "manifest.json anew)"
    )


def check_not_run_file(out: Path, run_dir: Path) -> None:
    """A UserError when `out` is one of the run's own files (run.db, its WAL, transcripts,
    manifest): writing an export or report there would replace the run it is read from."""
    try:
        target = out.resolve()
        own = {(run_dir / name).resolve() for name in RUN_FILES}
    except OSError:
        return
    if target in own:
        raise UserError(
            f"--out {out}: is the run's own {target.name}; writing there would destroy the "
            "run; choose another --out"
        )
