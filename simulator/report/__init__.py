"""`convsim report`: one self-contained HTML page about a run, plots embedded as PNG.

What a reader needs to decide whether the data is worth training on and where the support
side breaks: outcomes and verdicts, rubric scores, findings, coverage with pass rates per
cell, the variety of the text (against a reference corpus of real dialogues when given),
cost and latency when models were used, and the worst transcripts with their findings.
The page carries no timestamp, so the same run gives the same file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from agents.checks.pii import mask_text
from simulator.data import (
    NO_EDGE_CASE,
    TRAITS,
    factor_rows,
    frames,
    iter_records,
    open_run,
    review_decisions,
)
from simulator.errors import UserError
from simulator.report import metrics, page, plots
from simulator.rundir import write_atomic

WORST = 10
LABEL_ORDER = ("ACCEPT", "REVIEW", "REJECT", "ERROR", "none")
SEVERITY_RANK = {"REJECT": 0, "ERROR": 1, "REVIEW": 2, "ACCEPT": 3}


@dataclass(frozen=True)
class ReportRequest:
    run_dir: Path
    out: Path
    reference: Path | None = None


def write_report(request: ReportRequest) -> int:
    """Write the page atomically; returns the number of conversations it covers."""
    if request.out.is_dir():
        raise UserError(f"--out {request.out}: is a folder; give a file path such as report.html")
    if not request.out.parent.is_dir():
        raise UserError(f"--out {request.out}: folder {request.out.parent} does not exist")
    reference = metrics.load_reference(request.reference) if request.reference else None
    with open_run(request.run_dir) as store:
        decisions = review_decisions(store)
        records = list(iter_records(store))
        run_id = store.run_config()
    title = f"convsim report: {run_id[0] if run_id else request.run_dir.name}"
    html = build(title, records, decisions, reference)
    try:
        write_atomic(request.out, [html])
    except OSError as exc:
        raise UserError(f"--out {request.out}: cannot write it ({exc.strerror or exc})") from exc
    return len(records)


def build(
    title: str,
    records: Sequence[dict[str, Any]],
    decisions: Mapping[str, str],
    reference: Sequence[dict[str, Any]] | None,
) -> str:
    data = frames(list(records), dict(decisions))
    conv = data.conversations
    body = [f"<h1>{escape(title)}</h1>"]
    if conv.empty:
        body.append("<p class=sub>The run holds no conversations yet.</p>")
        return page.document(title, body)
    graded = conv["passed"].notna()
    rate = conv.loc[graded, "passed"].mean() if graded.any() else float("nan")
    body.append(
        f"<p class=sub>{len(conv)} conversations over {conv['scenario_id'].nunique()} scenarios"
        f"{'; ' + str(len(decisions)) + ' human review decisions' if decisions else ''}.</p>"
    )
    undecided = int(conv["undecided"].map(bool).sum())
    simulator = int((conv["blame"] == "simulator").sum())
    faults = sum(len(r.get("simulator_faults") or []) for r in records)
    body.append(page.tiles([
        ("conversations", str(len(conv))),
        ("pass rate (final ACCEPT of decided)", f"{rate:.1%}" if rate == rate else "n/a"),
        ("undecided (need a judge model)", str(undecided)),
        ("simulator faults (re-runs + left)", f"{faults} + {simulator}"),
        ("resolved", f"{(conv['status'] == 'resolved').mean():.1%}"),
        ("mean turns", f"{conv['n_turns'].mean():.1f}"),
        ("findings", str(len(data.findings))),
    ]))  # fmt: skip
    body += outcomes_section(conv, data.findings, data.verdicts)
    body += coverage_section(conv)
    body += variety_section(records, reference)
    body += usage_section(data.turns, conv)
    body += worst_section(records, conv)
    return page.document(title, body)


def _counts(series: pd.Series, order: Sequence[str] = ()) -> dict[str, int]:
    counts = Counter(str(v) if v is not None and v == v else "none" for v in series)
    keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
    return {k: counts[k] for k in keys}


def outcomes_section(conv: pd.DataFrame, findings: pd.DataFrame, verdicts: pd.DataFrame
                     ) -> list[str]:  # fmt: skip
    figures = [
        page.figure(plots.bars(_counts(conv["status"]), "outcomes"), "outcomes"),
        page.figure(
            plots.bars(_counts(conv["final_label"], LABEL_ORDER), "verdicts", plots.COLORS),
            "verdicts",
        ),
    ]
    scores = verdicts[[c for c in verdicts.columns if c.startswith("score_")]]
    if not scores.empty and len(scores.columns):
        scores = scores.rename(columns=lambda c: c[len("score_") :])
        figures.append(page.figure(plots.score_distribution(scores), "scores per dimension"))
    if not findings.empty:
        keys = findings["dimension"].astype(str) + "/" + findings["category"].astype(str)
        by_category = dict(sorted(Counter(keys).items(), key=lambda kv: (-kv[1], kv[0])))
        figures.append(page.figure(plots.bars(by_category, "findings by category"), "findings"))
    out = ["<h2>Outcomes and verdicts</h2>", f"<div class=grid>{''.join(figures)}</div>"]
    if len(scores.columns):
        rows = [(dim, float(scores[dim].mean()), float(scores[dim].min()), int((scores[dim] <= 2)
                 .sum())) for dim in scores.columns]  # fmt: skip
        out.append(page.table(["dimension", "mean", "min", "conversations at 2 or less"], rows))
    return out


def pivot(long: pd.DataFrame, rows: str, cols: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pass rate, count) tables from long rows with `passed` and the two factor columns."""
    long = long.assign(graded=long["passed"].notna(), ok=long["passed"].eq(True))
    grouped = long.groupby([rows, cols], sort=True).agg(
        n=("id", "size"), graded=("graded", "sum"), ok=("ok", "sum")
    )
    count = grouped["n"].unstack(fill_value=0)
    rate = (grouped["ok"] / grouped["graded"].where(grouped["graded"] > 0)).unstack()
    return rate.reindex_like(count), count


