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

# How often a fact with a kind of its own is said that way, and a long label shortened.
OWN_WORDS = 0.5
SHORTENED = 0.5


@dataclass(frozen=True)
class Kind:
    label: re.Pattern[str]
    value: re.Pattern[str] | None
    frames: tuple[str, ...]


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
    if not usable or rng.random() >= OWN_WORDS:
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
