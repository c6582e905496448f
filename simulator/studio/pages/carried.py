"""The form's *Also in this scenario* section: everything the scenario carries besides what
support does (the facts the customer knows, the follow-ups, the checks, what a correct
conversation does in the records, the situations mixed in), in plain words, each removable,
so nothing a template left behind is hidden in the file. Apart from sections.py (what the
offline support does: rules and answers) because it is its own part of the page."""

from __future__ import annotations

from typing import Any

from simulator.studio.editing.author import english
from simulator.studio.editing.conditions import ACTIONS, condition_text
from simulator.studio.pages.pages import esc
from simulator.studio.pages.pages import remove_button as _rm
from simulator.studio.pages.sections import fits, lines_field, title_key
from simulator.studio.pages.tuning import asks_choice, flow_timing
from simulator.studio.trying.offline import CHECKS

__all__ = ["carried_html"]


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _check_words(check: dict[str, Any]) -> str:
    kind, value = next(iter(check.items()), ("", ""))
    if kind == "outcome":
        return "the conversation ends " + " or ".join(str(v) for v in _l(value))
    if kind == "support_action":
        return f"support {ACTIONS.get(str(value), value)}"
    if kind == "no_support_action":
        return f"support never {ACTIONS.get(str(value), value)}"
    if kind == "requested":
        return f"support asks for the {value}"
    if kind == "verified_before_action":
        return f"the customer gave the {value} before support acted"
    if kind == "support_says":
        return f"support says something that matches <code>{esc(value)}</code>"
    if kind == "support_avoids":
        return f"support never says anything that matches <code>{esc(value)}</code>"
    return esc(f"{kind}: {value}")


def _when(item: dict[str, Any], key: str) -> str:
    """An expectation's condition, editable like a rule's."""
    return (
        f" <label class='inline'>when <input class='of' id='o-{esc(key)}.when' "
        f"data-key='{esc(key)}.when' value='{esc(condition_text(item.get('when')))}' "
        "placeholder='always' style='width:28em'></label>"
    )


def _args(args: Any) -> str:
    return ", ".join(f"{esc(k)} = {esc(v)}" for k, v in _d(args).items())


def carried_html(data: Any) -> str:
    """Everything else the scenario holds, in plain words, each item removable."""
    data = _d(data)
    rows: list[str] = []

    def group(title: str, key: str, items: list[str], note: str = "") -> None:
        body = "".join(f"<li>{i}</li>" for i in items) or "<li>none</li>"
        extra = f"<p class='note'>{note}</p>" if note else ""
        rows.append(
            f"<h3 id='{esc(key)}-head'{title_key(key)}>{esc(title)}</h3>{extra}<ul>{body}</ul>"
        )

    knows = _d(_d(data.get("customer")).get("knows"))
    hidden = set(_l(_d(data.get("customer")).get("reveal_only_when_asked")))
    labels = _d(_d(data.get("customer")).get("labels"))
    group(
        "What the customer knows and can tell",
        "customer.knows",
        [_fact(str(n), v, labels.get(n), n in hidden) for n, v in knows.items()],
        "Support may ask for these. Removing one removes it everywhere.",
    )
    rows.append(
        "<p><input class='nf' data-kind='knows' data-f='name' placeholder='fact, like "
        "member_number' style='width:14em'> <input class='nf' data-kind='knows' data-f='value' "
        "placeholder='its value, like M-{number}' style='width:18em'> <label class='inline'>"
        "<input class='nf' type='checkbox' data-kind='knows' data-f='hidden' checked "
        "style='width:auto'> only when asked</label> <button class='add' data-kind='knows'>"
        "add a fact</button></p>"
    )
    group(
        "What the customer may say next",
        "flow",
        [
            flow_timing(i, _d(b))
            + asks_choice(i, _d(b), data)
            + f" {_rm(f'flow.{i}', 'this follow-up')}"
            + lines_field(f"flow.{i}.say", _d(b).get("say"), "the customer says (one per line)")
            for i, b in enumerate(_l(data.get("flow")))
        ],
    )
    checks = [
        "<select class='nf' data-kind='check' data-f='kind' style='width:auto'>"
        + "".join(f"<option value='{k}'>{esc(w)}</option>" for k, w in CHECKS.items())
        + "</select> <input class='nf' data-kind='check' data-f='value' placeholder='the fact, "
        "the action, or the words' style='width:16em'> <button class='add' data-kind='check'>"
        "add a check</button>"
    ]
    for i, c in enumerate(_l(data.get("success"))):
        c = _d(c)
        if c.get("judge"):
            sentence = esc(" ".join(str(c["judge"]).split()))
            what = f"judged by a model (not judged offline): “{sentence}”"
        else:
            what = "checked automatically: " + _check_words(_d(c.get("check")))
        checks.append(f"<b>{esc(c.get('id'))}</b>: {what} {_rm(f'success.{i}', 'this check')}")
    group("What a good conversation does (checks)", "success", checks)
    expect = _d(data.get("expect"))
    actions = [
        f"support calls <b>{esc(_d(a).get('tool'))}</b>({_args(_d(a).get('arguments'))})"
        f"{_when(_d(a), f'expect.actions.{i}')} {_rm(f'expect.actions.{i}', 'this action')}"
        for i, a in enumerate(_l(expect.get("actions")))
    ]
    actions += [
        f"afterwards, {esc(_d(r).get('table'))} record {esc(_d(r).get('key'))} "
        + (
            "no longer exists"
            if _d(r).get("exists") is False
            else f"has {_args(_d(r).get('fields'))}"
        )
        + f"{_when(_d(r), f'expect.records.{i}')} {_rm(f'expect.records.{i}', 'this check')}"
        for i, r in enumerate(_l(expect.get("records")))
    ]
    actions += [
        f"support says “{esc(o)}” {_rm(f'expect.outputs.{i}', 'this output')}"
        for i, o in enumerate(_l(expect.get("outputs")))
    ]
    if data.get("world"):
        group(
            f"What a correct conversation does in the {data.get('world')} records",
            "expect",
            actions,
            "The offline support makes these calls once the customer is verified; the "
            "checks compare the records afterwards. When you change a rule's condition, change "
            "these to match.",
        )
    group(
        "Situations mixed in",
        "edge_cases",
        [
            f"<b>{esc(e)}</b> {_rm(f'edge_cases.{i}', str(e))}"
            for i, e in enumerate(_l(data.get("edge_cases")))
        ],
        "Add more from the list below.",
    )
    return "".join(rows)


def _fact(name: str, value: Any, label: Any, hidden: bool) -> str:
    """A fact the customer knows: its value and the name people call it by, editable."""
    if isinstance(label, dict):
        label = (
            english(label)
            if isinstance(next(iter(label.values()), None), list)
            else (label.get("en", next(iter(label.values()), "")))
        )
    shown = value if not isinstance(value, dict) else value.get("en", next(iter(value.values())))
    return (
        f"<b>{esc(name)}</b> = <input class='of' id='o-knows.{esc(name)}' "
        f"data-key='knows.{esc(name)}' value='{esc(shown)}' style='width:14em'> called "
        f"<input class='of' id='o-label.{esc(name)}' data-key='label.{esc(name)}' "
        f"value='{esc(label or '')}' placeholder='{esc(name.replace('_', ' '))}' "
        f"style='width:{fits(str(label or name), 14)}'>"
        f"{' <i>(only when asked)</i>' if hidden else ''} " + _rm(f"customer.knows.{name}", name)
    )
