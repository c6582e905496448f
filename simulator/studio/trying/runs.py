"""Runs in the workspace, their transcripts, and the filters of the Browse page.

A run folder is any folder holding `transcripts.jsonl` (what `convsim run` writes); records
are read as JSON lines, so a run written by any version with the same record shape shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from scenarios import jsondata
from simulator.store.data import NO_EDGE_CASE
from simulator.studio.pages.pages import esc, link, plain, situation_words

__all__ = [
    "FILTERS",
    "applying_rules",
    "facets",
    "filters_html",
    "matches",
    "read_records",
    "trial_records",
]

# Query parameter -> what it filters on.
FILTERS = ("scenario", "outcome", "verdict", "edge_case", "trait", "category", "q")
_TRAITS = ("tone", "patience", "verbosity", "tech_savviness", "language")


def read_records(path: Path, limit: int = 5000) -> Iterator[dict[str, Any]]:
    """The first `limit` readable records of a run's transcripts.jsonl (a line spoiled by
    hand is left out: the page shows what it can)."""
    for number, line in enumerate(jsondata.read_lines(path, "run convsim again")):
        if number >= limit:
            return
        if isinstance(line.value, dict):
            yield line.value


def _traits(record: dict[str, Any]) -> list[str]:
    persona = record.get("persona") or {}
    return [f"{t}={persona[t]}" for t in _TRAITS if persona.get(t)]


def _categories(record: dict[str, Any]) -> list[str]:
    findings = (record.get("verdict") or {}).get("findings") or []
    return sorted({str(f.get("category")) for f in findings})


def _values(record: dict[str, Any]) -> dict[str, list[str]]:
    return {
        "scenario": [str(record.get("scenario_id"))],
        "outcome": [str((record.get("outcome") or {}).get("status"))],
        "verdict": [str((record.get("verdict") or {}).get("label"))],
        "edge_case": [str(e) for e in record.get("edge_cases") or []] or [NO_EDGE_CASE],
        "trait": _traits(record),
        "category": _categories(record),
    }


def facets(records: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Every value each filter can take in these records."""
    seen: dict[str, set[str]] = {}
    for record in records:
        for key, values in _values(record).items():
            seen.setdefault(key, set()).update(values)
    return {key: sorted(values) for key, values in seen.items()}


def matches(record: dict[str, Any], query: dict[str, str]) -> bool:
    """Whether `record` passes every filter given; `q` searches the turns' text."""
    values = _values(record)
    for key in FILTERS[:-1]:
        wanted = query.get(key)
        if wanted and wanted not in values[key]:
            return False
    text = query.get("q", "").strip().lower()
    if text:
        turns = " ".join(str(t.get("content") or "") for t in record.get("turns") or [])
        return text in turns.lower()
    return True


def trial_records(out: Path) -> list[dict[str, Any]]:
    path = out / "transcripts.jsonl"
    return list(read_records(path)) if path.is_file() else []


_FILTER_WORDS = {"edge_case": "situation", "trait": "customer trait",
                 "category": "kind of finding"}  # fmt: skip


# Outcomes and verdicts as the conversation cards say them, the stored word in brackets
# (walkthrough 5: the filters said "ACCEPT", "abandoned", the cards "no problem found").
_OUTCOME_WORDS = {
    "resolved": "done",
    "escalated": "handed over to a person",
    "abandoned": "customer left",
    "max_turns": "ran out of turns",
    "error": "could not run",
}
_VERDICT_WORDS = {
    "ACCEPT": "no problem found",
    "REVIEW": "a person should look",
    "REJECT": "failed",
    "ERROR": "could not run",
}


def option_words(key: str, value: str) -> str:
    """A filter's value in plain words; the value itself is what the address carries."""
    if key == "outcome" and value in _OUTCOME_WORDS:
        return f"{_OUTCOME_WORDS[value]} ({value})"
    if key == "verdict" and value in _VERDICT_WORDS:
        return f"{_VERDICT_WORDS[value]} ({value})"
    if key == "edge_case":
        return "none" if value == NO_EDGE_CASE else situation_words(value)
    if key == "trait":
        trait, _, level = value.partition("=")
        return f"{trait.replace('_', ' ')}: {level}"
    if key == "category":
        return plain(value).replace("_", " ")
    return value


def filters_html(run: str, options: dict[str, list[str]], query: dict[str, str]) -> str:
    parts = [
        '<form class="filters" method="get" action="/runs">'
        f'<input type="hidden" name="run" value="{esc(run)}">'
    ]
    for key in FILTERS[:-1]:
        opts = "".join(
            f"<option value='{esc(v)}'{' selected' if v == query.get(key) else ''}>"
            f"{esc(option_words(key, v))}</option>"
            for v in options.get(key, [])
        )
        parts.append(
            f'<label>{esc(_FILTER_WORDS.get(key, key))}<select name="{key}"><option value="">'
            f"all</option>{opts}</select></label>"
        )
    parts.append(f'<label>search<input name="q" value="{esc(query.get("q", ""))}"></label>')
    parts.append(f"<button>Filter</button> {link('/runs', {'run': run}, 'clear')}</form>")
    return "".join(parts)


def _scenarios(files: Iterable[Path], wanted: set[str]) -> dict[str, Any]:
    """The scenarios of these files whose id is wanted, as plain data (first file wins)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from scenarios.schema.source import YAMLFileError, read_capped

    found: dict[str, Any] = {}
    for path in files:
        if not wanted - set(found):
            break
        try:
            data = YAML(typ="safe", pure=True).load(read_capped(path, str(path)))
        except (OSError, UnicodeDecodeError, YAMLError, YAMLFileError):
            continue
        sid = data.get("id") if isinstance(data, dict) else None
        if isinstance(sid, str) and sid in wanted and sid not in found:
            found[sid] = data
    return found


def applying_rules(
    records: list[dict[str, Any]], files: Iterable[Path]
) -> tuple[list[int | None], list[str | None]]:
    """For each record, the number of the rule its values select and its action (as Try
    shows them: walkthrough 5 found "Rule N applies" the quickest way to check the rules),
    read from the scenario files as they are now (the workspace's first, then the built-in
    library); None where the scenario is not found or no rule applies."""
    from scenarios.loader import builtin_library
    from simulator.studio.trying.trial import rule_actions, rules_used

    wanted = {str(r.get("scenario_id")) for r in records}
    library = sorted(builtin_library().rglob("*.yaml"))
    found = _scenarios([*files, *library], wanted)
    used: list[int | None] = []
    actions: list[str | None] = []
    for record in records:
        data = found.get(str(record.get("scenario_id")))
        try:
            n = rules_used(data, [record])
        except ValueError:  # a condition the file writes wrongly: lint says so, not this page
            n = [None]
        used += n
        actions += rule_actions(data, n)
    return used, actions
