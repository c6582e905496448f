"""A tiny phrase grammar, compiled once at import so realizing a turn is a cheap tree walk.

Banks are written as templates rather than finished sentences because combinations multiply:
a template with four choice points of five options reads 625 ways. Syntax:

- `{a|b|c}`  one alternative, chosen uniformly; alternatives may be empty and may nest.
- `<rule>`   a named part of the same bank (openers, hedges, closers ...), itself templates.
- `$slot`    a value supplied per turn (`$content`, `$facts`, `$value` ...); unknown slots are
             an error at render time, the way a strict template engine treats a missing name.

Slots are typed by availability: a template whose own slots are not all supplied (value None)
is never drawn, so a frame that needs a clause (`because $clause`) is only used when the turn
has one. Rules are tagged by context with `name@tag` (`opt_thanks@inform`, `aside_tech@saas`,
`lead@angry`): rendering with `tags=("inform", ...)` uses the first tagged variant that exists,
else the plain rule, so fillers fit the domain, the tone and what the other side just did.
`omit` leaves named parts out entirely (no cheerful opener after a refusal's lead).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# The finishing passes, once here: importers of these names from this module keep working.
from agents.phrasing.seams import agree_articles as agree_articles
from agents.phrasing.seams import tidy as tidy
from agents.phrasing.seams import vowel_sound as vowel_sound


@dataclass(frozen=True, slots=True)
class Choice:
    options: tuple[tuple[object, ...], ...]


@dataclass(frozen=True, slots=True)
class Ref:
    name: str


@dataclass(frozen=True, slots=True)
class Slot:
    name: str


_TOKEN = re.compile(r"\{|\}|\||<[a-z_0-9]+>|\$[a-z_]+|[^{}|<$]+|[<$]")


def _parse(text: str) -> tuple[object, ...]:
    tokens = _TOKEN.findall(text)
    pos = 0

    def seq(depth: int) -> tuple[object, ...]:
        nonlocal pos
        out: list[object] = []
        while pos < len(tokens):
            tok = tokens[pos]
            if tok in ("|", "}"):
                if depth == 0:
                    raise ValueError(f"unbalanced '{tok}' in template: {text!r}")
                return tuple(out)
            pos += 1
            if tok == "{":
                options = [seq(depth + 1)]
                while pos < len(tokens) and tokens[pos] == "|":
                    pos += 1
                    options.append(seq(depth + 1))
                if pos >= len(tokens) or tokens[pos] != "}":
                    raise ValueError(f"unclosed '{{' in template: {text!r}")
                pos += 1
                out.append(Choice(tuple(options)))
            elif tok.startswith("<") and len(tok) > 1:
                out.append(Ref(tok[1:-1]))
            elif tok.startswith("$") and len(tok) > 1:
                out.append(Slot(tok[1:]))
            elif out and isinstance(out[-1], str):
                out[-1] = out[-1] + tok
            else:
                out.append(tok)
        return tuple(out)

    result = seq(0)
    if pos != len(tokens):
        raise ValueError(f"unbalanced '}}' in template: {text!r}")
    return result


def _slots_of(seq: tuple[object, ...]) -> frozenset[str]:
    """The slots a template uses itself (not through the rules it refers to)."""
    found: set[str] = set()
    for node in seq:
        if isinstance(node, Slot):
            found.add(node.name)
        elif isinstance(node, Choice):
            for opt in node.options:
                found |= _slots_of(opt)
    return frozenset(found)


# Compiled form of a template: a tuple of (op, value) pairs, walked without type tests.
# Text runs are merged, a choice among plain words is one draw (no walk into it), and a
# reference carries what its rule needs resolved once per bank: its variants by tag and
# whether it is an `opt_` part.
_TEXT, _WORDS, _CHOICE, _REF, _SLOT = range(5)
Op = tuple[int, Any]  # the value's type depends on the op
# What a draw picks from: the items, their number and its bit length. A draw takes
# getrandbits(k) until it is below n, which is what random.Random.choice does (as
# _randbelow); without its two calls a draw costs a third (tests/test_phrasing_fast.py holds
# it to choice).
Pool = tuple[tuple[Any, ...], int, int]


def pool(items: tuple[Any, ...]) -> Pool:
    return items, len(items), len(items).bit_length()


def _compile(seq: tuple[object, ...], variants: Mapping[str, Mapping[str, str]]) -> tuple[Op, ...]:
    ops: list[Op] = []
    for node in seq:
        if isinstance(node, str):
            if ops and ops[-1][0] == _TEXT:
                ops[-1] = (_TEXT, ops[-1][1] + node)
            else:
                ops.append((_TEXT, node))
        elif isinstance(node, Choice):
            options = tuple(_compile(opt, variants) for opt in node.options)
            if all(len(o) <= 1 and (not o or o[0][0] == _TEXT) for o in options):
                ops.append((_WORDS, pool(tuple(o[0][1] if o else "" for o in options))))
            else:
                ops.append((_CHOICE, pool(options)))
        elif isinstance(node, Ref):
            by_tag = variants.get(node.name, {})
            ops.append((_REF, (node.name, node.name.startswith("opt_"), by_tag)))
        elif isinstance(node, Slot):
            ops.append((_SLOT, node.name))
    return tuple(ops)


class Bank:
    """Named rules, each a list of compiled templates. Immutable after construction (its
    caches only remember which templates a set of missing slots leaves drawable)."""

    def __init__(self, rules: Mapping[str, Sequence[str]]) -> None:
        self._rules: dict[str, tuple[tuple[object, ...], ...]] = {
            name: tuple(_parse(t) for t in templates) for name, templates in rules.items()
        }
        self._needs: dict[str, tuple[frozenset[str], ...]] = {
            name: tuple(_slots_of(t) for t in templates) for name, templates in self._rules.items()
        }
        # rule -> the tags it has a variant for (`rule@tag`): most rules have none
        self._variants: dict[str, frozenset[str]] = {}
        for name in self._rules:
            for at in (i for i, ch in enumerate(name) if ch == "@"):
                base, tag = name[:at], name[at + 1 :]
                self._variants[base] = self._variants.get(base, frozenset()) | {tag}
        for name, templates in self._rules.items():
            if not templates:
                raise ValueError(f"rule <{name}> has no templates")
            base = name.split("@", 1)[0]
            if base != name and base not in self._rules:
                raise ValueError(f"rule <{name}> is a variant of <{base}>, which is missing")
            for t in templates:
                self._check_refs(name, t)
        # rule -> {tag: variant rule name}, for the rules that have variants
        self._by_tag: dict[str, dict[str, str]] = {
            base: {tag: f"{base}@{tag}" for tag in tags} for base, tags in self._variants.items()
        }
        self._compiled: dict[str, Pool] = {
            name: pool(tuple(_compile(t, self._by_tag) for t in templates))
            for name, templates in self._rules.items()
        }
        # (rule, missing slots) -> the compiled templates that need none of them
        self._usable: dict[tuple[str, frozenset[str]], Pool] = {}

    def _check_refs(self, rule: str, seq: tuple[object, ...]) -> None:
        for node in seq:
            if isinstance(node, Ref) and node.name not in self._rules:
                raise ValueError(f"rule <{rule}> refers to unknown rule <{node.name}>")
            if isinstance(node, Choice):
                for opt in node.options:
                    self._check_refs(rule, opt)

    def __contains__(self, name: str) -> bool:
        return name in self._rules

    def names(self) -> list[str]:
        return list(self._rules)

    def resolve(self, rule: str, tags: Sequence[str] = ()) -> str:
        """The variant of `rule` the first matching tag selects, else `rule` itself."""
        by_tag = self._by_tag.get(rule)
        if by_tag:
            for tag in tags:
                if tag in by_tag:
                    return by_tag[tag]
        return rule

    def _usable_templates(self, name: str, missing: frozenset[str]) -> Pool:
        key = (name, missing)
        found = self._usable.get(key)
        if found is None:
            found = pool(
                tuple(
                    t
                    for t, needs in zip(self._compiled[name][0], self._needs[name], strict=True)
                    if not needs & missing
                )
            )
            self._usable[key] = found
        if not found[1]:
            names = ", ".join(f"${m}" for m in sorted(missing))
            raise KeyError(f"rule <{name}> has no template without {names}")
        return found

    def render(
        self,
        rule: str,
        slots: Mapping[str, str | None],
        rng: random.Random,
        skip: float = 0.0,
        tags: Sequence[str] = (),
        omit: Sequence[str] = (),
    ) -> str:
        """One rendering of `rule`; `opt_*` parts are left out with probability `skip`.

        Templates that use a slot whose value is None are not drawn; if every template
        does, that is an error (the caller chose a rule the turn cannot fill).
        """
        missing = frozenset([k for k, v in slots.items() if v is None]) if slots else _NONE
        compiled = self._compiled
        getrandbits = rng.getrandbits
        out: list[str] = []
        append = out.append

        def draw(items: tuple[Any, ...], n: int, k: int) -> Any:
            r = getrandbits(k)
            while r >= n:
                r = getrandbits(k)
            return items[r]

        def pick(name: str) -> tuple[Op, ...]:
            if missing:
                return draw(*self._usable_templates(name, missing))
            return draw(*compiled[name])

        def walk(seq: tuple[Op, ...]) -> None:
            for op, value in seq:
                if op == _TEXT:
                    append(value)
                elif op == _WORDS:
                    items, n, k = value
                    r = getrandbits(k)
                    while r >= n:
                        r = getrandbits(k)
                    append(items[r])
                elif op == _REF:
                    name, optional, by_tag = value
                    if omit and name in omit:
                        continue
                    if skip and optional and rng.random() < skip:
                        continue
                    if by_tag:
                        for tag in tags:
                            if tag in by_tag:
                                name = by_tag[tag]
                                break
                    walk(pick(name))
                elif op == _CHOICE:
                    walk(draw(*value))
                else:
                    if value not in slots:
                        raise KeyError(f"template slot ${value} has no value")
                    append(slots[value] or "")

        walk(pick(self.resolve(rule, tags)))
        return "".join(out)


_NONE: frozenset[str] = frozenset()
