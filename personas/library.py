"""Loading and checking the trait library.

The packaged `personas/traits.yaml` is read once per process. A user's file goes through the
same checks; anything wrong is reported as one line naming the file and the field, because
the person editing YAML needs to know where to look, not how the loader works.
"""

from __future__ import annotations

import difflib
import functools
import re
import typing
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import yaml
from faker.config import AVAILABLE_LOCALES
from pydantic import ValidationError

from personas.model import Persona, TraitLibrary

VALUE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")
NONE_VALUE = "none"  # the constraint value of a multi-valued trait meaning "no values"
_NOT_TRAITS = ("id", "identity", "language")


class TraitsError(ValueError):
    """A trait library file is missing, unreadable or does not match the expected shape."""


def persona_traits() -> dict[str, bool]:
    """Trait name -> multi-valued, as the Persona model declares them.

    The library must describe exactly these, since a sampled value needs a field to live in.
    """
    traits: dict[str, bool] = {}
    for name, info in Persona.model_fields.items():
        if name not in _NOT_TRAITS:
            traits[name] = typing.get_origin(info.annotation) is tuple
    return traits


def load_traits(path: Path | None = None) -> TraitLibrary:
    """The packaged trait library, or the library in the user's file at `path`."""
    if path is None:
        return _packaged()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TraitsError(f"{path}: no such file; give the path of a trait library YAML") from None
    except (OSError, UnicodeDecodeError) as e:
        raise TraitsError(f"{path}: cannot read the file ({e})") from None
    return parse_traits(text, str(path))


@functools.cache
def _packaged() -> TraitLibrary:
    text = resources.files("personas").joinpath("traits.yaml").read_text(encoding="utf-8")
    return parse_traits(text, "personas/traits.yaml")


def parse_traits(text: str, source: str) -> TraitLibrary:
    """Parse and check library YAML; `source` names the file in error messages."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or "not valid YAML"
        raise TraitsError(f"{source}: invalid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise TraitsError(f"{source}: expected a mapping with keys 'traits' and 'locales'")
    try:
        library = TraitLibrary.model_validate(data)
    except ValidationError as e:
        raise TraitsError(_first_error(source, e)) from None
    problems = check_library(library)
    if problems:
        raise TraitsError(f"{source}: {problems[0]}{_more(len(problems) - 1)}")
    return library


def _first_error(source: str, error: ValidationError) -> str:
    errors = error.errors()
    first = errors[0]
    field = ".".join(str(part) for part in first["loc"]) or "(top level)"
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown key; remove it or fix its spelling"
    return f"{source}: {field}: {message}{_more(len(errors) - 1)}"


def _more(count: int) -> str:
    if count == 0:
        return ""
    return f" (and {count} more problem{'s' if count > 1 else ''})"


def check_library(library: TraitLibrary) -> list[str]:
    """What pydantic cannot see: names, weights and locales that agree with each other.

    Each problem reads `field: message`.
    """
    problems: list[str] = []
    expected = persona_traits()
    for name in library.traits:
        if name not in expected:
            problems.append(f"traits.{name}: not a persona trait{did_you_mean(name, expected)}")
    problems += [
        f"traits: missing trait '{name}'; the persona model needs it"
        for name in expected
        if name not in library.traits
    ]
    for name, spec in library.traits.items():
        multi = expected.get(name, spec.multi)
        field = f"traits.{name}"
        if spec.multi != multi:
            problems.append(f"{field}.multi: must be {str(multi).lower()} for this trait")
        problems += [f"{field}.{p}" for p in _check_values(spec.values, spec.multi)]
        if spec.weights is not None:
            if len(spec.weights) != len(spec.values):
                problems.append(
                    f"{field}.weights: {len(spec.weights)} weights for {len(spec.values)} values;"
                    " give one weight per value"
                )
            if any(w < 0 for w in spec.weights):
                problems.append(f"{field}.weights: weights must not be negative")
            elif sum(spec.weights) + spec.none_weight <= 0:
                problems.append(f"{field}.weights: at least one weight must be positive")
        if not spec.multi and (spec.max_values != 1 or spec.none_weight or spec.exclusive):
            problems.append(
                f"{field}: max_values, none_weight and exclusive apply to multi-valued traits only"
            )
        if spec.max_values > len(spec.values):
            problems.append(f"{field}.max_values: larger than the number of values")
        for group in spec.exclusive:
            problems += [
                f"{field}.exclusive: unknown value '{v}'{did_you_mean(v, spec.values)}"
                for v in group
                if v not in spec.values
            ]
    problems += _check_locales(library.locales)
    problems += _check_language_weights(library)
    return problems


def _check_language_weights(library: TraitLibrary) -> list[str]:
    weights = library.language_weights
    if weights is None:
        return []
    # a weight for a language no locale speaks is ignored: a user library with fewer
    # locales keeps the packaged weights
    languages = sorted(set(library.locales.values()))
    problems: list[str] = []
    if any(w < 0 for w in weights.values()):
        problems.append("language_weights: weights must not be negative")
    elif all(library.language_weight(code) <= 0 for code in languages):
        problems.append("language_weights: at least one language must weigh more than 0")
    return problems


def _check_values(values: list[str], multi: bool) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for value in values:
        if not VALUE_PATTERN.match(value):
            problems.append(f"values: '{value}' must be lowercase letters, digits and '_'")
        elif multi and value == NONE_VALUE:
            problems.append(f"values: '{NONE_VALUE}' is reserved for \"no values\"; rename it")
        if value in seen:
            problems.append(f"values: '{value}' is listed twice")
        seen.add(value)
    return problems


def _check_locales(locales: dict[str, str]) -> list[str]:
    if not locales:
        return ["locales: give at least one Faker locale, e.g. en_US: en"]
    problems: list[str] = []
    for locale, language in locales.items():
        if locale not in AVAILABLE_LOCALES:
            hint = did_you_mean(locale, sorted(AVAILABLE_LOCALES))
            problems.append(f"locales.{locale}: not a Faker locale{hint}")
        if not LANGUAGE_PATTERN.match(language):
            problems.append(
                f"locales.{locale}: language '{language}' must be a lowercase ISO code like 'en'"
            )
    return problems


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix for an unknown name, or "" when nothing is close."""
    match = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""
