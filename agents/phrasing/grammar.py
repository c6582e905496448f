"""A tiny phrase grammar, compiled once at import so realizing a turn is a cheap tree walk.

Banks are written as templates rather than finished sentences because combinations multiply:
a template with four choice points of five options reads 625 ways. Syntax:

- `{a|b|c}`  one alternative, chosen uniformly; alternatives may be empty and may nest.
- `<rule>`   a named part of the same bank (openers, hedges, closers ...), itself templates.
- `$slot`    a value supplied per turn (`$content`, `$facts`, `$value` ...); unknown slots are
             an error at render time, the way a strict template engine treats a missing name.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


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


class Bank:
    """Named rules, each a list of compiled templates. Immutable after construction."""

    def __init__(self, rules: Mapping[str, Sequence[str]]) -> None:
        self._rules: dict[str, tuple[tuple[object, ...], ...]] = {
            name: tuple(_parse(t) for t in templates) for name, templates in rules.items()
        }
        for name, templates in self._rules.items():
            if not templates:
                raise ValueError(f"rule <{name}> has no templates")
            for t in templates:
                self._check_refs(name, t)

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

    def render(
        self, rule: str, slots: Mapping[str, str], rng: random.Random, skip: float = 0.0
    ) -> str:
        """One rendering of `rule`; `opt_*` parts are left out with probability `skip`."""
        out: list[str] = []
        self._walk(rng.choice(self._rules[rule]), slots, rng, out, skip)
        return "".join(out)

    def _walk(
        self,
        seq: tuple[object, ...],
        slots: Mapping[str, str],
        rng: random.Random,
        out: list[str],
        skip: float,
    ) -> None:
        for node in seq:
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, Choice):
                self._walk(rng.choice(node.options), slots, rng, out, skip)
            elif isinstance(node, Ref):
                if skip and node.name.startswith("opt_") and rng.random() < skip:
                    continue
                self._walk(rng.choice(self._rules[node.name]), slots, rng, out, skip)
            elif isinstance(node, Slot):
                try:
                    out.append(slots[node.name])
                except KeyError:
                    raise KeyError(f"template slot ${node.name} has no value") from None


_STOP_THEN_PUNCT = re.compile(r"([!?])\.")
_SENTENCE_START = re.compile(r"([.!?]\s+)([a-z])(?=[a-z']*[\s,.!?:;-])")
_MID_CAPITAL = re.compile(
    r"(, |; | - )(Could|Can|Would|What|How|Please|Let|Is|Are|Do|Does|May|Feel|Thanks|Thank|"
    r"That|This|It|The|We|You|Just|So|Anything|Where|Shall|They|Someone|Not|Any|Who|Here|"
    r"Sorry|Nothing|Maybe|Ok|Okay|Sure|Yes|No|Yeah|Bye|Goodbye|Have|Take|Looks|If|Pretty|"
    r"But|And|Also|Oh|Btw|Hmm|Um|Wait|Actually|Got|My|There|Right|Fine|Alright|All|Allow|"
    r"Kindly|To|For|Per|Before|First|Your|Our|Happy|Glad|Good|Great|Welcome|Enjoy|Stay|"
    r"Once|Since|Because|Instead|Unfortunately|Everything|Most|Rather|Tell|Ugh|Honestly|"
    r"Seriously|Look|Listen|Come|Why|When|Which|Will|Should|Did|Was|Were|Has|Had|"
    r"Thx|Cheers|Many|Much|Appreciate|Hope|Hello|Hi|Hey|Perfect|Lovely|Cool|Awesome|"
    r"Excellent|Wonderful|Brilliant|Fantastic|Nice|Super|Amazing)\b"
)
_MID_CAPITAL_HINT = re.compile(r"[,;-] [A-Z]")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r" +([,.!?;:])")
_DOUBLE_PUNCT = re.compile(r"([,;:])\s*([,.!?;:])")
_DOUBLE_DOT = re.compile(r"(?<!\.)\.\.(?!\.)")


def tidy(text: str, keep: Sequence[str] = ()) -> str:
    """Collapse the seams left by empty alternatives and fix case at sentence starts.

    Case is never changed where one of `keep` (fact values) begins.
    """
    text = text.strip()
    if "\n" in text:
        text = text.replace(" \n", "\n").replace("\n ", "\n")
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _DOUBLE_PUNCT.sub(r"\2", text)
    if ".." in text:
        text = _DOUBLE_DOT.sub(".", text)
    if "?." in text or "!." in text:
        text = _STOP_THEN_PUNCT.sub(r"\1", text)

    def kept(pos: int) -> bool:
        return any(v and text.startswith(v, pos) for v in keep)

    def upper(m: re.Match[str]) -> str:
        if kept(m.start(2)):
            return m.group(0)
        return m.group(1) + m.group(2).upper()

    def lower(m: re.Match[str]) -> str:
        if kept(m.start(2)):
            return m.group(0)
        return m.group(1) + m.group(2).lower()

    text = _SENTENCE_START.sub(upper, text)
    if _MID_CAPITAL_HINT.search(text):
        text = _MID_CAPITAL.sub(lower, text)
    if text[:1].isalpha() and text[:1].islower() and not kept(0):
        text = text[0].upper() + text[1:]
    return text
