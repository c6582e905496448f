"""The workspace folder: every path a request names is resolved inside it or refused.

A request may name a file by a relative path only; `..`, absolute paths and symlinks that
lead out of the folder are refused the same way (`OutsideWorkspace`), so a crafted URL can
neither read nor write anything else on the machine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from scenarios import schema as schema_package
from scenarios.domains.loader import is_domain_file
from scenarios.loader import SUFFIXES
from simulator.store.atomic import temp_beside

__all__ = ["SCHEMAS_DIR", "OutsideWorkspace", "Workspace"]

_HEADER = "# yaml-language-server: $schema="
_SCHEMAS = Path(schema_package.__file__).resolve().parent
# Where the studio keeps a copy of the JSON Schemas for editors, inside the workspace.
SCHEMAS_DIR = "schemas"
# The longest file name and path most file systems take (Linux ext4, macOS APFS).
_NAME_MAX = 255
_PATH_MAX = 4000


class OutsideWorkspace(ValueError):
    """A requested path that is not inside the workspace."""


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def resolve(self, rel: str) -> Path:
        """The absolute path of `rel` inside the workspace; raises OutsideWorkspace."""
        if not rel or "\0" in rel or rel.startswith(("/", "\\")) or Path(rel).is_absolute():
            raise OutsideWorkspace(f"{rel!r}: give a path relative to the workspace")
        if any(part == ".." for part in Path(rel).parts):
            raise OutsideWorkspace(f"{rel!r}: '..' is not allowed")
        longest = max(len(os.fsencode(part)) for part in Path(rel).parts)
        # The file system refuses these (ENAMETOOLONG) at the first os.stat: said here.
        if longest > _NAME_MAX:
            raise ValueError(
                f"{rel[:40]!r}...: file name too long ({longest} bytes; a name may have at "
                f"most {_NAME_MAX}); give a shorter name"
            )
        if len(os.fsencode(rel)) > _PATH_MAX:
            raise ValueError(f"{rel[:40]!r}...: path too long; give a shorter path")
        path = (self.root / rel).resolve()  # follows symlinks: one pointing out is refused
        if path != self.root and self.root not in path.parents:
            raise OutsideWorkspace(f"{rel!r}: outside the workspace")
        return path

    def folder(self, rel: str) -> Path:
        """The folder `rel` inside the workspace, made when missing; raises OutsideWorkspace.
        The studio's own folders (`.studio`, `runs`) are held to the rule a request's path is:
        a `.studio` symlinked to a folder elsewhere (a cloned repository can carry one) would
        otherwise take the settings and every Try's scratch run out of the workspace."""
        path = self.resolve(rel)
        path.mkdir(parents=True, exist_ok=True)
        return self.resolve(rel)  # made meanwhile as a symlink out: refused all the same

    def rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def scenario_files(self) -> list[str]:
        """Scenario YAML files, skipping hidden folders, domain files and run folders."""
        found: list[str] = []
        for path in sorted(self.root.rglob("*")):
            parts = path.relative_to(self.root).parts
            if any(p.startswith(".") for p in parts) or "domains" in parts[:-1]:
                continue
            if path.suffix in SUFFIXES and path.is_file() and self._inside(path):
                found.append(self.rel(path))
        return found

    def domain_files(self) -> list[str]:
        """Domain files: YAML in a folder named `domains`, skipping hidden folders."""
        return [
            self.rel(path)
            for path in sorted(self.root.rglob("domains/*"))
            if is_domain_file(path)
            and path.is_file()
            and self._inside(path)
            and not any(p.startswith(".") for p in path.relative_to(self.root).parts)
        ]

    def run_dirs(self) -> Iterator[Path]:
        for path in sorted(self.root.rglob("transcripts.jsonl")):
            if self._inside(path) and not any(
                p.startswith(".") for p in path.relative_to(self.root).parts
            ):
                yield path.parent

    def _inside(self, path: Path) -> bool:
        real = path.resolve()
        return real == self.root or self.root in real.parents

    def schema_header(self, text: str, target: Path, schema: str) -> str:
        """`text` with its editor header pointing at a copy of the packaged `schema` in the
        workspace's schemas/ folder (refreshed here). A copied template's header is relative
        to the library folder, wrong anywhere else; a path to the installed package would be
        long and break when the package moves, so the copy sits beside the author's files:
        `../schemas/scenario.schema.json`."""
        first, newline, rest = text.partition("\n")
        if not first.startswith(_HEADER):
            return text
        copy = self.write_atomic(
            f"{SCHEMAS_DIR}/{schema}", (_SCHEMAS / schema).read_text(encoding="utf-8")
        )
        pointer = Path(os.path.relpath(copy, target.resolve().parent)).as_posix()
        return f"{_HEADER}{pointer}{newline}{rest}"

    def write_atomic(self, rel: str, text: str) -> Path:
        """Write `text` to a temp file beside the target, then rename it over the target:
        a crash or a full disk leaves the old file whole, never a half-written one. The file
        keeps its permissions, and a new one gets what any new file gets (the umask): the
        temp file's own 0600 surprised an author who shares the folder."""
        path = self.resolve(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Named with this process's id, as every convsim output is (simulator.store.atomic):
        # a killed studio's temp file is removed by the next write of that path, a live
        # writer's (another studio on the same folder) never. Created as open() creates a
        # file (0666 less the umask), where mkstemp gives 0600.
        tmp = temp_beside(path)
        fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                if path.exists():
                    os.chmod(handle.fileno(), path.stat().st_mode & 0o7777)
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path
