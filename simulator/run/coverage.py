"""Coverage in run.db, and the runner's plan source: mini-batches planned from what has run.

Tables (migration m004_coverage): `planned` holds each mini-batch's plan specs, written before
the batch runs so a resumed run re-uses them instead of re-planning; `coverage` holds the factor
values of every stored conversation, written from the stored plan (what actually ran). Both
survive a crash; on resume, conversations stored but not yet counted are counted first.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Collection,
    Iterable,
    Iterator,
    Mapping,
)
from typing import Any

from agents.planner import PLAYABLE
from agents.planning import BATCH_SIZE, MODES, BatchPlanner, PlanSpec
from agents.planning.batch import LAG
from agents.planning.factors import EDGE, NONE, SCENARIO, TRAITS
from agents.planning.proposals import (
    PROPOSALS_NAME,
    StructuredModel,
    propose,
    write_proposals,
)
from agents.types import ConversationPlan
from scenarios.edge_case_model import EdgeCaseLibrary
from simulator.errors import UserError
from simulator.run.inputs import Inputs
from simulator.run.planworker import InProcess, Observation, chunks
from simulator.store.rundb import RunStore

FAILED_LABELS = ("REJECT", "REVIEW")  # the critic found the support side failing a criterion

# The runner: runs plans as they come, calling `settled(index, ran)` after each conversation;
# returns how many ran.
Settled = Callable[[int, bool], None]
SimulatePlans = Callable[[AsyncIterator[ConversationPlan], Settled], Awaitable[int]]


def failed(label: str | None) -> bool:
    return label in FAILED_LABELS


def factors_of_plan(plan: dict[str, Any]) -> dict[str, list[str]]:
    """Factor values from a stored plan's JSON (the `plans` table)."""
    persona = plan["persona"]
    names: dict[str, list[str]] = {SCENARIO: [plan["scenario_id"]]}
    for trait in TRAITS:
        value = persona.get(trait)
        names[trait] = [value] if isinstance(value, str) else (list(value or ()) or [NONE])
    names[EDGE] = [e["id"] for e in plan.get("edge_cases", [])] or [NONE]
    return names


def save_planned(store: RunStore, batch: int, specs: Iterable[PlanSpec]) -> None:
    db = store.db
    db.execute("BEGIN")
    try:
        db.executemany(
            "INSERT OR IGNORE INTO planned (idx, batch, spec) VALUES (?, ?, ?)",
            [(s.index, batch, s.to_json()) for s in specs],
        )
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def load_planned(store: RunStore, batch: int) -> list[PlanSpec] | None:
    rows = store.db.execute(
        "SELECT idx, spec FROM planned WHERE batch = ? ORDER BY idx", (batch,)
    ).fetchall()
    return [PlanSpec.from_json(idx, spec) for idx, spec in rows] or None


def uncounted(
    store: RunStore, limit: int = -1, span: tuple[int, int] = (0, 2**63 - 1)
) -> Iterator[tuple[int, dict[str, list[str]], str | None]]:
    """Stored conversations without a coverage row, with an index in `span` (lo, hi):
    (index, factor values, verdict label)."""
    rows = store.db.execute(
        "SELECT p.idx, p.plan, c.label FROM plans p JOIN conversations c ON c.idx = p.idx"
        " WHERE p.idx >= ? AND p.idx < ?"
        " AND NOT EXISTS (SELECT 1 FROM coverage v WHERE v.idx = p.idx) ORDER BY p.idx"
        " LIMIT ?",
        (*span, limit),
    )
    for idx, plan, label in rows.fetchall() if limit > 0 else rows:
        yield idx, factors_of_plan(json.loads(plan)), label


