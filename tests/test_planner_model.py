"""The planner model end to end through the fake server on 127.0.0.1: flags and config, preflight,
proposals that are a valid edge-case library, and accepting one with --edge-cases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from agents.llm.fake import FakeSettings, Running, serve
from scenarios.edge_case_model import EdgeCase
from scenarios.loader import builtin_library
from simulator.cli import app
from simulator.run.engines import LLMOptions, build_engines


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-planner")


@pytest.fixture(scope="module")
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=1)) as running:
        yield running


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def one_scenario(folder: Path, extra_edge: str | None = None) -> Path:
    """One scenario with two traits pinned: pairwise coverage saturates within 100 plans."""
    folder.mkdir()
    text = (builtin_library() / "ecommerce" / "refund-damaged-item.yaml").read_text()
    text = text.replace("\nsupport:", "\npersona: {tone: [polite], language: [en]}\nsupport:", 1)
    if extra_edge:
        text = text.replace("\nedge_cases: [", f"\nedge_cases: [{extra_edge}, ", 1)
    (folder / "one.yaml").write_text(text)
    return folder


def test_planner_model_comes_from_the_flag_or_its_own_config_table(tmp_path: Path) -> None:
    config = tmp_path / "convsim.toml"
    config.write_text(
        '[llm]\nmodel = "m-all"\n[llm.planner]\nmodel = "m-plan"\ntemperature = 0.2\n'
    )
    from_config = build_engines(LLMOptions(config=config))
    assert from_config.planner_model.config.model == "m-plan"
    assert from_config.planner_model.config.temperature == 0.2
    flag = build_engines(LLMOptions(config=config, role_models={"planner": "m-flag"}))
    assert flag.planner_model.config.model == "m-flag"  # the command line wins
    assert build_engines(LLMOptions(model="m-all")).planner_model is None  # opt-in only
    alone = build_engines(LLMOptions(role_models={"planner": "m-flag"}))
    assert alone.names == {"customer": "scripted", "support": "scripted", "critic": "rules"}


def test_saturated_run_writes_proposals_that_lint_as_an_edge_case_library(
    fake: Running, tmp_path: Path
) -> None:
    folder = one_scenario(tmp_path / "scenarios")
    out = tmp_path / "run"
    args = ("run", str(folder), "--n", "100", "--seed", "2", "--quiet")
    done = invoke(*args, "--out", str(out), "--planner-model", "fake", "--base-url", fake.base_url)
    assert done.exit_code == 0, done.stderr
    path = out / "edge_case_proposals.yaml"
    data = yaml.safe_load(path.read_text())
    assert list(data) == ["edge_cases"]
    cases = [EdgeCase.model_validate(c) for c in data["edge_cases"]]
    assert len(cases) == 1 and cases[0].incompatible_with == ["wrong_identifier"]
    assert "#   - quirks = none: 7 conversations" in path.read_text()
    lint = invoke("lint", str(path))
    assert (lint.exit_code, lint.stdout) == (0, f"ok: no problems in {path}\n")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["llm"]["models"]["planner"]["model"] == "fake"
    assert manifest["engines"]["customer"] == "scripted"
    plain = tmp_path / "plain"
    assert invoke(*args, "--out", str(plain)).exit_code == 0
    assert (out / "transcripts.jsonl").read_bytes() == (plain / "transcripts.jsonl").read_bytes()
    assert not (plain / "edge_case_proposals.yaml").exists()

    # Accepting: the proposals file (or a copy of one entry) is a user library for --edge-cases.
    new_id = cases[0].id
    mine = tmp_path / "my_edge_cases.yaml"
    mine.write_text(path.read_text())
    uses = one_scenario(tmp_path / "uses", extra_edge=new_id)
    refused = invoke("lint", str(uses))
    assert refused.stdout.endswith(f"edge_cases[0]: unknown edge case '{new_id}'\n")
    assert invoke("lint", str(uses), "--edge-cases", str(mine)).exit_code == 0
    accepted = tmp_path / "accepted"
    ran = invoke("run", str(uses), "--edge-cases", str(mine), "--n", "12", "--out", str(accepted))
    assert ran.exit_code == 0, ran.stderr
    records = [json.loads(x) for x in (accepted / "transcripts.jsonl").read_text().splitlines()]
    assert any(new_id in r["edge_cases"] for r in records)
    assert not any({new_id, "wrong_identifier"} <= set(r["edge_cases"]) for r in records)
    again = invoke("run", str(uses), "--n", "12", "--out", str(accepted))
    assert again.exit_code == 2  # without the library the scenario no longer loads


def test_preflight_checks_the_planner_model_before_anything(tmp_path: Path) -> None:
    with serve(FakeSettings(models=("known",))) as fake:
        out = tmp_path / "run"
        done = invoke("run", "--n", "2", "--out", str(out), "--planner-model", "unknown",
                      "--base-url", fake.base_url)  # fmt: skip
    assert done.exit_code == 2
    assert done.stderr.startswith("convsim: error: ") and done.stderr.count("\n") == 1
    assert "unknown" in done.stderr
    assert not out.exists()


def test_edge_case_library_errors_name_the_file_and_the_fix(tmp_path: Path) -> None:
    clash = tmp_path / "clash.yaml"
    clash.write_text(
        "edge_cases:\n- {id: wrong_identifier, title: t, description: d, category: identity,"
        " behavior: vague}\n"
    )
    done = invoke("run", "--edge-cases", str(clash), "--n", "2", "--out", str(tmp_path / "a"))
    assert (done.exit_code, done.stderr) == (
        2,
        f"convsim: error: {clash}:2: edge_cases[0].id: edge case id 'wrong_identifier' is "
        "already in the packaged library; give yours another id (packaged cases cannot be "
        "replaced from an extending file)\n",
    )
    odd = tmp_path / "odd.yaml"
    odd.write_text(
        "edge_cases:\n- {id: juggles, title: t, description: d, category: identity,"
        " behavior: juggle}\n"
    )
    done = invoke("plan", "--edge-cases", str(odd), "--n", "1")
    assert done.exit_code == 0  # plan runs nothing; run refuses for the scripted customer
    done = invoke("run", "--edge-cases", str(odd), "--n", "2", "--out", str(tmp_path / "b"))
    assert done.exit_code == 2
    assert done.stderr.startswith(
        f"convsim: error: --edge-cases {odd}: edge case 'juggles': behavior 'juggle' has no "
        "scripted logic; use one of: against_policy,"
    )
    target = Path(__file__).resolve().parent.parent / "examples" / "targets" / "python-bot.yaml"
    missing = invoke("test", "--target", str(target), "--out", str(tmp_path / "c"),
                     "--edge-cases", str(tmp_path / "nope.yaml"))  # fmt: skip
    assert missing.stderr == (
        f"convsim: error: --edge-cases {tmp_path / 'nope.yaml'}: no such file; give an "
        "edge-case library YAML\n"
    )


def test_a_user_library_extends_the_packaged_one_with_links_back(tmp_path: Path) -> None:
    from scenarios.edge_cases import load_edge_cases, load_user_edge_cases
    from scenarios.lint import lint

    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "edge_cases:\n"
        "- {id: expired_voucher, title: t, description: d, category: policy,"
        " behavior: against_policy, incompatible_with: [gives_up, pays_twice]}\n"
        "- {id: pays_twice, title: t, description: d, category: policy,"
        " behavior: multi_issue, incompatible_with: [expired_voucher, gives_upp]}\n"
    )
    assert [str(p) for p in lint([mine])] == [
        f"{mine}:3: edge_cases[1].incompatible_with[1]: unknown edge case 'gives_upp' "
        "(did you mean 'gives_up'?)"
    ]
    mine.write_text(mine.read_text().replace("gives_upp", "gives_up"))
    assert lint([mine]) == []
    merged = load_user_edge_cases(mine).by_id()
    packaged = load_edge_cases().by_id()
    assert list(merged)[-2:] == ["expired_voucher", "pays_twice"]
    assert merged["gives_up"].incompatible_with == [
        *packaged["gives_up"].incompatible_with,
        "expired_voucher",
        "pays_twice",
    ]
    assert load_edge_cases().by_id()["gives_up"] == packaged["gives_up"]  # cache untouched
