"""Strict `{name}` templates for scenario text.

Scenario files are data written by people who are not programmers, so templates can only
substitute a variable by name: no attribute access, indexing, format specs or expressions
(`str.format` would allow `{x.__class__}`). A name that is not given is an error rather than
an empty string, so a typo never reaches a transcript. Literal braces are written `{{` `}}`.

Templates are parsed once and cached: the simulator renders the same few hundred strings
for every conversation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

__all__ = ["TemplateError", "placeholders", "render", "scan"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class TemplateError(ValueError):
    """A template is malformed, or names a variable that has no value.

    `name` is the offending variable when the problem is an unknown name, else None.
    """

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name


# A parsed template: literal text and placeholder names, alternating, starting with text.
_Parts = tuple[tuple[str, ...], tuple[str, ...]]


@lru_cache(maxsize=8192)
def _scan(template: str) -> tuple[_Parts, tuple[str, ...]]:
    """The template's parts, and every problem in it (each once, in order): a lint that
    stopped at the first malformed placeholder showed one kind per pass (outsider18 #17)."""
    texts: list[str] = []
    names: list[str] = []
    problems: list[str] = []
    buf: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(template):
        buf.append(template[pos : m.start()])
        pos = m.end()
        token = m.group(0)
        if token == "{{":
            buf.append("{")
        elif token == "}}":
            buf.append("}")
        elif token in ("{", "}"):
            problems.append(
                f"single '{token}' at character {m.start() + 1}; "
                f"write '{token}{token}' for a literal brace"
            )
        elif not _NAME.fullmatch(name := m.group(1)):
            problems.append(
                f"'{token}' is not a placeholder; use {{name}} with letters, digits "
                f"and '_', or '{{{{' '}}}}' for literal braces"
            )
        else:
            texts.append("".join(buf))
            buf = []
            names.append(name)
    buf.append(template[pos:])
    texts.append("".join(buf))
    return (tuple(texts), tuple(names)), tuple(dict.fromkeys(problems))


def _parse(template: str) -> _Parts:
    parts, problems = _scan(template)
    if problems:
        raise TemplateError(problems[0])
    return parts


def placeholders(template: str) -> list[str]:
    """Variable names the template uses, in order of first use, each once.

    Raises TemplateError when the template is malformed.
    """
    return list(dict.fromkeys(_parse(template)[1]))


def scan(template: str) -> tuple[list[str], list[str]]:
    """(the names its well-formed placeholders use, each once; every malformed part's
    problem), so a checker reports all of a template's problems at once."""
    (_, names), problems = _scan(template)
    return list(dict.fromkeys(names)), list(problems)


def slots_in_order(template: str) -> list[str]:
    """Variable names as the template fills them, repeats included: the values `render`
    passes to `adjust`, one per name here."""
    return list(_parse(template)[1])


def render(
    template: str,
    values: Mapping[str, str],
    adjust: Callable[[list[str], list[str]], None] | None = None,
) -> str:
    """Substitute every `{name}` with `values[name]`; unknown names raise TemplateError.

    `adjust(texts, filled)` may rewrite the literal parts around the values before they are
    joined (`texts[i]` precedes `filled[i]`): a frame agreeing with what filled it.
    """
    texts, names = _parse(template)
    if not names:
        return texts[0]
    if adjust is not None:
        literal = list(texts)
        try:
            filled = [str(values[name]) for name in names]
        except KeyError as e:
            raise TemplateError(f"unknown variable '{e.args[0]}'", name=e.args[0]) from None
        adjust(literal, filled)
        return "".join(t + v for t, v in zip(literal, filled, strict=False)) + literal[-1]
    out = [texts[0]]
    for name, text in zip(names, texts[1:], strict=True):
        try:
            out.append(str(values[name]))
        except KeyError:
            raise TemplateError(f"unknown variable '{name}'", name=name) from None
        out.append(text)
    return "".join(out)
