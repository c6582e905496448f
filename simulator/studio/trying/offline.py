"""What the offline (scripted) support acts on, editable in the form in plain words.

A newcomer edits the policy prose and expects the offline support to follow it; it does not:
it acts from `support.rules` (first rule whose condition holds: resolve, refuse or hand over,
saying one of its lines) and answers questions from `support.knowledge`. This module shows
those as form fields (a rule's condition written as `days_since_delivery is more than 30`),
and applies an edited field back to the YAML through ruamel's round trip (comments kept).
Whole items are added, moved and removed in items.py (`remove`, also used for what a
template leaves behind), re-exported here.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from simulator.studio.editing.conditions import (
    NAME,
    RULE_ACTIONS,
    flow_condition,
    parse_condition,
    scalar,
)
from simulator.studio.editing.items import CHECKS, add_item, add_item_noted, child, move_up, remove
from simulator.studio.editing.new_rule import example_condition
from simulator.studio.editing.replies import Before, follow, made_lines
from simulator.studio.editing.roundtrip import dump, round_trip_yaml
from simulator.studio.editing.rule_action import put_key, set_action
from simulator.studio.editing.spoken import set_lines
from simulator.studio.pages.tuning import apply_tuning
from simulator.studio.policy.told import tell_tested

__all__ = [
    "CHECKS",
    "add_item",
    "add_item_noted",
    "apply_field",
    "example_condition",
    "move_up",
    "remove",
]


def _item(data: Any, kind: str, index: int) -> Any:
    items = (data.get("support") or {}).get("rules" if kind == "rule" else "knowledge")
    if (
        not isinstance(items, list)
        or not 0 <= index < len(items)
        or not isinstance(items[index], dict)
    ):
        raise ValueError(f"no {kind} {index + 1} in the file")
    return items[index]


def _set_fact(data: Any, key: str, fact: str, value: str) -> None:
    """A fact's value (`knows`) or the name people call it by (`labels`, blank: drop it);
    set in English: given per language, the fact keeps only the English text."""
    customer = data.get("customer")
    facts = customer.get("knows") if isinstance(customer, dict) else None
    if not isinstance(facts, dict) or fact not in facts:
        raise ValueError(f"no fact {fact} in customer.knows")
    text = " ".join(value.split())
    if key == "knows":
        facts[fact] = text
        return
    labels = child(customer, "labels", CommentedMap())
    if text:
        labels[fact] = text
    else:
        labels.pop(fact, None)


def _set_when(node: Any, value: str, first: bool = False) -> None:
    """A condition set from plain words; a new one goes first in a rule (where the library
    writes it), after the other keys elsewhere; blank removes it (always)."""
    when = parse_condition(value)
    if when and "when" in node:
        node["when"] = flow_condition(when)
    elif when and first:
        node.insert(0, "when", flow_condition(when))
    elif when:
        node["when"] = flow_condition(when)
    else:
        node.pop("when", None)


def _set_choice(data: Any, name: str, value: str) -> Any:
    spec = (data.get("variables") or {}).get(name)
    if not isinstance(spec, dict) or "choice" not in spec:
        raise ValueError(f"no variable {name} with a list of values in the file")
    values = [scalar(v.strip()) for v in value.split(",") if v.strip()]
    if not values:
        raise ValueError(f"variable {name}: give its values, a comma between them")
    choice = CommentedSeq(values)
    choice.fa.set_flow_style()
    spec["choice"] = choice
    spec.pop("translations", None)  # they translated the old values
    return data


def _rename_topic(data: Any, node: Any, new: str) -> None:
    """A knowledge item's id is the topic the customer asks about, in its words (`_` read as
    spaces); the follow-ups that ask about it follow the new name."""
    if not NAME.fullmatch(new):
        raise ValueError(f"topic '{new}': use lowercase words joined by _ (like freeze_fee)")
    old = node.get("id")
    taken = {k.get("id") for k in data["support"]["knowledge"] if isinstance(k, dict)}
    if new != old and new in taken:
        raise ValueError(f"topic {new} exists already")
    node["id"] = new
    for beat in data.get("flow") or []:
        if isinstance(beat, dict) and beat.get("asks") == old:
            beat["asks"] = new


def apply_field(text: str, key: str, value: str) -> str:
    """`text` with one offline field set: `rule.I.when|action|reason|offer|confirm|say`,
    `knowledge.I.id|keywords|answer`, `variable.NAME.values`."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    if not isinstance(data, dict):
        raise ValueError("the file does not read as a scenario; fix it in the file text")
    if apply_tuning(data, key, value):  # follow-ups' timing, persona limits, the rubric
        return dump(yaml, data)
    kind, _, rest = key.partition(".")
    index_text, _, field = rest.rpartition(".")
    if kind in ("knows", "label"):
        _set_fact(data, "knows" if kind == "knows" else "labels", rest, value)
        return dump(yaml, data)
    if kind == "variable" and field == "values":
        return dump(yaml, _set_choice(data, index_text, value))
    if kind == "expect" and field == "when":
        group, _, index = index_text.partition(".")
        items = (data.get("expect") or {}).get(group)
        if group not in ("actions", "records") or not isinstance(items, list):
            raise ValueError(f"unknown field '{key}'")
        if not index.isdigit() or int(index) >= len(items):
            raise ValueError(f"no expected {group[:-1]} {index} in the file")
        _set_when(items[int(index)], value)
        return dump(yaml, data)
    if kind == "flow" and field == "say" and index_text.isdigit():
        beats = data.get("flow")
        if not isinstance(beats, list) or int(index_text) >= len(beats):
            raise ValueError(f"no follow-up {int(index_text) + 1} in the file")
        set_lines(data, beats[int(index_text)], "say", value)
        return dump(yaml, data)
    if kind not in ("rule", "knowledge") or not index_text.isdigit():
        raise ValueError(f"unknown field '{key}'")
    node = _item(data, kind, int(index_text))
    before = Before(node, data.get("variables")) if kind == "rule" else None
    if (kind, field) == ("knowledge", "id"):
        _rename_topic(data, node, value.strip())
    elif (kind, field) == ("rule", "when"):
        was = set(node.get("when") or {})
        _set_when(node, value, first=True)
        tell_tested(data, [n for n in node.get("when") or {} if n not in was])
    elif (kind, field) == ("rule", "action"):
        if value not in RULE_ACTIONS:
            raise ValueError(f"action '{value}': give one of {', '.join(RULE_ACTIONS)}")
        set_action(node, value)
    elif (kind, field) == ("rule", "confirm"):
        if value.strip():
            set_lines(data, node, "confirm", value)
        else:  # no question left: the rule just does it
            node.pop("confirm", None)
    elif (kind, field) == ("rule", "offer"):
        if value.strip():
            put_key(node, "offer", " ".join(value.split()))
        else:  # nothing offered any more: a plain refusal
            node.pop("offer", None)
    elif (kind, field) == ("rule", "reason"):
        if value.strip() and "reason" not in node and "action" in node:
            node.insert(list(node).index("action") + 1, "reason", " ".join(value.split()))
        elif value.strip():
            node["reason"] = " ".join(value.split())
        else:
            node.pop("reason", None)
    elif (kind, field) == ("rule", "say") and not value.strip():
        # Emptied: made again from the rule, as its label promises (walkthrough 8 got "must
        # not be empty" after clearing the box to have it remade from "because").
        reason = str(node.get("reason") or "")
        lines = made_lines(str(node.get("action", "")), reason, data.get("variables"),
                           str(node.get("offer") or ""))  # fmt: skip
        node["say"] = CommentedSeq(lines)
    elif field in ("say", "answer") and field in ("say" if kind == "rule" else "answer"):
        set_lines(data, node, field, value)
    elif (kind, field) == ("knowledge", "keywords"):
        words = [w.strip() for w in value.split(",") if w.strip()]
        listed = CommentedSeq(words)
        listed.fa.set_flow_style()
        node["keywords"] = listed
    else:
        raise ValueError(f"unknown field '{key}'")
    if before is not None and field in ("when", "action", "reason", "offer"):
        follow(node, before, data.get("variables"))  # lines the studio made follow the rule
    return dump(yaml, data)
