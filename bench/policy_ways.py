"""How many Try conversations follow the policy after "add all" (walkthrough 10: 2 of 5).

For each policy: the studio's short starter named for it, the policy typed, *add all*, then
Try (5 conversations) at seeds 1..N, as the studio runs it. Each conversation's drawn values
are put through what the policy says, written here by hand per policy (an oracle), and
compared with the action of the rule that applied (what the offline support did). When the
reader made two variables for one quantity, a conversation follows only if it follows under
each of them. Lines the reader offers nothing for are not judged (their values are missing).

    PYTHONPATH=. python bench/policy_ways.py [SEEDS] [NAME=POLICY_FILE ...]

A POLICY_FILE given on the command line is judged by the car-rental oracle below (the
walkthrough's own policy was measured so; it is not kept in the repository).
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from starlette.testclient import TestClient

from simulator.studio.editing.author import apply_form, load_for_form
from simulator.studio.pages.app import create_app
from simulator.studio.trying.trial import rule_actions, rules_used, try_text

Values = dict[str, Any]


def _yes(v: Values, word: str) -> bool:
    return any(str(x) == "yes" for k, x in v.items() if word in k)


def _no(v: Values, word: str) -> bool:
    return any(str(x) == "no" for k, x in v.items() if word in k)


def _num(v: Values, word: str) -> float:
    for k, x in v.items():
        if word in k and re.fullmatch(r"\d+(?:\.\d+)?", str(x)):
            return float(x)
    return math.nan


def _fees(v: Values) -> list[float]:
    return [
        float(x)
        for k, x in v.items()
        if re.search(r"amount|fee|cost|charge", k) and re.fullmatch(r"\d+(?:\.\d+)?", str(x))
    ] or [math.nan]


def _car_rental(v: Values, fee: float) -> str:
    if fee > 1000:
        return "escalate"
    if (
        _yes(v, "protection")
        or (fee < 150 and _yes(v, "claim"))
        or (_yes(v, "say") and _yes(v, "photo"))
    ):
        return "resolve"
    return "refuse"


POLICIES: dict[str, tuple[str, str, Callable[[Values, float], str]]] = {
    "parking, formal": (
        "Parking: cancel a penalty charge",
        "Penalty charges are cancelled if the driver holds a valid blue badge.\n"
        "If the charge is under 60 pounds and it is the driver's first penalty, we cancel it as "
        "a courtesy.\nWhen the pay machine was out of order, we refund the charge and apologise.\n"
        "Charges above 400 pounds are reviewed by the appeals team.\n",
        lambda v, fee: (
            "escalate"
            if fee > 400
            else "resolve"
            if _yes(v, "badge") or (fee < 60 and _yes(v, "penalty")) or _yes(v, "machine")
            else "refuse"
        ),
    ),
    "software, bullets": (
        "Software: refund a renewal",
        "- We're happy to refund the annual plan if the customer asks within 14 days of renewal.\n"
        "- If the customer never logged in after renewal, refund it.\n"
        "- Refunds over $1,000 go to the finance team.\n",
        lambda v, fee: (
            "escalate"
            if fee > 1000
            else "resolve"
            if _num(v, "day") <= 14 or _no(v, "logged")
            else "refuse"
        ),
    ),
    "gym, terse": (
        "Gym: freeze my membership",
        "- Freezes are free for members on the annual plan.\n"
        "- We also waive the freeze fee if the member sends a doctor's note.\n"
        "- If the member has been with us for more than 3 years, we waive the freeze fee.\n"
        "- Freezes longer than 6 months go to the membership manager.\n",
        lambda v, fee: (
            "escalate"
            if _num(v, "month") > 6
            else "resolve"
            if _yes(v, "annual") or _yes(v, "doctor") or _num(v, "year") > 3
            else "refuse"
        ),
    ),
    "telecom, chatty": (
        "Telecom: waive the reconnection fee",
        "We'll happily waive the reconnection fee as long as the customer has paid the overdue "
        "bill.\nCustomers on the social tariff get the reconnection fee waived too.\n"
        "Anything over 200 pounds needs a manager.\n",
        lambda v, fee: (
            "escalate"
            if fee > 200
            else "resolve"
            if _yes(v, "paid") or _yes(v, "social")
            else "refuse"
        ),
    ),
}


def _built(root: Path, name: str, policy: str) -> tuple[str, str]:
    client = TestClient(create_app(root), base_url="http://127.0.0.1:8765")
    res = client.post("/new", data={"template": "starter", "path": "", "id": name})
    rel = unquote(str(res.url).split("path=")[1])
    text = apply_form((root / rel).read_text(encoding="utf-8"), {"support.policy": policy})
    body = {"path": rel, "text": text, "which": "all"}
    return rel, str(client.post("/api/suggested", json=body).json()["new_text"])


def main(seeds: int, extra: dict[str, str]) -> None:
    policies = dict(POLICIES)
    for label, path in extra.items():
        text = Path(path).read_text(encoding="utf-8")
        policies[label] = ("Car rental: dispute a damage fee", text, _car_rental)
    total = followed = 0
    for label, (name, policy, oracle) in policies.items():
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            rel, text = _built(root, name, policy)
            data = load_for_form(text)
            ok = n = 0
            for seed in range(1, seeds + 1):
                records = try_text(root, root / rel, text, seed=seed)
                actions = rule_actions(data, rules_used(data, records))
                for record, action in zip(records, actions, strict=True):
                    values = record.get("variables") or {}
                    wanted = {oracle(values, fee) for fee in _fees(values)}
                    n += 1
                    ok += wanted == {action or "none"}
        print(f"{label}: {ok} of {n} conversations follow the policy")
        total, followed = total + n, followed + ok
    print(f"all: {followed} of {total}")


if __name__ == "__main__":
    args = sys.argv[1:]
    count = int(args.pop(0)) if args and args[0].isdigit() else 6
    main(count, dict(a.split("=", 1) for a in args))
