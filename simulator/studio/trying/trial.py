"""Try: simulate a handful of conversations of the text being edited.

Offline by default: the scripted engines and the rules critic need no model and no network,
so a click gives conversations in seconds. With models configured (`convsim studio --config`
or the model flags, as for `convsim run`), the author may pick them instead; the engines are
built afresh for each Try, so a budget applies per Try and a preflight failure (no key, the
endpoint down) is one line in the page, not a dead server.

The text is written to a hidden file beside the scenario (its `world:` finds the same domains
as when saved) and the run goes to a hidden folder in the workspace, both removed afterwards:
the studio writes nothing outside the workspace.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenarios.conditions import Condition, all_hold
from simulator.run.engines import LLMOptions, build_engines
from simulator.studio.editing.conditions import condition_text

if TYPE_CHECKING:
    from simulator.run.runner import Engines


def scripted_engines() -> Engines:
    """The offline engines; the runner (LangGraph) loads here, at the first Try, not when the
    studio starts (`warm_up` loads it in the background while the first page is read)."""
    from simulator.run.runner import scripted_engines as engines

    return engines()


def warm_up() -> None:
    """Load the runner ahead of the first Try (called in a thread once the studio listens)."""
    import simulator.run.runner  # noqa: F401


__all__ = [
    "KEEP_N",
    "TRY_N",
    "Models",
    "keep_run",
    "rule_actions",
    "rule_cases",
    "rules_used",
    "try_text",
]

TRY_N = 5
KEEP_N = 20  # "Save and run": enough for the Runs page's filters and heatmap to say something


@dataclass(frozen=True)
class Models:
    """The engines Try offers: always the scripted ones; the configured models when any."""

    options: LLMOptions | None = None

    def names(self) -> dict[str, str] | None:
        """Which model plays each role, or None when no model is configured."""
        if self.options is None:
            return None
        names = build_engines(self.options).names
        return names if names != scripted_engines().names else None

    def engines(self, choice: str) -> Engines:
        if choice == "scripted":
            return scripted_engines()
        if choice == "models" and self.options is not None and self.names() is not None:
            return build_engines(self.options)
        raise ValueError(f"engine '{choice}': give scripted, or models when they are configured")


def try_text(
    root: Path, path: Path, text: str, engines: Engines | None = None, seed: int = 1
) -> list[dict[str, Any]]:
    """The records of TRY_N conversations of `text` (saved as if at `path`)."""
    from simulator.run.runner import RunRequest, run
    from simulator.studio.trying.runs import trial_records
    from simulator.studio.workspace import Workspace

    engines = engines or scripted_engines()
    scratch = Workspace(root).folder(".studio")  # checked before anything is written
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".studio-try-", suffix=".yaml", dir=path.parent)
    out = Path(tempfile.mkdtemp(prefix="try-", dir=scratch))
    # Model calls wait on the network: all five at once; the scripted engines are CPU only.
    concurrency = 1 if engines.hooks is None else TRY_N
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        seed = _stratified(Path(tmp), text, seed)
        request = RunRequest(
            paths=(Path(tmp),), n=TRY_N, seed=seed, out=out / "run", concurrency=concurrency
        )
        run(request, engines)
        return trial_records(out / "run")
    finally:
        Path(tmp).unlink(missing_ok=True)
        shutil.rmtree(out, ignore_errors=True)


def _stratified(tmp: Path, text: str, seed: int) -> int:
    """The run seed whose TRY_N conversations show the most of the scenario's rules
    (studio.strata); `seed` when the text does not load as one scenario here. A scenario with
    more cases than one Try shows is shown over a round of Tries (seeds 1-2, 3-4, ... for
    up to ten cases): each Try of the round first shows what the ones before it did not, so
    every rule that can apply does within the round (newcomer 18: three Tries of a ten-rule
    policy never showed its release or its free cancellation)."""
    from scenarios.loader import collect
    from simulator.studio.editing.author import load_for_form
    from simulator.studio.trying.strata import covering

    scenarios, problems = collect([tmp])  # Try runs only text that lints clean
    if problems or len(scenarios) != 1:
        return seed
    data = load_for_form(text)
    cases = rule_cases(data)
    rounds = max(1, -(-cases // TRY_N))
    shown: frozenset[int | None] = frozenset()
    chosen = seed
    for s in range(seed - (seed - 1) % rounds, seed + 1):
        key = (text, s)
        if key not in _ROUNDS:
            found = covering(
                scenarios[0], s, TRY_N, lambda recs: rules_used(data, recs), cases, shown
            )
            _ROUNDS[key] = found
            while len(_ROUNDS) > 64:  # the last few texts' rounds: a click reuses them
                del _ROUNDS[next(iter(_ROUNDS))]
        chosen, got = _ROUNDS[key]
        shown = shown | got
    return chosen


# (text, seed) -> the seed chosen and the cases it shows, for the Tries of a round before this
# one (a pure function of both: the same text and seed always choose the same).
_ROUNDS: dict[tuple[str, int], tuple[int, frozenset[int | None]]] = {}


def rule_cases(data: Any) -> int:
    """How many different outcomes the rules can give: each rule up to the first one with no
    condition (which catches the rest), and "no rule applies" when there is no such one."""
    support = data.get("support") if isinstance(data, dict) else None
    rules = support.get("rules") if isinstance(support, dict) else None
    listed = [r for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []
    for n, rule in enumerate(listed, start=1):
        if not rule.get("when"):
            return n
    return len(listed) + 1


def keep_run(root: Path, path: Path, engines: Engines | None = None, seed: int = 1) -> Path:
    """KEEP_N conversations of the saved scenario at `path`, kept as a run in the workspace's
    runs/ folder (a new folder each time: runs/<file name>, then -2, -3 ...), so the author
    sees them under Runs (filters, heatmap, report, review) without a terminal. The saved
    file, not a scratch copy, so the run's manifest names a file that stays."""
    from simulator.run.runner import RunRequest, run
    from simulator.studio.workspace import Workspace

    engines = engines or scripted_engines()
    base = Workspace(root).folder("runs") / path.stem
    out = next(
        candidate
        for n in range(1, 10_000)
        if not (candidate := base if n == 1 else base.with_name(f"{base.name}-{n}")).exists()
    )
    concurrency = 1 if engines.hooks is None else TRY_N
    run(RunRequest(paths=(path,), n=KEEP_N, seed=seed, out=out, concurrency=concurrency), engines)
    return out


