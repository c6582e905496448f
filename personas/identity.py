"""Synthetic identities that hang together: one locale, one name, an email made from it.

Faker generators are built once per locale (building one costs milliseconds) and re-seeded for
every persona, so an identity depends only on the seed and the locale, never on what was
sampled before in the process.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from faker import Faker

from personas.model import Identity

# Birth years in email handles are computed against a fixed year, not the clock: the same
# seed must give the same persona next year too.
REFERENCE_YEAR = 2025

# Age bands of adults who contact support, and how common each is.
AGE_BANDS: tuple[tuple[int, int], ...] = (
    (18, 24),
    (25, 34),
    (35, 44),
    (45, 54),
    (55, 64),
    (65, 74),
    (75, 85),
)
AGE_WEIGHTS: tuple[float, ...] = (0.11, 0.21, 0.20, 0.17, 0.15, 0.11, 0.05)

# How people build the local part of an address from their name.
EMAIL_PATTERNS: tuple[str, ...] = (
    "{first}.{last}",
    "{first}{last}",
    "{f}{last}",
    "{first}_{last}",
    "{last}.{first}",
    "{first}.{last}{nn}",
    "{first}{year}",
    "{f}.{last}{yy}",
)
EMAIL_WEIGHTS: tuple[float, ...] = (0.32, 0.14, 0.14, 0.08, 0.05, 0.10, 0.10, 0.07)

# One-line postal address per locale; `{state}` only where the locale's format carries one.
ADDRESS_FORMATS: dict[str, str] = {
    "en_US": "{street}, {city}, {state} {postcode}",
    "en_GB": "{street}, {city} {postcode}",
    "en_AU": "{street}, {city} {state} {postcode}",
    "en_CA": "{street}, {city}, {state} {postcode}",
    "it_IT": "{street}, {postcode} {city} ({state})",
    "pt_BR": "{street}, {city} - {state}, {postcode}",
}
DEFAULT_ADDRESS_FORMAT = "{street}, {postcode} {city}"

_STATES: dict[str, Callable[[Faker], str]] = {
    "en_US": lambda g: g.state_abbr(
        include_territories=False, include_freely_associated_states=False
    ),
    "en_CA": lambda g: g.province_abbr(),
    "pt_BR": lambda g: g.estado_sigla(),
}

# Letters that Unicode decomposition does not reduce to ASCII.
_FOLD = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "þ": "th", "ð": "d"}
)
_NOT_HANDLE = re.compile(r"[^a-z0-9-]+")
_SPACES = re.compile(r"\s+")

_FAKERS: dict[str, Faker] = {}


# Word lists Faker builds from a set: their order, and so the value a seed draws, changes with
# PYTHONHASHSEED between processes. Sorting them makes identities reproducible across runs.
_SET_BUILT_LISTS = (("faker.providers.address.it_IT", "cities"),)


def _stabilise_word_lists(fake: Faker) -> None:
    for provider in fake.get_providers():
        for module, attribute in _SET_BUILT_LISTS:
            words = getattr(provider, attribute, None)
            if type(provider).__module__ == module and isinstance(words, list):
                setattr(provider, attribute, sorted(words))


def faker_for(locale: str) -> Faker:
    """The cached Faker for `locale` (callers re-seed it before use)."""
    fake = _FAKERS.get(locale)
    if fake is None:
        fake = Faker(locale)
        _stabilise_word_lists(fake)
        _FAKERS[locale] = fake
    return fake


def ascii_fold(text: str) -> str:
    """Lowercase ASCII form of a name for an email handle: 'Müller-Lüdenscheidt' -> 'muller-...'."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NOT_HANDLE.sub("", ascii_text).strip("-")


def one_line(text: str) -> str:
    """Collapse Faker's multi-line and double-spaced fragments into one clean line."""
    return _SPACES.sub(" ", text.replace("\n", ", ")).strip(" ,")


def make_identity(locale: str, seed: int) -> Identity:
    """The identity for `seed` in `locale`.

    It depends on nothing else: narrowing a persona's traits never changes who the persona is.
    """
    gen = faker_for(locale)
    # A seed of its own: seeded with the same int, Faker's stream would equal the sampler's,
    # and the draw that picked the locale would also pick the name (few names per locale).
    gen.seed_instance(f"identity/{seed}")
    rng = gen.random
    first = gen.first_name()
    last = gen.last_name()
    city = gen.city()
    street = one_line(gen.street_address())
    postcode = gen.postcode()
    phone = gen.phone_number()
    domain = gen.free_email_domain()
    fmt = ADDRESS_FORMATS.get(locale, DEFAULT_ADDRESS_FORMAT)
    state = ""
    if "{state}" in fmt:
        state = _STATES[locale](gen) if locale in _STATES else gen.state_abbr()
    address = fmt.format(street=street, city=city, state=state, postcode=postcode)

    low, high = rng.choices(AGE_BANDS, AGE_WEIGHTS)[0]
    age = rng.randint(low, high)
    pattern = rng.choices(EMAIL_PATTERNS, EMAIL_WEIGHTS)[0]
    year = REFERENCE_YEAR - age
    first_h = ascii_fold(first).replace("-", "") or "customer"
    last_h = ascii_fold(last) or "mail"
    handle = pattern.format(
        first=first_h,
        last=last_h,
        f=first_h[0],
        nn=rng.randint(1, 99),
        year=year,
        yy=f"{year % 100:02d}",
    )
    return Identity(
        locale=locale,
        first_name=first,
        last_name=last,
        name=f"{first} {last}",
        email=f"{handle}@{domain}",
        phone=phone,
        address=one_line(address),
        city=city,
        age=age,
    )
