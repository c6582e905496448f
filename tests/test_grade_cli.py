"""`convsim grade`: both input shapes, scenarios, bad lines, atomic output.

One test runs a real process; the rest use CliRunner (in-process, fast).
"""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cli_process import convsim
from typer.testing import CliRunner

from simulator.cli import app

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests/data/calibration/scenarios/refund.yaml"


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The same command in-process, with the same result shape as `convsim`."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def write_lines(path: Path, *records: Any) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))
    return path


CHAT_OK = {
    "messages": [
        {"role": "system", "content": "You are a support bot."},
        {"role": "user", "content": "My kettle arrived broken."},
        {"role": "assistant", "content": "Sorry! What's the order number?"},
        {"role": "user", "content": "ORD-55555"},
        {"role": "assistant", "content": [{"type": "text", "text": "Refunded in full."}]},
    ]
}
CHAT_LEAK = {
    "id": "log-2",
    "messages": [
        {"role": "user", "content": "Who else ordered this?"},
        {"role": "assistant", "content": "Ask jane.roe@example.com, she had the same issue."},
    ],
}
TRANSCRIPT = {
    "id": "t-1",
    "scenario_id": "calibration/refund",
    "turns": [
        {"role": "customer", "content": "My lamp is cracked."},
        {"role": "support", "content": "I'm sorry. Let me note that."},
    ],
    "outcome": {"status": "abandoned", "reason": "customer left", "ended_by": "customer"},
    "custom_field": 7,
}


def read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_grades_chat_logs_without_a_scenario(tmp_path: Path) -> None:
    src = write_lines(tmp_path / "logs.jsonl", CHAT_OK, CHAT_LEAK)
    out = tmp_path / "graded.jsonl"
    result = convsim("grade", src, "--out", out)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout
        == f"graded 2 conversations into {out}: ACCEPT 1 (1 with undecided criteria), REJECT 1\n"
    )
    first, second = read(out)
    assert first["id"] == f"{src}:1" and first["source"] == f"{src}:1"
    assert [(t["role"], t["content"]) for t in first["turns"]] == [
        ("customer", "My kettle arrived broken."),
        ("support", "Sorry! What's the order number?"),
        ("customer", "ORD-55555"),
        ("support", "Refunded in full."),
    ]
    assert first["verdict"]["label"] == "ACCEPT"
    assert first["verdict"]["unjudged"] == [
        "correctness", "courtesy", "success_criteria", "policy_rules",
    ]  # fmt: skip
    assert second["id"] == "log-2"
    assert [(f["category"], f["evidence"]) for f in second["verdict"]["findings"]] == [
        ("pii_leak", "Ask j***@example.com, she had the same issue.")
    ]


def test_scenario_criteria_apply_and_records_keep_their_fields(tmp_path: Path) -> None:
    src = write_lines(tmp_path / "t.jsonl", TRANSCRIPT, {**CHAT_OK, "id": "no-outcome"})
    out = tmp_path / "graded.jsonl"
    result = cli("grade", src, "--out", out, "--scenario", SCENARIO)
    assert result.returncode == 0, result.stderr
    graded, chat = read(out)
    assert graded["custom_field"] == 7 and graded["turns"] == TRANSCRIPT["turns"]
    explanations = [f["explanation"] for f in graded["verdict"]["findings"]]
    assert explanations == [
        "criterion 'ends_well' not met: the conversation ended abandoned, expected resolved or "
        "escalated",
        # Support had not acted (claimed, refused, handed over) when the customer left.
        "criterion 'mentions_refund' not met: no support turn matches /(?i)refund|replacement/ "
        "(the customer left before support acted)",
        # The customer gave up and support never handed over: a note, not a failure.
        "the customer gave up (customer left); the goal was not reached",
    ]
    # No outcome in the record: outcome criteria are unjudged, never failed.
    assert chat["verdict"]["label"] == "ACCEPT"
    assert "ends_well" in chat["verdict"]["unjudged"]
    assert chat["verdict"]["rationale"].endswith("Not judged (not in the input): ends_well.")


