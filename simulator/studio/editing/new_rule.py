"""A rule added with the "add a rule" button: where it goes, what it starts with, and the
sentence that says so.

The first rule whose condition holds is used, so a new rule goes above a last rule for
everything else (one below it could never apply) and starts with an example condition made
of the scenario's own variables (a blank one would take every case from the rules after it).
Walkthrough 8's author saw their own last rule move down and a condition they had not
written appear, with nothing saying why: the answer now says where the rule went and that
its condition is an example, and the page takes the author to its condition box.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from simulator.studio.editing.conditions import condition_text, flow_condition
from simulator.studio.editing.replies import made_lines
from simulator.studio.policy.told import tell_tested

__all__ = ["add_rule", "added_note", "example_condition"]


def example_condition(variables: Any) -> dict[str, dict[str, Any]]:
    """A condition a new rule starts with, made of the scenario's own variables (the first
    with a list of values, else one with a range), so it holds in some conversations and
    shows how one is written; {} (always) when no variable fits."""
    named = variables if isinstance(variables, dict) else {}
    for name, spec in named.items():
        choice = spec.get("choice") if isinstance(spec, dict) else None
        if isinstance(choice, list) and choice:
            return {str(name): {"eq": choice[0]}}
    for name, spec in named.items():
        bounds = spec.get("range") if isinstance(spec, dict) else None
        if isinstance(bounds, list) and [type(b) for b in bounds] == [int, int]:
            return {str(name): {"gt": (bounds[0] + bounds[1]) // 2}}
    return {}


def add_rule(data: Any) -> int:
    """A new rule in `data`'s support (made if missing); its index."""
    support = data.get("support")
    if not isinstance(support, dict):
        data["support"] = support = CommentedMap()
    rules = support.get("rules")
    if not isinstance(rules, list):
        support["rules"] = rules = CommentedSeq()
    last = rules[-1] if rules else None
    catch_all = isinstance(last, dict) and not last.get("when")
    # Without a last rule for everything else, a guessed condition left the other cases
    # to no rule (handed over, "no support rule applies"; walkthrough 5): the new rule is
    # that last rule. Before one, it needs a condition to apply at all: an example.
    example = example_condition(data.get("variables")) if catch_all else None
    # Support does it: what newcomers expected of a new rule (one that refused unasked
    # was a trap); the button and the rule's box say so, and the action is one choice.
    new = CommentedMap(
        ([("when", flow_condition(example))] if example else [])
        + [
            ("action", "resolve"),
            ("say", CommentedSeq(made_lines("resolve", "", data.get("variables")))),
        ]
    )
    at = len(rules) - 1 if catch_all else len(rules)
    rules.insert(at, new)
    if example:  # a yes/no it tests is the customer's to tell (told.py)
        tell_tested(data, list(example))
    return at


def added_note(data: Any, at: int) -> str:
    """What the answer says about the rule just added at index `at`."""
    rules = (data.get("support") or {}).get("rules") or []
    when = condition_text(rules[at].get("when")) if isinstance(rules[at], dict) else ""
    if at + 1 < len(rules):
        where = (
            f"added rule {at + 1} above your last rule, now rule {at + 2}: that one covers "
            "every other case and stays last, or the new one could never apply"
        )
    else:
        where = f"added rule {at + 1}, the last rule: it covers every case no rule above covers"
    if when:
        return f"{where}. Its condition '{when}' is only an example: write yours in its box."
    return f"{where}. Write when it applies in its box (blank: always)."
