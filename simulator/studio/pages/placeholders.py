"""The "You can use: {item} (repair, service, ...)" line under each text box that takes
placeholders: what each {name} stands for was only defined far below the boxes, so a
newcomer guessed what `{item}` would become. Each placeholder is a button that inserts it."""

from __future__ import annotations

from typing import Any

from simulator.studio.pages.pages import esc

__all__ = ["placeholders_html", "variable_words"]


def _shown(name: str, spec: Any, samples: list[dict[str, str]]) -> str:
    """What `{name}` stands for, in a few words: its choices, else a drawn value."""
    choices = spec.get("choice") if isinstance(spec, dict) else None
    if isinstance(choices, list) and choices:
        words = [str(c) for c in choices[:2]] + (["..."] if len(choices) > 2 else [])
        return f"({', '.join(words)})"
    drawn = next((s[name] for s in samples if name in s), None)
    return f"(like {drawn})" if drawn is not None else ""


def placeholders_html(data: Any, samples: list[dict[str, str]]) -> str:
    """The line for the scenario's variables, or '' when it has none."""
    variables = data.get("variables") if isinstance(data, dict) else None
    if not isinstance(variables, dict) or not variables:
        return ""
    parts = []
    for name, spec in variables.items():
        mark = "{" + str(name) + "}"
        what = _shown(str(name), spec, samples)
        parts.append(
            f"<button class='ins' type='button' data-ph='{esc(mark)}' title='insert {esc(mark)} "
            f"where the cursor is'>{esc(mark)}</button>" + (f" {esc(what)}" if what else "")
        )
    return "You can use: " + " · ".join(parts)


def variable_words(spec: Any) -> str:
    """A variable's values in words (`one of booking, order`, `a number from 1 to 45`)."""
    spec = spec if isinstance(spec, dict) else {}
    if "choice" in spec:
        options = [str(v) for v in (spec["choice"] if isinstance(spec["choice"], list) else [])]
        return "one of " + ", ".join(dict.fromkeys(options))
    if "record" in spec:
        return f"from the {spec['record']} records" + (
            f", column {spec['column']}" if spec.get("column") else ""
        )
    if "range" in spec:
        low, high = [*(spec["range"] if isinstance(spec["range"], list) else []), None, None][:2]
        return f"a number from {low} to {high}"
    if "faker" in spec:
        return f"made up, like {spec['text']}" if spec.get("text") else "made up"
    return "drawn"
