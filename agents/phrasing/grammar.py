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


_STOP_THEN_PUNCT = re.compile(r"([!?])\.")
_STOP_THEN_COMMA = re.compile(r"(?<!\.\.)([!?.]),(?=\s)")
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
# "1 business days", "1 passenger(s)": a count of one filled into a plural frame.
_ONE_PLURAL = re.compile(  # (the 1 first, what may not precede it checked behind it)
    r"(1(?<![\w.,$]1) (?:business |working |full )?(?:day|hour|night|week|month|year|minute|"
    r"passenger|traveller|traveler|item|seat|user|line))(?:s\b|\(s\))"
)
_N_PLURAL = re.compile(r"(\b\d+ (?:[a-z]+ )?[a-z]+)\(s\)")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r" +([,.!?;:])")
_DOUBLE_PUNCT = re.compile(r"([,;:])\s*([,.!?;:])")
_DOUBLE_DOT = re.compile(r"(?<!\.)\.\.(?!\.)")


def _within(text: str, value: str, pos: int) -> bool:
    """Whether `pos` falls inside an occurrence of `value` in `text` (only a value with a
    stop of its own can have a sentence seem to start inside it)."""
    if "." not in value and "!" not in value and "?" not in value:
        return False
    at = text.find(value, max(0, pos - len(value)))
    while at != -1 and at < pos:
        if pos < at + len(value):
            return True
        at = text.find(value, at + 1)
    return False


def tidy(text: str, keep: Sequence[str] = (), english: bool = True) -> str:
    """Collapse the seams left by empty alternatives and fix case at sentence starts.

    Case is never changed where one of `keep` (fact values) begins. `english=False` leaves
    out what only English needs (counts of one, "a"/"an"): "a un" is Spanish, "il y a une"
    French, and re-agreeing them as English articles broke them.
    """
    text = text.strip()
    if "\n" in text:
        text = text.replace(" \n", "\n").replace("\n ", "\n")
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    # Looked for before substituting: most texts have neither seam, and a substitution with a
    # template costs a Python-level call even where nothing matches (a space before a mark is
    # found faster as six substrings than by the pattern).
    if " ," in text or " ." in text or " !" in text or " ?" in text or " ;" in text or " :" in text:
        text = _SPACE_BEFORE.sub(r"\1", text)
    if _DOUBLE_PUNCT.search(text):
        text = _DOUBLE_PUNCT.sub(r"\2", text)
    if ".." in text:
        text = _DOUBLE_DOT.sub(".", text)
    if "?." in text or "!." in text:
        text = _STOP_THEN_PUNCT.sub(r"\1", text)
    if "!," in text or "?," in text or ".," in text:
        text = _STOP_THEN_COMMA.sub(r"\1", text)

    def kept(pos: int) -> bool:  # where a value begins, or inside one ('EE. UU. continental')
        return any(v and (text.startswith(v, pos) or _within(text, v, pos)) for v in keep)

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
    if not english:
        return text
    if "1 " in text:
        text = _ONE_PLURAL.sub(r"\1", text)
    if "(s)" in text:
        text = _N_PLURAL.sub(r"\1s", text)
    return agree_articles(text)


# ---- article agreement -------------------------------------------------------------------
# "a"/"an" follow the sound of the next word, whatever filled the slot after them ("a
# economy fare" came from a scenario's `a {cabin} fare`; "an problem" from a word swap).

# An article at the text's start or a sentence's, or a lower-case one after any space. The
# letter comes first and the place is checked behind it: a pattern that opens with a
# look-behind is tried at every position of the text, one that opens with a letter only
# where that letter is (eight times faster here).
_ARTICLE = re.compile(
    r"(a(?:(?<![\s\S]a)|(?<=\sa))n?|A(?:(?<![\s\S]A)|(?<=[.!?:]\sA))[nN]?)( +)([A-Za-z][A-Za-z'-]*)"
)
_YOU_SOUND = re.compile(r"(?i)^(u[bcfhklmnprstv][aeiou]|u[nt]i|eu|ewe|uk\b|us\b|usa|one\b|once)")
_SILENT_H = re.compile(r"(?i)^(hour|honest|honou?r|heir)")
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
_SAID_AS_WORD = re.compile(
    r"^(?:[^AEIOU]{0,2}[AEIOU][^AEIOU]+|[^AEIOU]{1,2}[AEIOU][A-Z]*)$"
)  # letters whose names start with a vowel sound


def vowel_sound(word: str) -> bool:
    """Whether `word` starts with a vowel sound, as far as spelling tells."""
    if len(word) > 1 and word.isupper() and word.isalpha():
        if _SAID_AS_WORD.match(word):  # SWIFT, PIN, SIM, NASA: read as words
            return word[0] in "AEIO"
        return word[0] in _VOWEL_LETTERS  # SMS, MRI, URL: read letter by letter
    if _SILENT_H.match(word):
        return True
    if _YOU_SOUND.match(word) and not re.match(r"(?i)^un[^i]", word):
        return False
    return word[:1].lower() in "aeiou"


def agree_articles(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        art, space, word = m.group(1), m.group(2), m.group(3)
        if len(word) == 1:
            return m.group(0)  # "a B", "option a": a letter, not an article frame
        want_an = vowel_sound(word)
        if art.lower() == "a" and want_an:
            new = {"a": "an", "A": "An"}[art]
        elif art.lower() == "an" and not want_an:
            new = {"an": "a", "An": "A", "AN": "A"}[art]
        else:
            return m.group(0)
        return f"{new}{space}{word}"

    return _ARTICLE.sub(fix, text) if " a" in text.lower() or text[:1] in "aA" else text
