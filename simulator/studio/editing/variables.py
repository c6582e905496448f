"""Variables where the rules test them: listed, editable, and made from a condition.

The walkthrough's newcomer wrote `hours_left is less than 48` while the starter had
`days_ago`, then spent a minute far down the page renaming it, fixing its range and finding
the way back. So the variables sit beside the rules, each editable in place, and a rule
whose condition names a variable the scenario lacks offers, under its box, to add it (a
number from-to, or a list of values, filled from the condition) or to use it instead of a
variable no rule tests any more (renamed everywhere, with the new values).
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from scenarios.model import BUILTIN_VARIABLES
from simulator.studio.editing.conditions import NAME, parse_condition, scalar
from simulator.studio.editing.rename import rename_variable
from simulator.studio.editing.roundtrip import dump, round_trip_yaml
from simulator.studio.pages.pages import esc, remove_button
from simulator.studio.pages.placeholders import variable_words

__all__ = ["define_variable", "offer_html", "typed_offer", "variables_html"]

_NUMERIC = ("gt", "ge", "lt", "le")


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _buttons(name: str) -> str:
    """*rename* (everywhere it is used) beside *remove*."""
    return f"<button class='rn' data-name='{esc(name)}'>rename</button> " + remove_button(
        f"variables.{name}", name
    )


def _variable(name: str, spec: Any) -> str:
    """A variable in words; its values, range or pattern edited in place."""
    choice = _d(spec).get("choice")
    if isinstance(choice, list):
        values = ", ".join(str(v) for v in choice)  # a value twice comes up twice as often
        return (
            f"<b>{esc(name)}</b>, one of: <input class='of' id='o-variable.{esc(name)}.values' "
            f"data-key='variable.{esc(name)}.values' value='{esc(values)}' style='width:24em'> "
            + _buttons(name)
        )
    spec = _d(spec)
    bounds = spec.get("range") if isinstance(spec.get("range"), list) else []
    if ("faker" in spec and isinstance(spec.get("text"), str)) or len(bounds) == 2:
        field, shown, words = (
            ("pattern", spec["text"], "made up like")
            if "faker" in spec
            else ("range", f"{bounds[0]}-{bounds[1]}", "a number from-to")
        )
        return (
            f"<b>{esc(name)}</b>, {words} <input class='of' id='o-variable.{esc(name)}.{field}' "
            f"data-key='variable.{esc(name)}.{field}' value='{esc(shown)}' style='width:10em'>"
            + (
                " <small>(# a digit, ? a letter, the rest as typed)</small> "
                if spec.get("faker") == "bothify"
                else " "
            )
            + _buttons(name)
        )
    return f"<b>{esc(name)}</b> ({esc(variable_words(spec))}) {_buttons(name)}"


def variables_html(data: Any) -> str:
    """The scenario's variables, editable, and a line to add one."""
    variables = _d(_d(data).get("variables"))
    items = "".join(f"<li>{_variable(str(n), v)}</li>" for n, v in variables.items())
    names = ", ".join(esc(str(n)) for n in variables) or "none"
    # Folded under their names: each is drawn for every conversation and needs no change
    # before the first Try (issue 15: the page's words on arrival counted); a rule naming
    # one it lacks offers it under the rule.
    return (
        "<details class='fold' id='variables'><summary><h3 id='variables-head' title='in the "
        f"file: variables'>Variables</h3>: {names}</summary>"
        "<p class='note'>Drawn for each conversation. Rules test them; <code>{name}</code> in "
        "a text shows one.</p>"
        f"<ul>{items or '<li>none</li>'}</ul>"
        "<p><input class='nf' data-kind='variable' data-f='name' placeholder='new variable, "
        "like plan_type' style='width:14em'> <input class='nf' data-kind='variable' "
        "data-f='values' placeholder='its values, comma between them: monthly, annual' "
        "style='width:24em'> <button class='add' data-kind='variable'>add a variable</button>"
        "</p></details>"
    )


def _tested(rules: list[Any]) -> set[str]:
    return {str(n) for r in rules for n in _d(_d(r).get("when"))}


def _mentions(node: Any, name: str) -> bool:
    """Whether `node` names `name`: `{name}` in a text, or as a key or a value."""
    if isinstance(node, str):
        return node == name or "{" + name + "}" in node
    if isinstance(node, dict):
        return any(str(k) == name or _mentions(v, name) for k, v in node.items())
    if isinstance(node, list):
        return any(_mentions(v, name) for v in node)
    return False


def _in_use(data: Any, name: str) -> bool:
    """Whether anything but the rules' conditions and the customer's own copy of it uses
    variable `name`: what support verifies, a success check, a line that says it."""
    data = _d(data)
    support = _d(data.get("support"))
    if _mentions(support.get("verify"), name) or _mentions(data.get("success"), name):
        return True
    rules = support.get("rules")
    said = [_d(r).get(k) for r in (rules if isinstance(rules, list) else []) for k in _d(r)
            if k != "when"]  # fmt: skip
    customer = {k: v for k, v in _d(data.get("customer")).items() if k != "knows"}
    rest = {k: v for k, v in support.items() if k not in ("rules", "verify")}
    return any("{" + name + "}" in str(x) for x in (said, customer, rest))


