"""Usage accounting for a run: totals per model, and the budget that stops model calls.

One `Meter` is shared by every client of a run. A budget is a limit on requests: every
request (each attempt of a call, retries included) first asks `exhausted()`, and once the
limit is reached none is sent (`BudgetExceeded`); each attempt's tokens are charged as soon
as it returns. So a run spends beyond its budget at most what the requests already sent when
the limit was reached cost: with concurrency C, at most C conversation requests plus the
judge calls under way, each its prompt plus at most `max_tokens` of answer. A conversation
cut short this way is not stored (it is not a result) and the next session simulates it
again; the runner starts no new conversation either.

A budget is the run directory's, not one command's: resuming a run (the same command on the
same --out) first reads what its stored conversations spent (`Spent`, from the transcripts'
`usage` blocks: every answered turn and the critic's judge call) and counts it against the
limit, so a spent run starts nothing new. What a session spent that no stored record shows
(conversations the budget cut short, failed calls, the planner's proposals) is stored at the
session's end as unrecorded spending (`keep_unrecorded`) and counted too. Only a session
that was killed or interrupted loses that part: its conversations in flight were never
stored. Each still counts in the session that made it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

from agents.types import Turn


@dataclass(frozen=True)
class Spent:
    """What a run directory's stored conversations record as spent on model calls."""

    conversations: int = 0
    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class StoredUsage(Protocol):
    """The run store's side (simulator.store.rundb.RunStore): one read of the stored usage."""

    def llm_spent(self) -> Spent: ...


@runtime_checkable
class Resumable(Protocol):
    """Engine hooks whose budget can count what the run directory spent before."""

    def resume(self, spent: Spent) -> None: ...


def resume_budget(hooks: object, store: StoredUsage) -> None:
    """Before a session simulates anything: count the run directory's earlier spending
    against the budget (hooks without a budget, e.g. scripted engines, are left alone)."""
    if isinstance(hooks, Resumable):
        hooks.resume(store.llm_spent())


class UnrecordedStore(StoredUsage, Protocol):
    def add_unrecorded(self, spent: Spent) -> None: ...


def keep_unrecorded(hooks: object, store: UnrecordedStore) -> None:
    """At a session's end: store what it spent beyond the records it stored, so the next
    session's budget counts conversations cut short by this one."""
    meter = getattr(hooks, "meter", None)
    if not isinstance(meter, Meter):
        return
    now, before = store.llm_spent(), meter.before
    extra = Spent(
        calls=max(0, meter.calls - (now.calls - before.calls)),
        prompt_tokens=max(0, meter.prompt_tokens - (now.prompt_tokens - before.prompt_tokens)),
        completion_tokens=max(
            0, meter.completion_tokens - (now.completion_tokens - before.completion_tokens)
        ),
        cost_usd=max(0.0, round(meter.cost_usd - (now.cost_usd - before.cost_usd), 8)),
    )
    if extra.tokens or extra.cost_usd:
        store.add_unrecorded(extra)


