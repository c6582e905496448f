"""A fact said in the customer's own words rather than behind its full label.

People do not type "fecha de nacimiento: ..." every time: they write "nací el ...", "soy
Maya Castillo", "la tarjeta termina en 1234", "pedido W2040746", or name the fact by the
head of its label ("referencia" for "referencia de la transferencia") once the question made
the rest plain. A bank's `kinds` say, per language, which facts have such forms: a kind
matches a label (and, optionally, a value: an e-mail form only for a value with an @) by
regular expression, and its frames may use the label's first group as `{g}` ("pedido" in
"número de pedido"). A bank's `short` rules turn a long label into the short one people
type. Both are decided by the label's text, so a scenario nobody here wrote gets them when
its labels read like the library's, and its full label otherwise.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agents.phrasing.local_text import elided

if TYPE_CHECKING:
    from agents.phrasing.local_bank import LanguageBank

# How often a fact with a kind of its own is said that way, and a long label shortened.
OWN_WORDS = 0.5
SHORTENED = 0.5


@dataclass(frozen=True)
class Kind:
    label: re.Pattern[str]
    value: re.Pattern[str] | None
    frames: tuple[str, ...]
    # said this way every time: a role is said of oneself ("soy titular de la cuenta"),
    # never as a form's field ("rol en la cuenta: titular de la cuenta", reading s17)
    always: bool = False


def kinds_of(data: Sequence[Mapping[str, object]]) -> tuple[Kind, ...]:
    """The `kinds` block of a language.yaml: label (regex), optional value (regex), frames."""
    out = []
    for entry in data:
        frames = entry["frames"]
        assert isinstance(frames, list) and frames, entry
        value = entry.get("value")
        out.append(
            Kind(
                label=re.compile(str(entry["label"]), re.IGNORECASE),
                value=re.compile(str(value)) if value else None,
                frames=tuple(str(f) for f in frames),
                always=bool(entry.get("always", False)),
            )
        )
    return tuple(out)


def shorts_of(data: Sequence[Sequence[str]]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The `short` block: [pattern, replacement] pairs, the first that matches applies."""
    return tuple((re.compile(p, re.IGNORECASE), r) for p, r in data)


_FOUND: dict[tuple[int, str], tuple[tuple[Kind, str], ...]] = {}


def _matching(kinds: tuple[Kind, ...], label: str) -> tuple[tuple[Kind, str], ...]:
    """The kinds whose label pattern matches, with the label's first group (or ""); worked
    out once per label (labels are a bounded set per run)."""
    key = (id(kinds), label)
    found = _FOUND.get(key)
    if found is None:
        if len(_FOUND) >= 4096:
            _FOUND.clear()
        hits = []
        for kind in kinds:
            m = kind.label.search(label)
            if m:
                hits.append((kind, (m.group(1) or "") if m.groups() else ""))
        found = _FOUND[key] = tuple(hits)
    return found


def own_words(kinds: tuple[Kind, ...], label: str, value: str, rng: random.Random) -> str | None:
    """The fact in a form of its own ('nací el 1984-08-24'), or None: no kind fits, or the
    draw keeps the label's frames. Draws from `rng` only when a kind fits."""
    if not kinds:
        return None
    usable = [
        (k, g) for k, g in _matching(kinds, label) if k.value is None or k.value.search(value)
    ]
    if not usable:
        return None
    forced = [(k, g) for k, g in usable if k.always]
    if forced:
        usable = forced
    elif rng.random() >= OWN_WORDS:
        return None
    kind, group = rng.choice(usable)
    return rng.choice(kind.frames).format(v=value, g=group)


def shorter(shorts: tuple[tuple[re.Pattern[str], str], ...], label: str) -> str | None:
    """The short form people type for a long label ('referencia de la transferencia' ->
    'referencia'), or None."""
    for pattern, replacement in shorts:
        if pattern.search(label):
            new = pattern.sub(replacement, label).strip()
            return new if new and new != label else None
    return None


# ---- framing a fact: the frames of a bank's `facts` block ------------------------------

# A value said as a phrase ("ya no lo necesito") fits only the frames that set it apart;
# never tagged with its label after it ("nadie resultó herido (lesiones)" reads as a form).
_PHRASE_FRAMES = frozenset({"{L}: {v}", "{v}", "{L}, {v}"})


def is_phrase(value: str) -> bool:
    """A value said in words ('ya no lo necesito', 'keine', 'titular da conta'), not an
    identifier, amount, date or address (a digit or @) or a name (every word capitalised)."""
    v = value.strip()
    if not v or v[:1].isdigit():
        return False
    words = v.split()
    if len(words) > 1:
        return not all(w[:1].isupper() for w in words)
    return v[:1].islower() and not any(c.isdigit() or c == "@" for c in v)


def _long_phrase(value: str) -> bool:
    """A value said in three words or more ('ya no lo necesito', 'ein großer Koffer ...'),
    never a number typed with spaces ('+33 (0)1 75 46 52 20'), which needs its label."""
    return is_phrase(value) and len(value.split()) > 2 and not any(c.isdigit() for c in value)


