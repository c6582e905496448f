"""Reading real support conversations: OpenAI `messages` JSONL, STAR's dialogue format, and
convsim's own run directories, all into one small shape (`Dialogue`).

A team's logs are the input a user is most likely to get slightly wrong (a stray line, a
field spelled differently), so every way a file can be wrong is one line naming the file, the
line and the fix. Formats are recognised per record, so a file may mix them:

- OpenAI chat fine-tuning records: `{"messages": [{"role": "user"|"assistant"|..., "content":
  text or a list of {"type": "text", "text": ...} parts}]}`; system and tool messages are
  skipped, `user` is the customer, `assistant` support.
- STAR (Mosig et al., 2020): `{"turns": [{"speaker": "user"|"agent"|"wizard", "text": ...}]}`,
  one record per line (gzipped or not), or a folder holding one JSON file per dialogue.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios import jsondata
from scenarios.inputfiles import InputFileError, missing
from scenarios.jsondata import JSONValueError
from simulator.errors import UserError

CUSTOMER = "customer"
SUPPORT = "support"
OPENAI_ROLES = {
    "user": CUSTOMER,
    "assistant": SUPPORT,
    "system": None,
    "tool": None,
    "developer": None,
    "function": None,
}
STAR_SPEAKERS = {"user": CUSTOMER, "agent": SUPPORT, "wizard": SUPPORT}
MAX_DIALOGUES = 1_000_000
# Every dialogue is kept in memory (about twice its JSON), so the text read is capped while
# streaming: a 33 MB .jsonl.gz that inflates to 6.8 GB ran to a MemoryError traceback.
MAX_LOG_BYTES = 256_000_000
MAX_DIALOGUE_FILE = 64 << 20  # one dialogue's .json file in a folder of them


@dataclass(frozen=True)
class Dialogue:
    """One conversation: its turns as (role, text), role `customer` or `support`."""

    id: str
    turns: tuple[tuple[str, str], ...]
    label: str | None = None  # the intent label read with --labels, or a run's scenario intent

    def texts(self, role: str) -> list[str]:
        return [text for who, text in self.turns if who == role]


def read_logs(path: Path, flag: str, labels: str | None = None) -> list[Dialogue]:
    """Every dialogue in `path` (a JSONL file, .gz or not, or a folder of .json files);
    `flag` names the option in error lines, `labels` a dotted field path to read labels from."""
    fix = "give a JSONL file of conversations (OpenAI messages or STAR)"
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix == ".json" and p.is_file())
        if not files:
            raise UserError(
                f"{flag} {path}: a folder with no .json files; give a JSONL file "
                "of conversations or a folder of one-dialogue .json files"
            )
        dialogues = [_one_file(p, flag, labels) for p in files]
    elif not path.exists():
        raise UserError(f"{flag} {missing(path, fix)}")
    else:
        dialogues = list(_jsonl(path, flag, labels, fix))
    dialogues = [d for d in dialogues if d.texts(CUSTOMER)]
    if not dialogues:
        raise UserError(
            f"{flag} {path}: holds no conversation with a customer turn; give "
            "OpenAI `messages` or STAR `turns` records, one per line"
        )
    return dialogues


def _jsonl(path: Path, flag: str, labels: str | None, fix: str) -> Iterator[Dialogue]:
    prefix = f"{flag} " if flag else ""
    try:
        # Measured first, keeping nothing: a file past a limit is refused before any record
        # is kept (the limits are checked again while reading, for a file that grows).
        sample = "give a sample of the logs"
        jsondata.check_extent(path, fix, MAX_LOG_BYTES, MAX_DIALOGUES, sample)
        for line in jsondata.read_lines(path, fix, max_total=MAX_LOG_BYTES):
            if line.number > MAX_DIALOGUES:
                raise UserError(f"{prefix}{path}: more than {MAX_DIALOGUES:,} lines; {sample}")
            where = f"{prefix}{path}:{line.number}"
            if line.problem is not None:
                raise UserError(f"{where}: {line.problem}")
            yield parse_record(line.value, where, f"{path.stem}-{line.number}", labels)
    except InputFileError as exc:
        raise UserError(f"{prefix}{exc}") from None


def _one_file(path: Path, flag: str, labels: str | None) -> Dialogue:
    where = f"{flag} {path}"
    try:
        data = jsondata.load(path, "give one dialogue per .json file", MAX_DIALOGUE_FILE)
    except (InputFileError, JSONValueError) as exc:
        raise UserError(f"{flag} {exc}") from None
    return parse_record(data, where, path.stem, labels)


def parse_record(data: Any, where: str, default_id: str, labels: str | None) -> Dialogue:
    """One record of either format; `where` prefixes error lines."""
    if not isinstance(data, dict):
        raise UserError(
            f"{where}: expected a JSON object with `messages` (OpenAI) or `turns` (STAR)"
        )
    if "messages" in data:
        turns = _openai_turns(data["messages"], where)
    elif "turns" in data:
        turns = _star_turns(data["turns"], where)
    else:
        raise UserError(
            f"{where}: neither `messages` (OpenAI) nor `turns` (STAR); give one "
            "conversation per line in one of these formats"
        )
    ident = data.get("id", data.get("dialogue_id", default_id))
    label = field_value(data, labels, where) if labels else None
    return Dialogue(str(ident), tuple(turns), label)


def _openai_turns(messages: Any, where: str) -> list[tuple[str, str]]:
    if not isinstance(messages, list):
        raise UserError(f"{where}: messages: expected a list of {{role, content}} objects")
    turns: list[tuple[str, str]] = []
    for i, message in enumerate(messages):
        at = f"{where}: messages[{i}]"
        if not isinstance(message, dict):
            raise UserError(f"{at}: expected an object with role and content")
        role = message.get("role")
        if role not in OPENAI_ROLES:
            known = ", ".join(OPENAI_ROLES)
            raise UserError(f"{at}: role: {json.dumps(role)} is not one of {known}")
        text = _content(message.get("content"), at)
        mapped = OPENAI_ROLES[role]
        if mapped is not None and text.strip():
            turns.append((mapped, text))
    return turns


def _content(content: Any, at: str) -> str:
    if content is None or isinstance(content, str):
        return content or ""
    if isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, dict) and p.get("type") == "text"]
        if all(isinstance(p, str) for p in parts):
            return "\n".join(str(p) for p in parts)
    raise UserError(f"{at}: content: expected text or a list of {{type: text, text}} parts")


def _star_turns(raw: Any, where: str) -> list[tuple[str, str]]:
    if not isinstance(raw, list):
        raise UserError(f"{where}: turns: expected a list of {{speaker, text}} objects")
    turns: list[tuple[str, str]] = []
    for i, turn in enumerate(raw):
        at = f"{where}: turns[{i}]"
        if not isinstance(turn, dict):
            raise UserError(f"{at}: expected an object with speaker and text")
        speaker = str(turn.get("speaker", turn.get("role", ""))).casefold()
        role = STAR_SPEAKERS.get(speaker) or {"customer": CUSTOMER, "support": SUPPORT}.get(speaker)
        if role is None:
            raise UserError(
                f"{at}: speaker: {json.dumps(turn.get('speaker'))} is not user, agent or wizard"
            )
        text = turn.get("text", turn.get("content"))
        if not isinstance(text, str):
            raise UserError(f"{at}: text: expected the turn's text as a string")
        if text.strip():
            turns.append((role, text))
    return turns


def field_value(data: Mapping[str, Any], path: str, where: str) -> str:
    """The value at a dotted `path` (list items by index: `scenario.WizardCapabilities.0.Task`)."""
    value: Any = data
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise UserError(
                f"{where}: --labels {path}: no such field in this record; give a "
                "dotted field path every record has"
            )
    if isinstance(value, (dict, list)) or value is None or str(value).strip() == "":
        raise UserError(
            f"{where}: --labels {path}: expected a text or number label, found "
            f"{json.dumps(value)[:40]}"
        )
    return str(value)


def run_dialogues(records: Iterator[Mapping[str, Any]]) -> list[Dialogue]:
    """A convsim run's transcript records as dialogues, labelled with the scenario's intent
    (what a classifier trained on them learns to predict); error conversations are left out."""
    out: list[Dialogue] = []
    for record in records:
        if (record.get("outcome") or {}).get("status") == "error":
            continue
        turns = tuple(
            (str(t["role"]), str(t.get("content") or ""))
            for t in record.get("turns", [])
            if t.get("role") in (CUSTOMER, SUPPORT) and str(t.get("content") or "").strip()
        )
        intent = record.get("intent") or _intent_of(str(record.get("scenario_id", "")))
        if turns:
            out.append(Dialogue(str(record.get("id")), turns, intent))
    return out


def _intent_of(scenario_id: str) -> str:
    return scenario_id.rsplit("/", 1)[-1] or scenario_id