@dataclass
class Meter:
    max_usd: float | None = None
    max_tokens: int | None = None
    before: Spent = field(default_factory=Spent)  # the run directory's, when this session began
    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    by_model: dict[str, dict[str, float]] = field(default_factory=dict)

    def add(self, usage: dict[str, Any]) -> None:
        """One finished call: counted, and its tokens charged."""
        self.count(usage)
        self.charge(
            str(usage.get("model", "?")),
            int(usage.get("prompt_tokens", 0)),
            int(usage.get("completion_tokens", 0)),
            float(usage.get("cost_usd") or 0.0),
        )

    def count(self, usage: dict[str, Any]) -> None:
        """One finished call whose attempts were charged as they returned (`charge`)."""
        self.calls += 1
        self.cached_calls += 1 if usage.get("cached") else 0
        row = self._row(str(usage.get("model", "?")))
        row["calls"] += int(usage.get("calls", 1))  # a reply through tools made several

    def charge(self, model: str, prompt: int, completion: int, cost: float) -> None:
        """Tokens and cost of one request, at once, so the budget sees them before the next."""
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.cost_usd += cost
        row = self._row(model)
        row["prompt_tokens"] += prompt
        row["completion_tokens"] += completion
        row["cost_usd"] += cost

    def _row(self, model: str) -> dict[str, float]:
        return self.by_model.setdefault(
            model, {"calls": 0, "prompt_tokens": 0, "completion_tokens": 0, "cost_usd": 0.0}
        )

    @property
    def tokens(self) -> int:
        """This session's tokens."""
        return self.prompt_tokens + self.completion_tokens

    @property
    def run_tokens(self) -> int:
        """The run directory's tokens: stored before this session, plus this session's."""
        return self.before.tokens + self.tokens

    @property
    def run_cost_usd(self) -> float:
        return self.before.cost_usd + self.cost_usd

    def exhausted(self) -> str | None:
        """Why no request may be sent (and no conversation start), or None while it lasts."""
        earlier = self.before.conversations > 0
        if self.max_tokens is not None and self.run_tokens >= self.max_tokens:
            used = f"{self.run_tokens} tokens used"
            if earlier:
                used += f" by this run, {self.tokens} of them in this session"
            return f"--budget-tokens {self.max_tokens} reached ({used})"
        if self.max_usd is not None and self.run_cost_usd >= self.max_usd:
            spent = f"${self.run_cost_usd:.4f} spent"
            if earlier:
                spent += f" by this run, ${self.cost_usd:.4f} of it in this session"
            return f"--budget-usd {self.max_usd:g} reached ({spent})"
        return None

    def summary(self) -> dict[str, Any]:
        """The manifest's usage report. The top-level counts are this session's calls, as
        `by_model`; `before_this_session` is what the run directory's stored conversations
        had spent when it began, and `run_total` the sum, which the budget is held to."""
        before = self.before
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
            "before_this_session": {**asdict(before), "cost_usd": round(before.cost_usd, 6)},
            "run_total": {
                "calls": before.calls + self.calls,
                "cached_calls": before.cached_calls + self.cached_calls,
                "prompt_tokens": before.prompt_tokens + self.prompt_tokens,
                "completion_tokens": before.completion_tokens + self.completion_tokens,
                "tokens": self.run_tokens,
                "cost_usd": round(self.run_cost_usd, 6),
            },
            "budget": {"usd": self.max_usd, "tokens": self.max_tokens, "counts": "run_total"},
        }


def llm_usage(turns: Sequence[Turn], critic: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """Model usage of one conversation by role, for the transcript's `usage`; {} if none.

    `critic` are the calls behind its verdict (`Verdict.usage`, the LLM judge): they get the
    row `llm.critic` and count in the conversation's totals like the turns' calls."""
    by_role: dict[str, dict[str, Any]] = {}
    calls: list[tuple[str, Mapping[str, Any]]] = [(t.role, t.usage) for t in turns if t.usage]
    calls += [("critic", usage) for usage in critic if usage]
    for role, usage in calls:
        row = by_role.setdefault(
            role,
            {"calls": 0, "prompt_tokens": 0, "completion_tokens": 0, "cost_usd": 0.0, "cached": 0},
        )
        row["calls"] += int(usage.get("calls", 1))  # a reply through tools made several
        row["prompt_tokens"] += int(usage.get("prompt_tokens", 0))
        row["completion_tokens"] += int(usage.get("completion_tokens", 0))
        row["cost_usd"] = round(row["cost_usd"] + float(usage.get("cost_usd") or 0.0), 8)
        row["cached"] += 1 if usage.get("cached") else 0
    if not by_role:
        return {}
    return {
        "llm": by_role,
        "prompt_tokens": sum(r["prompt_tokens"] for r in by_role.values()),
        "completion_tokens": sum(r["completion_tokens"] for r in by_role.values()),
        "cost_usd": round(sum(r["cost_usd"] for r in by_role.values()), 8),
    }
