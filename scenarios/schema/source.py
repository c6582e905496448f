"""Read a YAML file safely and remember where every key and list item sits.

The YAML is composed into nodes once (safe tags only) and constructed from those nodes, so
the data equals `yaml.safe_load` while every position (`customer.openings[1]`) keeps its line
for error messages.

Every YAML file convsim reads from a user (scenarios, edge cases, targets, rubrics, trait
libraries, domains) goes through here, with limits checked on the composed nodes *before*
anything is built: at most `MAX_YAML_BYTES` of text, aliases that add at most
`MAX_ALIAS_NODES` nodes when expanded (a 349-byte "billion laughs" file otherwise expands to
gigabytes), nesting at most `MAX_YAML_DEPTH` deep, and no alias inside its own anchor.
Other code calls `load_yaml_file` / `load_yaml_text` (data only) or `read_yaml` (with lines).
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scenarios.inputfiles import what_it_is
from scenarios.schema.problems import Loc, Problem, dotted
from scenarios.schema.yaml12 import ambiguous_scalars
from scenarios.schema.yamlerrors import explain

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "Source",
    "YAMLFileError",
    "load_yaml_file",
    "load_yaml_text",
    "parse_once",
    "read_capped",
    "read_yaml",
]

# 1 MB: the largest packaged file is ~30 kB; a user's scenario, rubric or domain is far below.
MAX_YAML_BYTES = 1_000_000
# Nodes that aliases may add when expanded, beyond the nodes written in the file.
MAX_ALIAS_NODES = 100_000
MAX_YAML_DEPTH = 100

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
# Whole numbers convsim can store (SQLite's INTEGER) and print: an unquoted 100,000-digit
# number would otherwise stop the build with Python's int-to-text digit limit, and one of
# 20 digits would stop a domain's record load.
_INT_RANGE = (-(2**63), 2**63 - 1)
_INT_TEXT = 40  # longer text is out of range whatever its base (underscores aside)
_INTS = yaml.constructor.SafeConstructor()
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class Source:
    """A parsed YAML file: its data, the line of every position, and YAML-level problems."""

    file: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    # Positions holding an unquoted scalar YAML read as a boolean (`yes`, `no`, `on`, `off`),
    # with the text as written: the usual cause of "expected text" errors.
    bools: dict[Loc, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Unquoted values YAML 1.1 (this reader) and YAML 1.2 (editors) read differently: lint
    # warnings, never load errors.
    warnings: list[Problem] = field(default_factory=list)

    def line(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest ancestor present in the file."""
        for end in range(len(loc), -1, -1):
            found = self.lines.get(loc[:end])
            if found is not None:
                return found
        return 1

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.file, self.line(loc), dotted(loc), message)


def _walk(node: yaml.Node, loc: Loc, src: Source) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            child = (*loc, key)
            if key in seen:
                message = f"duplicate key '{key}' (first at line {seen[key]})"
                src.problems.append(Problem(src.file, line, dotted(child), message))
                continue
            seen[key] = line
            src.lines[child] = line
            _walk(value_node, child, src)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            child = (*loc, i)
            src.lines[child] = item.start_mark.line + 1
            _walk(item, child, src)
    elif (
        isinstance(node, yaml.ScalarNode) and node.tag == _BOOL_TAG and not node.style
    ):  # plain: None (pure Python) or '' (libyaml)
        src.bools[loc] = str(node.value)


class YAMLFileError(ValueError):
    """A YAML file that cannot be used; `problem` says where and why (`file:line: message`)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def read_capped(path: Path, file: str, limit: int = MAX_YAML_BYTES) -> str:
    """The UTF-8 text of `path`, read no further than `limit` bytes (a FIFO or /dev/zero
    cannot hang it). Raises YAMLFileError naming the file and the fix."""
    if path.exists() and not path.is_file() and not path.is_dir():  # opening a FIFO blocks
        message = f"{what_it_is(path)}; give a YAML file"
        raise YAMLFileError(Problem(file, 0, "", message, True))
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except IsADirectoryError:
        raise YAMLFileError(Problem(file, 0, "", "is a folder; give a YAML file", True)) from None
    except OSError as e:
        raise YAMLFileError(Problem(file, 0, "", f"cannot read: {e.strerror or e}")) from None
    if len(raw) > limit:
        message = (
            f"larger than {limit // 1_000_000 or limit} {'MB' if limit >= 1_000_000 else 'bytes'}"
            ", the limit for a YAML file convsim reads; split it into smaller files"
        )
        raise YAMLFileError(Problem(file, 0, "", message))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise YAMLFileError(Problem(file, 0, "", "UTF-16 text; save it as UTF-8"))
    if b"\0" in raw:
        raise YAMLFileError(Problem(file, 0, "", "a binary file, not YAML text"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        message = f"not UTF-8 text ({e.reason} at byte {e.start}); save it as UTF-8"
        raise YAMLFileError(Problem(file, 0, "", message)) from None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _limit_problem(root: yaml.Node, file: str) -> Problem | None:
    """Why the document is too big to build once aliases are expanded, or None.

    One pass over the composed graph (each shared node once, no recursion): the expanded
    size and depth of every node, and an alias met inside its own anchor."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        kids = _children(node)
        if finished:
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            open_nodes.discard(key)
            continue
        if key in size:
            continue
        if isinstance(node, yaml.ScalarNode) and node.tag == _INT_TAG:
            problem = _int_problem(node, file)
            if problem is not None:
                return problem
        open_nodes.add(key)
        stack.append((node, True))
        for kid in kids:
            if id(kid) in open_nodes:
                message = "an alias refers to its own anchor; recursive YAML is not supported"
                return Problem(file, kid.start_mark.line + 1, "", message)
            if id(kid) not in size:
                stack.append((kid, False))
    if depth[id(root)] > MAX_YAML_DEPTH:
        message = f"nested more than {MAX_YAML_DEPTH} levels deep; flatten it"
        return Problem(file, 1, "", message)
    if size[id(root)] > len(size) + MAX_ALIAS_NODES:
        message = (
            f"aliases (*name) expand to more than {MAX_ALIAS_NODES:,} extra values; "
            "write the data out or use fewer aliases"
        )
        return Problem(file, 1, "", message)
    return None


