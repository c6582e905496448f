"""`convsim report`: one self-contained HTML page about a run, plots embedded as PNG.

What a reader needs to decide whether the data is worth training on and where the support
side breaks: outcomes and verdicts, rubric scores, findings, coverage with pass rates per
cell, the variety of the text (against a reference corpus of real dialogues when given),
cost and latency when models were used, and the worst transcripts with their findings.
The page carries no timestamp, so the same run gives the same file.

Memory stays flat in the size of the run: the records stream from run.db into counts
(`summary.summarize`) and the page is written section by section.

Importing the package loads nothing heavy (other commands use `simulator.report.metrics`
without drawing anything); the page's code, in `render` (matplotlib), loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.report.render import ReportRequest, build, sections, write_report

__all__ = ["ReportRequest", "build", "sections", "write_report"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from simulator.report import render

        return getattr(render, name)
    raise AttributeError(f"module 'simulator.report' has no attribute {name!r}")
