"""Load domain files into `Domain`s, and find the domain a scenario's `world` names.

A domain file is checked like a scenario: YAML, the schema (`scenarios.domains.spec`), then
its tables and tools against each other, every problem as `file:line: field: message`. The
template database is built once per file and process (`load_domain` caches by path and
modification time), so every conversation, the plan worker and the critic share one
loaded copy per process and each conversation gets its own copy of the records.

Where `world: NAME` is looked for: `domains/NAME.yaml` in the scenario file's folder or the
nearest folder above it that has one (so `my-scenarios/domains/` serves every scenario
under `my-scenarios/`), else the built-in library's `scenarios/library/domains/`.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenarios.domains.runtime import Domain
from scenarios.domains.spec import DomainFile
from scenarios.domains.tables import build_tables
from scenarios.domains.tools import build_tools
from scenarios.model import Scenario
from scenarios.schema.problems import Problem, ScenarioError
from scenarios.schema.source import Source, read_yaml
from scenarios.schema.validate import validate

__all__ = [
    "DOMAINS_FOLDER",
    "MAX_DOMAIN_FILE_BYTES",
    "LoadedDomain",
    "builtin_domains",
    "domain_for",
    "domain_names",
    "find_domain_file",
    "is_domain_file",
    "load_domain",
    "pinned_domains",
    "read_domain",
    "world_digests",
]

DOMAINS_FOLDER = "domains"
SUFFIXES = (".yaml", ".yml")
MAX_DOMAIN_FILE_BYTES = 4 * 1024 * 1024
SCHEMA_KEY = "$schema"


@dataclass
class LoadedDomain(Domain):
    """A Domain read from a file: also its path and declared column types."""

    path: Path | None = None
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    digest: str = ""  # of the file and its data files: what a run's fingerprint records
    # table -> column -> stored value -> language -> how it reads (the tables' `display`)
    display: dict[str, dict[str, dict[str, dict[str, str]]]] = field(default_factory=dict)
    _rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)
    # Derived lookups other modules build once per domain (records.py: values as text and
    # indexes for drawing variables); the template never changes, so they never go stale.
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def said_in(self, table: str, column: str, value: str, language: str) -> str | None:
        """How a record's value reads in `language`, when the domain gives it: the stored
        value stays what tools and checks see, the conversation says this one."""
        return self.display.get(table, {}).get(column, {}).get(value, {}).get(language)

    def rows(self, table: str) -> list[dict[str, Any]]:
        """The template's records of `table` in key order (read once; the template never
        changes), for drawing scenario variables from records."""
        if table not in self._rows:
            cur = self.template.execute(f'SELECT * FROM "{table}" ORDER BY "{self.tables[table]}"')
            names = [d[0] for d in cur.description]
            # A boolean column is stored 0/1: read back as true/false, as tools show it, so
            # a variable drawn from it is `true`/`false` and `eq: true` matches it.
            flags = {c for c, kind in self.columns.get(table, {}).items() if kind == "boolean"}
            self._rows[table] = [
                {
                    k: bool(v) if k in flags and isinstance(v, int) else v
                    for k, v in zip(names, row, strict=True)
                }
                for row in cur
            ]
        return self._rows[table]


def builtin_domains() -> Path:
    """The folder of packaged domains."""
    return Path(__file__).resolve().parent.parent / "library" / DOMAINS_FOLDER


def is_domain_file(path: Path) -> bool:
    """Domain files live in a folder named `domains`; everything else is a scenario."""
    return path.parent.name == DOMAINS_FOLDER and path.suffix in SUFFIXES


def check_domain(src: Source, base: Path) -> tuple[LoadedDomain | None, list[Problem]]:
    """Validate one parsed domain file and build it; `base` is where its data files are."""
    if not isinstance(src.data, dict):
        got = "nothing" if src.data is None else "a list or a single value"
        return None, [Problem(src.file, 1, "", f"expected a mapping of domain keys, got {got}")]
    data = {k: v for k, v in src.data.items() if k != SCHEMA_KEY}
    spec, problems = validate(DomainFile, src, data)
    if spec is None:
        return None, sorted(problems, key=lambda p: p.line)
    stem = Path(src.file).stem
    if spec.name != stem:
        message = f"'{spec.name}' must be the file's name ({stem}): scenarios find it by file"
        problems.append(src.problem(("name",), message))
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    loaded, found = build_tables(src, spec.tables, base, conn)
    problems += found
    tools, found = build_tools(src, spec.tools, conn, loaded.columns)
    problems += found
    if problems:
        conn.close()
        return None, sorted(problems, key=lambda p: (p.file != src.file, p.file, p.line))
    domain = LoadedDomain(
        name=spec.name,
        tables=loaded.keys,
        template=conn,
        tools=tools,
        description=spec.description,
        path=Path(src.file),
        columns=loaded.columns,
        digest=_digest(Path(src.file), spec, base),
        display={name: table.display for name, table in spec.tables.items() if table.display},
    )
    return domain, []


def _digest(path: Path, spec: DomainFile, base: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(path.read_bytes())
    for table in spec.tables.values():
        for ref in (table.records, table.documents):
            if isinstance(ref, str):
                data = (base / ref).read_bytes()
                _DATA_FILES[base / ref] = len(data)
                digest.update(b"\0" + data)
    return digest.hexdigest()


_DATA_FILES: dict[Path, int] = {}  # the data files of the domains built, with their sizes


def largest_data_file() -> tuple[Path, int] | None:
    """The largest records or documents file of the domains this process built, and its size:
    what an out-of-memory error names (a domain's records are the one input whose size the
    memory follows)."""
    if not _DATA_FILES:
        return None
    return max(_DATA_FILES.items(), key=lambda item: item[1])


# path -> (its stamp and its data files' stamps, domain, problems, the data files read)
_CACHE: dict[Path, tuple[tuple[Any, ...], LoadedDomain | None, list[Problem], list[Path]]] = {}
_LOCK = threading.Lock()


_RESOLVED: dict[Path, Path] = {}


def read_domain(path: Path) -> tuple[LoadedDomain | None, list[Problem]]:
    """The domain in `path` and its problems; built once per process while the file is
    unchanged (by modification time and size)."""
    try:
        stat = path.stat()
    except OSError as e:
        return None, [Problem(str(path), 0, "", f"cannot read: {e.strerror or e}")]
    stamp = (stat.st_mtime_ns, stat.st_size)
    key = _RESOLVED.get(path)
    if key is None:  # a system call per path part: once per absolute path (a relative one
        key = path.resolve()  # depends on the working directory)
        if path.is_absolute():
            _RESOLVED[path] = key
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == (stamp, *_stamps(cached[3])):
            return cached[1], cached[2]
        data_files: list[Path] = []
        if stat.st_size > MAX_DOMAIN_FILE_BYTES:
            limit = MAX_DOMAIN_FILE_BYTES // (1024 * 1024)
            message = f"{stat.st_size} bytes is more than the {limit} MiB limit for a domain file"
            result: tuple[LoadedDomain | None, list[Problem]] = (
                None,
                [Problem(str(path), 0, "", message + "; put records in a .json/.jsonl file")],
            )
        else:
            src = read_yaml(path, str(path))
            data_files = _data_files(src.data, path.parent)
            result = (None, src.problems) if src.problems else check_domain(src, path.parent)
        _CACHE[key] = ((stamp, *_stamps(data_files)), *result, data_files)
        return result


def _data_files(data: Any, base: Path) -> list[Path]:
    """The records and documents files a domain file names: an edit to one of them rebuilds
    the domain as an edit to the domain file does (a long-lived studio showed old rows)."""
    tables = data.get("tables") if isinstance(data, dict) else None
    if not isinstance(tables, dict):
        return []
    return [
        base / ref
        for table in tables.values()
        if isinstance(table, dict)
        for ref in (table.get("records"), table.get("documents"))
        if isinstance(ref, str) and ref
    ]


def _stamps(paths: list[Path]) -> list[tuple[int, int]]:
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except (OSError, ValueError):
            out.append((-1, -1))
    return out


# Domains read once for the rest of a block (a run): path -> domain; None outside one.
_PINNED: ContextVar[dict[Path, LoadedDomain] | None] = ContextVar("pinned_domains", default=None)


@contextmanager
def pinned_domains() -> Iterator[None]:
    """Within the block each domain file is read once, then served without asking the file
    system whether it changed (a `stat` per lookup, several per conversation). A run is
    fingerprinted with its domains' digests when it starts, so it should not take up an
    edit made while it runs anyway. A context variable: other threads and tasks started
    outside the block (studio's editor) still see edits."""
    token = _PINNED.set({})
    try:
        yield
    finally:
        _PINNED.reset(token)


def load_domain(path: Path) -> LoadedDomain:
    """The domain in `path`; raises ScenarioError listing its problems."""
    pinned = _PINNED.get()
    if pinned is not None and (found := pinned.get(path)) is not None:
        return found
    domain, problems = read_domain(path)
    if domain is None:
        raise ScenarioError(problems)
    if pinned is not None:
        pinned[path] = domain
    return domain


def _folders(near: Path | None) -> list[Path]:
    folders: list[Path] = []
    if near is not None:
        start = near.resolve()
        start = start if start.is_dir() else start.parent
        folders = [d / DOMAINS_FOLDER for d in (start, *start.parents)]
    builtin = builtin_domains()
    return [*(f for f in folders if f != builtin), builtin]


def find_domain_file(world: str, near: Path | None = None) -> Path | None:
    """The file `world: NAME` names, for a scenario at `near` (see the module docstring)."""
    for folder in _folders(near):
        for suffix in SUFFIXES:
            path = folder / f"{world}{suffix}"
            if path.is_file():
                return path
    return None


def domain_names(near: Path | None = None) -> list[str]:
    """Every world a scenario at `near` can name, for did-you-mean hints."""
    names: set[str] = set()
    for folder in _folders(near):
        if folder.is_dir():
            names |= {p.stem for p in folder.iterdir() if p.suffix in SUFFIXES}
    return sorted(names)


def world_digests(scenarios: Iterable[Scenario]) -> dict[str, str]:
    """Domain name -> content digest, for the domains these scenarios use."""
    out: dict[str, str] = {}
    for scenario in scenarios:
        domain = domain_for(scenario)
        if domain is not None:
            out[domain.name] = domain.digest
    return dict(sorted(out.items()))


def domain_for(scenario: Scenario) -> LoadedDomain | None:
    """The Domain of a scenario's `world` (None without one): the file the loader resolved
    when it read the scenario, else the built-in library's. Raises ScenarioError when the
    world cannot be found or its file has problems."""
    if scenario.world is None:
        return None
    path = scenario._domain_file or find_domain_file(scenario.world)
    if path is None:
        message = f"no domain file {DOMAINS_FOLDER}/{scenario.world}.yaml for this scenario"
        raise ScenarioError([Problem(scenario.id, 0, "world", message)])
    return load_domain(path)