def coverage_section(conv: pd.DataFrame) -> list[str]:
    cells = conv[["id", "passed", "scenario_id", "edge_cases", "domain", *TRAITS]].copy()
    cells["edge_case"] = cells["edge_cases"].map(lambda v: list(v) or [NO_EDGE_CASE])
    by_edge = cells.explode("edge_case")
    rate, count = pivot(by_edge, "scenario_id", "edge_case")
    if NO_EDGE_CASE in count.columns:  # "(none)" first: the baseline each row is read against
        order = [NO_EDGE_CASE, *[c for c in count.columns if c != NO_EDGE_CASE]]
        rate, count = rate[order], count[order]
    out = [
        "<h2>Coverage</h2>",
        page.figure(plots.heatmap(rate, count, "scenario x edge case"), "scenario x edge case"),
    ]
    long = factor_rows(conv)
    traits = long[long["factor"].isin([*TRAITS, "quirk"])].copy()
    traits["trait"] = traits["factor"] + ": " + traits["value"].astype(str)
    traits = traits.merge(conv[["id", "domain"]], on="id")
    rate, count = pivot(traits, "trait", "domain")
    out.append(page.figure(plots.heatmap(rate, count, "persona traits x domain"), "traits"))
    empty = int((count.to_numpy() == 0).sum())
    out.append(f"<p class=note>{empty} trait x domain cells have no conversation yet.</p>")
    return out


def variety_section(records: Sequence[dict[str, Any]], reference: Sequence[dict[str, Any]] | None
                    ) -> list[str]:  # fmt: skip
    ours = metrics.variety(records)
    theirs = metrics.variety(reference) if reference else None
    rows: list[list[Any]] = []
    for role in ("customer", "support"):
        for n in (1, 2, 3):
            rows.append([f"{role} distinct-{n}", ours.distinct[role][n],
                         theirs.distinct[role][n] if theirs else "-"])  # fmt: skip
        rows.append([f"{role} duplicate turn share", ours.duplicate_turns[role],
                     theirs.duplicate_turns[role] if theirs else "-"])  # fmt: skip
    rows.append(["self-similarity (mean Jaccard of pairs)", ours.self_similarity,
                 theirs.self_similarity if theirs else "-"])  # fmt: skip
    rows.append(["near-duplicate conversations", ours.near_duplicate_share,
                 theirs.near_duplicate_share if theirs else "-"])  # fmt: skip
    out = ["<h2>Variety of the text</h2>",
           page.table(["measure", "this run", "reference"], rows),
           page.figure(plots.distinct(ours.distinct, theirs.distinct if theirs else None),
                       "distinct-n")]  # fmt: skip
    if reference:
        dists = metrics.distributions(records, reference)
        out.append(f"<h3>Against the reference corpus ({len(reference)} dialogues)</h3>")
        out.append(page.table(
            ["distribution", "Wasserstein-1", "KS statistic", "mean (run)", "mean (reference)"],
            [[d.name, d.wasserstein, d.ks, float(d.ours.mean()), float(d.theirs.mean())]
             for d in dists]))  # fmt: skip
        out.append("<div class=grid>" + "".join(
            page.figure(plots.distribution(d), d.name) for d in dists) + "</div>")  # fmt: skip
    else:
        out.append(
            "<p class=note>No reference corpus: pass --reference FILE (JSONL of real "
            "dialogues) to compare lengths with real conversations.</p>"
        )
    return out