def offer_html(i: int, rule: Any, data: Any) -> str:
    """Under rule `i`'s condition: for each variable it names that the scenario lacks, the
    values to give it (filled from the condition) and the buttons that make it."""
    variables = _d(_d(data).get("variables"))
    rules = _d(_d(data).get("support")).get("rules")
    rules = rules if isinstance(rules, list) else []
    # Only a variable nothing else uses: one support checks the caller with (walkthrough 9
    # was offered to turn `postcode` into `vulnerable`), a success check names or a line
    # says would quietly break.
    unused = [
        str(n) for n in variables if str(n) not in _tested(rules) and not _in_use(data, str(n))
    ]
    out = []
    for name, cond in _d(_d(rule).get("when")).items():
        name = str(name)
        if name in variables or name in BUILTIN_VARIABLES or not NAME.fullmatch(name):
            continue
        cond = _d(cond)
        numbers = [v for op, v in cond.items() if op in _NUMERIC or isinstance(v, int | float)]
        numbers = [v for v in numbers if isinstance(v, int | float) and not isinstance(v, bool)]
        kind = "range" if numbers else "choice"
        if numbers:
            top = max(numbers)
            low, high = (1, int(2 * top)) if top >= 2 else (int(top) - 10, int(top) + 10)
            values = (
                f"a number from <input class='dv' data-f='low' value='{low}' style='width:5em'> "
                f"to <input class='dv' data-f='high' value='{high}' style='width:5em'>"
            )
            same = [n for n in unused if "range" in _d(variables[n])]
        else:
            given = [v for v in cond.values() for v in (v if isinstance(v, list) else [v])]
            named = list(dict.fromkeys(str(v) for v in given))
            if set(named) <= {"yes", "no"}:
                # a yes/no drawn as "no" alone holds for every customer (walkthrough 17
                # pressed "add it" on the "no" the condition named): both, always
                named = ["yes", "no"]
            listed = ", ".join(named)
            values = (
                f"one of <input class='dv' data-f='values' value='{esc(listed)}' "
                "style='width:18em'> <small>(add the others, comma between them)</small>"
            )
            same = [n for n in unused if "choice" in _d(variables[n])]
        instead = "".join(
            f" or <button class='define' data-instead='{esc(n)}'>use it instead of {esc(n)}"
            "</button>"
            for n in same
        )
        out.append(
            # An id of its own: the page redraws a box whose ids changed, even while the
            # author is in it (editor.refill), so the offer shows as they leave the condition.
            f"<div class='offer' id='offer-{i}-{esc(name)}' data-name='{esc(name)}' "
            f"data-kind='{kind}'><b>{esc(name)}</b> "
            f"is new: {values} <button class='define'>add it</button>{instead}</div>"
        )
    return "".join(out)


def typed_offer(text: str, index: int, typed: str) -> str | None:
    """The offers under rule `index`'s condition as if `typed` were its condition, shown
    while it is typed (the file changes when the box is left); None while `typed` does not
    read as a condition yet, so what is shown stays."""
    try:
        data = round_trip_yaml().load(text)
        when = parse_condition(typed)
    except Exception:  # the YAML or the condition does not read (yet): nothing to offer
        return None
    rules = _d(_d(data).get("support")).get("rules")
    if not isinstance(rules, list) or not 0 <= index < len(rules):
        return None
    return offer_html(index, {**_d(rules[index]), "when": when}, data)


def define_variable(text: str, fields: dict[str, str]) -> str:
    """`text` with variable `name` made: a range (`low`, `high`) or a list (`values`, comma
    between); with `instead`, that variable renamed to it everywhere and given these values."""
    name, instead = fields.get("name", "").strip(), fields.get("instead", "").strip()
    if not NAME.fullmatch(name):
        raise ValueError(f"'{name}': a variable's name is lowercase words joined by _")
    kind = fields.get("kind")
    typed = fields.get("values", "").strip()
    if kind == "typed":  # one box: values, a range (1-45) or a made-up pattern (M-#####)
        bounds = re.fullmatch(r"(\d+)\s*(?:-|to)\s*(\d+)", typed)
        if bounds:
            kind, fields = "range", {**fields, "low": bounds[1], "high": bounds[2]}
        elif "#" in typed and "," not in typed:
            spec = CommentedMap([("faker", "bothify"), ("text", typed)])
            return _put(text, name, instead, spec)
        else:
            kind = "choice"
    if kind == "range":
        low, high = fields.get("low", "").strip(), fields.get("high", "").strip()
        if not (_whole(low) and _whole(high)) or int(low) > int(high):
            raise ValueError(f"variable {name}: give two whole numbers, the smaller first")
        spec = CommentedMap([("range", _flow([int(low), int(high)]))])
    else:
        values = [scalar(v.strip()) for v in fields.get("values", "").split(",") if v.strip()]
        if not values:
            raise ValueError(f"variable {name}: give its values, a comma between them")
        spec = CommentedMap([("choice", _flow(values))])
    return _put(text, name, instead, spec)


def _put(text: str, name: str, instead: str, spec: CommentedMap) -> str:
    """`text` with variable `name` given `spec` (or `instead` renamed to it first)."""
    spec.fa.set_flow_style()
    if instead:
        text, _ = rename_variable(text, instead, name)
    yaml = round_trip_yaml()
    data = yaml.load(text)
    if not isinstance(data, dict):
        raise ValueError("the file does not read as a scenario; fix it in the file text")
    if not isinstance(data.get("variables"), dict):
        data["variables"] = CommentedMap()
    variables = data["variables"]
    if name in variables and not instead:
        raise ValueError(f"variable {name} exists already")
    if name in BUILTIN_VARIABLES:
        raise ValueError(f"{name} is a name every scenario has (from the customer); pick another")
    variables[name] = spec
    return dump(yaml, data)


def _whole(text: str) -> bool:
    return text.lstrip("-").isdigit()


def _flow(values: list[Any]) -> CommentedSeq:
    listed = CommentedSeq(values)
    listed.fa.set_flow_style()
    return listed
