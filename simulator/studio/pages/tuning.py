"""The form's parts for what was editable only in the YAML: when a follow-up comes (`flow`'s
`after` and `probability`), which customers a scenario gets (`persona`) and how its
conversations are graded (`rubric`). Shown and set in plain words, the key names small.

Persona limits and the rubric are ticks: a trait with nothing ticked is any value (the key
is removed, as lint wants no empty limit); a rubric dimension left unticked is switched off
for this scenario only (`rubric: {dimensions: {courtesy: {enabled: false}}}`), the rest of
the default rubric untouched.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from agents.rubric import load_rubric
from personas.library import load_traits
from simulator.studio.editing.conditions import scalar
from simulator.studio.pages.pages import esc

__all__ = ["AFTER", "apply_tuning", "asks_choice", "flow_timing", "tuning_html"]

AFTER = {
    "open": "right after support's first reply",
    "resolve": "after support resolves it",
    "refuse": "after support refuses",
    "answer": "after support answers a question",
    "any": "after any support reply",
}

# What a ticked "send to a person" does, in words: the verdict policy's review_when_unjudged.
_UNJUDGED = (
    "Send a conversation to a person (REVIEW) when a criterion could not be judged (offline, "
    "without a judge model, that is every conversation)"
)


@cache
def _traits() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each trait a scenario may limit, with its values in the library's order."""
    library = load_traits()
    names = library.names()
    out = []
    for trait, spec in library.traits.items():
        extra = sorted(names.get(trait, set()) - set(spec.values))  # `none` for quirks
        out.append((trait, (*spec.values, *extra)))
    out += [(t, tuple(sorted(v))) for t, v in names.items() if t not in library.traits]
    return tuple(out)


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def flow_timing(i: int, beat: dict[str, Any]) -> str:
    """When follow-up `i` comes: after which support move, in what share of conversations."""
    after = str(beat.get("after", "resolve"))
    options = "".join(
        f"<option value='{k}'{' selected' if k == after else ''}>{esc(w)}</option>"
        for k, w in AFTER.items()
    )
    try:
        percent = round(float(beat.get("probability", 1)) * 100)
    except (TypeError, ValueError):
        percent = 100
    return (
        f"<select class='of' id='o-flow.{i}.after' data-key='flow.{i}.after' "
        f"style='width:auto'>{options}</select>, in <input class='of' type='number' min='0' "
        f"max='100' id='o-flow.{i}.percent' data-key='flow.{i}.percent' value='{percent}' "
        "style='width:4.5em'>% of conversations"
    )


def _ticks(key: str, values: tuple[str, ...], ticked: set[str]) -> str:
    return " ".join(
        f"<label class='inline tick'><input type='checkbox' class='tg' data-key='{esc(key)}' "
        f"value='{esc(v)}'{' checked' if v in ticked else ''}> {esc(v)}</label>"
        for v in values
    )


def tuning_html(data: Any) -> str:
    """Persona limits and the rubric's dimensions, as ticks."""
    data = _d(data)
    persona = _d(data.get("persona"))
    rows = [
        f"<div><b>{esc(trait.replace('_', ' '))}</b>: "
        f"{_ticks(f'persona.{trait}', values, {str(v) for v in persona.get(trait) or []})}"
        f"<span class='problem field-problem' id='fp-persona.{esc(trait)}'></span></div>"
        for trait, values in _traits()
    ]
    patch = _d(data.get("rubric"))
    changed = _d(patch.get("dimensions"))
    dims = []
    for name, dim in load_rubric().dimensions.items():
        off = name in changed and (
            changed[name] is None or _d(changed[name]).get("enabled") is False
        )
        dims.append(
            f"<div><label class='inline tick'><input type='checkbox' class='tg' "
            f"data-key='rubric.{esc(name)}' value='graded'{'' if off else ' checked'}> "
            f"<b>{esc(name.replace('_', ' '))}</b>: {esc(dim.description)}</label></div>"
        )
    unjudged = bool(_d(patch.get("verdict")).get("review_when_unjudged"))
    return (
        f"<h3{_key('persona')}>Which customers this scenario gets</h3><p class='note'>"
        "Tick the values allowed; a trait with nothing ticked can be any value.</p>"
        + "".join(rows)
        + f"<h3{_key('rubric')}>How its conversations are graded</h3>"
        "<p class='note'>Untick what should not count for this scenario.</p>"
        + "".join(dims)
        + "<div><label class='inline tick'><input type='checkbox' class='tg' "
        f"data-key='rubric.unjudged' value='yes'{' checked' if unjudged else ''}> "
        f"{esc(_UNJUDGED)}</label><span class='problem field-problem' id='fp-rubric'></span>"
        "</div>"
    )


def _key(name: str) -> str:
    """Where a part is in the file, as a tooltip (sections._key)."""
    return f" title='in the file: {esc(name)}'"


def _child(node: Any, key: str) -> Any:
    if not isinstance(node.get(key), dict):
        node[key] = CommentedMap()
    return node[key]


def _drop_empty(data: Any, *keys: str) -> None:
    """Remove emptied maps from the innermost out (`rubric.dimensions`, then `rubric`)."""
    for depth in range(len(keys), 0, -1):
        *parents, last = keys[:depth]
        node = data
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(node.get(last), dict) and not node[last]:
            del node[last]


