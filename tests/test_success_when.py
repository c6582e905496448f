"""Success criteria with `when`: applied only where the scenario's variables meet it, linted,
in the JSON Schema, graded deterministically (outsider 21: "where the parcel is collected,
support refuses" could not be written)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_process import convsim

from scenarios.loader import load_scenarios
from scenarios.schema import render_schemas

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests/data/when/extend.yaml"


def log(log_id: str, reply: str, status: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": log_id,
        "messages": [
            {"role": "user", "content": "Can I have more time to pick up my parcel PL-12345?"},
            {"role": "assistant", "content": reply},
            {"role": "user", "content": "ok thanks, bye"},
        ],
        "outcome": {"status": "resolved", "reason": "the customer said goodbye"},
    }
    if status is not None:
        record["variables"] = {"parcel": "PL-12345", "status": status}
    return record


DONE = "Done: parcel PL-12345 now waits three more days."
REFUSED = "Sorry, parcel PL-12345 was already collected, so I can't extend it."


def test_when_is_in_the_model_and_the_generated_schema() -> None:
    (scenario,) = load_scenarios([SCENARIO])
    first = scenario.success[0]
    assert first.applies({"status": "collected"}) is True
    assert first.applies({"status": "Waiting"}) is False
    assert first.applies({}) is None  # undecidable, never taken as applying or not
    schema = json.loads(render_schemas()["scenario.schema.json"])
    assert "when" in schema["$defs"]["Criterion"]["properties"]
    # A criterion without `when` dumps as before (scenario hashes, run ids unchanged).
    assert "when" not in scenario.model_copy(update={"success": [
        first.model_copy(update={"when": {}})]}).model_dump()["success"][0]  # fmt: skip


def test_graded_only_where_when_holds(tmp_path: Path) -> None:
    src = tmp_path / "logs.jsonl"
    records = [
        log("collected-done", DONE, "collected"),
        log("collected-refused", REFUSED, "collected"),
        log("waiting-done", DONE, "waiting"),
        log("no-variables", DONE, None),
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = tmp_path / "graded.jsonl"
    result = convsim("grade", src, "--scenario", SCENARIO, "--out", out)
    assert result.returncode == 0, result.stderr
    graded = {r["id"]: r["verdict"] for r in map(json.loads, out.read_text().splitlines())}
    done = graded["collected-done"]
    assert done["label"] == "REVIEW"
    assert [f["explanation"] for f in done["findings"]] == [
        "criterion 'refuses_collected' not met: support acted (a claimed action or a write) "
        "and never refused"
    ]
    assert graded["collected-refused"]["label"] == "ACCEPT"
    assert graded["collected-refused"]["findings"] == []
    # Where the parcel waits, the refusal criterion does not apply: not a finding, not open.
    waiting = graded["waiting-done"]
    assert waiting["label"] == "ACCEPT" and waiting["findings"] == []
    assert "refuses_collected" not in waiting["unjudged"]
    # Without the variables nobody can tell which criteria apply: both undecided.
    assert {"refuses_collected", "extends_waiting"} <= set(graded["no-variables"]["unjudged"])


def test_lint_names_an_unknown_variable_and_a_value_that_is_no_choice(tmp_path: Path) -> None:
    head, tail = SCENARIO.read_text().split("success:")
    tail = tail.replace("when: {status: {eq: collected}}", "when: {statsu: {eq: collected}}")
    bad = head + "success:" + tail.replace("{ne: collected}", "{ne: colected}")
    path = tmp_path / "bad.yaml"
    path.write_text(bad)
    result = convsim("lint", path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:23: success[0].when.statsu: 'statsu' is not a variable (did you mean 'status'?)",
        f"{path}:26: success[1].when.status.ne: 'colected' is not one of the choices of "
        "'status' (did you mean 'collected'?)",
    ]
    assert "Traceback" not in result.stderr


def test_scripted_support_meets_its_own_criteria(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = convsim("run", SCENARIO, "--n", "8", "--seed", "1", "--out", out, "--quiet")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]
    statuses = {r["variables"]["status"] for r in records}
    assert statuses == {"waiting", "collected"}
    for record in records:
        explanations = [f["explanation"] for f in record["verdict"]["findings"]]
        assert not any("criterion" in e for e in explanations), explanations


def test_a_nan_or_infinite_bound_is_named_not_a_condition_that_never_holds(tmp_path: Path) -> None:
    head, tail = SCENARIO.read_text().split("success:")
    path = tmp_path / "nan.yaml"
    path.write_text(
        head + "success:" + tail.replace("status: {ne: collected}", "parcel: {gt: .nan}")
    )
    result = convsim("lint", path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:26: success[1].when.parcel.gt: got nan, not a finite number; give a number"
    ]
