"""The `convsim` command line through typer's CliRunner: outputs, exit codes, error lines."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from agents.planner import derive_seed
from agents.types import Transcript
from personas.sampler import sample_persona
from simulator.cli import app
from simulator.commands.show import render

SCENARIO = """\
id: test/refund
title: Refund a broken kettle
domain: test
intent: refund_request
variables:
  order_id: {faker: bothify, text: "ORD-####"}
customer:
  goal: Get a refund for the kettle from order {order_id}.
  knows: {order_id: "{order_id}"}
  reveal_only_when_asked: [order_id]
  labels: {order_id: order number}
  openings: ["My kettle from order {order_id} arrived broken."]
support:
  policy: Verify the order number, then refund.
  verify: [order_id]
  rules:
    - {action: resolve, say: ["I've refunded order {order_id}."]}
max_turns: 6
"""

BUILTIN_ID_HINT = ", or a built-in scenario id (list them with convsim scenarios)"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.fixture
def good(tmp_path: Path) -> Path:
    folder = tmp_path / "good"
    folder.mkdir()
    (folder / "refund.yaml").write_text(SCENARIO)
    return folder


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, list[str]]]:
    """Each bad input as a folder, with the problem lines both lint and run must report."""
    made: dict[str, tuple[Path, list[str]]] = {}

    def folder(name: str, files: dict[str, str], lines: list[str]) -> None:
        path = tmp_path / "bad" / name
        path.mkdir(parents=True)
        for file, text in files.items():
            (path / file).write_text(text)
        made[name] = (path, [line.format(d=path) for line in lines])

    folder("empty", {}, ["{d}: no scenario files (*.yaml, *.yml) under {d}"])
    folder(
        "malformed",
        {"s.yaml": "id: test/x\ntitle: [unclosed\n"},
        [
            "{d}/s.yaml:3: invalid YAML: did not find expected ',' or ']' while parsing a flow "
            "sequence (started at line 2)"
        ],
    )
    folder(
        "unknown_key",
        {"s.yaml": SCENARIO.replace("title:", "titel:")},
        [
            "{d}/s.yaml:1: title: required key is missing",
            "{d}/s.yaml:2: titel: unknown key 'titel' (did you mean 'title'?)",
        ],
    )
    folder(
        "wrong_type",
        {"s.yaml": SCENARIO.replace("max_turns: 6", "max_turns: many")},
        ["{d}/s.yaml:18: max_turns: expected a whole number, got text 'many'"],
    )
    folder(
        "undefined_variable",
        {"s.yaml": SCENARIO.replace("order {order_id}.\n", "order {order_number}.\n", 1)},
        ["{d}/s.yaml:8: customer.goal: unknown variable 'order_number' (did you mean 'order_id'?)"],
    )
    folder(
        "duplicate_id",
        {"a.yaml": SCENARIO, "b.yaml": SCENARIO},
        ["{d}/b.yaml:1: id: duplicate scenario id 'test/refund' (first in {d}/a.yaml:1)"],
    )
    return made


def test_run_writes_the_run_directory_and_a_summary(tmp_path: Path, good: Path) -> None:
    out = tmp_path / "run"
    result = invoke("run", good, "--n", "5", "--seed", "3", "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert listing(out) == ["manifest.json", "run.db", "transcripts.jsonl"]
    records = [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]
    assert [r["scenario_id"] for r in records] == ["test/refund"] * 5
    summary = result.stdout
    assert "conversations │ 5" in summary
    assert f"\ntranscripts:  {out / 'transcripts.jsonl'}\n" in summary
    assert f"read them with: convsim show {out}" in summary
    assert result.stderr == ""


def test_run_twice_resumes_nothing_and_keeps_the_bytes(tmp_path: Path, good: Path) -> None:
    out = tmp_path / "run"
    assert invoke("run", good, "--n", "4", "--out", out, "-q").exit_code == 0
    first = (out / "transcripts.jsonl").read_bytes()
    again = invoke("run", good, "--n", "4", "--out", out, "-q")
    assert again.exit_code == 0
    assert "4 (4 already stored, 0 simulated now)" in again.stdout
    assert (out / "transcripts.jsonl").read_bytes() == first


@pytest.mark.parametrize(
    "case",
    ["empty", "malformed", "unknown_key", "wrong_type", "undefined_variable", "duplicate_id"],
)
def test_bad_scenarios_lint_exit_1_and_run_refuses_with_the_same_lines(
    tmp_path: Path, case: str
) -> None:
    folder, lines = bad_inputs(tmp_path)[case]
    linted = invoke("lint", folder)
    assert linted.exit_code == 1
    assert linted.stdout.splitlines() == lines
    noun = "problem" if len(lines) == 1 else "problems"
    assert linted.stderr == f"convsim: {len(lines)} {noun} in 1 file\n"
    out = tmp_path / "out"
    ran = invoke("run", folder, "--n", "2", "--out", out)
    assert ran.exit_code == 2
    assert ran.stderr.splitlines() == [f"convsim: error: {line}" for line in lines]
    assert ran.stdout == ""
    assert not out.exists()


def test_lint_clean_exits_0(good: Path) -> None:
    result = invoke("lint", good)
    assert (result.exit_code, result.stdout) == (0, f"ok: no problems in {good}\n")


def test_lint_and_run_name_a_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    line = (
        f"convsim: error: {missing}: no such file or folder; give scenario YAML files or folders"
        f"{BUILTIN_ID_HINT}\n"
    )
    for args in (["lint", missing], ["run", missing, "--out", tmp_path / "o"]):
        result = invoke(*args)
        assert (result.exit_code, result.stderr) == (2, line)
    assert listing(tmp_path) == []


def test_run_refuses_a_directory_made_with_another_config(tmp_path: Path, good: Path) -> None:
    out = tmp_path / "run"
    assert invoke("run", good, "--n", "2", "--seed", "1", "--out", out, "-q").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = invoke("run", good, "--n", "2", "--seed", "2", "--out", out, "-q")
    assert result.exit_code == 2
    assert result.stderr == (
        f"convsim: error: {out} holds a run made with --seed 1, not --seed 2; "
        "use --force to start over or choose another --out\n"
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    forced = invoke("run", good, "--n", "2", "--seed", "2", "--out", out, "-q", "--force")
    assert forced.exit_code == 0
    assert (out / "transcripts.jsonl").read_bytes() != before["transcripts.jsonl"]


def test_run_refuses_an_out_it_cannot_create(tmp_path: Path, good: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = invoke("run", good, "--out", blocker / "run")
    assert result.exit_code == 2
    assert result.stderr == (
        f"convsim: error: --out {blocker / 'run'}: cannot be created because {blocker} is not "
        "a folder\n"
    )
    assert listing(tmp_path) == ["file", "good", "good/refund.yaml"]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["run", "--n", "abc", "--out", "x"],
            "Invalid value for '--n': Input should be a valid integer, unable to parse string as "
            "an integer (see 'convsim run --help')",
        ),
        (
            ["run", "--bogus"],
            "No such option: --bogus (Possible options: --budget-usd, --out)"
            " (see 'convsim run --help')",
        ),
        (["run", "--n", "3"], "--out is required: give the run directory, e.g. --out runs/demo"),
        (
            ["run", "--n", "0", "--out", "x"],
            "--n 0: give the number of conversations, 1 to 10,000,000",
        ),
        (["frobnicate"], "No such command 'frobnicate' (see 'convsim --help')"),
        (["lint"], "Missing argument 'PATH...' (see 'convsim lint --help')"),
        (["personas", "--n", "0"], "--n 0: give the number of personas, 1 to 100,000"),
    ],
)
def test_usage_errors_are_one_line_exit_2(
    tmp_path: Path, args: list[str], line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr == f"convsim: error: {line}\n"
    assert listing(tmp_path) == []


def test_personas_prints_the_sampled_personas() -> None:
    result = invoke("personas", "--n", "3", "--seed", "9")
    assert result.exit_code == 0
    expected = [sample_persona(derive_seed("personas", 9, i)) for i in range(3)]
    for persona in expected:
        assert persona.id in result.stdout
        assert persona.identity.name in result.stdout
    as_json = invoke("personas", "--n", "3", "--seed", "9", "--json")
    assert as_json.stdout.splitlines() == [p.model_dump_json() for p in expected]


def test_personas_by_locale_and_an_unknown_locale() -> None:
    german = invoke("personas", "--n", "4", "--locale", "de_DE", "--json")
    assert {json.loads(line)["identity"]["locale"] for line in german.stdout.splitlines()} == {
        "de_DE"
    }
    unknown = invoke("personas", "--locale", "xx_YY")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "convsim: error: --locale xx_YY: unknown locale 'xx_YY' (known: en_US, en_GB, de_DE, "
        "fr_FR, es_ES, it_IT, pt_BR, nl_NL)\n"
    )


def test_show_prints_a_transcript_readably(tmp_path: Path, good: Path) -> None:
    out = tmp_path / "run"
    invoke("run", good, "--n", "3", "--seed", "4", "--out", out, "-q")
    record = json.loads((out / "transcripts.jsonl").read_text().splitlines()[1])
    result = invoke("show", out, "--id", record["id"][:6])
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith(f"{record['id']}  test/refund ")
    first = record["turns"][0]
    assert f"customer: {first['content'].split()[0]}" in text
    outcome = record["outcome"]
    assert f"outcome: {outcome['status']} ({outcome['ended_by']}): {outcome['reason']}" in text
    assert f"verdict: {record['verdict']['label']}" in text
    everything = invoke("show", out)
    assert everything.stdout.count("outcome: ") == 3


def test_show_refuses_what_it_cannot_show(tmp_path: Path, good: Path) -> None:
    result = invoke("show", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"convsim: error: {tmp_path}: not a run directory (no run.db); make one with "
        "convsim run --out DIR\n"
    )
    out = tmp_path / "run"
    invoke("run", good, "--n", "1", "--out", out, "-q")
    missing = invoke("show", out, "--id", "zzzz")
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"convsim: error: --id zzzz: no such conversation in {out}; list them with "
        f"convsim show {out}\n"
    )


def test_show_does_not_interpret_markup_in_transcripts(tmp_path: Path, good: Path) -> None:
    out = tmp_path / "run"
    assert invoke("run", good, "--n", "1", "--out", out, "-q").exit_code == 0
    record = json.loads((out / "transcripts.jsonl").read_text())
    record["turns"][0]["content"] = "[bold red]hello[/] {not} a template"
    buffer = io.StringIO()
    render(Console(file=buffer, width=200), Transcript.model_validate(record))
    assert "customer: [bold red]hello[/] {not} a template  [open]" in buffer.getvalue()


def test_builtin_library_is_the_default(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = invoke("run", "--n", "3", "--out", out, "-q")
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["config"]["scenarios"]) > 1
    shutil.rmtree(out)
