"""`convsim report` and `simulator.load_run`: the page as a person sees it, in a real browser."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_export_fixtures import accepted, edit, make_run, records
from typer.testing import CliRunner

import simulator
from simulator.cli import app
from simulator.report.metrics import distinct_n, ks_statistic, wasserstein

# A small reference corpus, written for this test, in three of the accepted shapes.
REFERENCE = [
    {"turns": [{"speaker": "User", "text": "hi my parcel never came"},
               {"speaker": "Wizard", "text": "Sorry to hear that. What is the order number?"},
               {"speaker": "User", "text": "it's 4471"},
               {"speaker": "Wizard", "text": "Thanks, I have sent a replacement today."}]},
    {"messages": [{"role": "system", "content": "be helpful"},
                  {"role": "user", "content": "how do I reset my password"},
                  {"role": "assistant", "content": "Use the link on the sign-in page."}]},
    {"conversations": [{"from": "human", "value": "cancel my plan please"},
                       {"from": "gpt", "value": "Done, it ends at the close of this month."},
                       {"from": "human", "value": "thanks"}]},
]  # fmt: skip


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run where one conversation was served by a model (usage, latency) and one is REJECTed."""
    run_dir = make_run(tmp_path_factory.mktemp("report") / "run", n=30, seed=13)
    first, second = accepted(run_dir)[:2]

    def with_usage(record: dict) -> None:
        for i, turn in enumerate(record["turns"]):
            turn["latency_ms"] = 100.0 + 10 * i
            if turn["role"] == "support":
                turn["usage"] = {"model": "m", "prompt_tokens": 100, "completion_tokens": 20,
                                 "cost_usd": 0.001, "cached": False}  # fmt: skip

    def rejected(record: dict) -> None:
        record["verdict"]["label"] = "REJECT"
        finding = {"turn": 1, "dimension": "policy", "category": "pii_leak",
                   "severity": "critical", "evidence": "<script>alert(1)</script>",
                   "explanation": "planted for the test"}  # fmt: skip
        record["verdict"]["findings"] = [finding]

    edit(run_dir, first["id"], with_usage)
    edit(run_dir, second["id"], rejected)
    return run_dir


@pytest.fixture(scope="module")
def report(run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("page")
    reference = folder / "reference.jsonl"
    reference.write_text("".join(json.dumps(d) + "\n" for d in REFERENCE), encoding="utf-8")
    out = folder / "report.html"
    args = ["report", str(run_dir), "--out", str(out), "--reference", str(reference)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"report on 30 conversations written to {out}")
    return out


def test_the_page_is_self_contained_and_has_every_section(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing to fetch
    assert "<link" not in html and "<script" not in html
    for heading in ("Outcomes and verdicts", "Coverage", "Variety of the text",
                    "Against the reference corpus (3 dialogues)", "Cost, tokens and latency",
                    "Worst transcripts"):  # fmt: skip
        assert f"{heading}" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # transcript text is escaped
    # The worst transcript leads, linked to its finding's turn.
    rejected = next(r for r in records(_run(report)) if r["verdict"]["label"] == "REJECT")
    assert f'<a href="#c-{rejected["id"]}">' in html
    assert f'<a href="#c-{rejected["id"]}-t1">turn 1</a>' in html
    assert f'id="c-{rejected["id"]}-t1"' in html
    assert "<td>support</td><td class=num>" in html  # the usage table by role


def _run(report: Path) -> Path:
    return next(p for p in report.parent.parent.glob("report*/run"))


def test_reference_errors_name_the_line(run_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"turns": []}\n{"dialogue": 1}\n', encoding="utf-8")
    args = ["report", str(run_dir), "--out", str(tmp_path / "r.html"), "--reference", str(bad)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"convsim: error: --reference {bad}:2: no turns; give a `turns`, `messages` or "
        "`conversations` list\n"
    )


def test_distance_figures() -> None:
    import numpy as np

    a, b = np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0])
    assert wasserstein(a, b) == pytest.approx(1.0)
    assert ks_statistic(a, b) == pytest.approx(1 / 3)
    assert wasserstein(a, a) == 0.0 and ks_statistic(a, a) == 0.0
    assert distinct_n(["a b a b"], 1) == 0.5
    assert distinct_n(["a b a b"], 2) == pytest.approx(2 / 3)


def test_load_run_gives_dataframes(run_dir: Path) -> None:
    frames = simulator.load_run(run_dir)
    conversations, turns, verdicts, coverage = frames[:4]
    assert len(conversations) == 30 and conversations["id"].is_unique
    assert len(turns) == int(conversations["n_turns"].sum())
    assert list(verdicts["conversation_id"]) == list(conversations["id"])
    assert int(conversations["passed"].eq(False).sum()) >= 1
    used = conversations.dropna(subset=["cost_usd"])
    assert len(used) == 1 and used["prompt_tokens"].iloc[0] > 0
    scenario_rows = coverage[coverage["factor"] == "scenario"]
    assert int(scenario_rows["conversations"].sum()) == 30
    assert set(coverage.columns) == {"factor", "value", "conversations", "graded", "passed",
                                     "pass_rate"}  # fmt: skip
    assert frames.findings["category"].tolist().count("pii_leak") == 1


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(chromium() is None, reason="no chromium binary (apt-get install chromium)")
def test_the_report_renders_in_headless_chromium(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    done = subprocess.run(
        [chromium() or "", "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2000",
         f"--screenshot={shot}", "--dump-dom", report.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"', dom)
    alts = [alt for _, alt in images]
    for wanted in ("outcomes", "verdicts", "scores per dimension", "scenario x edge case",
                   "traits", "distinct-n", "turns per conversation", "latency"):  # fmt: skip
        assert wanted in alts
    for data, alt in images:
        png = base64.b64decode(data)
        assert png[:8] == b"\x89PNG\r\n\x1a\n", alt
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert width >= 300 and height >= 150 and len(png) > 5000, alt
    assert shot.stat().st_size > 50_000  # a page with pictures, not a blank one


def test_undecided_and_simulator_faults_are_not_passes_in_the_report() -> None:
    from simulator.report import build
    from simulator.store.data import frames

    def record(cid: str, label: str, **verdict: object) -> dict[str, object]:
        turns = [{"role": "customer", "content": f"hello {cid}"},
                 {"role": "support", "content": f"hi there {cid}"}]  # fmt: skip
        return {"id": cid, "scenario_id": "a/b", "edge_cases": [], "turns": turns,
                "persona": {"tone": "polite"}, "outcome": {"status": "resolved"},
                "verdict": {"label": label, "scores": {}, "findings": [], "unjudged": [],
                            **verdict}}  # fmt: skip

    records = [
        record("ok", "ACCEPT", unjudged=["courtesy"]),  # a judge-only dimension: decided
        record("open", "ACCEPT", unjudged=["honest_about_costs", "courtesy"]),
        record("sim", "REVIEW", blame="simulator"),
        record("bad", "REVIEW"),
    ]
    conv = frames(records, {}).conversations
    assert list(conv["passed"]) == [True, None, None, False]
    assert list(conv["undecided"]) == [[], ["honest_about_costs"], [], []]
    html = build("t", records, {}, None)
    assert "<b>50.0%</b><span>pass rate (final ACCEPT of decided)</span>" in html
    assert "<b>1</b><span>undecided (need a judge model)</span>" in html
    assert "<b>0 + 1</b><span>simulator faults (re-runs + left)</span>" in html
    # A person's ACCEPT in review decides it.
    assert frames(records, {"open": "ACCEPT"}).conversations["passed"].tolist()[1] is True
