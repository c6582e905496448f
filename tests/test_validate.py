"""convsim learn / validate on small logs the tests make (tests/validation_fixture.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from personas.library import TraitsError, load_traits
from personas.sampler import sample_persona
from personas.weights import apply_weights, load_weights
from simulator.errors import UserError
from simulator.validation.figures import parse_thresholds
from simulator.validation.logs import Dialogue, parse_record, read_logs
from simulator.validation.rewording import COPY_N, split
from simulator.validation.validate import validate
from tests.validation_fixture import as_star, records, write_jsonl

ROOT = Path(__file__).resolve().parents[1]


def dialogues(rows: list[dict], where: str = "x") -> list[Dialogue]:
    return [parse_record(r, where, str(i), "metadata.intent") for i, r in enumerate(rows)]


def figure(result: object, key: str) -> float | None:
    return next(f.value for f in result.figures if f.key == key)  # type: ignore[attr-defined]


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


@pytest.fixture(scope="module")
def real() -> list[Dialogue]:
    return dialogues(records(120, seed=1, mix=(7, 1, 1, 1)))


def test_a_planted_copy_of_a_real_turn_is_found(real: list[Dialogue]) -> None:
    synth = dialogues(records(60, seed=99, mix=(7, 1, 1, 1)))
    # the made-up logs draw from few parts: some short openings recur by chance
    clean = figure(validate(synth, real, labelled=True), "privacy.exact_copies")
    copied = next(t for who, t in real[5].turns if who == "customer" and "AB-" in t)
    planted = [*synth[:-1], Dialogue("p", (("customer", "hello there"), ("customer", copied)),
                                     synth[-1].label)]  # fmt: skip
    found = validate(planted, real, labelled=True)
    assert figure(found, "privacy.exact_copies") == clean + 1  # type: ignore[operator]
    assert "privacy.exact_copies" in [f.key for f in found.failures()]


def test_a_planted_real_email_is_found(real: list[Dialogue]) -> None:
    email = next(w for d in real for _, t in d.turns for w in t.split() if "@" in w)
    synth = dialogues(records(60, seed=98))
    assert figure(validate(synth, real, labelled=True), "privacy.real_pii_found") == 0
    leaked = [*synth, Dialogue("leak", (("customer", f"write to me at {email} please"),), "refund")]
    result = validate(leaked, real, labelled=True)
    assert figure(result, "privacy.real_pii_found") == 1
    pii = next(f for f in result.figures if f.key == "privacy.real_pii_found")
    assert email not in pii.note and pii.note.startswith(email[0] + "***@")


def test_a_matching_intent_mix_scores_closer(real: list[Dialogue]) -> None:
    same = validate(dialogues(records(100, seed=5, mix=(7, 1, 1, 1))), real, labelled=True)
    other = validate(dialogues(records(100, seed=5, mix=(1, 1, 1, 7))), real, labelled=True)
    assert figure(same, "fidelity.intent_mix_js") < 0.05 < figure(other, "fidelity.intent_mix_js")
    # without labels the real data is clustered, and the order still holds
    real_unlabelled = [Dialogue(d.id, d.turns) for d in real]
    same_u = validate(dialogues(records(100, seed=5, mix=(7, 1, 1, 1))), real_unlabelled, False)
    other_u = validate(dialogues(records(100, seed=5, mix=(1, 1, 1, 7))), real_unlabelled, False)
    assert figure(same_u, "fidelity.intent_mix_js") < figure(other_u, "fidelity.intent_mix_js")


def test_utility_compares_against_real_and_is_undecided_on_too_little(
    real: list[Dialogue],
) -> None:
    result = validate(dialogues(records(100, seed=5, mix=(7, 1, 1, 1))), real, labelled=True)
    assert result.info["real_split"] == {"train": 84, "test": 36}
    assert figure(result, "utility.trtr_accuracy") > 0.9
    assert figure(result, "utility.tstr_accuracy") > 0.9
    tiny = validate(dialogues(records(10, seed=5)), real[:12], labelled=True)
    assert figure(tiny, "utility.tstr_trtr_ratio") is None
    unlabelled = [Dialogue(d.id, d.turns) for d in real[:6]]
    one = validate(dialogues(records(30, seed=5)), unlabelled, False)
    assert figure(one, "fidelity.intent_mix_js") is None  # one real intent: nothing to compare
    assert "fidelity.intent_mix_js" in [f.key for f in one.failures()]
    assert "utility.tstr_trtr_ratio" in [f.key for f in tiny.failures()]


def test_readers_read_openai_and_star_alike(tmp_path: Path) -> None:
    rows = records(6, seed=3)
    openai = read_logs(write_jsonl(tmp_path / "a.jsonl", rows), "--real", "metadata.intent")
    star = read_logs(write_jsonl(tmp_path / "b.jsonl", [as_star(r, i) for i, r in
                     enumerate(rows)]), "--real", "scenario.WizardCapabilities.0.Task")  # fmt: skip
    assert [(d.turns, d.label) for d in openai] == [(d.turns, d.label) for d in star]
    assert openai[0].turns[0][0] == "customer" and openai[0].turns[1][0] == "support"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "--real {p}:2: not valid JSON (Expecting property name enclosed in "
                      "double quotes at column 2); give one JSON object per line"),
        ('{"text": "hi"}', "--real {p}:2: neither `messages` (OpenAI) nor `turns` (STAR); give "
                           "one conversation per line in one of these formats"),
        ('{"messages": [{"role": "client", "content": "hi"}]}', '--real {p}:2: messages[0]: '
         'role: "client" is not one of user, assistant, system, tool, developer, function'),
        ('{"turns": [{"speaker": "user", "text": 3}]}',
         "--real {p}:2: turns[0]: text: expected the turn's text as a string"),
        ('{"messages": [{"role": "user", "content": "hi"}]}', "--real {p}:2: --labels "
         "metadata.intent: no such field in this record; give a dotted field path every "
         "record has"),
    ],
)  # fmt: skip
def test_bad_input_lines(tmp_path: Path, line: str, message: str) -> None:
    good = json.dumps(records(1, seed=1)[0])
    path = tmp_path / "real.jsonl"
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_logs(path, "--real", "metadata.intent")
    assert info.value.lines == [message.format(p=path)]


def test_bad_flags_and_files_are_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = cli("learn", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "d"))
    assert missing.returncode == 2
    assert missing.stderr == (f"convsim: error: LOGS {tmp_path / 'nope.jsonl'}: no such file or "
                              "folder; give a JSONL file of conversations (OpenAI messages or "
                              "STAR)\n")  # fmt: skip
    assert not (tmp_path / "d").exists()
    with pytest.raises(UserError, match=r"--threshold bogus=1: give NAME=VALUE with NAME one of"):
        parse_thresholds(["bogus=1"])


def test_persona_weights_steer_the_sampler(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("weights:\n  verbosity: {terse: 1}\n  quirks: {lowercase: 1, none: 0}\n")
    lib = apply_weights(load_traits(), load_weights(path), str(path))
    personas = [sample_persona(i, library=lib) for i in range(30)]
    assert {p.verbosity for p in personas} == {"terse"}
    assert all("lowercase" in p.quirks for p in personas)
    path.write_text("weights:\n  verbosity: {wordy: 1}\n")
    with pytest.raises(TraitsError) as info:
        apply_weights(load_traits(), load_weights(path), "w.yaml")
    assert str(info.value) == ("w.yaml: weights.verbosity.wordy: unknown value (values: chatty, "
                               "normal, terse)")  # fmt: skip


def test_learn_run_validate_end_to_end(tmp_path: Path) -> None:
    rows = records(160, seed=1, mix=(4, 3, 2, 1))
    logs = write_jsonl(tmp_path / "real.jsonl", rows)
    learned = cli("learn", str(logs), "--out", str(tmp_path / "draft"))
    assert learned.returncode == 0, learned.stderr
    found = re.match(r"learned (\d+) intents from 160 conversations \(silhouette ", learned.stdout)
    assert found is not None and 4 <= int(found.group(1)) <= 8, learned.stdout
    assert cli("lint", str(tmp_path / "draft" / "learned")).returncode == 0
    written = "\n".join(p.read_text() for p in (tmp_path / "draft").rglob("*") if p.is_file())
    for row in rows:  # nothing personal, nothing verbatim beyond short n-grams
        for message in row["messages"]:
            toks = [t.casefold() for t in split(message["content"])]
            for i in range(len(toks) - COPY_N + 1):
                assert " ".join(toks[i : i + COPY_N]) not in written.casefold()
    assert "@example.org" not in written and "AB-1" not in written and "Keiko" not in written
    summary = json.loads((tmp_path / "draft" / "learned.json").read_text())
    assert sum(i["count"] for i in summary["intents"]) == 160
    run = cli("run", str(tmp_path / "draft" / "learned"), "--n", "40", "--seed", "3", "-q",
              "--persona-weights", str(tmp_path / "draft" / "persona-weights.yaml"),
              "--out", str(tmp_path / "run"))  # fmt: skip
    assert run.returncode == 0, run.stderr
    held = write_jsonl(tmp_path / "held.jsonl", records(100, seed=2, mix=(4, 3, 2, 1)))
    ok = cli("validate", str(tmp_path / "run"), "--real", str(held), "--labels", "metadata.intent")
    assert ok.returncode == 0, ok.stderr
    data = json.loads((tmp_path / "run" / "validation.json").read_text())
    keys = {f["key"] for f in data["figures"]}
    assert {"utility.tstr_trtr_ratio", "privacy.near_copy_share", "diversity.distinct_2",
            "fidelity.intent_mix_js"} <= keys  # fmt: skip
    report = cli("report", str(tmp_path / "run"), "--out", str(tmp_path / "r.html"))
    assert report.returncode == 0, report.stderr
    html = (tmp_path / "r.html").read_text()
    assert "<h2>Validation against real logs</h2>" in html
    assert "<td>utility.tstr_trtr_ratio</td>" in html
    # a bad set: a scenario whose openings are real customer turns, copied
    draft = next((tmp_path / "draft" / "learned").glob("*.yaml"))
    scenario = yaml.safe_load(draft.read_text())
    scenario["customer"]["openings"] = [
        m["content"] for r in rows[:40] for m in r["messages"][:1] if len(m["content"].split()) > 6
    ][:5]
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "copied.yaml").write_text(yaml.safe_dump(scenario))
    run = cli("run", str(tmp_path / "bad"), "--n", "10", "-q", "--out", str(tmp_path / "badrun"))
    assert run.returncode == 0, run.stderr
    bad = cli("validate", str(tmp_path / "badrun"), "--real", str(logs), "--gate")
    assert bad.returncode == 1
    assert bad.stderr.startswith("convsim: error: gate failed: ")
    assert "privacy.exact_copies (fail)" in bad.stderr and bad.stderr.count("\n") == 1
