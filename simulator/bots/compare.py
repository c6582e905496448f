"""Two runs of the same plans against two bot versions: what regressed and what got fixed.

Conversations are matched by id (the plan id, plus the trial), so both runs must share the
seed and scenarios. A regression is a conversation the critic accepted in A (a pass, or accepted
with a criterion undecided) that fails in B; a fix the reverse. Errors are infrastructure and
listed apart: a conversation that errored in either run is not compared, nor is one whose
failure was the simulated customer's in either run (it says nothing about either bot).
Each run is read as `convsim test` decided it: a --no-judge run (its manifest names the judge
criteria nobody graded) leaves those criteria out of pass/fail here too, so compare counts
the passes its test report counted.

A pass in A that B leaves undecided (accepted, but a criterion no check could decide) is
listed apart as `undecided` and counts as a regression for the exit code: undecided is never
a pass, so B lost a pass nobody can vouch for, and a gate that said "0 regressions" would
let it through (outsider 14: four such changes reported as "0 regressions, 0 fixes").
The reverse (undecided in A, a pass in B) is listed as `decided`, and is not a fix: nothing
was failed before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from simulator.bots.metrics import NO_EDGE_CASE, ConversationResult, summarize
from simulator.bots.nojudge import left_out_of
from simulator.errors import UserError
from simulator.store.rundb import RunStore, StoreError
from simulator.store.rundir import DB_NAME, read_manifest

ACCEPTED = ("pass", "undecided")


@dataclass
class Change:
    id: str
    scenario_id: str
    edge_cases: list[str]
    before: str
    after: str
    detail: str


@dataclass
class GroupDelta:
    compared: int = 0
    pass_a: int = 0
    pass_b: int = 0
    regressions: int = 0
    fixes: int = 0
    undecided: int = 0  # a pass in A, undecided in B


@dataclass
class Comparison:
    compared: int
    only_a: int
    only_b: int
    regressions: list[Change]
    fixes: list[Change]
    errors: list[Change]
    by_scenario: dict[str, GroupDelta] = field(default_factory=dict)
    by_edge_case: dict[str, GroupDelta] = field(default_factory=dict)
    undecided: list[Change] = field(default_factory=list)  # pass -> undecided
    decided: list[Change] = field(default_factory=list)  # undecided -> pass

    @property
    def failing(self) -> bool:
        """B lost something A had: the exit code is 1."""
        return bool(self.regressions or self.undecided)


def load(run_dir: Path) -> dict[str, ConversationResult]:
    db = run_dir / DB_NAME
    if not db.is_file():
        raise UserError(f"{run_dir}: no {DB_NAME} here; give a run directory from convsim test")
    left_out = left_out_of(read_manifest(run_dir)["config"])
    try:
        with RunStore(db, readonly=True) as store:
            summary = summarize(store.iter_transcripts(), left_out=left_out)
    except StoreError as e:
        raise UserError(f"{run_dir}: {e}") from e
    return {c.id: c for c in summary.conversations}


def _detail(c: ConversationResult) -> str:
    if c.status == "error":
        return c.reason
    if c.status == "undecided" and c.undecided:
        return f"not decided: {', '.join(c.undecided)}"
    return c.headline if c.findings else c.label


def compare(a: dict[str, ConversationResult], b: dict[str, ConversationResult]) -> Comparison:
    shared = sorted(set(a) & set(b), key=lambda i: (a[i].scenario_id, i))
    if not shared:
        raise UserError(
            "the two runs share no conversation; compare runs made with the same --seed and "
            "scenarios"
        )
    result = Comparison(len(shared), len(set(a) - set(b)), len(set(b) - set(a)), [], [], [])
    for cid in shared:
        x, y = a[cid], b[cid]
        change = Change(cid, y.scenario_id, y.edge_cases, x.status, y.status, _detail(y))
        if "error" in (x.status, y.status):
            if x.status != y.status:
                change.detail = _detail(y if y.status == "error" else x)
                result.errors.append(change)
            continue
        if "simulator" in (x.status, y.status):
            continue
        groups = [
            result.by_scenario.setdefault(y.scenario_id, GroupDelta()),
            *(
                result.by_edge_case.setdefault(e, GroupDelta())
                for e in y.edge_cases or [NO_EDGE_CASE]
            ),
        ]
        for g in groups:
            g.compared += 1
            g.pass_a += x.status == "pass"
            g.pass_b += y.status == "pass"
            g.regressions += x.status in ACCEPTED and y.status == "fail"
            g.fixes += x.status == "fail" and y.status in ACCEPTED
            g.undecided += x.status == "pass" and y.status == "undecided"
        if x.status in ACCEPTED and y.status == "fail":
            result.regressions.append(change)
        elif x.status == "fail" and y.status in ACCEPTED:
            change.detail = _detail(x)
            result.fixes.append(change)
        elif x.status == "pass" and y.status == "undecided":
            result.undecided.append(change)
        elif x.status == "undecided" and y.status == "pass":
            change.detail = _detail(x)
            result.decided.append(change)
    result.by_scenario = dict(sorted(result.by_scenario.items()))
    result.by_edge_case = dict(sorted(result.by_edge_case.items()))
    return result
