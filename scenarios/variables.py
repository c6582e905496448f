"""Draw a scenario's variables for one conversation.

Each variable gets its own random stream, derived from the conversation seed and the
variable's name, so adding a variable to a scenario does not change the values the others
draw, and a conversation can be replayed from its seed alone.

Faker dates are normally relative to the real today, which would make a replay next week
differ. Date providers are therefore drawn here, relative to a fixed simulated day,
`REFERENCE_DATE`; relative arguments (`-30d`, `+2w`, `-1y`, `today`) count from it.
"""

from __future__ import annotations

import hashlib
import inspect
import random
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from faker import Factory
from faker.generator import Generator

from scenarios.model import Scenario, Variable

__all__ = [
    "PATTERN_PROVIDERS",
    "REFERENCE_DATE",
    "VariableError",
    "draw_variable",
    "draw_variables",
    "provider_parameters",
]

REFERENCE_DATE = date(2025, 6, 2)
_EPOCH = date(1970, 1, 1)
PATTERN_PROVIDERS = frozenset({"bothify", "numerify", "lexify"})


class VariableError(ValueError):
    """A variable cannot be drawn: an unknown locale or arguments the provider rejects."""


# Word lists Faker builds from a set, so their order (and the value a seed draws) changes
# with PYTHONHASHSEED from one process to the next. Found by drawing every whitelisted
# provider in every persona locale under several hash seeds.
_SET_BUILT_LISTS = (("faker.providers.address.it_IT", "cities"),)


@lru_cache(maxsize=64)
def _generator(locale: str) -> Generator:
    try:
        generator = Factory.create(locale)
    except AttributeError:
        raise VariableError(f"unknown locale '{locale}' for Faker") from None
    for provider in generator.get_providers():
        for module, attribute in _SET_BUILT_LISTS:
            words = getattr(provider, attribute, None)
            if type(provider).__module__ == module and isinstance(words, list):
                setattr(provider, attribute, sorted(words))
    return generator


def _sub_seed(seed: int, name: str) -> int:
    digest = hashlib.blake2b(f"{seed}\x00{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


_RELATIVE = re.compile(r"([+-]?)(\d+)([dwmy])")
_UNIT_DAYS = {"d": 1.0, "w": 7.0, "m": 30.42, "y": 365.24}


def _day(value: object, name: str) -> date:
    """A date argument: `today`/`now`, `+Nd|w|m|y`, an ISO date, or a day offset (int)."""
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, int) and not isinstance(value, bool):
            return REFERENCE_DATE + timedelta(days=value)
        m = _RELATIVE.fullmatch(value.strip()) if isinstance(value, str) else None
        if m:
            days = int(int(m.group(2)) * _UNIT_DAYS[m.group(3)])
            return REFERENCE_DATE + timedelta(days=-days if m.group(1) == "-" else days)
    except OverflowError:  # outsider 20: "-100000000y" was a traceback from lint, run, studio
        raise VariableError(
            f"{name} {value!r} is out of range: a date must fall between the years 1 and 9999"
        ) from None
    if isinstance(value, str):
        text = value.strip()
        if text in ("today", "now"):
            return REFERENCE_DATE
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise VariableError(
        f"{name} {value!r} is not a date; use 'today', '-30d', '+2w', '-1y' or 'YYYY-MM-DD'"
    )


def _between(rng: random.Random, start: date, end: date) -> date:
    if end < start:
        raise VariableError(f"empty date range: {start.isoformat()} is after {end.isoformat()}")
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _date_between(
    rng: random.Random, start_date: object = "-30y", end_date: object = "today"
) -> str:
    return _between(rng, _day(start_date, "start_date"), _day(end_date, "end_date")).isoformat()


def _future_date(rng: random.Random, end_date: object = "+30d") -> str:
    return _between(rng, REFERENCE_DATE + timedelta(days=1), _day(end_date, "end_date")).isoformat()


def _past_date(rng: random.Random, start_date: object = "-30d") -> str:
    return _between(
        rng, _day(start_date, "start_date"), REFERENCE_DATE - timedelta(days=1)
    ).isoformat()


def _date(rng: random.Random, pattern: str = "%Y-%m-%d", end_datetime: object = "today") -> str:
    return _between(rng, _EPOCH, _day(end_datetime, "end_datetime")).strftime(pattern)


def _date_this_year(
    rng: random.Random, before_today: bool = True, after_today: bool = False
) -> str:
    first, last = date(REFERENCE_DATE.year, 1, 1), date(REFERENCE_DATE.year, 12, 31)
    start = first if before_today else REFERENCE_DATE
    end = last if after_today else REFERENCE_DATE
    return _between(rng, start, end).isoformat()


