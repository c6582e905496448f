"""`convsim compare RUN_A RUN_B --replay DIR`: each regression replayed on both bots.

Two test runs of the same plans do not show the two bots the same customer: the simulated
customer reacts to each bot's replies, so from the first reply that differs the conversations
differ, and a "regression" may be a path the customer only took with the new bot. A replay
settles it on the very conversation that found the regression: B's failed conversation, its
stored customer turns before its first finding's turn sent verbatim (simulator.bots.replay), once
to A's bot and once to B's, each then continued live from the same restored state.

- reproduced: A's bot passes the replay and B's fails it;
- not reproduced: both fail (A's bot fails the same customer turns too), or B's is not failed
  (the failure needed the live customer's path, or the bot is not deterministic);
- undecided: a replay ended in an infrastructure error, was the simulated customer's fault,
  or was accepted with criteria a judge would have to decide.

The bots are the target files the runs recorded (manifest.json `target.file`), used only if
they still hash to what each run recorded; the replays are two normal test runs, DIR/a and
DIR/b. A replay never removes a regression from the comparison: what ran live still counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agents.targets import TargetFileError, load_target
from simulator.bots.bottest import target_fingerprint
from simulator.bots.compare import Change
from simulator.bots.nojudge import left_out_of
from simulator.bots.replay import PreparedReplay, ReplayRequest, execute_replay, prepare_replay
from simulator.errors import UserError
from simulator.run.runner import scripted_engines
from simulator.store.rundb import RunStore, StoreError
from simulator.store.rundir import read_manifest

SIDES = ("a", "b")


@dataclass(frozen=True)
class Reproduction:
    id: str
    at: int
    a: str  # the replay's status on A's bot (simulator.bots.metrics: pass, fail, undecided, ...)
    b: str

    @property
    def verdict(self) -> str:
        if self.a in ("error", "simulator", "undecided") or self.b in ("error", "simulator"):
            return "undecided (a replay ended in an error, the simulator's fault or undecided)"
        if self.a == "pass" and self.b == "fail":
            return "reproduced"
        if self.b != "fail":
            return "not reproduced (B's bot is not failed on the replay: it needed the live path)"
        return "not reproduced (A's bot fails the same customer turns too)"


def recorded_target(run: Path) -> Path:
    """The target file `run` tested, unchanged since; a UserError naming the fix otherwise."""
    try:
        info = read_manifest(run)
        with RunStore(run / "run.db", readonly=True) as store:
            stored = store.run_config()
    except (OSError, ValueError, StoreError) as exc:
        raise UserError(f"--replay: {run} is not a readable convsim test run ({exc})") from exc
    engines = (stored[2] if stored else {}).get("engines", {})
    if engines.get("customer") != "scripted" or engines.get("critic") != "rules":
        raise UserError(
            f"--replay: {run} ran with customer {engines.get('customer')} and critic "
            f"{engines.get('critic')}; compare replays with the scripted customer and rules "
            "critic only (replay by hand with convsim test --replay and the model flags)"
        )
    target = info.get("target")
    file = target.get("file") if isinstance(target, dict) else None
    if not isinstance(file, str) or not file:
        raise UserError(
            f"--replay: {run}/manifest.json names no target file (a run from before convsim "
            "recorded it); run its convsim test again to replay on its bot"
        )
    try:
        same = target_fingerprint(load_target(Path(file))) == (stored or ("", "", {}))[2].get(
            "target"
        )
    except TargetFileError:
        same = False
    if not same:
        raise UserError(
            f"--replay: {file}, the bot {run} tested, is gone or was edited since the run; "
            "restore it to replay on that bot"
        )
    return Path(file)


def prepare(run_a: Path, run_b: Path, regressions: list[Change], out: Path) -> list[PreparedReplay]:
    """Both replay runs, validated (targets, sources, DIR/a and DIR/b); creates nothing.

    Each side's replay is graded as its run was: a --no-judge run's replays leave the judge
    criteria out too (graded with them, every replay of a --no-judge pair came out undecided
    and "0 reproduced" while 4 of 5 had reproduced)."""
    ids = tuple(c.id for c in regressions)
    prepared = []
    for side, run in zip(SIDES, (run_a, run_b), strict=True):
        target = recorded_target(run)
        no_judge = left_out_of(read_manifest(run).get("config", {})) is not None
        request = ReplayRequest(run_b, ids, target, out / side, no_judge=no_judge)
        prepared.append(prepare_replay(request, scripted_engines()))
    return prepared


def replay_regressions(prepared: list[PreparedReplay]) -> list[Reproduction]:
    statuses = []
    for p in prepared:
        result = execute_replay(p)
        statuses.append({c.id: c.status for c in result.summary.conversations})
    a, b = statuses
    return [
        Reproduction(s.transcript.id, s.at, a[s.transcript.id], b[s.transcript.id])
        for s in prepared[0].sources
    ]
