"""Read a YAML file safely and remember where every key and list item sits.

The YAML is composed into nodes once (safe tags only) and constructed from those nodes, so
the data equals `yaml.safe_load` while every position (`customer.openings[1]`) keeps its line
for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scenarios.schema.problems import Loc, Problem, dotted

__all__ = ["Source", "read_yaml"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL_TAG = "tag:yaml.org,2002:bool"
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


def read_yaml(path: Path, file: str) -> Source:
    """Parse `path` (named `file` in messages). Unreadable or malformed YAML gives a Source
    whose data is None and whose problems say why, with the parser's line."""
    src = Source(file=file, data=None)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        src.problems.append(Problem(file, 0, "", f"not UTF-8 text ({e.reason} at byte {e.start})"))
        return src
    except OSError as e:
        src.problems.append(Problem(file, 0, "", f"cannot read: {e.strerror or e}"))
        return src
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return src
        src.lines[()] = node.start_mark.line + 1
        src.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else 1
        detail = e.problem or e.context or "malformed"
        if e.problem and e.context and e.context_mark and e.context_mark.line + 1 != line:
            detail += f" {e.context} (started at line {e.context_mark.line + 1})"
        src.problems.append(Problem(file, line, "", f"invalid YAML: {detail}"))
        src.data = None
        src.lines.clear()
        return src
    except yaml.YAMLError as e:
        src.problems.append(Problem(file, 1, "", f"invalid YAML: {e}"))
        return src
    finally:
        loader.dispose()
    _walk(node, (), src)
    return src
