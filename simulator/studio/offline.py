"""What the offline (scripted) support acts on, editable in the form in plain words.

A newcomer edits the policy prose and expects the offline support to follow it; it does not:
it acts from `support.rules` (first rule whose condition holds: resolve, refuse or hand over,
saying one of its lines) and answers questions from `support.knowledge`. This module shows
those as form fields (a rule's condition written as `days_since_delivery is more than 30`),
applies an edited field back to the YAML through ruamel's round trip (comments kept), and
adds or removes whole items (`remove`, also used for what a template leaves behind).
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

__all__ = [
    "ACTIONS",
    "add_item",
    "apply_field",
    "condition_text",
    "english_only",
    "parse_condition",
    "remove",
]

# The support actions in plain words (the YAML's word in brackets in the form).
ACTIONS = {
    "resolve": "does it (resolves)",
    "refuse": "refuses",
    "escalate": "hands over to a person (escalates)",
}

# Condition operators in plain words, longest first so "is not" wins over "is".
_OPS: tuple[tuple[str, str], ...] = (
    ("is more than", "gt"),
    ("is at least", "ge"),
    ("is less than", "lt"),
    ("is at most", "le"),
    ("is none of", "not_in"),
    ("is one of", "in"),
    ("is not", "ne"),
    ("is", "eq"),
)
_WORDS = {op: words for words, op in _OPS}
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_EXAMPLE = "write it like: days_since_delivery is more than 30 and payment_method is gift card"


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def condition_text(when: Any) -> str:
    """`{days: {gt: 30}, method: {eq: card}}` -> `days is more than 30 and method is card`."""
    if not isinstance(when, dict):
        return ""
    parts = []
    for name, cond in when.items():
        if not isinstance(cond, dict):
            continue
        parts += [f"{name} {_WORDS.get(str(op), op)} {_value_text(v)}" for op, v in cond.items()]
    return " and ".join(parts)


def _scalar(text: str) -> str | int | float:
    """A number stays a number (30, 4.5); anything else is text."""
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


def parse_condition(text: str) -> dict[str, dict[str, Any]]:
    """The inverse of `condition_text`; an empty text means "always". Raises ValueError
    naming the clause it cannot read and how to write it."""
    out: dict[str, dict[str, Any]] = {}
    for clause in filter(None, (c.strip() for c in re.split(r"\s+and\s+", text.strip()))):
        name, _, rest = clause.partition(" ")
        if not _NAME.fullmatch(name):
            raise ValueError(f"'{clause}': start with a variable name; {_EXAMPLE}")
        for words, found in _OPS:
            if rest == words or rest.startswith(words + " "):
                value, op = rest[len(words) :].strip(), found
                break
        else:
            raise ValueError(
                f"'{clause}': say is, is not, is more than, is at least, is less than, "
                f"is at most, is one of or is none of; {_EXAMPLE}"
            )
        if not value:
            raise ValueError(f"'{clause}': give the value after '{words}'")
        if op in ("in", "not_in"):
            parsed: Any = [_scalar(v.strip()) for v in value.split(",") if v.strip()]
        else:
            parsed = _scalar(value)
            if op in ("gt", "ge", "lt", "le") and not isinstance(parsed, int | float):
                raise ValueError(f"'{clause}': '{words}' needs a number, got '{value}'")
        out.setdefault(name, {})[op] = parsed
    return out


def _english(value: Any) -> Any:
    """A per-language value's English one (else its first language's)."""
    return value.get("en", next(iter(value.values()), None))


def english_only(data: Any) -> None:
    """Every per-language field of a scenario kept in English only. Lint wants every
    spoken field in the same languages, so when the author's own lines replace one field's
    translations, the others' go too (and variables' value translations with them)."""
    customer = data.get("customer") if isinstance(data.get("customer"), dict) else {}
    support = data.get("support") if isinstance(data.get("support"), dict) else {}
    spoken = [(customer, "openings")]
    spoken += [(k, "answer") for k in support.get("knowledge") or [] if isinstance(k, dict)]
    spoken += [(r, "say") for r in support.get("rules") or [] if isinstance(r, dict)]
    spoken += [(b, "say") for b in data.get("flow") or [] if isinstance(b, dict)]
    for node, key in spoken:
        if isinstance(node.get(key), dict) and node[key]:
            node[key] = _english(node[key])
    for key in ("labels", "knows"):
        facts = customer.get(key)
        if isinstance(facts, dict):
            for fact, value in facts.items():
                if isinstance(value, dict) and value:
                    facts[fact] = _english(value)
    for spec in (data.get("variables") or {}).values():
        if isinstance(spec, dict):
            spec.pop("translations", None)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _set_list(data: Any, node: Any, key: str, lines: list[str]) -> None:
    """Replace the lines that changed, keep the others (their quotes and folding)."""
    old = node.get(key)
    if isinstance(old, dict):  # per language: an edit keeps the author's lines, in English
        if lines == [" ".join(str(v).split()) for v in _english(old) or []]:
            return
        english_only(data)
        old = None
    if not isinstance(old, list):
        node[key] = CommentedSeq(lines)
        return
    for i, line in enumerate(lines):
        if i >= len(old):
            old.append(line)
        elif " ".join(str(old[i]).split()) != line:
            old[i] = line
    del old[len(lines) :]


def _item(data: Any, kind: str, index: int) -> Any:
    items = (data.get("support") or {}).get("rules" if kind == "rule" else "knowledge")
    if (
        not isinstance(items, list)
        or not 0 <= index < len(items)
        or not isinstance(items[index], dict)
    ):
        raise ValueError(f"no {kind} {index + 1} in the file")
    return items[index]


def _flow(when: dict[str, dict[str, Any]]) -> CommentedMap:
    """A condition written on one line, as the library writes them."""
    out = CommentedMap((k, CommentedMap(v)) for k, v in when.items())
    for inner in (out, *out.values()):
        inner.fa.set_flow_style()
    return out


def _dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def apply_field(text: str, key: str, value: str) -> str:
    """`text` with one offline field set: `rule.I.when|action|reason|say`,
    `knowledge.I.keywords|answer`."""
    yaml = _yaml()
    data = yaml.load(text)
    if not isinstance(data, dict):
        raise ValueError("the file is not a mapping of scenario keys; fix it in the text")
    kind, _, rest = key.partition(".")
    index_text, _, field = rest.partition(".")
    if kind not in ("rule", "knowledge") or not index_text.isdigit():
        raise ValueError(f"unknown field '{key}'")
    node = _item(data, kind, int(index_text))
    if (kind, field) == ("rule", "when"):
        when = parse_condition(value)
        if when:
            node["when"] = _flow(when)
        else:
            node.pop("when", None)
    elif (kind, field) == ("rule", "action"):
        if value not in ACTIONS:
            raise ValueError(f"action '{value}': give one of {', '.join(ACTIONS)}")
        node["action"] = value
    elif (kind, field) == ("rule", "reason"):
        if value.strip():
            node["reason"] = " ".join(value.split())
        else:
            node.pop("reason", None)
    elif field in ("say", "answer") and field in ("say" if kind == "rule" else "answer"):
        _set_list(data, node, field, _lines(value))
    elif (kind, field) == ("knowledge", "keywords"):
        words = [w.strip() for w in value.split(",") if w.strip()]
        listed = CommentedSeq(words)
        listed.fa.set_flow_style()
        node["keywords"] = listed
    else:
        raise ValueError(f"unknown field '{key}'")
    return _dump(yaml, data)


def _named(fields: dict[str, str], what: str) -> str:
    name = fields.get("name", "").strip()
    if not _NAME.fullmatch(name):
        raise ValueError(
            f"{what} name '{name}': use lowercase letters, digits and _ (like plan_type)"
        )
    return name


def _child(data: Any, key: str, make: Any) -> Any:
    if not isinstance(data.get(key), type(make)):
        data[key] = make
    return data[key]


def add_item(text: str, kind: str, fields: dict[str, str] | None = None) -> str:
    """A new rule (before a final catch-all rule, so it can apply), knowledge answer,
    variable (`name`, `values` comma-separated), fact the customer knows (`name`, `value`,
    `hidden`: tells it only when asked) or fact support asks for (`name`)."""
    fields = fields or {}
    yaml = _yaml()
    data = yaml.load(text)
    if not isinstance(data, dict):
        raise ValueError("the file is not a mapping of scenario keys; fix it in the text")
    if kind == "variable":
        name = _named(fields, "variable")
        values = [_scalar(v.strip()) for v in fields.get("values", "").split(",") if v.strip()]
        if not values:
            raise ValueError(f"variable {name}: give its values, a comma between them")
        variables = _child(data, "variables", CommentedMap())
        if name in variables:
            raise ValueError(f"variable {name} exists already")
        choice = CommentedSeq(values)
        choice.fa.set_flow_style()
        spec = CommentedMap([("choice", choice)])
        spec.fa.set_flow_style()
        variables[name] = spec
        return _dump(yaml, data)
    if kind == "knows":
        name = _named(fields, "fact")
        customer = _child(data, "customer", CommentedMap())
        _child(customer, "knows", CommentedMap())[name] = " ".join(fields.get("value", "").split())
        if fields.get("hidden"):
            hidden = _child(customer, "reveal_only_when_asked", CommentedSeq())
            if name not in hidden:
                hidden.append(name)
        return _dump(yaml, data)
    support = _child(data, "support", CommentedMap())
    if kind == "verify":
        name = _named(fields, "fact")
        asks = _child(support, "verify", CommentedSeq())
        if name not in asks:
            asks.append(name)
        return _dump(yaml, data)
    if kind == "rule":
        rules = support.setdefault("rules", CommentedSeq())
        new = CommentedMap(
            [
                ("when", _flow({"replace_me": {"eq": "a value"}})),
                ("action", "resolve"),
                ("say", CommentedSeq(["Write what support says here."])),
            ]
        )
        last = rules[-1] if rules else None
        catch_all = isinstance(last, dict) and not last.get("when")
        rules.insert(len(rules) - 1 if catch_all else len(rules), new)
    elif kind == "knowledge":
        items = support.setdefault("knowledge", CommentedSeq())
        taken = {i.get("id") for i in items if isinstance(i, dict)}
        n = next(n for n in range(1, len(items) + 2) if f"answer_{n}" not in taken)
        keywords = CommentedSeq(["a word in the question"])
        keywords.fa.set_flow_style()
        items.append(
            CommentedMap(
                [
                    ("id", f"answer_{n}"),
                    ("keywords", keywords),
                    ("answer", CommentedSeq(["Write support's answer here."])),
                ]
            )
        )
    else:
        raise ValueError(f"cannot add '{kind}'")
    return _dump(yaml, data)


def remove(text: str, key: str) -> str:
    """`text` without the item at `key`: a dotted path with list indexes (`success.2`,
    `expect.actions.0`, `support.rules.1`) or a whole key (`flow`)."""
    yaml = _yaml()
    data = yaml.load(text)
    if not isinstance(data, dict):
        raise ValueError("the file is not a mapping of scenario keys; fix it in the text")
    *parents, last = key.split(".")
    node: Any = data
    for part in parents:
        if isinstance(node, list):
            node = node[int(part)] if part.isdigit() and int(part) < len(node) else None
        else:
            node = node.get(part)
        if not isinstance(node, dict | list):
            raise ValueError(f"nothing at '{key}' in the file")
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        del node[int(last)]
    elif isinstance(node, dict) and last in node:
        del node[last]
    else:
        raise ValueError(f"nothing at '{key}' in the file")
    if parents[:1] == ["expect"] and len(parents) == 2 and node == []:
        # `actions: []` would mean "change nothing", a new expectation: an emptied list goes.
        del data["expect"][parents[1]]
    if parents[:1] == ["expect"] and not data.get("expect", True):
        del data["expect"]
    return _dump(yaml, data)