def _frame(
    b: LanguageBank,
    templates: tuple[str, ...],
    raw: str,
    value: str,
    rng: random.Random,
    one: bool = False,
    own: bool = True,
    free: bool = False,
) -> str:
    said = own_words(b.kinds, raw, value, rng) if own else None
    if said is not None:  # 'nací el ...', 'la tarjeta termina en ...'
        return elided(b.elide, said, value) if b.elide else said
    short = shorter(b.short, raw) if b.short else None
    shortened = False
    if short is not None and rng.random() < SHORTENED:  # 'referencia' for '... de la ...'
        raw, shortened = short, True
    phrase = is_phrase(value)  # a reason, not an id
    key = (b.code, templates, raw, phrase and not free, one, shortened)
    found = _FRAMES.get(key)
    if found is None:
        if len(_FRAMES) >= 4096:  # labels a run never repeats (a generated library)
            _FRAMES.clear()
        found = _FRAMES[key] = _frames(b, templates, raw, phrase and not free, one, shortened)
    usable, my, the, label, be = found
    template = rng.choice(usable)
    said = template.format(my=my, the=the, L=label, be=be, v=value)
    return elided(b.elide, said, value) if b.elide else said


def _frames(
    b: LanguageBank,
    templates: tuple[str, ...],
    raw: str,
    phrase: bool,
    one: bool,
    shortened: bool = False,
) -> tuple[list[str], str | None, str | None, str, str]:
    """What `_frame` draws from for a label: its frames and noun phrases, which depend on the
    label and the value's kind only, so they are worked out once per process, not per turn.
    A shortened label lost the owner it had ('luzes do roteador' -> 'luzes'): it keeps the
    definite article the full label takes, never a possessive ('as luzes', not 'minhas
    luzes'; 'la causa', not 'mi causa')."""
    noun = b.nouns.noun(raw)
    the = b.nouns.np("the", noun)
    my = the if shortened else b.nouns.np("my", noun)
    usable = [
        t
        for t in templates
        if ("{my}" not in t or my) and ("{the}" not in t or the)
        and (not phrase or t in (_PHRASE_FRAMES if one else ("{L}: {v}",)))
    ]  # fmt: skip
    return usable or ["{L}: {v}"], my, the, noun.text, b.nouns.verb(noun)


# Labels come from the scenario library and the banks' glossaries: a bounded set per run.
_FRAMES: dict[
    tuple[str, tuple[str, ...], str, bool, bool, bool],
    tuple[list[str], str | None, str | None, str, str],
] = {}


def _answer(b: LanguageBank, kind: str, value: str, rng: random.Random, alone: bool) -> str:
    """A fact support asked as a question, said as its answer: 'Express-Versand, bitte',
    'niemand wurde verletzt' (never 'Verletzungen: niemand wurde verletzt'). Among other
    facts a yes or no is the value alone (never '... und also, gültig')."""
    frames = (b.frames.get(kind) or ("{v}",)) if alone or kind == "choice" else ("{v}",)
    said = rng.choice(frames).format(v=value)
    return elided(b.elide, said, value) if b.elide else said


def customer_facts(
    b: LanguageBank,
    facts: dict[str, str],
    rng: random.Random,
    labelled: bool = False,
    opened: bool = False,
    key: str = "",
    answers: Mapping[str, str] | None = None,
) -> str:
    """Facts as a customer gives them: one value in one of many frames, or several, each
    framed so it names its label, joined as people join them.

    `opened`: volunteered in a first message, where nobody asked: each fact in a sentence
    of its own (the bank's `opened` frames; `opened_phrase` for a value said in words), never
    as a form's field ("Motif de résiliation: ...", "Gepäckbeschreibung: ...").
    """
    items = [(k, v) for k, v in facts.items() if v]
    if not items:
        return ""
    if answers and any(k in answers for k, _ in items):
        # in the order support asked them; another fact among them names its label
        return b.join(
            [
                _answer(b, answers[k], v, rng, len(items) == 1)
                if k in answers
                else customer_facts(b, {k: v}, rng, labelled=not key, opened=opened, key=key)
                for k, v in items
            ]
        )
    if opened and "opened" in b.frames:
        # a word or two ('estándar', 'Kontoinhaber') is what the label is ('mi nivel de socio
        # es estándar'); a longer phrase ('mein Gehalt kam einen Tag zu spät') says what it
        # is by itself, after a writer's lead-in ('Kurz zum Hintergrund: ...') or alone
        alone = b.frames["opened_phrase"]
        if len(items) > 1:  # among others a value is led in, never left bare
            alone = tuple(t for t in alone if t != "{v}") or alone
        parts = [
            _frame(b, alone if _long_phrase(v) else b.frames["opened"], k, v, rng, free=True)
            for k, v in items
        ]
        return ". ".join(parts) if len(parts) > 1 and rng.random() < 0.5 else b.join(parts)
    if len(items) == 1:
        key = key if key in b.frames else "labelled" if labelled else "one"
        return _frame(b, b.frames[key], items[0][0], items[0][1], rng, one=key == "one")
    parts = [_frame(b, b.frames["many"], k, v, rng) for k, v in items]
    if rng.random() < 0.3:
        return ". ".join(parts)
    return b.join(parts)


def correction(b: LanguageBank, facts: dict[str, str], rng: random.Random) -> str:
    parts = [_frame(b, b.frames["correct"], k, v, rng, own=False) for k, v in facts.items() if v]
    return b.join(parts)