def rule_actions(data: Any, used: list[int | None]) -> list[str | None]:
    """The action of each conversation's rule (`confirm` for one that asks first), for the
    words of how it ended (studio.endings)."""
    support = data.get("support") if isinstance(data, dict) else None
    rules = support.get("rules") if isinstance(support, dict) else None
    listed = [r for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []
    out: list[str | None] = []
    for n in used:
        rule = listed[n - 1] if n is not None and n <= len(listed) else {}
        action = str(rule.get("action") or "") or None
        out.append("confirm" if action == "resolve" and rule.get("confirm") else action)
    return out


def rule_whens(data: Any, used: list[int | None]) -> list[str]:
    """Each conversation's rule's condition in words ("every other case" for a rule with
    none, '' where no rule applied)."""
    support = data.get("support") if isinstance(data, dict) else None
    rules = support.get("rules") if isinstance(support, dict) else None
    listed = [r for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []
    return [
        (condition_text(listed[n - 1].get("when")) or "every other case")
        if n is not None and n <= len(listed)
        else ""
        for n in used
    ]


def rules_used(data: Any, records: list[dict[str, Any]]) -> list[int | None]:
    """For each conversation, the number (from 1) of the first rule of `data` whose
    condition its values meet: the rule the offline support follows, and the one a model
    playing support was meant to. None where no rule applies."""
    support = data.get("support") if isinstance(data, dict) else None
    rules = support.get("rules") if isinstance(support, dict) else None
    whens = [
        {str(n): Condition.model_validate(c) for n, c in (r.get("when") or {}).items()}
        for r in (rules if isinstance(rules, list) else [])
        if isinstance(r, dict)
    ]
    return [
        next(
            (i + 1 for i, when in enumerate(whens) if all_hold(when, rec.get("variables") or {})),
            None,
        )
        for rec in records
    ]