def _int_problem(node: yaml.ScalarNode, file: str) -> Problem | None:
    """A number too large to use, or None."""
    text = str(node.value)
    digits = text.replace("_", "")
    if (
        len(digits) <= _INT_TEXT
        and _INT_RANGE[0] <= _INTS.construct_yaml_int(node) <= _INT_RANGE[1]
    ):
        return None
    shown = text if len(text) <= 24 else f"{text[:20]}... ({len(text)} characters)"
    message = (
        f"the number {shown} is out of range for a whole number (at most 19 digits); "
        "put it in quotes if it is text, or use a smaller number"
    )
    return Problem(file, node.start_mark.line + 1, "", message)


def _syntax_problem(e: yaml.YAMLError, file: str, text: str) -> Problem:
    if isinstance(e, yaml.reader.ReaderError):
        # The reader stops at the first character YAML forbids, so it is that character's
        # first occurrence (the position is in characters or bytes, depending on the parser).
        character = chr(e.character) if isinstance(e.character, int) else str(e.character)
        at = text.find(character)
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        message = (
            f"the character U+{ord(character[:1] or chr(0)):04X} is not allowed in YAML text; "
            "remove it (inside double quotes, write it as an escape such as \\x07)"
        )
        return Problem(file, line, "", message)
    if not isinstance(e, yaml.MarkedYAMLError):
        return Problem(file, 1, "", "invalid YAML: " + " ".join(str(e).split()))
    line, message = explain(e, text)
    return Problem(file, line, "", message)


def _compose(text: str, file: str) -> tuple[yaml.Node | None, Any]:
    """The checked root node and the data built from it. Raises YAMLFileError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        problem = _limit_problem(node, file)
        if problem is not None:
            raise YAMLFileError(problem)
        return node, loader.construct_document(node)
    except yaml.YAMLError as e:
        raise YAMLFileError(_syntax_problem(e, file, text)) from None
    except RecursionError:
        raise YAMLFileError(Problem(file, 1, "", "nested too deeply; flatten it")) from None
    finally:
        loader.dispose()


def load_yaml_text(text: str, file: str) -> Any:
    """`yaml.safe_load` within the limits; raises YAMLFileError naming `file`."""
    return _compose(text, file)[1]


def load_yaml_file(path: Path, file: str | None = None) -> Any:
    """The data of a user's YAML file within the limits; raises YAMLFileError."""
    name = str(path) if file is None else file
    return load_yaml_text(read_capped(path, name), name)


# Within `parse_once`: the Source of every file read so far, by the file's name and identity.
_PARSED: ContextVar[dict[tuple[object, ...], Source] | None] = ContextVar(
    "convsim_parsed_yaml", default=None
)


@contextmanager
def parse_once() -> Iterator[None]:
    """Within the block, `read_yaml` parses each file once and hands every later caller the
    same Source. `convsim lint` read a file for its problems, again for its warnings and
    again to draw the scenario it holds, and parsing (with the alias/depth/ambiguity passes
    over its nodes) was most of its time: 20,000 variables, 6.3 s of CPU, 2.7 s parsed once.
    Scoped, not global: a long-lived process (the studio) must see edits. The
    file's size, mtime and inode are in the key, so a file changed meanwhile is read again.
    Callers must not change a Source they are given (none does: it is read-only by use)."""
    token = _PARSED.set({})
    try:
        yield
    finally:
        _PARSED.reset(token)


def read_yaml(path: Path, file: str) -> Source:
    """Parse `path` (named `file` in messages). Unreadable or malformed YAML gives a Source
    whose data is None and whose problems say why, with the parser's line."""
    memo = _PARSED.get()
    if memo is None:
        return _read_yaml(path, file)
    try:
        st = os.stat(path)
    except OSError:
        return _read_yaml(path, file)
    key = (file, str(path.resolve()), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    if key not in memo:
        memo[key] = _read_yaml(path, file)
    return memo[key]


def _read_yaml(path: Path, file: str) -> Source:
    src = Source(file=file, data=None)
    try:
        node, src.data = _compose(read_capped(path, file), file)
    except YAMLFileError as e:
        src.problems.append(e.problem)
        return src
    if node is None:
        return src
    src.lines[()] = node.start_mark.line + 1
    _walk(node, (), src)
    src.warnings = ambiguous_scalars(node, file)
    return src
