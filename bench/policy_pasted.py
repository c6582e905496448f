"""How many Try conversations decide as the author means, for car-rental policies pasted as
written by someone who never saw the studio (newcomer 18: deposit release, cancellations,
damage charges; walkthrough 18b: right decision 31 of 45, right decision and reason 23 of 45).

The policies are not kept here: give the folder holding them (`deposit*.txt`,
`cancellation*.txt`, `damage*.txt`; for the deposit, `deposit.original.txt` first, as pasted).
Each is created as the newcomer did (the first page's policy box, Create), then Try at seeds
1..N (five conversations each). The oracles below follow the precedence each author wrote
down before seeing the studio; a fact the reader made no variable for is tried both ways
(bench/policy_trades.py), and counts as wrong wherever it changes the answer.

A conversation's decision is what the applied rule does, with a grant that keeps something
back (a fee, "minus 40 euros", "keep one day's rental") told apart from a full grant by its
rule's own words. Right decision and reason: the rule is also the one the oracle's line is
about (its reason names what the oracle's line names).

    PYTHONPATH=.:bench python bench/policy_pasted.py FOLDER [SEEDS] [--wrong]
"""

from __future__ import annotations

import itertools
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policy_trades import Facts, _labels, _made

from simulator.studio.editing.author import load_for_form
from simulator.studio.policy.from_policy import made_line
from simulator.studio.trying.trial import rules_used, try_text

# (decision, what the deciding rule's reason names): decision is grant, less (a grant that
# keeps something back), refuse or escalate.
Answer = set[tuple[str, str]]
Oracle = Callable[[Facts], Answer]

_LESS = re.compile(
    r"\b(?:minus|less|fee|keep|kept|costs?|extra|deduct\w*|charge of|one day's|rest)\b", re.I
)


def decision(rule: dict[str, Any]) -> str:
    """What a rule decides, in the oracles' words."""
    action = str(rule.get("action") or "")
    if action == "resolve":
        said = " ".join(
            [str(rule.get("reason") or "")]
            + [str(x) for x in rule.get("confirm") or []]
            + [str(x) for x in rule.get("say") or []]
        )
        return "less" if _LESS.search(said) and re.search(r"\d", said) else "grant"
    return action or "none"


def _main(f: Facts) -> bool:
    """Whether the caller is the main driver: a fact about the main driver, else the other side
    of one about an additional driver or someone else asking."""
    said = [x for x in f._find("main|made.booking|made_booking") if x in ("yes", "no")]
    if said:
        return said[0] == "yes"
    return not f.yes("additional|someone|else")


def _deposit(f: Facts) -> Answer:
    if f.yes("accident"):
        return {("escalate", "accident")}
    if not _main(f):
        return {("refuse", "main driver|additional")}
    if f.yes("claim|while.damage"):
        return {("refuse", "claim")}
    if f.more("late|hour", 24):
        return {("escalate", "late")}
    under = f.more("age", 0) and not f.more("age", 24) if f._find("age") else f.yes("under|25")
    days = [x for x in f._find("day|return|period|within|early") if x in ("yes", "no")]
    held = days[0] == "yes" if days else not f.more("day|return", 14 if under else 7)
    if held:
        return {("refuse", "7 days|14|period|hold|early")}
    if f.yes("new damage|inspection|found"):
        return {("refuse", "damage"), ("escalate", "damage")}
    if not f.yes("tank|fuel|full"):
        return {("less", "40|refuel|tank")}
    return {("grant", "full")}


def _cancellation(f: Facts) -> Answer:
    if not _main(f):
        return {("refuse", "main driver|someone else")}
    if f.yes("no.show|passed|pick.up time"):
        return {("refuse", "no-show|pick-up time|passed")}
    if f.more("car", 5, at_least=True):
        return {("escalate", "cars|corporate")}
    if f.yes("flight") and f.yes("notice|airline"):
        return {("grant", "flight|notice")}
    if f.yes("saver|prepaid"):
        return {("refuse", "saver"), ("offer", "saver")}
    one_way = f.yes("one.way")
    if f.more("day|pick", 7):
        return {("less", "one-way|30")} if one_way else {("grant", "more than 7")}
    if f.more("day|pick", 2, at_least=True):
        return {("less", "50")}
    return {("less", "one day|48 hours|day's rental")}


