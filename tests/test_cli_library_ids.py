"""Built-in scenarios by id: `convsim scenarios` lists them, and an id (or a library folder)
works wherever a scenario path does; a path that is neither says which id was likely meant.
`convsim test --no-judge`: the library's judge criteria left out of pass/fail, and said so."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

from scenarios.loader import builtin_library
from simulator.run.inputs import library_ids

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "examples" / "targets" / "example-bot-python.yaml"
SCENARIO_ID = "example/refund-damaged-order"  # examples/scenarios/refund-damaged-order.yaml


def convsim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )  # fmt: skip


def test_every_library_id_is_its_path() -> None:
    """The shorthand rests on this: a scenario's id is its file's path in the library."""
    ids = library_ids()
    assert len(ids) >= 20
    for sid in ids:
        text = (builtin_library() / f"{sid}.yaml").read_text()
        assert re.search(rf"^id: {re.escape(sid)}$", text, flags=re.M), sid


def test_scenarios_lists_the_library() -> None:
    done = convsim("scenarios", "ecommerce/refund-damaged-item", "saas/locked-out-2fa")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "ecommerce/refund-damaged-item  de,en,es,fr,pt  3 checked, 1 judge   Refund for an item "
        "that arrived damaged",
        "saas/locked-out-2fa            de,en,es,fr,pt  3 checked, 1 judge   Locked out after "
        "losing the two-factor device",
        "2 scenarios in ecommerce/refund-damaged-item, saas/locked-out-2fa; 2 with judge "
        "criteria (decided only with --critic-model, or left out of the gate with --no-judge). "
        "Give an id where a scenario path goes, e.g. convsim test ecommerce/refund-damaged-item "
        "--target BOT.yaml --out DIR",
    ]
    everything = convsim("scenarios")
    listed = [line.split()[0] for line in everything.stdout.splitlines()[:-1]]
    assert listed == library_ids()
    assert everything.stdout.splitlines()[-1].startswith(
        f"{len(listed)} scenarios in the built-in library; "
    )


def test_scenarios_as_json_for_scripts() -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "scenarios"
    done = convsim("scenarios", "ecommerce/refund-damaged-item", str(example), "--json")
    assert (done.returncode, done.stderr) == (0, "")
    listed = json.loads(done.stdout)
    assert [s["id"] for s in listed] == ["ecommerce/refund-damaged-item", SCENARIO_ID]
    first = listed[0]
    assert first["checked"] == [
        "asked_order_number", "verified_before_refund", "never_asks_card_security",
    ]  # fmt: skip
    assert (first["judge"], first["world"], first["max_turns"]) == (
        ["states_refund_terms"], "ecommerce", 12,
    )  # fmt: skip
    assert first["languages"] == ["de", "en", "es", "fr", "pt"]
    assert listed[1]["judge"] == [] and listed[1]["world"] is None
    assert set(first) == {
        "id", "title", "domain", "world", "languages", "checked", "judge", "edge_cases",
        "max_turns",
    }  # fmt: skip
    every = json.loads(convsim("scenarios", "--json").stdout)
    assert [s["id"] for s in every] == library_ids()


def test_an_id_works_where_a_path_goes() -> None:
    done = convsim("lint", "ecommerce/refund-damaged-item", "travel")
    assert (done.returncode, done.stderr) == (0, "")
    lib = builtin_library()
    assert done.stdout == (
        f"ok: no problems in {lib / 'ecommerce' / 'refund-damaged-item.yaml'}, {lib / 'travel'}\n"
    )
    plan = convsim("plan", "ecommerce/refund-damaged-item", "--n", "2")
    assert plan.returncode == 0, plan.stderr
    assert plan.stdout.count("ecommerce/refund-damaged-item") >= 2


def test_a_near_miss_names_the_id() -> None:
    typo = convsim("lint", "ecommerce/refund-damaged-itme")
    bare = convsim("run", "refund-damaged-item", "--n", "1", "--out", "/nonexistent/x")
    nothing = convsim("lint", "no/such/thing-at-all")
    assert (typo.returncode, typo.stdout, typo.stderr) == (
        2, "",
        "convsim: error: ecommerce/refund-damaged-itme: no such file or folder, and no built-in "
        "scenario has that id; did you mean the built-in scenario ecommerce/refund-damaged-item? "
        "(list them with convsim scenarios)\n",
    )  # fmt: skip
    assert bare.returncode == 2
    assert bare.stderr == (
        "convsim: error: refund-damaged-item: no such file or folder, and no built-in scenario "
        "has that id; did you mean the built-in scenario ecommerce/refund-damaged-item? (list "
        "them with convsim scenarios)\n"
    )
    assert nothing.stderr == (
        "convsim: error: no/such/thing-at-all: no such file or folder; give scenario YAML files "
        "or folders, or a built-in scenario id (list them with convsim scenarios)\n"
    )


def judged_scenario(tmp_path: Path) -> Path:
    """The example scenario with a judge criterion added, as every library scenario has."""
    text = (ROOT / "examples" / "scenarios" / "refund-damaged-order.yaml").read_text()
    marker = "success:\n"
    extra = "  - {id: polite_close, judge: Support closes politely.}\n"
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "judged.yaml").write_text(text.replace(marker, marker + extra, 1))
    return folder


def ci_command() -> list[str]:
    """docs/testing-bots.md's CI line, as documented (its first ```bash block's command)."""
    doc = (ROOT / "docs" / "testing-bots.md").read_text()
    block = doc.split("```bash\n", 1)[1].split("```", 1)[0]
    line = block.split("convsim test ", 1)[1].split("\nconvsim ", 1)[0]
    return shlex.split(line.replace("\\\n", " "))


def test_the_documented_ci_gate_passes_a_bot_that_meets_every_checked_criterion(
    tmp_path: Path,
) -> None:
    args = ci_command()
    assert "--no-judge" in args and "--min-pass-rate" in args
    values = {"--target": str(BOT), "--n": "12", "--trials": "1",
              "--out": str(tmp_path / "run"), "--junit": str(tmp_path / "bot.xml")}  # fmt: skip
    for flag, value in values.items():
        args[args.index(flag) + 1] = value
    args[0] = str(judged_scenario(tmp_path))
    for drop in ("--concurrency", "--rate"):  # load settings: beside the point here
        if drop in args:
            del args[args.index(drop) : args.index(drop) + 2]
    gated = convsim("test", *args, "--quiet")
    assert gated.returncode == 0, gated.stderr
    lines = gated.stdout.splitlines()
    assert (
        "no judge: 12 judge criteria not graded (no judge model): polite_close 12; --no-judge "
        "left them out, so these passes are passes of the checked criteria only"
    ) in lines
    assert (
        "not graded without a judge: tone, courtesy and rudeness, empathy, whether explanations "
        "are right; add --critic-model MODEL to grade them"
    ) in lines
    assert lines[-1] == (
        "gate passed: the pass rate is 100.0% (12 of 12 decided conversations), at or above "
        "--min-pass-rate 90.0%."
    )
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["config"]["no_judge"] is True
    assert manifest["config"]["judge_criteria_not_graded"] == [f"{SCENARIO_ID}:polite_close"]
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["judge_criteria_not_graded"] == {"polite_close": 12}
    assert {tuple(c["not_graded"]) for c in report["conversations"]} == {("polite_close",)}


def test_without_no_judge_the_same_run_is_undecided_and_the_gate_fails(tmp_path: Path) -> None:
    """Unjudged is never a pass: the default stays honest."""
    folder = judged_scenario(tmp_path)
    done = convsim("test", str(folder), "--target", str(BOT), "--n", "4", "--seed", "1",
                   "--out", str(tmp_path / "run"), "--quiet", "--min-pass-rate", "0.9")  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == (
        "convsim: error: gate failed: no conversation could be decided (4 undecided, 0 "
        "simulator faults, 0 errors), so the pass rate is unknown and cannot meet "
        "--min-pass-rate 90.0%.\n"
    )
    assert "no judge:" not in done.stdout
    judge = ("--critic-model", "m", "--base-url", "http://127.0.0.1:9/v1")
    refused = convsim("test", str(folder), "--target", str(BOT), "--out", str(tmp_path / "r2"),
                      "--no-judge", *judge)  # fmt: skip
    assert (refused.returncode, refused.stderr) == (
        2,
        "convsim: error: --no-judge: a judge model is set (--critic-model or the config file) "
        "and would grade the judge criteria; drop --no-judge, or the judge model\n",
    )
    assert not (tmp_path / "r2").exists()
