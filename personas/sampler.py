"""Sampling personas: seeded, constrained by scenarios, consistent with a locale.

Everything a persona is follows from `(seed, constraints, locale, library)`: the locale and
traits from `random.Random(seed)`, the identity from a Faker re-seeded from the seed (so it
depends on the seed and the locale only).
Constraints come from scenario files written by people, so every way they can be wrong
(unknown trait, unknown value, a locale the language constraint rules out) is one clear line.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from personas.identity import make_identity
from personas.library import NONE_VALUE, did_you_mean, load_traits
from personas.model import Persona, TraitLibrary, TraitSpec

NO_CONSTRAINTS: Mapping[str, Sequence[str]] = MappingProxyType({})
_KNOWN: dict[int, tuple[TraitLibrary, dict[str, set[str]]]] = {}


class PersonaError(ValueError):
    """Persona constraints that name unknown things or cannot all be met."""


def sample_persona(
    seed: int,
    constraints: Mapping[str, Sequence[str]] = NO_CONSTRAINTS,
    locale: str | None = None,
    library: TraitLibrary | None = None,
) -> Persona:
    """One persona for `seed`, with every constrained trait among its allowed values.

    `constraints` maps a trait (or `language`) to the values allowed for it. For a
    multi-valued trait such as `quirks` the sampled values are a subset of the allowed ones;
    the value `none` allows having no values at all, so `[typos]` means "has typos" and
    `[typos, none]` means "typos or nothing". `locale` fixes the locale instead of drawing it.
    """
    lib = library if library is not None else load_traits()
    allowed = _allowed(constraints, lib) if constraints else {}
    rng = random.Random(seed)
    chosen_locale = _locale(locale, allowed.get("language"), lib, rng)

    traits: dict[str, str | tuple[str, ...]] = {}
    for name, spec in lib.traits.items():
        allow = allowed.get(name)
        traits[name] = _draw_many(spec, allow, rng) if spec.multi else _draw_one(spec, allow, rng)

    identity = make_identity(chosen_locale, seed)
    language = lib.locales[chosen_locale]
    content = {"identity": identity.model_dump(), "language": language, **traits}
    digest = hashlib.sha256(
        json.dumps({"seed": seed, "persona": content}, sort_keys=True).encode()
    ).hexdigest()
    return Persona(id=f"p-{digest[:12]}", identity=identity, language=language, **traits)


def _known(lib: TraitLibrary) -> dict[str, set[str]]:
    """`lib.names()`, remembered for the few libraries a process uses (libraries are frozen)."""
    entry = _KNOWN.get(id(lib))
    if entry is None or entry[0] is not lib:
        if len(_KNOWN) >= 16:
            _KNOWN.clear()
        entry = (lib, lib.names())
        _KNOWN[id(lib)] = entry
    return entry[1]


def _allowed(constraints: Mapping[str, Sequence[str]], lib: TraitLibrary) -> dict[str, list[str]]:
    known = _known(lib)
    allowed: dict[str, list[str]] = {}
    for trait, raw in constraints.items():
        if trait not in known:
            hint = did_you_mean(trait, known) or f" (known traits: {', '.join(sorted(known))})"
            raise PersonaError(f"unknown persona trait '{trait}'{hint}")
        values = [raw] if isinstance(raw, str) else list(raw)
        if not values:
            raise PersonaError(
                f"persona trait '{trait}' allows no values; list at least one or drop the trait"
            )
        for value in values:
            if value not in known[trait]:
                options = sorted(known[trait])
                hint = did_you_mean(str(value), options) or f" (allowed: {', '.join(options)})"
                raise PersonaError(f"unknown value '{value}' for persona trait '{trait}'{hint}")
        allowed[trait] = values
    return allowed


def _locale(
    locale: str | None, languages: list[str] | None, lib: TraitLibrary, rng: random.Random
) -> str:
    if locale is None:
        candidates = [
            loc for loc, lang in lib.locales.items() if languages is None or lang in languages
        ]
        # Never empty: language values were checked against the library's languages.
        # The language is drawn by its weight, then a locale that speaks it; when every
        # allowed language weighs 0 (a constraint asks for those), they are drawn evenly.
        spoken = sorted({lib.locales[loc] for loc in candidates})
        weights = [lib.language_weight(code) for code in spoken]
        if sum(weights) <= 0:
            weights = [1.0] * len(spoken)
        language = rng.choices(spoken, weights=weights)[0]
        return rng.choice([loc for loc in candidates if lib.locales[loc] == language])
    if locale not in lib.locales:
        hint = did_you_mean(locale, lib.locales) or f" (known: {', '.join(lib.locales)})"
        raise PersonaError(f"unknown locale '{locale}'{hint}")
    language = lib.locales[locale]
    if languages is not None and language not in languages:
        raise PersonaError(
            f"locale '{locale}' speaks '{language}' but the persona constraint allows language "
            f"{', '.join(languages)}; drop the locale or widen the language constraint"
        )
    return locale


def _weighted(spec: TraitSpec, allow: Sequence[str] | None) -> list[tuple[str, float]]:
    weights = spec.weights if spec.weights is not None else [1.0] * len(spec.values)
    return [
        (value, weight)
        for value, weight in zip(spec.values, weights, strict=True)
        if allow is None or value in allow
    ]


def _draw_one(spec: TraitSpec, allow: Sequence[str] | None, rng: random.Random) -> str:
    """A value by weight among the allowed ones (equally likely if all are weighted 0)."""
    pool = _weighted(spec, allow)
    values = [value for value, _ in pool]
    weights = [weight for _, weight in pool]
    if sum(weights) <= 0:
        return rng.choice(values)
    return rng.choices(values, weights)[0]


def _draw_many(spec: TraitSpec, allow: Sequence[str] | None, rng: random.Random) -> tuple[str, ...]:
    """Up to `max_values` distinct values. Before each draw `none` (weighted `none_weight`)
    competes with the remaining values and ends the draw when it wins; the first draw offers
    it only when having no values is allowed."""
    none_allowed = allow is None or NONE_VALUE in allow
    pool = _weighted(spec, allow)
    chosen: list[str] = []
    while len(chosen) < spec.max_values:
        pool = [(v, w) for v, w in pool if v not in chosen and not _excluded(spec, v, chosen)]
        may_stop = bool(chosen) or none_allowed
        if not pool:
            break
        total = sum(weight for _, weight in pool)
        if total <= 0:
            if may_stop:
                break
            pool = [(value, 1.0) for value, _ in pool]
            total = float(len(pool))
        stop_weight = spec.none_weight if may_stop else 0.0
        if stop_weight > 0 and rng.random() * (total + stop_weight) < stop_weight:
            break
        chosen.append(rng.choices([v for v, _ in pool], [w for _, w in pool])[0])
    return tuple(value for value in spec.values if value in chosen)


def _excluded(spec: TraitSpec, value: str, chosen: list[str]) -> bool:
    return any(value in group and any(c in group for c in chosen) for group in spec.exclusive)