def _damage(f: Facts) -> Answer:
    if f.yes("accident"):
        return {("escalate", "accident")}
    if not _main(f):
        return {("refuse", "main driver|additional")}
    if f.more("day", 30):
        return {("refuse", "30 days")}
    if f.yes("full.cover|cover"):
        return {("grant", "full cover")}
    if f.yes("photo"):
        return {("grant", "photo")}
    if f.more("charge|amount|euro", 500):
        return {("escalate", "500|assessment")}
    if not f.more("charge|amount|euro", 100, at_least=True) and f.yes("first"):
        return {("grant", "100|waive"), ("less", "100|waive")}
    return {("refuse", "photo|stands|excess|only|pay|cannot|can't")}


ORACLES: dict[str, Oracle] = {
    "deposit": _deposit,
    "cancellation": _cancellation,
    "damage": _damage,
}


def _judged(
    oracle: Oracle, values: dict[str, Any], labels: dict[str, str], got: str, reason: str
) -> tuple[bool, bool]:
    """(right decision, right decision and reason) under every value of each dropped fact."""
    first = Facts(values, {}, labels)
    oracle(first)
    missing = sorted(first.missing)
    right = both = True
    for bits in itertools.product([False, True], repeat=len(missing)):
        answer = oracle(Facts(values, dict(zip(missing, bits, strict=True)), labels))
        if got not in {d for d, _ in answer}:
            right = both = False
        elif not any(d == got and re.search(r, reason, re.I) for d, r in answer):
            both = False
    return right, both


def _policy(folder: Path, name: str) -> Path | None:
    found = sorted(folder.glob(f"{name}*.txt"), key=lambda p: ("original" not in p.name, p.name))
    return found[0] if found else None


def main(folder: Path, seeds: int) -> None:
    total = right = both = 0
    for name, oracle in ORACLES.items():
        path = _policy(folder, name)
        if path is None:
            print(f"{name}: no {name}*.txt in {folder}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            rel, text = _made(root, path.read_text(encoding="utf-8"))
            data = load_for_form(text)
            rules = [r for r in data["support"]["rules"] if isinstance(r, dict)]
            labels = {str(k): str(v) for k, v in _labels(data).items()}
            ok = full = n = 0
            fired: set[int] = set()
            for seed in range(1, seeds + 1):
                records = try_text(root, root / rel, text, seed=seed)
                for record, used in zip(records, rules_used(data, records), strict=True):
                    n += 1
                    rule = rules[used - 1] if used else {}
                    fired.add(used or 0)
                    values = record.get("variables") or {}
                    reason = " ".join([str(rule.get("reason") or ""), str(rule.get("offer") or "")])
                    got = "offer" if rule.get("offer") else decision(rule)
                    a, b = _judged(oracle, values, labels, got, reason)
                    ok, full = ok + a, full + b
                    if WRONG and not b:
                        said = " ".join(f"{k}={v}" for k, v in values.items() if k in labels)
                        print(f"  {'R*' if a else 'W'} rule {used} {got}: {reason[:70]} | {said}")
        print(
            f"{name} ({path.name}): right decision {ok} of {n}, right decision and reason "
            f"{full} of {n}; rules that applied: {len(fired - {0})} of {len(rules)}"
        )
        for var, said in labels.items():
            print(f"    {var}: {said}")
        print(f"    page: {made_line(text)}")
        total, right, both = total + n, right + ok, both + full
    print(f"all: right decision {right} of {total}, right decision and reason {both} of {total}")


WRONG = "--wrong" in sys.argv  # print each conversation not right in decision and reason

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--wrong"]
    if not args:
        sys.exit("give the folder holding the policies: bench/policy_pasted.py FOLDER [SEEDS]")
    main(Path(args[0]), int(args[1]) if len(args) > 1 else 3)