def count_stored(
    store: RunStore,
    keep: bool = True,
    chunk: int = 500,
    span: tuple[int, int] = (0, 2**63 - 1),
) -> list[tuple[dict[str, list[str]], str | None]]:
    """Write coverage rows for stored conversations (with an index in `span`) not counted
    yet, `chunk` rows per transaction (memory stays flat); returns them when `keep`. A run
    stores each conversation's row with it (simulator.store.rows); this counts run.dbs
    written before, and rows stored without one."""
    kept: list[tuple[dict[str, list[str]], str | None]] = []
    while rows := list(uncounted(store, chunk, span)):
        db = store.db
        db.execute("BEGIN")
        try:
            db.executemany(
                "INSERT INTO coverage (idx, factors) VALUES (?, ?)",
                [(idx, json.dumps(names, sort_keys=True)) for idx, names, _ in rows],
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        if keep:
            kept.extend((names, label) for _, names, label in rows)
    return kept


def iter_coverage(
    store: RunStore, below: int | None = None
) -> Iterator[tuple[dict[str, list[str]], str | None, str]]:
    """Every stored conversation's (factor values, verdict label, outcome status), including
    ones not yet counted (a killed run): a read-only view, it writes nothing."""
    sql = (
        "SELECT v.factors, c.label, c.status FROM coverage v JOIN conversations c ON c.idx = v.idx"
    )
    args: tuple[int, ...] = ()
    if below is not None:
        sql, args = sql + " WHERE v.idx < ?", (below,)
    for factors, label, status in store.db.execute(sql + " ORDER BY v.idx", args):
        yield json.loads(factors), label, status
    for idx, names, label in uncounted(store):
        if below is None or idx < below:
            status = store.db.execute(
                "SELECT status FROM conversations WHERE idx = ?", (idx,)
            ).fetchone()[0]
            yield names, label, status


class PlanSource:
    """Feeds the runner plans mini-batch by mini-batch, with no barrier between batches.

    Batch k is planned once batches up to k-1-LAG have all run (their results are observed),
    counting the LAG batches in between as planned; so batch k's conversations start while
    batch k-1's tail still runs, and the plans stay a function of the seed and stored results
    alone. `settled` is called by the runner after each conversation (False: it was skipped,
    a spent budget): a waiting planner re-checks the store then. With `trials`, each plan
    runs as that many conversations (indices plan*trials + t, as `convsim test` stores them).
    `retrying` holds conversation indices stored as errors and run again this session
    (--retry-errors): their batch is not complete until the new result is stored.
    """

    def __init__(
        self,
        planner: BatchPlanner,
        store: RunStore,
        n: int,
        done: bytearray,
        proposer: StructuredModel | None = None,
        trials: int = 1,
        plans: InProcess | None = None,
    ) -> None:
        self.planner = planner
        # Where batches are planned: in-process, or a worker process (the same plans).
        self.plans = plans if plans is not None else InProcess(planner)
        if proposer is None:  # proposals read the runner's own planner: it observes as it goes
            self.plans.replay = self._observed
        self.store = store
        self.n = n
        self.done = done
        self.proposer = proposer  # a planner model: asked for edge cases once coverage saturates
        self.proposals = store.path.with_name(PROPOSALS_NAME)
        self.trials = trials
        self.fed = 0  # batches [0, fed) are observed by the planner
        self.stopped = False  # a conversation was skipped: plan nothing more
        self.retrying: set[int] = set()
        self._changed: asyncio.Event | None = None

    def settled(self, index: int, ran: bool) -> None:
        if ran:
            self.retrying.discard(index)
        else:
            self.stopped = True
        if self._changed is not None:
            self._changed.set()

    async def _propose(self) -> None:
        """Write the model's edge-case proposals next to run.db, once; they are never used."""
        if self.proposer is None or not self.planner.state.complete or self.proposals.exists():
            return
        library = EdgeCaseLibrary(edge_cases=list(self.planner.model.edge_cases.values()))
        try:
            accepted, rejected, areas = await propose(self.proposer, self.planner.state, library)
        except Exception as exc:  # a model failure must not fail the run: record it instead
            accepted, rejected, areas = [], [f"the planner model failed: {exc}"], []
        write_proposals(self.proposals, accepted, rejected, areas)

    def _span(self, batch: int) -> tuple[int, int]:
        """The stored conversation indices of a batch."""
        size = self.planner.batch_size * self.trials
        return batch * size, min((batch + 1) * size, self.n * self.trials)

    def _complete(self, batch: int) -> bool:
        lo, hi = self._span(batch)
        (stored,) = self.store.db.execute(
            "SELECT COUNT(*) FROM conversations WHERE idx >= ? AND idx < ?", (lo, hi)
        ).fetchone()
        return int(stored) >= hi - lo and not any(lo <= i < hi for i in self.retrying)

    async def _feed_through(self, last: int, wait: bool = True) -> bool:
        """Observe batches [fed, last], each once it has fully run; False if the run stopped
        (or, without `wait`, a batch has not fully run)."""
        while self.fed <= last:
            while not self._complete(self.fed):
                if self.stopped or not wait or self._changed is None:
                    return False
                self._changed.clear()
                await self._changed.wait()
            # The batch's own indices: a scan of the whole run per batch grew as N squared.
            count_stored(self.store, keep=False, span=self._span(self.fed))
            for names, fail in self._observations(self.fed):
                self.plans.observe(names, fail)
            self.fed += 1
            await self._propose()
        return True

    def _observations(self, batch: int) -> list[Observation]:
        """What the planner observes of a batch that has fully run: its conversations'
        factor values and whether support failed, in index order."""
        lo, hi = self._span(batch)
        rows = self.store.db.execute(
            "SELECT v.factors, c.label FROM coverage v JOIN conversations c ON c.idx = v.idx"
            " WHERE v.idx >= ? AND v.idx < ? ORDER BY v.idx",
            (lo, hi),
        )
        return [(json.loads(factors), failed(label)) for factors, label in rows.fetchall()]

    def _observed(self) -> Iterator[Observation]:
        """Every observation made so far, again and in the same order, from run.db (a
        planner that skipped them catches up; see PlanWorker.observe)."""
        for batch in range(self.fed + 1):
            yield from self._observations(batch)

    async def _plans(self) -> AsyncIterator[ConversationPlan]:
        size = self.planner.batch_size
        pending: list[list[PlanSpec]] = []  # the LAG batches before this one
        for batch in range((self.n + size - 1) // size):
            stored = load_planned(self.store, batch)
            if stored is None and not await self._feed_through(batch - 1 - LAG):
                return  # stopped early (a spent budget): never plan on a part
            before = [s for made in pending for s in made]
            wanted = {i for i in self._indices(batch) if not self.done[i]}
            specs, plans = await self.plans.batch(batch, before, stored, wanted)
            if stored is None:
                save_planned(self.store, batch, specs)
            pending = [*pending, specs][-LAG:]
            for plan in plans:
                if self.stopped:
                    return
                yield plan
        await self.plans.close()  # all planned: a worker exits while the last batch runs

    def _indices(self, batch: int) -> range:
        size = self.planner.batch_size
        return range(batch * size, min((batch + 1) * size, self.n))

    async def drive(self, simulate: SimulatePlans) -> int:
        await self.plans.start()
        try:
            return await self._drive(simulate)
        finally:
            await self.plans.close()

    async def _drive(self, simulate: SimulatePlans) -> int:
        planner = self.planner
        if planner.mode == "random":  # plans are pure functions of the index: no batches
            ran = await simulate(self._random_plans(), self.settled)
            count_stored(self.store, keep=False)
            return ran
        self._changed = asyncio.Event()
        ran = await simulate(self._plans(), self.settled)
        await self._feed_through(self.n // planner.batch_size, wait=False)  # for proposals
        count_stored(self.store, keep=False)
        return ran

    async def _random_plans(self) -> AsyncIterator[ConversationPlan]:
        todo = (i for i in range(self.n) if not self.done[i])
        for chunk in chunks(todo, self.planner.batch_size):
            for plan in await self.plans.random(chunk):
                if self.stopped:
                    return
                yield plan
        await self.plans.close()


def check_planner_flags(planner: str, strength: int) -> None:
    if planner not in MODES:
        raise UserError(f"--planner {planner}: give one of {', '.join(MODES)}")
    if strength not in (1, 2, 3):
        raise UserError(f"--coverage-strength {strength}: give 1, 2 or 3")


def planner_settings(request: Any) -> dict[str, Any]:
    """The planner part of a run's fingerprint: a resume must plan the same way."""
    settings: dict[str, Any] = {"mode": request.planner}
    if request.planner != "random":
        settings.update(strength=request.coverage_strength, batch_size=BATCH_SIZE, lag=LAG)
    return settings


def planner_languages(engines: Mapping[str, str]) -> Collection[str] | None:
    """The languages a run's personas may write: with a scripted role, those the scripted
    engine writes (and the scenario has lines in); LLM customers and bots write any."""
    if any(engines.get(role) == "scripted" for role in ("customer", "support")):
        return PLAYABLE
    return None


def make_planner(
    request: Any, inputs: Inputs, languages: Collection[str] | None = PLAYABLE
) -> BatchPlanner:
    return BatchPlanner(
        request.seed,
        inputs.scenarios,
        inputs.edge_cases,
        inputs.traits,
        mode=request.planner,
        strength=request.coverage_strength,
        languages=languages,
        target=inputs.match,
    )