def _time(rng: random.Random, pattern: str = "%H:%M:%S") -> str:
    moment = datetime(2000, 1, 1) + timedelta(seconds=rng.randrange(24 * 3600))
    return moment.strftime(pattern)


def _credit_card_expire(
    rng: random.Random, start: object = "now", end: object = "+10y", date_format: str = "%m/%y"
) -> str:
    return _between(rng, _day(start, "start"), _day(end, "end")).strftime(date_format)


# Providers drawn here instead of by Faker, because Faker's depend on the real clock.
_DATE_PROVIDERS: dict[str, Callable[..., str]] = {
    "date": _date,
    "date_between": _date_between,
    "date_this_year": _date_this_year,
    "future_date": _future_date,
    "past_date": _past_date,
    "time": _time,
    "credit_card_expire": _credit_card_expire,
}


def provider_parameters(provider: str) -> list[str]:
    """Argument names a faker provider takes (what `args` may hold), for the linter."""
    fn: Callable[..., Any] = _DATE_PROVIDERS.get(provider) or getattr(_generator("en_US"), provider)
    params = list(inspect.signature(fn).parameters)
    return [p for p in params if p != "rng"]


def _as_text(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# Faker's numerify also draws '%' (a digit 1-9), '!' (a digit or nothing) and '@' (a digit 1-9
# or nothing). People write patterns like "rider####@example.com" and read "# a digit, ? a
# letter" in the docs and the studio; an email that loses its '@' is a value nobody meant. So
# convsim keeps these three as typed: the text between them goes to the provider as before (a
# pattern without them draws exactly what it always drew).
_KEPT_AS_TYPED = re.compile(r"([@%!])")


def _pattern_kept(fill: Any, kwargs: dict[str, Any]) -> str:
    pieces = _KEPT_AS_TYPED.split(kwargs["text"])
    return "".join(
        piece if i % 2 else (_as_text(fill(**{**kwargs, "text": piece})) if piece else "")
        for i, piece in enumerate(pieces)
    )


def draw_variable(var: Variable, seed: int, locale: str) -> str:
    """One value for one variable from an already derived seed (not `record` variables:
    those need the world, see `draw_variables`)."""
    if var.record is not None:
        raise VariableError("a variable drawn from records needs the world; use draw_variables")
    if var.choice is not None:
        return _as_text(random.Random(seed).choice(var.choice))
    if var.range is not None:
        return str(random.Random(seed).randint(var.range[0], var.range[1]))
    provider = var.faker or ""
    kwargs: dict[str, Any] = dict(var.args)
    if provider in PATTERN_PROVIDERS and var.text is not None:
        kwargs["text"] = var.text
    try:
        if provider in _DATE_PROVIDERS:
            return _DATE_PROVIDERS[provider](random.Random(seed), **kwargs)
        generator = _generator(locale)
        generator.seed_instance(seed)
        if provider in PATTERN_PROVIDERS and _KEPT_AS_TYPED.search(kwargs.get("text") or ""):
            return _pattern_kept(getattr(generator, provider), kwargs)
        return _as_text(getattr(generator, provider)(**kwargs))
    except VariableError:
        raise
    except (TypeError, ValueError, AttributeError, OverflowError) as e:
        raise VariableError(f"faker '{provider}' failed: {e}") from e


def draw_variables(scenario: Scenario, seed: int, locale: str) -> dict[str, str]:
    """Every variable of the scenario, drawn for one conversation, as strings (in the
    scenario's order). Variables drawn from the world's records (`record:`) come after the
    variables their `where` uses; each still has its own seed."""
    if not any(var.record is not None for var in scenario.variables.values()):
        return {
            name: draw_variable(var, _sub_seed(seed, name), locale)
            for name, var in scenario.variables.items()
        }
    from scenarios.domains.loader import domain_for
    from scenarios.domains.records import draw_order, draw_record

    domain = domain_for(scenario)
    if domain is None:
        raise VariableError("variables drawn from records need the scenario's world")
    values: dict[str, str] = {}
    for name in draw_order(scenario.variables):
        var = scenario.variables[name]
        sub = _sub_seed(seed, name)
        if var.record is not None:
            values[name] = draw_record(domain, name, var, sub, values)
        else:
            values[name] = draw_variable(var, sub, locale)
    return {name: values[name] for name in scenario.variables}
