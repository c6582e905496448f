"""`convsim run --match LOGS`: a fidelity target from a team's real conversations.

Persona-trait weights are measured as `convsim learn` measures them. The intent mix assigns
each real conversation's opening (intents.opening) to the nearest scenario being run: TF-IDF
(word 1-2 grams, sublinear tf, English stop words dropped) fitted on the scenario texts alone
(each one's title, intent, goal, description and openings), so a word weighs by how well it
tells the scenarios apart and a topic that dominates the logs is not discounted for it; an
opening's nearest scenario is the one with the highest cosine. An opening is left unassigned,
and counted, when its best similarity is below MIN_SIMILARITY (it shares no topic words
with any scenario) or ties between two scenarios: guessing would put a conversation the
scenarios do not cover into the mix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from agents.fidelity import MatchTarget
from scenarios.model import Scenario
from simulator.errors import UserError
from simulator.validation import style as st
from simulator.validation.intents import opening
from simulator.validation.learn import trait_weights
from simulator.validation.logs import read_logs

MIN_SIMILARITY = 0.2
TOKENS = r"(?u)\b\w[\w']*\b"  # as intents.vectorizer: words with their apostrophes
SHOWN = 3  # scenarios named in the note line


@dataclass(frozen=True)
class Matched:
    target: MatchTarget
    note: str


def scenario_text(s: Scenario) -> str:
    parts = [s.title, s.intent.replace("_", " "), s.customer.goal, s.description or ""]
    return "\n".join([*parts, *s.customer.openings])


def assign(openings: Sequence[str], scenarios: Sequence[Scenario]) -> list[str | None]:
    """The nearest scenario's id for each opening, or None (see the module docstring)."""
    docs = [scenario_text(s) for s in scenarios]
    texts = list(openings)
    vec = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, stop_words="english", token_pattern=TOKENS
    )
    try:
        scenario_rows = vec.fit_transform(docs)
    except ValueError:  # no word in any scenario text: nothing to assign to
        return [None] * len(texts)
    sims = (normalize(vec.transform(texts)) @ normalize(scenario_rows).T).toarray()
    out: list[str | None] = []
    for row in sims:
        order = np.argsort(-row, kind="stable")
        best = float(row[order[0]])
        tie = len(order) > 1 and abs(best - float(row[order[1]])) < 1e-12
        out.append(None if best < MIN_SIMILARITY or tie else scenarios[int(order[0])].id)
    return out


def match_target(path: Path, scenarios: Sequence[Scenario]) -> Matched:
    """The target for `run --match path`; one-line UserErrors for unreadable or useless logs."""
    dialogues = read_logs(path, "--match", None)
    ordered = sorted(scenarios, key=lambda s: s.id)
    found = assign([opening(d) for d in dialogues], ordered)
    counts = Counter(a for a in found if a is not None)
    matched = sum(counts.values())
    if not matched:
        raise UserError(
            f"--match {path}: none of its {len(dialogues)} conversations is about a scenario "
            "being run; give logs of these scenarios' topics, or run `convsim learn` on them"
        )
    shares = {sid: counts[sid] / matched for sid in sorted(counts)}
    weights = trait_weights(st.styles(dialogues))
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    named = ", ".join(f"{sid} {n}" for sid, n in top[:SHOWN])
    if len(top) > SHOWN:
        named += f", {len(top) - SHOWN} more"
    note = (
        f"--match: {matched} of {len(dialogues)} real conversations matched to "
        f"{len(counts)} of {len(ordered)} scenarios ({named}); {len(dialogues) - matched} "
        "unassigned"
    )
    return Matched(MatchTarget(shares, weights), note)
