"""What Try says above its conversations: which of the author's edits the offline roles do
not act on, and what would.

The offline (scripted) support follows `support.rules` and `support.knowledge`, the offline
customer its first messages and what it knows; the goal and policy prose is read only by a
model, and offline no judge reads anything, so an edited policy changes neither the
conversations nor their verdicts. A newcomer who sees five conversations after editing the
policy believes the policy was followed and checked: this notice says plainly that it was
not, by comparing the text as the page opened with the text tried.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from simulator.studio.pages.pages import JUDGE_HOWTO
from simulator.studio.policy.suggest import suggest
from simulator.studio.policy.suggested import added_as

__all__ = ["try_notice"]


def _load(text: str) -> dict[str, Any]:
    try:
        data = YAML(typ="safe").load(text)
    except YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _get(data: dict[str, Any], *keys: str) -> Any:
    value: Any = data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _from_policy(data: dict[str, Any]) -> int:
    """How many of the policy's lines are added (a rule, or what support asks for first):
    the number "add all N" offered (walkthrough 11 read "3 added" after "add all 4")."""
    policy = _get(data, "support", "policy")
    rules = _get(data, "support", "rules")
    if not isinstance(policy, str) or not isinstance(rules, list):
        return 0
    variables = _get(data, "variables")
    return sum(added_as(rules, s, data) is not None for s in suggest(policy, variables))


def try_notice(original: str | None, text: str, *, offline_support: bool, judged: bool) -> str:
    """HTML for above Try's conversations ('' when there is nothing to say)."""
    lines = []
    if offline_support and original is not None:
        before, now = _load(original), _load(text)
        policy = _get(before, "support", "policy") != _get(now, "support", "policy")
        acts = any(
            _get(before, "support", key) != _get(now, "support", key)
            for key in ("rules", "knowledge", "verify")
        ) or _get(before, "expect") != _get(now, "expect")
        if policy and not acts:
            lines.append(
                "<b>You changed the support policy, but these conversations do not use it.</b> "
                "Without an AI model, support follows the rules under <i>What support does in "
                "Try</i>, which you have not changed. Add the rules your policy offers (under "
                "its box), or change those rules, to see your policy acted on."
            )
        elif policy:
            added = _from_policy(now)
            lines.append(
                "Support followed your rules"
                + (
                    f" ({added} line{'s' if added > 1 else ''} of your policy added)"
                    if added
                    else ""
                )
                + ". The policy's own words are read only by an AI model."
            )
        rules = _get(before, "support", "rules") != _get(now, "support", "rules")
        if rules and _get(now, "expect") and _get(before, "expect") == _get(now, "expect"):
            lines.append(
                "You changed the rules but not <i>What a correct conversation does</i> (under "
                "<i>Also in this scenario</i>): it still expects the old rules, so a "
                "conversation that follows your new rule may fail until you change it too."
            )
        if _get(before, "customer", "goal") != _get(now, "customer", "goal"):
            lines.append(
                "You changed what the customer wants: these customers do not read it. They "
                "start from your first messages."
            )
    openings = _get(_load(text), "customer", "openings")
    if isinstance(openings, dict) and len(openings) > 1:
        lines.append(
            f"The scenario has its lines in {', '.join(map(str, openings))}, so some customers "
            "write in another language than English. To have English only, press <i>Keep "
            "English only</i> under <i>What support does in Try</i>."
        )
    if not judged:
        lines.append(
            "Checked: what your automatic checks test. Not checked: whether support was polite "
            "and correct and kept to your policy. " + JUDGE_HOWTO
        )
    return "".join(f"<div class='notice'>{line}</div>" for line in lines)
