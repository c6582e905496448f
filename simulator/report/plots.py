"""The report's plots, drawn with matplotlib's Agg backend into base64 PNG data URIs.

Agg needs no display and no network; embedding the PNGs keeps the report one file that opens
offline. The PNG metadata is pinned (no software/date stamp), so the same data gives the same
bytes.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulator.report.metrics import Distribution

DPI = 100
COLORS = {"ACCEPT": "#2e7d32", "REVIEW": "#f9a825", "REJECT": "#c62828", "ERROR": "#6a1b9a",
          "none": "#9e9e9e"}  # fmt: skip
BLUE, ORANGE = "#1565c0", "#ef6c00"


def png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def bars(counts: dict[str, int], title: str, colors: dict[str, str] | None = None) -> str:
    fig, ax = plt.subplots(figsize=(5, 2.8))
    names = list(counts)
    values = [counts[n] for n in names]
    palette = [(colors or {}).get(n, BLUE) for n in names]
    ax.barh(names[::-1], values[::-1], color=palette[::-1])
    for y, v in enumerate(values[::-1]):
        ax.text(v, y, f" {v}", va="center", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.margins(x=0.15)
    ax.spines[["top", "right"]].set_visible(False)
    return png(fig)


def score_distribution(scores: pd.DataFrame) -> str:
    """Per rubric dimension, how many conversations got each score (1..5), stacked."""
    dims = list(scores.columns)
    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * max(len(dims), 1)))
    left = np.zeros(len(dims))
    cmap = plt.get_cmap("RdYlGn")
    for value in (1, 2, 3, 4, 5):
        counts = np.array([(scores[d].round() == value).sum() for d in dims], dtype=float)
        ax.barh(dims, counts, left=left, color=cmap((value - 1) / 4), label=str(value))
        left += counts
    ax.set_title("scores per rubric dimension (count by score)", fontsize=10)
    ax.legend(ncol=5, fontsize=7, loc="lower center", bbox_to_anchor=(0.5, -0.45), frameon=False)
    ax.invert_yaxis()
    ax.spines[["top", "right"]].set_visible(False)
    return png(fig)


def heatmap(rate: pd.DataFrame, count: pd.DataFrame, title: str) -> str:
    """Pass rate per cell (colour) with the number of conversations written in it."""
    rows, cols = len(rate.index), len(rate.columns)
    fig, ax = plt.subplots(figsize=(1.5 + 0.42 * cols, 1.0 + 0.3 * rows))
    data = rate.to_numpy(dtype=float)
    masked = np.ma.masked_invalid(data)
    cmap = plt.get_cmap("RdYlGn").with_extremes(bad="#eeeeee")
    image = ax.imshow(masked, cmap=cmap, vmin=0.0, vmax=1.0, aspect="auto")
    ax.set_xticks(range(cols), [str(c) for c in rate.columns], rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(rows), [str(r) for r in rate.index], fontsize=7)
    numbers = count.to_numpy()
    for y in range(rows):
        for x in range(cols):
            if numbers[y, x]:
                dark = data[y, x] == data[y, x] and not 0.2 < data[y, x] < 0.8
                ax.text(
                    x,
                    y,
                    str(int(numbers[y, x])),
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white" if dark else "black",
                )
    ax.set_title(title + " (colour: pass rate; number: conversations)", fontsize=10)
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.01)
    return png(fig)


def distribution(d: Distribution) -> str:
    fig, ax = plt.subplots(figsize=(5, 2.8))
    top = float(np.percentile(np.concatenate([d.ours, d.theirs]), 99)) + 1
    bins = [float(b) for b in np.linspace(0, top, 30)]
    ax.hist(np.clip(d.ours, 0, top), bins=bins, density=True, alpha=0.55, color=BLUE,
            label=f"this run (n={len(d.ours)})")  # fmt: skip
    ax.hist(np.clip(d.theirs, 0, top), bins=bins, density=True, alpha=0.55, color=ORANGE,
            label=f"reference (n={len(d.theirs)})")  # fmt: skip
    ax.set_title(f"{d.name}\nWasserstein {d.wasserstein:.2f}, KS {d.ks:.2f}", fontsize=10)
    ax.legend(fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return png(fig)


def latency(samples: dict[str, np.ndarray]) -> str:
    fig, ax = plt.subplots(figsize=(5, 2.8))
    for (role, values), color in zip(sorted(samples.items()), (BLUE, ORANGE, "#555"), strict=False):
        ax.hist(
            values,
            bins=30,
            alpha=0.6,
            color=color,
            label=f"{role} (p50 "
            f"{np.percentile(values, 50):.0f} ms, p95 {np.percentile(values, 95):.0f} ms)",
        )
    ax.set_title("latency per turn (ms)", fontsize=10)
    ax.legend(fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return png(fig)


def distinct(values: dict[str, dict[int, float]], reference: dict[str, dict[int, float]] | None,
             ) -> str:  # fmt: skip
    fig, ax = plt.subplots(figsize=(5, 2.8))
    groups: Sequence[tuple[str, dict[str, dict[int, float]], str]] = [("run", values, BLUE)]
    if reference:
        groups = [*groups, ("reference", reference, ORANGE)]
    labels = [f"{role} d-{n}" for role in ("customer", "support") for n in (1, 2, 3)]
    x = np.arange(len(labels))
    width = 0.8 / len(groups)
    for i, (name, data, color) in enumerate(groups):
        ys = [data.get(role, {}).get(n, 0.0) for role in ("customer", "support") for n in (1, 2, 3)]
        ax.bar(x + i * width, ys, width, color=color, label=name)
    ax.set_xticks(x + width * (len(groups) - 1) / 2, labels, rotation=30, fontsize=7)
    ax.set_ylim(0, 1)
    ax.set_title("distinct-n at an equal token budget", fontsize=10)
    ax.legend(fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return png(fig)
