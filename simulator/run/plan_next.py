"""`convsim plan --run DIR`: the plans an existing run would start next, from its stored results.

A run plans batch k once batches up to k-1-LAG have run, counting the LAG batches in between
as planned (simulator.run.coverage.PlanSource). Replaying that here with the run's stored plans,
coverage and verdicts gives what an extended (or resumed) run would do next, so `failures`
mode shows the cells it would go after. Plans stored in the run but not run yet come first;
plans that have not run are counted as if they ran and passed, since their results cannot be
known. run.db is opened read-only: nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.planning import BatchPlanner, PlanSpec, observed
from agents.planning.batch import LAG
from agents.planning.coverage import CoverageState
from agents.types import ConversationPlan
from simulator.errors import UserError
from simulator.run.coverage import factors_of_plan, failed, load_planned, planner_settings
from simulator.run.inputs import Inputs, content_hash, load_inputs
from simulator.store.rundb import RunStore, StoreError
from simulator.store.rundir import DB_NAME, MANIFEST_NAME, read_manifest


@dataclass(frozen=True)
class RunSettings:
    """What `plan --run` takes from the run: seed, planner mode and strength, trials."""

    run_id: str
    seed: int
    planner: str
    strength: int
    trials: int


def recorded_inputs(out: Path, paths: Sequence[Path], edge_cases: Path | None) -> Inputs:
    """The run's inputs: the given paths and --edge-cases, else those in its manifest."""
    config = read_manifest(out)["config"] if (out / MANIFEST_NAME).is_file() else {}
    if not paths:
        paths = [Path(p) for p in config.get("paths", [])]
    if edge_cases is None and config.get("edge_cases"):
        edge_cases = Path(config["edge_cases"])
    return load_inputs(tuple(paths), edge_cases)


def check_same_inputs(out: Path, inputs: Inputs, stored: dict[str, Any]) -> None:
    """Refuse to replay a run on other scenarios, edge cases or traits than it ran with."""
    now = {
        "scenarios": content_hash(list(inputs.scenarios)),
        "edge_cases": content_hash(inputs.edge_cases),
        "traits": content_hash(inputs.traits),
    }
    for key, value in now.items():
        if stored.get(key) != value:
            flag = "--edge-cases FILE" if key == "edge_cases" else "the PATHs"
            raise UserError(
                f"--run {out}: the {key.replace('_', '-')} differ from the ones the run used; "
                f"give {flag} the run was made with"
            )


def run_settings_of(out: Path, stored: dict[str, Any], run_id: str) -> RunSettings:
    planner = stored.get("planner")
    if not isinstance(planner, dict) or "mode" not in planner:
        raise UserError(f"--run {out}: the run has no planner settings; it predates the planner")
    settings = RunSettings(
        run_id,
        int(stored["seed"]),
        str(planner["mode"]),
        int(planner.get("strength", 2)),
        int(stored.get("trials", 1)),
    )
    if planner_settings(_Request(settings.planner, settings.strength)) != planner:
        raise UserError(
            f"--run {out}: the run was planned by another convsim version (planner settings "
            f"{json.dumps(planner, sort_keys=True)}); its next plans cannot be replayed"
        )
    return settings


@dataclass(frozen=True)
class _Request:
    planner: str
    coverage_strength: int


def open_run(out: Path) -> RunStore:
    db = out / DB_NAME
    if not db.is_file():
        raise UserError(f"--run {out}: no {DB_NAME} here; give a run directory made by convsim run")
    try:
        return RunStore(db, readonly=True)
    except StoreError as exc:
        raise UserError(f"--run {out}: {exc}") from exc


class Replay:
    """Replays a run's planning from its store; `next_plans` yields what it would run next."""

    def __init__(self, batches: BatchPlanner, store: RunStore, trials: int) -> None:
        self.batches = batches
        self.store = store
        self.trials = trials
        self.specs: dict[int, list[PlanSpec]] = {}
        self.fed = 0  # batches [0, fed) are observed
        self.stored = CoverageState(batches.model, batches.state.strength)  # what ran
        self.conversations = 0

    def _stored_rows(self, plan_index: int) -> list[tuple[dict[str, list[str]], str | None]]:
        lo = plan_index * self.trials
        rows = self.store.db.execute(
            "SELECT p.plan, c.label FROM plans p JOIN conversations c ON c.idx = p.idx"
            " WHERE p.idx >= ? AND p.idx < ? ORDER BY p.idx",
            (lo, lo + self.trials),
        ).fetchall()
        return [(factors_of_plan(json.loads(plan)), label) for plan, label in rows]

    def _ran(self, spec: PlanSpec) -> bool:
        return len(self._stored_rows(spec.index)) == self.trials

    def _feed(self, batch: int) -> None:
        """Observe a batch as the run would: stored results, else as if run and passed."""
        for spec in self.specs.pop(batch):
            rows = self._stored_rows(spec.index)
            for factors, label in rows:
                self.batches.observe(factors, failed(label))
            if len(rows) < self.trials:
                plan = self.batches.materialize(spec)
                names = observed(plan.scenario.id, plan.persona, spec.edge_cases)
                for _ in range(self.trials - len(rows)):
                    self.batches.observe(names, False)

    def count_stored(self) -> None:
        model = self.stored.model
        for (plan,) in self.store.db.execute(
            "SELECT p.plan FROM plans p JOIN conversations c ON c.idx = p.idx ORDER BY p.idx"
        ):
            self.stored.add(model.from_names(factors_of_plan(json.loads(plan))), False)
            self.conversations += 1

    def next_plans(self) -> Iterator[tuple[PlanSpec, ConversationPlan]]:
        batches, batch = self.batches, 0
        while True:
            specs = load_planned(self.store, batch)
            if specs is None:
                while self.fed <= batch - 1 - LAG:
                    self._feed(self.fed)
                    self.fed += 1
                pending = [s for b in range(max(0, batch - LAG), batch) for s in self.specs[b]]
                specs = batches.plan_batch(batch, pending)
            self.specs[batch] = specs
            for spec in specs:
                if not self._ran(spec):
                    yield spec, batches.materialize(spec)
            batch += 1
