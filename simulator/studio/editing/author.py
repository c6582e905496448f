"""Authoring: lint unsaved text exactly like `convsim lint`, and the form <-> YAML sync.

The text being edited is checked by writing it to a hidden file beside the scenario (so a
`world:` finds the workspace's domains/ as it will when saved) and running the linter on it;
problems come back in lint's `file:line: field: message` wording with the real file name.
The form edits the YAML through ruamel.yaml's round-trip mode, which keeps the author's
comments, key order and quoting; PyYAML would drop all three.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from scenarios.edge_cases import load_edge_cases
from scenarios.lint import lint, lint_warnings
from scenarios.loader import builtin_library, collect
from scenarios.schema.problems import Problem
from scenarios.variables import VariableError, draw_variables
from simulator.studio.editing.roundtrip import dump, round_trip_yaml
from simulator.studio.editing.spoken import set_lines
from simulator.studio.policy.starter_words import own_words

__all__ = [
    "FORM_FIELDS",
    "LIST_FIELDS",
    "STARTER",
    "Checked",
    "add_edge_case",
    "apply_form",
    "check_text",
    "derived",
    "edge_case_choices",
    "english",
    "form_values",
    "id_from_words",
    "load_for_form",
    "template_titles",
    "templates",
]

# The common keys the form shows: (dotted key, label, multi-line).
FORM_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("id", "Id: a short name, lowercase, like mybank/lost-card", False),
    ("title", "Title", False),
    ("domain", "Business area, one word", False),
    ("intent", "Kind of request, words joined by _", False),
    ("description", "Description, for people reading the scenario", True),
    ("customer.goal", "What the customer wants", True),
    (
        "customer.openings",
        "Customer's first messages (one per line; each conversation picks one)",
        True,
    ),
    ("support.policy", "Support policy, as you would brief a new colleague", True),
    ("max_turns", "Longest conversation, in customer messages", False),
)

_ORDER = {key: i for i, (key, _label, _multi) in enumerate(FORM_FIELDS)}
# Keys a cleared form field removes; the others are kept empty so lint says what is missing.
_OPTIONAL = {"description", "max_turns"}
LIST_FIELDS = {"customer.openings"}  # one item per line in the form


@dataclass
class Checked:
    problems: list[Problem]
    samples: list[dict[str, str]]  # variables drawn with three seeds, when the file is valid
    # Legal but likely not meant (`convsim lint` prints them and passes): shown, never
    # blocking Try or Save.
    warnings: list[Problem] = field(default_factory=list)


def check_text(path: Path, shown: str, text: str) -> Checked:
    """Lint `text` as if saved at `path` (named `shown` in messages)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".studio-check-", suffix=".yaml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        problems = [
            Problem(shown if p.file == tmp else p.file, p.line, p.field, p.message)
            for p in lint([Path(tmp)])
        ]
        warnings = [
            Problem(shown if p.file == tmp else p.file, p.line, p.field, p.message, warning=True)
            for p in lint_warnings([Path(tmp)])
        ]
        samples: list[dict[str, str]] = []
        if not problems:
            scenarios = collect([Path(tmp)])[0]
            for seed in (1, 2, 3):
                try:
                    values = draw_variables(scenarios[0], seed, "en_US")
                except VariableError:  # lint draws these too: not expected once it is clean
                    break
                if values:
                    samples.append(values)
        return Checked(problems, samples, warnings)
    finally:
        Path(tmp).unlink(missing_ok=True)


def load_for_form(text: str) -> dict[str, Any] | None:
    """The YAML as data for the form's sections, or None when it does not read."""
    try:
        data = round_trip_yaml().load(text)
    except YAMLError:
        return None
    return data if isinstance(data, dict) else None


def english(lines: dict[str, Any]) -> list[Any]:
    """The English lines of a per-language field (else its first language's)."""
    chosen = lines.get("en", next(iter(lines.values()), []))
    return chosen if isinstance(chosen, list) else []


def form_values(text: str) -> dict[str, str]:
    """The form's fields read from the YAML (empty when the YAML does not parse)."""
    try:
        data = round_trip_yaml().load(text)
    except YAMLError:
        return {}
    out: dict[str, str] = {}
    for key, _label, _multi in FORM_FIELDS:
        value: Any = data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if key in LIST_FIELDS and isinstance(value, dict):  # per language: English shown
            value = english(value)
        if key in LIST_FIELDS and isinstance(value, list):
            out[key] = "\n".join(" ".join(str(v).split()) for v in value)
        else:
            out[key] = "" if value is None or isinstance(value, dict | list) else str(value).strip()
    return out


# Filled from the id when left empty, so a newcomer can skip them (the "Details" box).
_FROM_ID = ("title", "domain", "intent")


def _word(part: str) -> str:
    """`part` as a domain or intent: lowercase letters, digits and _, starting with a letter."""
    word = re.sub(r"[^a-z0-9_]+", "_", part.lower()).strip("_")
    return word if word[:1].isalpha() else ""


def derived(scenario_id: str) -> dict[str, str]:
    """Title, domain and intent read from an id: `bikeshop/move-repair` gives domain
    `bikeshop`, intent `move_repair`, title `Move repair`."""
    parts = [p for p in scenario_id.strip().split("/") if p]
    if not parts:
        return {}
    last = parts[-1]
    title = " ".join(re.split(r"[-_\s]+", last)).strip()
    return {
        "title": title[:1].upper() + title[1:],
        "domain": (_word(parts[0]) if len(parts) > 1 else "") or "general",
        "intent": _word(last) or "request",
    }


_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$")  # the schema's id pattern


