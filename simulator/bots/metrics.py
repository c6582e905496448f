"""What a bot test measured: pass rates, pass^k, latencies and infrastructure errors.

Definitions (docs/testing-bots.md repeats them):
- A conversation **passes** when the critic labelled it ACCEPT (no critical or major finding)
  and decided every criterion; **fails** when it labelled it REVIEW or REJECT and the support
  side is to blame; is **undecided** when it was accepted but a criterion could not be decided
  without a judge model (`agents.critic.undecided_criteria`: never counted as met); is a
  **simulator** fault when the failure was the simulated customer's (`Verdict.blame`, after
  the re-runs of `simulator.run.rerun`); and is an **error** when it ended in an infrastructure
  error (outcome `error`, verdict ERROR: a timeout, a non-2xx answer, a reply that is not
  JSON or lacks the reply path, a Python bot that raised). Undecided, simulator and error
  conversations are counted apart and are in neither the numerator nor the denominator of a
  pass rate.
- **pass rate** = passes / (passes + fails); None when nothing could be graded.
- **pass^k** (tau-bench): for each task (plan) with n graded trials of which c passed, the
  unbiased estimate C(c, k) / C(n, k) of the chance that k trials all pass, averaged over the
  tasks with n >= k.
- **latency** percentiles are nearest-rank over every reply the bot gave (ms).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from agents.blame import CUSTOMER_DIMENSION
from agents.critic import undecided_criteria
from agents.targets.errors import ERROR_KINDS
from agents.types import Transcript
from simulator.bots.nojudge import LeftOut
from simulator.store.rundb import RunStore

Status = Literal["pass", "fail", "undecided", "simulator", "error"]
TRAITS = ("tone", "patience", "verbosity", "tech_savviness", "language")
NO_EDGE_CASE = "(none)"

_TRIAL = re.compile(r"^(?P<task>.+)-t(?P<trial>\d+)$")
_ROLE_FAILED = re.compile(r"^(?P<role>customer|support) role failed: (?P<cls>\w+):")


def status_of(t: Transcript, left_out: LeftOut | None = None) -> Status:
    """The status; with `left_out` (--no-judge), an ACCEPT whose only open criteria are the
    scenario's judge criteria passes on its checked criteria, and says which were not graded
    (`not_graded_of`). Any other open criterion still leaves it undecided."""
    verdict = t.verdict
    if t.outcome.status == "error" or verdict is None or verdict.label == "ERROR":
        return "error"
    if verdict.label != "ACCEPT":
        return "simulator" if verdict.blame == "simulator" else "fail"
    skipped = (left_out or {}).get(t.scenario_id, frozenset())
    open_criteria = [c for c in undecided_criteria(verdict.unjudged) if c not in skipped]
    return "undecided" if open_criteria else "pass"


def not_graded_of(t: Transcript, left_out: LeftOut | None) -> list[str]:
    """The judge criteria --no-judge left ungraded in `t` (open in its verdict)."""
    if not left_out or t.verdict is None:
        return []
    skipped = left_out.get(t.scenario_id, frozenset())
    return [c for c in undecided_criteria(t.verdict.unjudged) if c in skipped]


def error_kind(t: Transcript) -> str | None:
    """timeout, unreachable, http_status, malformed, crashed, ... (a target's kinds),
    customer, critic, domain_tool, or other."""
    if status_of(t) != "error":
        return None
    if t.outcome.status != "error":
        return "critic"
    m = _ROLE_FAILED.match(t.outcome.reason)
    if m is None:
        # a domain tool past its bounds (simulator.run.graph): the domain file's failure
        return "domain_tool" if t.outcome.reason.startswith("domain tool failed:") else "other"
    if m.group("role") == "customer":
        return "customer"
    return ERROR_KINDS.get(m.group("cls"), "support")


def task_of(conversation_id: str) -> tuple[str, int]:
    m = _TRIAL.match(conversation_id)
    return (m.group("task"), int(m.group("trial"))) if m else (conversation_id, 0)


def traits_of(t: Transcript) -> list[str]:
    p = t.persona
    out = [f"{name}={getattr(p, name)}" for name in TRAITS]
    return out + [f"quirks={q}" for q in p.quirks]


def percentile(values: list[float], p: float) -> float | None:
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def pass_hat_k(tasks: dict[str, tuple[int, int]], k: int) -> tuple[float | None, int]:
    """(mean over tasks of C(c,k)/C(n,k), number of tasks with n >= k); tasks: id -> (n, c)."""
    values = [math.comb(c, k) / math.comb(n, k) for n, c in tasks.values() if n >= k]
    return (sum(values) / len(values) if values else None), len(values)


@dataclass
class Cell:
    """Counts for one group (a scenario, an edge case, a trait value, or everything)."""

    conversations: int = 0
    passed: int = 0
    failed: int = 0
    undecided: int = 0
    simulator: int = 0
    errors: int = 0
    timeouts: int = 0
    latencies: list[float] = field(default_factory=list, repr=False)

    def add(self, status: Status, kind: str | None, latencies: list[float]) -> None:
        self.conversations += 1
        self.passed += status == "pass"
        self.failed += status == "fail"
        self.undecided += status == "undecided"
        self.simulator += status == "simulator"
        self.errors += status == "error"
        self.timeouts += kind == "timeout"
        self.latencies.extend(latencies)

    @property
    def pass_rate(self) -> float | None:
        graded = self.passed + self.failed
        return self.passed / graded if graded else None

    def latency(self) -> dict[str, float | None]:
        return {f"p{p}": percentile(self.latencies, p) for p in (50, 95, 99)}

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if k != "latencies"}
        out["pass_rate"] = self.pass_rate
        out["replies"] = len(self.latencies)
        out["latency_ms"] = self.latency()
        return out


@dataclass
class ConversationResult:
    """One conversation as the report sees it."""

    id: str
    task: str
    trial: int
    scenario_id: str
    edge_cases: list[str]
    status: Status
    label: str
    error_kind: str | None
    reason: str
    findings: list[dict[str, Any]]
    seconds: float
    undecided: list[str] = field(default_factory=list)  # criteria no check could decide
    simulator_faults: int = 0  # attempts dropped because the simulated customer was at fault
    not_graded: list[str] = field(default_factory=list)  # judge criteria --no-judge left out

    @property
    def headline(self) -> str:
        """What failed the conversation, for a one-line summary: the most severe finding (the
        first among equals) of the side its status blames (the simulated customer's for
        `simulator`, support's otherwise), else the outcome's reason. The first finding
        listed was often a minor note beside the critical one that made the verdict
        (outsider 23: "criterion ... not met (the customer insisted on escalation ...)")."""
        blamed = self.status == "simulator"
        mine = [f for f in self.findings if (f.get("dimension") == CUSTOMER_DIMENSION) == blamed]
        mine = mine or self.findings
        if not mine:
            return self.reason
        return str(min(mine, key=lambda f: _RANK.get(str(f.get("severity")), 3))["explanation"])


_RANK = {"critical": 0, "major": 1, "minor": 2}


@dataclass
class Summary:
    trials: int
    total: Cell
    by_scenario: dict[str, Cell]
    by_edge_case: dict[str, Cell]
    by_trait: dict[str, Cell]
    errors_by_kind: dict[str, int]
    pass_hat: dict[int, float | None]
    tasks: int
    unjudged: dict[str, int]
    conversations: list[ConversationResult]
    # criterion -> conversations it left undecided (only those not otherwise failed or errored)
    undecided: dict[str, int] = field(default_factory=dict)
    simulator_attempts: int = 0  # graded attempts, the dropped simulator faults included
    simulator_faulted: int = 0  # of them, spoiled by the simulated customer
    # --no-judge: judge criterion -> conversations where it was not graded; None without it
    not_graded: dict[str, int] | None = None
    # what the checks could not look at for this target (name -> why and what to give)
    not_checked: dict[str, str] = field(default_factory=dict)

    @property
    def simulator_fault_rate(self) -> float | None:
        if not self.simulator_attempts:
            return None
        return self.simulator_faulted / self.simulator_attempts

    @property
    def pass_rate(self) -> float | None:
        return self.total.pass_rate


def summarize(
    transcripts: Iterable[Transcript], trials: int = 1, left_out: LeftOut | None = None
) -> Summary:
    """The figures; `left_out` (--no-judge) names the judge criteria graded by nobody."""
    total = Cell()
    by_scenario: dict[str, Cell] = {}
    by_edge: dict[str, Cell] = {}
    by_trait: dict[str, Cell] = {}
    kinds: Counter[str] = Counter()
    unjudged: Counter[str] = Counter()
    undecided: Counter[str] = Counter()
    not_graded: Counter[str] = Counter()
    attempts = faulted = 0
    tasks: dict[str, tuple[int, int]] = {}
    convs: list[ConversationResult] = []
    for t in transcripts:
        status, kind = status_of(t, left_out), error_kind(t)
        latencies = [
            x.latency_ms for x in t.turns if x.role == "support" and x.latency_ms is not None
        ]
        total.add(status, kind, latencies)
        by_scenario.setdefault(t.scenario_id, Cell()).add(status, kind, latencies)
        for edge in t.edge_cases or [NO_EDGE_CASE]:
            by_edge.setdefault(edge, Cell()).add(status, kind, latencies)
        for trait in traits_of(t):
            by_trait.setdefault(trait, Cell()).add(status, kind, [])
        if kind is not None:
            kinds[kind] += 1
        open_criteria: list[str] = []
        if t.verdict is not None:
            unjudged.update(f"{t.scenario_id}:{u}" for u in t.verdict.unjudged)
            skipped = not_graded_of(t, left_out)
            open_criteria = [c for c in undecided_criteria(t.verdict.unjudged) if c not in skipped]
            if status in ("pass", "undecided"):
                not_graded.update(skipped)
            if status == "undecided":
                undecided.update(open_criteria)
        attempts += len(t.simulator_faults) + (status != "error")
        faulted += len(t.simulator_faults) + (status == "simulator")
        task, trial = task_of(t.id)
        if status in ("pass", "fail"):
            n, c = tasks.get(task, (0, 0))
            tasks[task] = (n + 1, c + (status == "pass"))
        else:
            tasks.setdefault(task, (0, 0))
        convs.append(
            ConversationResult(
                id=t.id,
                task=task,
                trial=trial,
                scenario_id=t.scenario_id,
                edge_cases=list(t.edge_cases),
                status=status,
                label=t.verdict.label if t.verdict else "ERROR",
                error_kind=kind,
                reason=t.outcome.reason,
                findings=[
                    f.model_dump(mode="json") for f in (t.verdict.findings if t.verdict else [])
                ],
                seconds=round(sum(latencies) / 1000, 3),
                undecided=open_criteria,
                simulator_faults=len(t.simulator_faults),
                not_graded=not_graded_of(t, left_out),
            )
        )
    pass_hat = {k: pass_hat_k(tasks, k)[0] for k in range(1, trials + 1)}
    return Summary(
        trials=trials,
        total=total,
        by_scenario=dict(sorted(by_scenario.items())),
        by_edge_case=dict(sorted(by_edge.items())),
        by_trait=dict(sorted(by_trait.items())),
        errors_by_kind=dict(sorted(kinds.items())),
        pass_hat=pass_hat,
        tasks=len(tasks),
        unjudged=dict(sorted(unjudged.items())),
        conversations=convs,
        undecided=dict(sorted(undecided.items(), key=lambda kv: (-kv[1], kv[0]))),
        simulator_attempts=attempts,
        simulator_faulted=faulted,
        not_graded=None if left_out is None else dict(sorted(not_graded.items())),
    )


def to_json(s: Summary) -> str:
    data = {
        "definitions": {
            "pass": "critic verdict ACCEPT with every criterion decided (with --no-judge: "
            "every criterion but the scenario's judge criteria, listed as not graded)",
            "fail": "critic verdict REVIEW or REJECT, the support side to blame",
            "undecided": "ACCEPT, but a criterion needs a judge model (--critic-model); "
            "excluded from pass rates",
            "simulator": "REVIEW or REJECT caused by the simulated customer (blame: simulator) "
            "after its re-runs; excluded from pass rates",
            "error": "infrastructure error (verdict ERROR); excluded from pass rates",
            "simulator_fault_rate": "attempts spoiled by the simulated customer / graded "
            "attempts (re-runs included)",
            "pass^k": "mean over tasks of C(c,k)/C(n,k), n graded trials, c passed",
        },
        "trials": s.trials,
        "tasks": s.tasks,
        "pass_rate": s.pass_rate,
        "pass^k": {str(k): v for k, v in s.pass_hat.items()},
        "total": s.total.as_dict(),
        "errors_by_kind": s.errors_by_kind,
        "by_scenario": {k: v.as_dict() for k, v in s.by_scenario.items()},
        "by_edge_case": {k: v.as_dict() for k, v in s.by_edge_case.items()},
        "by_trait": {k: v.as_dict() for k, v in s.by_trait.items()},
        "unjudged_criteria": s.unjudged,
        "undecided_criteria": s.undecided,
        "judge_criteria_not_graded": s.not_graded,
        "not_checked": s.not_checked,
        "simulator_faults": {
            "attempts": s.simulator_attempts,
            "faulted": s.simulator_faulted,
            "rate": s.simulator_fault_rate,
        },
        "conversations": [asdict(c) for c in s.conversations],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Undecided:
    """Conversations the critic labelled ACCEPT with criteria no check could decide: not
    passes (what was not decided was not met), whatever the label says."""

    conversations: int = 0
    criteria: dict[str, int] = field(default_factory=dict)  # criterion -> conversations, most first
    # --no-judge: judge criterion -> ACCEPTs where it was left out, not graded; None without
    not_graded: dict[str, int] | None = None

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"conversations": self.conversations, "criteria": self.criteria}
        if self.not_graded is not None:
            found["not_graded"] = self.not_graded
        return found


def undecided_accepts(
    store: RunStore, below: int | None = None, left_out: LeftOut | None = None
) -> Undecided:
    """How many stored ACCEPTs left a criterion undecided, and which criteria, read from
    run.db one row at a time (only rows whose verdict lists something unjudged). With
    `left_out` (--no-judge), a scenario's judge criteria are not undecided but not graded:
    counted apart (`not_graded`), and an ACCEPT open on those alone is decided."""
    sql = (
        "SELECT json_extract(transcript, '$.verdict.unjudged'),"
        " json_extract(transcript, '$.scenario_id') FROM conversations"
        " WHERE label = 'ACCEPT' AND json_array_length(transcript, '$.verdict.unjudged') > 0"
    )
    args: tuple[int, ...] = ()
    if below is not None:
        sql, args = sql + " AND idx < ?", (below,)
    conversations = 0
    criteria: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    for unjudged, scenario in store.db.execute(sql, args):
        left = (left_out or {}).get(str(scenario), frozenset())
        open_all = undecided_criteria([str(u) for u in json.loads(unjudged)])
        open_criteria = [c for c in open_all if c not in left]
        conversations += bool(open_criteria)
        criteria.update(open_criteria)
        skipped.update(c for c in open_all if c in left)
    ranked = dict(sorted(criteria.items(), key=lambda kv: (-kv[1], kv[0])))
    not_graded = dict(sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
    return Undecided(conversations, ranked, not_graded if left_out is not None else None)


def verdicts_line(
    verdicts: dict[str, int], undecided: int, judge_failed: Mapping[str, int] | None = None
) -> str:
    """The critic's labels for a summary, ACCEPT with how many of them left a criterion
    undecided: such an ACCEPT is not a pass (export, report and `convsim test` leave it out),
    and the count should not read as one. `judge_failed` (label -> conversations whose judge
    call failed) is said per label, and for ACCEPT as undecided (the judge's scores were never
    given), so a run whose judge failed on every conversation does not read 'ACCEPT 4' as
    four decided passes (outsider 20 #9)."""
    parts = []
    failed = judge_failed or {}
    for label, n in verdicts.items():
        notes = []
        if label == "ACCEPT" and undecided:
            notes.append(f"{undecided} with undecided criteria")
        if failed.get(label):
            undecided_too = ": undecided" if label == "ACCEPT" else ""
            notes.append(f"the judge failed on {failed[label]}{undecided_too}")
        parts.append(f"{label} {n}" + (f" ({'; '.join(notes)})" if notes else ""))
    return ", ".join(parts) or "none"
