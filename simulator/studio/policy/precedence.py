"""Which of two rules read from a policy comes first, where the policy's line order is the
wrong one: rules are tried in order, and the first whose condition holds decides.

Newcomer 18 (walkthrough 18b) wrote what bars a request after what it costs: "If the tank was
not full, we release the deposit minus 40 euros", then "Do not release it early ...", then
"Never release a deposit while a damage claim is open". In line order the partial release
took customers still in the hold and with a claim open. And "Disputed charges over 500 euros
go to the damage assessment team" came before "Disputes must be raised within 30 days; after
30 days we refuse": three disputes raised too late were handed over instead of refused.

So, for a rule with a condition that refuses or hands over:
- it goes before a rule that does it after asking first (a fee, a deduction): what bars the
  request, or who decides it, comes before what the customer is told it costs;
- a refusal for a request made too late (its condition only counts the time since the
  event) goes before a hand-over by amount: a request out of time is refused whoever would
  have decided it.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from simulator.studio.policy.ways import every_case

__all__ = ["bars_first"]

_TIME = ("minutes", "hours", "days", "weeks", "months", "years")


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _counts_time(name: str) -> bool:
    """Whether a variable counts the time since the event the request is about
    (`days_since_charge`); a pet's age in years (`pet_years`) is no deadline."""
    unit, sep, _event = str(name).partition("_since_")
    return bool(sep) and unit in _TIME


def _asks_first(rule: Any) -> bool:
    rule = _d(rule)
    return bool(rule.get("when")) and rule.get("action") == "resolve" and bool(rule.get("confirm"))


def _by_amount(rule: Any) -> bool:
    """A hand-over whose condition is a quantity over a bound that is no time."""
    rule = _d(rule)
    if rule.get("action") != "escalate":
        return False
    tests = _d(rule.get("when"))
    return bool(tests) and all(
        not _counts_time(n) and ("gt" in _d(t) or "ge" in _d(t)) for n, t in tests.items()
    )


def bars_first(rules: CommentedSeq, rule: CommentedMap) -> None:
    """Move `rule`, a refusal or hand-over with a condition already placed in `rules`, up to
    just before the first rule it bars (above) when that one comes before it; never down."""
    action = rule.get("action")
    tests = _d(rule.get("when"))
    if action not in ("refuse", "escalate") or not tests or every_case(rule):
        return
    at = next((i for i, r in enumerate(rules) if r is rule), None)
    if at is None:
        return
    where = [i for i, r in enumerate(rules[:at]) if _asks_first(r)]
    if action == "refuse" and all(_counts_time(n) for n in tests):
        where += [i for i, r in enumerate(rules[:at]) if _by_amount(r)]
    if where:
        del rules[at]
        rules.insert(min(where), rule)
