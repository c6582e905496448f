"""Persona trait weights from a file (`convsim run --persona-weights FILE`): the trait
library's sampling weights replaced for the traits the file lists, e.g. what `convsim learn`
measured in a team's logs.

File shape: `weights: {trait: {value: weight, ...}, ...}`. A listed trait's unlisted values
get weight 0; for a multi-valued trait (quirks) `none` is the weight of stopping (having no
further quirk). Every mistake is one line naming the file, the trait or value, and the fix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from personas.library import NONE_VALUE, TraitsError, did_you_mean
from personas.model import TraitLibrary


def load_weights(
    path: Path, read: Callable[[Path], Any] | None = None
) -> dict[str, dict[str, float]]:
    """The file's weights. `read` parses the file (the CLI passes the bounded YAML reader
    that refuses FIFOs, alias bombs and binary files, which lives in `scenarios`; personas
    imports nothing from it); by default a plain safe load, for trusted files."""
    where = f"--persona-weights {path}"
    if read is not None:
        return weights_of(read(path), where)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TraitsError(
            f"{where}: no such file; give a weights YAML (convsim learn writes "
            "persona-weights.yaml)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TraitsError(f"{where}: cannot read it ({exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise TraitsError(f"{where}: invalid YAML{line}") from None
    return weights_of(data, where)


def weights_of(data: Any, where: str) -> dict[str, dict[str, float]]:
    """Weights from a weights file's data; `where` prefixes every error line."""
    if (
        not isinstance(data, dict)
        or set(data) != {"weights"}
        or not isinstance(data["weights"], dict)
    ):
        raise TraitsError(f"{where}: expected one key, `weights: {{trait: {{value: weight}}}}`")
    weights: dict[str, dict[str, float]] = {}
    for trait, values in data["weights"].items():
        if not isinstance(values, dict) or not values:
            raise TraitsError(f"{where}: weights.{trait}: expected a mapping of value: weight")
        checked: dict[str, float] = {}
        for value, weight in values.items():
            ok = isinstance(weight, (int, float)) and not isinstance(weight, bool) and weight >= 0
            if not ok:
                raise TraitsError(
                    f"{where}: weights.{trait}.{value}: expected a number >= 0, found {weight!r}"
                )
            checked[str(value)] = float(weight)
        weights[str(trait)] = checked
    return weights


def apply_weights(
    library: TraitLibrary, weights: Mapping[str, Mapping[str, float]], source: str
) -> TraitLibrary:
    """`library` with the weights of the listed traits replaced."""
    traits = dict(library.traits)
    if "language" in weights:
        library = with_languages(library, weights["language"], f"{source}: weights.language")
    for trait, values in weights.items():
        if trait == "language":
            continue
        spec = traits.get(trait)
        if spec is None:
            hint = did_you_mean(trait, traits) or f" (traits: {', '.join(traits)})"
            raise TraitsError(f"{source}: weights.{trait}: unknown trait{hint}")
        allowed = set(spec.values) | ({NONE_VALUE} if spec.multi else set())
        for value in values:
            if value not in allowed:
                hint = did_you_mean(value, allowed) or f" (values: {', '.join(sorted(allowed))})"
                raise TraitsError(f"{source}: weights.{trait}.{value}: unknown value{hint}")
        new = [values.get(v, 0.0) for v in spec.values]
        if sum(new) <= 0:
            raise TraitsError(
                f"{source}: weights.{trait}: every value weighs 0; give at least "
                "one a positive weight"
            )
        update: dict[str, Any] = {"weights": new}
        if spec.multi and NONE_VALUE in values:
            update["none_weight"] = values[NONE_VALUE]
        traits[trait] = spec.model_copy(update=update)
    return library.model_copy(update={"traits": traits})


def with_languages(library: TraitLibrary, weights: Mapping[str, float], where: str) -> TraitLibrary:
    """`library` drawing languages by `weights` (an unlisted language weighs 0): a run in one
    language or a mix (`--languages`, a `language:` entry of --persona-weights)."""
    languages = sorted(set(library.locales.values()))
    for code, weight in weights.items():
        if code not in languages:
            hint = did_you_mean(code, languages) or f" (languages: {', '.join(languages)})"
            raise TraitsError(f"{where}: '{code}': no locale speaks it{hint}")
        if weight < 0:
            raise TraitsError(f"{where}: '{code}': expected a number >= 0, found {weight!r}")
    if sum(weights.values()) <= 0:
        raise TraitsError(f"{where}: every language weighs 0; give at least one a positive weight")
    chosen = {code: float(weights.get(code, 0.0)) for code in languages}
    return library.model_copy(update={"language_weights": chosen})


def parse_languages(spec: str) -> dict[str, float]:
    """`--languages`: `de` (one language), `es,fr` (even) or `en=6,es=1` (weighted)."""
    where = f"--languages {spec}"
    weights: dict[str, float] = {}
    for part in spec.split(","):
        code, _, weight = part.strip().partition("=")
        code = code.strip().lower()
        if not code:
            raise TraitsError(f"{where}: give language codes, e.g. --languages en=6,es=1")
        try:
            value = float(weight) if weight.strip() else 1.0
        except ValueError:
            raise TraitsError(
                f"{where}: '{part.strip()}' needs a number after '=', e.g. es=1"
            ) from None
        if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
            raise TraitsError(f"{where}: '{part.strip()}' needs a finite number after '='")
        weights[code] = value
    return weights