def id_from_words(typed: str) -> tuple[str, str]:
    """(id, title) from what the New page's name box got: an id is kept as it is (title ''),
    words become one, `Bike shop: move a repair` -> `bike-shop/move-a-repair`, and are the
    title."""
    typed = " ".join(typed.split())
    if not typed or _ID.match(typed):
        return typed, ""
    parts = [re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in re.split(r"[:/]", typed)]
    slug = "/".join(p for p in parts if p)
    return (slug, typed) if slug else (typed, "")


def _fill_from_id(data: Any, old_id: str) -> None:
    """Title, domain and intent left empty, or still what the old id gave, follow the id."""
    new_id = data.get("id")
    if not isinstance(new_id, str) or not new_id.strip():
        return
    before, after = derived(old_id), derived(new_id)
    for key in _FROM_ID:
        value = data.get(key)
        text = "" if value is None else str(value).strip()
        if text and text != before.get(key):
            continue
        if key in data:
            data[key] = after[key]
        elif hasattr(data, "insert"):  # after the id, in the form's order
            keys = list(data)
            where = keys.index("id") + 1 if "id" in keys else 0
            for earlier in _FROM_ID[: _FROM_ID.index(key)]:
                if earlier in keys:
                    where = max(where, keys.index(earlier) + 1)
            data.insert(where, key, after[key])
        else:
            data[key] = after[key]


def apply_form(text: str, values: dict[str, str]) -> str:
    """`text` with the form's values set, everything else (comments too) unchanged; title,
    domain and intent left empty are filled from the id."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    if not isinstance(data, dict):
        raise ValueError("the file does not read as a scenario; fix it in the file text")
    old_id = str(data.get("id") or "")
    for key, _label, _multi in FORM_FIELDS:
        if key not in values:
            continue
        new = values[key].strip()
        *parents, last = key.split(".")
        node = data
        for part in parents:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        if key in LIST_FIELDS:
            set_lines(data, node, last, new)
            continue
        old = node.get(last)
        if new == ("" if old is None else str(old).strip()):
            continue
        value: Any = int(new) if key == "max_turns" and new.isdigit() else new
        if "\n" in new:  # one line per rule, as typed: a block, not "...\n..." in quotes
            value = LiteralScalarString(new + "\n")
        if not new and key in _OPTIONAL:
            node.pop(last, None)
        elif old == "" and hasattr(node, "insert"):  # drop the '' quotes a cleared field got
            where = list(node).index(last)
            node.pop(last)
            node.insert(where, last, value)
        elif last in node or not hasattr(node, "insert"):
            node[last] = value  # in place: a field cleared while typing keeps its line
        else:  # a new key goes where the form lists it, not at the end of the file
            later = [k.split(".")[-1] for k, _l, _m in FORM_FIELDS[_ORDER[key] + 1 :]]
            where = next((i for i, k in enumerate(node) if k in later), len(node))
            node.insert(where, last, value)
    if values.keys() & {"id", *_FROM_ID}:  # any other change rewrites only its own key
        _fill_from_id(data, old_id)
    return dump(yaml, data)


def add_edge_case(text: str, case_id: str) -> str:
    """`text` with `case_id` added to `edge_cases` (block or flow list, comments kept)."""
    if case_id not in {c[0] for c in edge_case_choices()}:
        raise ValueError(f"unknown situation '{case_id}'")
    yaml = round_trip_yaml()
    data = yaml.load(text)
    if not isinstance(data, dict):
        raise ValueError("the file does not read as a scenario; fix it in the file text")
    cases = data.get("edge_cases")
    if isinstance(cases, list):
        if case_id not in cases:
            cases.append(case_id)
    else:
        listed = CommentedSeq([case_id])
        listed.fa.set_flow_style()
        data["edge_cases"] = listed
    return dump(yaml, data)


# The short starter scenario, first in the New scenario list: plain, English only, no domain
# records, so a newcomer changes a few lines instead of taking apart a library scenario.
STARTER = "starter"
_STARTER_FILE = Path(__file__).with_name("starter.yaml")


def templates() -> list[str]:
    """Library scenarios usable as templates, as paths relative to the library."""
    root = builtin_library()
    return sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*.yaml") if "domains" not in p.parts
    )


@functools.cache
def template_titles() -> tuple[tuple[str, str, str], ...]:
    """(path, title, domain records it uses or '') of every library template, for the New
    scenario list (read once per process). PyYAML's C loader: only two keys are read, and the
    round-trip loader took seconds over the library, which the first page waited for."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = []
    for rel in templates():
        try:
            text = (builtin_library() / rel).read_text(encoding="utf-8")
            data = yaml.load(text, Loader=loader)
        except (OSError, yaml.YAMLError):
            data = None
        data = data if isinstance(data, dict) else {}
        out.append((rel, str(data.get("title") or rel), str(data.get("world") or "")))
    return tuple(out)


def from_template(template: str, new_id: str, title: str = "") -> str:
    """A library scenario's text with its id (and `title`, when given) replaced; its
    comments kept."""
    named = {"title": title} if title else {}
    if template == STARTER:
        text = own_words(_STARTER_FILE.read_text(encoding="utf-8"), new_id, title)
        # The starter's title, area and description are placeholders: the id's words instead.
        blank = dict.fromkeys(("title", "domain", "intent", "description"), "")
        return apply_form(text, {"id": new_id, **blank, **named}) if new_id else text
    root = builtin_library().resolve()
    path = (root / template).resolve()
    if root not in path.parents or template not in templates():
        raise ValueError(f"unknown template '{template}'")
    text = path.read_text(encoding="utf-8")
    return apply_form(text, {"id": new_id, **named}) if new_id else text


def edge_case_choices() -> list[tuple[str, str, str]]:
    """(id, title, description) of every library edge case."""
    return [(c.id, c.title, c.description.strip()) for c in load_edge_cases().edge_cases]
