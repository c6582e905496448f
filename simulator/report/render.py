"""The report page: `write_report` streams a run into `summary.RunSummary` and writes the
page section by section; `build` gives it as a string (tests, library use)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import numpy as np

from agents.checks.pii import mask_text
from simulator.errors import UserError
from simulator.report import metrics, page, plots
from simulator.report.summary import WORST, Records, RunSummary, UsageTally, summarize
from simulator.report.validation import validation_section
from simulator.store.atomic import check_out_file, write_atomic
from simulator.store.data import iter_records, open_run, review_decisions
from simulator.store.rundir import check_not_run_file
from simulator.store.tallies import NO_EDGE_CASE, pivot

LABEL_ORDER = ("ACCEPT", "REVIEW", "REJECT", "ERROR", "none")


@dataclass(frozen=True)
class ReportRequest:
    run_dir: Path
    out: Path
    reference: Path | None = None


def write_report(request: ReportRequest) -> int:
    """Write the page atomically; returns the number of conversations it covers."""
    check_not_run_file(request.out, request.run_dir)
    if request.out.is_dir():
        raise UserError(f"--out {request.out}: is a folder; give a file path such as report.html")
    check_out_file(request.out)
    reference = metrics.load_reference(request.reference) if request.reference else None
    with open_run(request.run_dir) as store:
        decisions = review_decisions(store)
        run_id = store.run_config()
        summary = summarize(lambda: iter_records(store), decisions)
    title = f"convsim report: {run_id[0] if run_id else request.run_dir.name}"
    try:
        validation = validation_section(request.run_dir)
        write_atomic(request.out, sections(title, summary, len(decisions), reference, validation))
    except OSError as exc:
        raise UserError(f"--out {request.out}: cannot write it ({exc.strerror or exc})") from exc
    return summary.conversations


def build(
    title: str,
    records: Sequence[dict[str, Any]] | Records,
    decisions: Mapping[str, str],
    reference: Sequence[dict[str, Any]] | None,
) -> str:
    """The page as one string, from records (a sequence, or a callable giving a fresh pass)."""
    source: Records = records if callable(records) else (lambda: iter(records))
    summary = summarize(source, dict(decisions))
    return "".join(sections(title, summary, len(decisions), reference))


def sections(
    title: str,
    summary: RunSummary,
    reviewed: int,
    reference: Sequence[dict[str, Any]] | None,
    validation: Sequence[str] = (),
) -> Iterator[str]:
    """The page in pieces, section by section (each figure is drawn when its piece is due)."""
    yield page.head(title)
    yield f"<h1>{escape(title)}</h1>\n"
    s = summary
    if not s.conversations:
        yield "<p class=sub>The run holds no conversations yet.</p>\n"
        yield page.tail()
        return
    rate = s.passed / s.graded if s.graded else float("nan")
    yield (
        f"<p class=sub>{s.conversations} conversations over {len(s.scenarios)} scenarios"
        f"{'; ' + str(reviewed) + ' human review decisions' if reviewed else ''}.</p>\n"
    )
    yield page.tiles([
        ("conversations", str(s.conversations)),
        ("pass rate (final ACCEPT of decided)", f"{rate:.1%}" if rate == rate else "n/a"),
        ("undecided (need a judge model)", str(s.undecided)),
        ("simulator faults (re-runs + left)", f"{s.faults} + {s.simulator}"),
        ("resolved", f"{s.statuses.get('resolved', 0) / s.conversations:.1%}"),
        ("mean turns", f"{s.turns / s.conversations:.1f}"),
        ("findings", str(s.findings)),
    ]) + "\n"  # fmt: skip
    parts = [outcomes_section(s), coverage_section(s), variety_section(s, reference)]
    if validation:  # only once `convsim validate` has written RUN/validation.json
        parts.append(list(validation))
    for part in [*parts, usage_section(s.usage), worst_section(s)]:
        yield "\n".join(part) + "\n"
    yield page.tail()


def _ordered(counts: Counter[str], order: Sequence[str] = ()) -> dict[str, int]:
    keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
    return {k: counts[k] for k in keys}


def outcomes_section(s: RunSummary) -> list[str]:
    figures = [
        page.figure(plots.bars(_ordered(s.statuses), "outcomes"), "outcomes"),
        page.figure(
            plots.bars(_ordered(s.labels, LABEL_ORDER), "verdicts", plots.COLORS), "verdicts"
        ),
    ]
    scores = s.score_frame()
    if not scores.empty and len(scores.columns):
        figures.append(page.figure(plots.score_distribution(scores), "scores per dimension"))
    if s.categories:
        by_category = dict(sorted(s.categories.items(), key=lambda kv: (-kv[1], kv[0])))
        figures.append(page.figure(plots.bars(by_category, "findings by category"), "findings"))
    out = ["<h2>Outcomes and verdicts</h2>", f"<div class=grid>{''.join(figures)}</div>"]
    if len(scores.columns):
        rows = [(dim, float(scores[dim].mean()), float(scores[dim].min()), int((scores[dim] <= 2)
                 .sum())) for dim in scores.columns]  # fmt: skip
        out.append(page.table(["dimension", "mean", "min", "conversations at 2 or less"], rows))
    return out


def coverage_section(s: RunSummary) -> list[str]:
    rate, count = pivot(s.by_edge)
    if NO_EDGE_CASE in count.columns:  # "(none)" first: the baseline each row is read against
        order = [NO_EDGE_CASE, *[c for c in count.columns if c != NO_EDGE_CASE]]
        rate, count = rate[order], count[order]
    out = [
        "<h2>Coverage</h2>",
        page.figure(plots.heatmap(rate, count, "scenario x edge case"), "scenario x edge case"),
    ]
    rate, count = pivot(s.by_trait)
    out.append(page.figure(plots.heatmap(rate, count, "persona traits x domain"), "traits"))
    empty = int((count.to_numpy() == 0).sum())
    out.append(f"<p class=note>{empty} trait x domain cells have no conversation yet.</p>")
    return out


def variety_section(s: RunSummary, reference: Sequence[dict[str, Any]] | None) -> list[str]:
    ours = s.variety.result()
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
        dists = metrics.distributions_of(
            s.variety.lengths_by_role(), s.variety.turns_per_conversation(), reference
        )
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


def usage_section(found: UsageTally) -> list[str]:
    if not found.used():
        return ["<h2>Cost, tokens and latency</h2>",
                "<p class=note>No model was used in this run (no token usage or latency in its "
                "turns, no judge call by its critic).</p>"]  # fmt: skip
    out = ["<h2>Cost, tokens and latency</h2>"]
    rows: list[list[Any]] = [
        [role, int(calls), int(prompt.value), int(completion.value), float(cost.value)]
        for role, (calls, prompt, completion, cost) in sorted(found.roles.items())
    ]
    if found.judged:
        calls, prompt, completion, cost = (total.value for total in found.critic)
        rows.append(["critic", int(calls), int(prompt), int(completion), float(cost)])
    if rows:
        prompt, completion, cost = (total.value for total in found.totals)
        rows.append(["all (per conversation totals)", sum(int(r[1]) for r in rows),
                     int(prompt), int(completion), float(cost)])  # fmt: skip
        out.append(
            page.table(
                ["role", "model calls", "prompt tokens", "completion tokens", "cost (USD)"], rows
            )
        )
        tokens = prompt + completion
        if found.conversations:
            out.append(
                f"<p class=note>Per conversation ({found.conversations} with model use): "
                f"{tokens / found.conversations:,.0f} tokens, "
                f"${cost / found.conversations:.6f} on average, the "
                "critic's judge call included.</p>"
            )
    if found.latency:
        samples = {role: np.array(values, dtype=float) for role, values in found.latency.items()}
        out.append(page.figure(plots.latency(samples), "latency"))
    return out


def worst_section(s: RunSummary) -> list[str]:
    worst = s.worst_records()
    out = [f"<h2>Worst transcripts ({len(worst)} of {s.bad} with a finding or not accepted)"
           "</h2>"]  # fmt: skip
    if not worst:
        return [*out, "<p class=note>Every transcript was accepted without findings.</p>"]
    rows = []
    for r, final in worst:
        findings = (r.get("verdict") or {}).get("findings", [])
        first = findings[0] if findings else {}
        link = f'<a href="#{escape(page.anchor(r["id"]))}">{escape(r["id"])}</a>'
        said = escape(mask_text(str(first.get("explanation", ""))))
        rows.append([link, escape(str(r.get("scenario_id"))), page.label(final),
                     str(len(findings)), said])  # fmt: skip
    out.append(page.table(["transcript", "scenario", "label", "findings", "first finding"],
                          rows, raw=True))  # fmt: skip
    out += [page.transcript(r, final) for r, final in worst]
    return out


__all__ = ["WORST", "ReportRequest", "build", "sections", "write_report"]
