"""Lines a scenario gives per language, edited from the studio's form.

The form shows a per-language field in English and writes the author's lines back in place
(ruamel round trip, so the quotes, folding and comments around a list stay). Lint wants every
spoken field of a scenario in the same languages, so once the author's own lines replace one
field's translations, every field keeps English only.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedSeq

__all__ = ["english_only", "set_lines"]


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
    spoken += [(r, "confirm") for r in support.get("rules") or [] if isinstance(r, dict)]
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


def set_lines(data: Any, node: Any, key: str, text: str) -> None:
    """A list field from a form's lines (one item per non-empty line): unchanged items keep
    their YAML (quotes, folding), changed ones are replaced in place, so comments around the
    list stay. Editing a per-language field keeps the author's lines, in English only."""
    lines = _lines(text)
    old = node.get(key)
    if isinstance(old, dict):
        shown = _english(old)
        if isinstance(shown, list) and lines == [" ".join(str(v).split()) for v in shown]:
            return
        english_only(data)  # lint wants one set of languages in every spoken field
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