def test_bad_lines_are_reported_with_file_and_line_and_skipped(tmp_path: Path) -> None:
    src = write_lines(
        tmp_path / "mixed.jsonl",
        CHAT_OK,
        "{not json",
        {"messages": [{"role": "narrator", "content": "x"}]},
        {"turns": [{"role": "customer"}]},
        ["a list"],
        {"messages": [{"role": "system", "content": "only a prompt"}]},
    )
    out = tmp_path / "graded.jsonl"
    result = cli("grade", src, "--out", out)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"convsim: skipped {src}:2: not valid JSON (Expecting property name enclosed in double "
        "quotes at column 2); give one JSON object per line",
        f"convsim: skipped {src}:3: messages[0].role: 'narrator' is not one of system, user, "
        "assistant, tool",
        f"convsim: skipped {src}:4: turns[0]: content: Field required",
        f"convsim: skipped {src}:5: expected a JSON object with 'turns' or 'messages'",
        f"convsim: skipped {src}:6: the conversation has no customer or support turns",
    ]
    assert result.stdout.endswith("; skipped 5 bad lines\n")
    assert len(read(out)) == 1


def test_nothing_gradable_writes_nothing(tmp_path: Path) -> None:
    src = write_lines(tmp_path / "bad.jsonl", "{oops")
    out = tmp_path / "graded.jsonl"
    result = cli("grade", src, "--out", out)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"convsim: error: {src}: no gradable conversation; nothing written to {out}"
    )
    assert not out.exists()


def test_usage_errors(tmp_path: Path) -> None:
    src = write_lines(tmp_path / "in.jsonl", CHAT_OK)
    assert cli("grade", src).stderr == (
        "convsim: error: --out is required: give the output file, e.g. --out graded.jsonl\n"
    )
    missing = tmp_path / "missing.jsonl"
    result = cli("grade", missing, "--out", tmp_path / "o.jsonl")
    assert (result.returncode, result.stderr) == (
        2, f"convsim: error: {missing}: no such file; give a JSONL file of conversations\n"
    )  # fmt: skip
    rubric = tmp_path / "r.yaml"
    rubric.write_text("verdict: {nonsense: 1}\n")
    result = cli("grade", src, "--out", tmp_path / "o.jsonl", "--rubric", rubric)
    assert result.returncode == 2
    assert result.stderr.startswith(f"convsim: error: --rubric {rubric}: verdict.nonsense: Extra")


def test_critic_model_judges_through_the_llm_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agents.llm.fake import FakeSettings, serve

    monkeypatch.setenv("OPENAI_API_KEY", "local")
    src = write_lines(tmp_path / "logs.jsonl", CHAT_OK, CHAT_LEAK)
    out = tmp_path / "graded.jsonl"
    with serve(FakeSettings(seed=2)) as fake:
        result = cli("grade", src, "--out", out, "--critic-model", "fake", "--base-url",
                     fake.base_url)  # fmt: skip
        requests = fake.stats.requests
    assert result.returncode == 0, result.stderr
    assert requests == 4  # the preflight (ping, probe), then one judge call per conversation
    first, second = read(out)
    assert " Judge: " in first["verdict"]["rationale"]
    assert second["verdict"]["label"] == "REJECT"  # the checks' critical finding stands


def test_unreachable_critic_model_is_one_line_before_grading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "local")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    src = write_lines(tmp_path / "logs.jsonl", CHAT_OK)
    out = tmp_path / "graded.jsonl"
    url = f"http://127.0.0.1:{port}/v1"
    result = cli("grade", src, "--out", out, "--critic-model", "m", "--base-url", url,
                 "--max-retries", "0", "--timeout", "2")  # fmt: skip
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("convsim: error: ") and url in result.stderr
    assert not out.exists()