def apply_tuning(data: Any, key: str, value: str) -> bool:
    """Set one of this module's fields in `data` (the round-trip YAML); False when `key` is
    not one of them. Raises ValueError for a value it cannot take."""
    kind, _, rest = key.partition(".")
    words = [w.strip() for w in value.split(",") if w.strip()]
    if kind == "persona":
        allowed = dict(_traits())
        if rest not in allowed:
            raise ValueError(f"unknown trait '{rest}': give one of {', '.join(allowed)}")
        wrong = [w for w in words if w not in allowed[rest]]
        if wrong:
            raise ValueError(f"{rest}: '{wrong[0]}' is not one of {', '.join(allowed[rest])}")
        persona = _child(data, "persona")
        if words:
            listed = CommentedSeq(words)
            listed.fa.set_flow_style()
            persona[rest] = listed
        else:
            persona.pop(rest, None)
        _drop_empty(data, "persona")
        return True
    if kind == "rubric":
        patch = _child(data, "rubric")
        if rest == "unjudged":
            verdict = _child(patch, "verdict")
            if words:
                verdict["review_when_unjudged"] = True
            else:
                verdict.pop("review_when_unjudged", None)
            _drop_empty(data, "rubric", "verdict")
            return True
        if rest not in load_rubric().dimensions:
            raise ValueError(f"unknown rubric dimension '{rest}'")
        dimensions = _child(patch, "dimensions")
        if words:
            dimensions.pop(rest, None)
        else:
            off = CommentedMap([("enabled", False)])
            off.fa.set_flow_style()
            dimensions[rest] = off
        _drop_empty(data, "rubric", "dimensions")
        return True
    index, _, field = rest.partition(".")
    if kind == "variable" and field in ("pattern", "range"):
        _set_made_up(data, index, field, value.strip())
        return True
    if kind == "flow" and field in ("after", "percent", "asks"):
        beats = data.get("flow")
        if not index.isdigit() or not isinstance(beats, list) or int(index) >= len(beats):
            raise ValueError(f"no follow-up {index} in the file")
        beat = beats[int(index)]
        if field == "asks":  # blank: a reply, not a question about one of the answers
            _set_asks(data, beat, value.strip())
        elif field == "after":
            if value not in AFTER:
                raise ValueError(f"after '{value}': give one of {', '.join(AFTER)}")
            beat["after"] = value
        else:
            try:
                percent = float(value)
            except ValueError:
                raise ValueError(f"'{value}': give a share from 0 to 100") from None
            if not 0 <= percent <= 100:
                raise ValueError(f"'{value}': give a share from 0 to 100")
            beat["probability"] = round(percent / 100, 4)
        return True
    return False


def _set_asks(data: Any, beat: Any, topic: str) -> None:
    """A follow-up's question topic (an answer's id), or none: the customer just says it ("Yes,
    cancel it anyway"), which a newcomer could not write when every follow-up was a question."""
    topics = [_d(k).get("id") for k in _d(data.get("support")).get("knowledge") or []]
    if topic and topic not in topics:
        raise ValueError(
            f"'{topic}': not one of the answers' topics ({', '.join(map(str, topics))})"
        )
    if topic:
        beat["asks"] = topic
    else:
        beat.pop("asks", None)


def asks_choice(i: int, beat: dict[str, Any], data: Any) -> str:
    """What follow-up `i` is: a question about one of the answers' topics, or a plain reply."""
    topics = [str(_d(k).get("id")) for k in _d(_d(data).get("support")).get("knowledge") or []]
    asks = str(beat.get("asks") or "")
    options = [("", "says it (not a question)")] + [(t, f"asks about {t}") for t in topics]
    if asks and asks not in topics:
        options.append((asks, f"asks about {asks}"))
    return (
        f" the customer <select class='of' id='o-flow.{i}.asks' data-key='flow.{i}.asks' "
        "style='width:auto'>"
        + "".join(
            f"<option value='{esc(k)}'{' selected' if k == asks else ''}>{esc(w)}</option>"
            for k, w in options
        )
        + "</select>"
    )


def _set_made_up(data: Any, name: str, field: str, value: str) -> None:
    """A made-up variable's pattern (`text`: # a digit, ? a letter) or a range's bounds
    (`1-45`): the two kinds a starter's variables are, editable without the YAML."""
    spec = _d(data.get("variables")).get(name)
    if not isinstance(spec, dict):
        raise ValueError(f"no variable {name} in the file")
    if field == "pattern":
        if "text" not in spec:
            raise ValueError(f"variable {name} has no pattern")
        if not value:
            raise ValueError(f"variable {name}: give a pattern, like M-#####")
        listed = [v.strip() for v in value.split(",") if v.strip()]
        if len(listed) > 1 and not re.search(r"[#?]", value):
            # "Novak, Rossi, Meyer" typed here is a list of values, not one literal text
            # (walkthrough 10's sample values: "surname=Novak, Rossi, Meyer, Dubois, Okafor")
            values = CommentedSeq([scalar(v) for v in listed])
            values.fa.set_flow_style()
            made = CommentedMap([("choice", values)])
            made.fa.set_flow_style()
            data["variables"][name] = made
            return
        spec["text"] = value
        return
    low, sep, high = value.replace(" ", "").partition("-")
    if "range" not in spec:
        raise ValueError(f"variable {name} has no range")
    if not sep or not low.isdigit() or not high.isdigit() or int(low) > int(high):
        raise ValueError(f"variable {name}: give its range as two whole numbers, like 1-45")
    bounds = CommentedSeq([int(low), int(high)])
    bounds.fa.set_flow_style()
    spec["range"] = bounds
