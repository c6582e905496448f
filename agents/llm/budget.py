"""Usage accounting for a run: totals per model, and the budget that stops new conversations.

One `Meter` is shared by every client of a run. It never cancels a call in flight: once a
limit is reached, the runner asks `exhausted()` before starting each conversation and stops.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from agents.types import Turn


@dataclass
class Meter:
    max_usd: float | None = None
    max_tokens: int | None = None
    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    by_model: dict[str, dict[str, float]] = field(default_factory=dict)

    def add(self, usage: dict[str, Any]) -> None:
        self.calls += 1
        self.cached_calls += 1 if usage.get("cached") else 0
        prompt = int(usage.get("prompt_tokens", 0))
        completion = int(usage.get("completion_tokens", 0))
        cost = float(usage.get("cost_usd") or 0.0)
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.cost_usd += cost
        row = self.by_model.setdefault(
            str(usage.get("model", "?")),
            {"calls": 0, "prompt_tokens": 0, "completion_tokens": 0, "cost_usd": 0.0},
        )
        row["calls"] += 1
        row["prompt_tokens"] += prompt
        row["completion_tokens"] += completion
        row["cost_usd"] += cost

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def exhausted(self) -> str | None:
        """Why no new conversation may start, or None while the budget lasts."""
        if self.max_tokens is not None and self.tokens >= self.max_tokens:
            return f"--budget-tokens {self.max_tokens} reached ({self.tokens} tokens used)"
        if self.max_usd is not None and self.cost_usd >= self.max_usd:
            return f"--budget-usd {self.max_usd:g} reached (${self.cost_usd:.4f} spent)"
        return None

    def summary(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "cached_calls": self.cached_calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": round(self.cost_usd, 6),
            "by_model": {
                name: {k: round(v, 6) if k == "cost_usd" else int(v) for k, v in row.items()}
                for name, row in sorted(self.by_model.items())
            },
            "budget": {"usd": self.max_usd, "tokens": self.max_tokens},
        }


def llm_usage(turns: Sequence[Turn]) -> dict[str, Any]:
    """Model usage of one conversation by role, for the transcript's `usage`; {} if none."""
    by_role: dict[str, dict[str, Any]] = {}
    for turn in turns:
        if not turn.usage:
            continue
        row = by_role.setdefault(
            turn.role,
            {"calls": 0, "prompt_tokens": 0, "completion_tokens": 0, "cost_usd": 0.0, "cached": 0},
        )
        row["calls"] += 1
        row["prompt_tokens"] += int(turn.usage.get("prompt_tokens", 0))
        row["completion_tokens"] += int(turn.usage.get("completion_tokens", 0))
        row["cost_usd"] = round(row["cost_usd"] + float(turn.usage.get("cost_usd") or 0.0), 8)
        row["cached"] += 1 if turn.usage.get("cached") else 0
    if not by_role:
        return {}
    return {
        "llm": by_role,
        "prompt_tokens": sum(r["prompt_tokens"] for r in by_role.values()),
        "completion_tokens": sum(r["completion_tokens"] for r in by_role.values()),
        "cost_usd": round(sum(r["cost_usd"] for r in by_role.values()), 8),
    }
