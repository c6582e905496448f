"""tau-bench's result files are one JSON list; `convsim grade` reads them element by element
and grades in batches, so a file of any size is graded in memory bounded by a batch."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from tau_records import DATA, Traj, record

from agents.critic import Critic
from simulator.commands.import_tau import write_import
from simulator.quality import json_list
from simulator.quality.grading import GradeReport, iter_grade_lines
from simulator.quality.json_list import iter_list


def read(text: str, max_item: int = 1_000_000) -> list[tuple[int, object, str | None]]:
    return list(iter_list(io.BytesIO(text.encode()), max_item))


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
def test_elements_split_across_reads_come_out_whole(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(json_list, "CHUNK", chunk)
    values = [{"a": [1, 2.5, "x]"], "b": {"c": "é,}"}}, 12345, "s", [], {}, None, -0.0]
    text = "\ufeff  [\n" + ",\n  ".join(json.dumps(v, ensure_ascii=False) for v in values) + "\n]\n"
    assert read(text) == [(i, v, None) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[]", []),
        ("  [ ]  \n", []),
        ('{"a": 1}', [(0, None, "expected a JSON list")]),
        ('[{"a": 1} {"b": 2}]', [(0, {"a": 1}, None),
                                 (1, None, "expected ',' or ']' after element 0, found '{'")]),
        ('[{"a": 1}, ', [(0, {"a": 1}, None),
                         (1, None, "not valid JSON (Expecting value at line 1 of this element)")]),
        ('[{"a": 1}] x', [(0, {"a": 1}, None),
                          (1, None, "text after the end of the list; give one JSON list")]),
        ('[{"a": 1}', [(0, {"a": 1}, None), (1, None, "expected ',' or ']' after element 0, "
                                                      "found the end of the file")]),
        ('[{"a": "' + "x" * 2_000_000 + '"}]', [(0, None, "1 million characters or more; a "
                                                  "conversation is graded up to 1 MB (split the "
                                                  "file)")]),
    ],
)  # fmt: skip
def test_a_broken_list_stops_at_the_broken_element(
    text: str, expected: list[tuple[int, object, str | None]]
) -> None:
    assert read(text) == expected


def test_a_list_is_graded_batch_by_batch(tmp_path: Path) -> None:
    """The first graded lines come out before the end of the file is read: the broken last
    element is reported only when the reader gets there."""
    scenarios_dir = tmp_path / "airline"
    write_import(DATA, "airline", DATA / "airline_tasks.json", scenarios_dir)
    from scenarios.loader import load_scenarios

    scenarios = {s.id: s for s in load_scenarios([scenarios_dir])}
    gold = Traj("Tier?").says("You are gold.").user("###STOP###")
    records = [record(2, gold, 1.0, trial=i) for i in range(70)]
    source = tmp_path / "results.json"
    source.write_text(json.dumps(records, indent=2)[:-1] + ', {"task_id": 2, "traj": [}]')
    report = GradeReport()
    lines = iter_grade_lines(source, scenarios, Critic(), report, concurrency=2)
    first = next(lines)
    assert json.loads(first)["id"] == "tau-airline/task-2-trial-0"
    assert report.problems == []  # the broken tail is not read yet
    rest = list(lines)
    assert len(rest) == 69
    assert report.graded == 70
    assert report.rewards_agree == report.rewards == 70
    assert report.problems == [
        f"{source}[70]: not valid JSON (Expecting value at line 1 of this element)"
    ]