def usage_section(turns: pd.DataFrame, conv: pd.DataFrame) -> list[str]:
    found = metrics.usage(turns, conv)
    if found is None:
        return ["<h2>Cost, tokens and latency</h2>",
                "<p class=note>No model was used in this run (no token usage or latency in its "
                "turns, no judge call by its critic).</p>"]  # fmt: skip
    out = ["<h2>Cost, tokens and latency</h2>"]
    if not found.by_role.empty:
        rows = [[str(r.role), int(r.calls), int(r.prompt_tokens), int(r.completion_tokens),
                 float(r.cost_usd)] for r in found.by_role.itertuples()]  # fmt: skip
        total = found.total
        rows.append(["all (per conversation totals)", int(found.by_role["calls"].sum()),
                     int(total["prompt_tokens"]), int(total["completion_tokens"]),
                     float(total["cost_usd"])])  # fmt: skip
        out.append(
            page.table(
                ["role", "model calls", "prompt tokens", "completion tokens", "cost (USD)"], rows
            )
        )
        tokens = float(total["prompt_tokens"] + total["completion_tokens"])
        if found.conversations:
            out.append(
                f"<p class=note>Per conversation ({found.conversations} with model use): "
                f"{tokens / found.conversations:,.0f} tokens, "
                f"${float(total['cost_usd']) / found.conversations:.6f} on average, the "
                "critic's judge call included.</p>"
            )
    if found.latency:
        out.append(page.figure(plots.latency(found.latency), "latency"))
    return out


def worst_section(records: Sequence[dict[str, Any]], conv: pd.DataFrame) -> list[str]:
    finals = dict(zip(conv["id"], conv["final_label"], strict=True))

    def badness(record: dict[str, Any]) -> tuple[Any, ...]:
        verdict = record.get("verdict") or {}
        findings = verdict.get("findings", [])
        scores = list((verdict.get("scores") or {}).values()) or [5.0]
        critical = sum(f.get("severity") == "critical" for f in findings)
        return (SEVERITY_RANK.get(str(finals[record["id"]]), 4), -critical, -len(findings),
                min(scores), str(record["id"]))  # fmt: skip

    bad = [
        r
        for r in records
        if finals[r["id"]] != "ACCEPT" or (r.get("verdict") or {}).get("findings")
    ]
    worst = sorted(bad, key=badness)[:WORST]
    out = [f"<h2>Worst transcripts ({len(worst)} of {len(bad)} with a finding or not accepted)"
           "</h2>"]  # fmt: skip
    if not worst:
        return [*out, "<p class=note>Every transcript was accepted without findings.</p>"]
    rows = []
    for r in worst:
        findings = (r.get("verdict") or {}).get("findings", [])
        first = findings[0] if findings else {}
        link = f'<a href="#{escape(page.anchor(r["id"]))}">{escape(r["id"])}</a>'
        said = escape(mask_text(str(first.get("explanation", ""))))
        rows.append([link, escape(str(r.get("scenario_id"))), page.label(finals[r["id"]]),
                     str(len(findings)), said])  # fmt: skip
    out.append(page.table(["transcript", "scenario", "label", "findings", "first finding"],
                          rows, raw=True))  # fmt: skip
    out += [page.transcript(r, finals[r["id"]]) for r in worst]
    return out
