"""Whether a customer writes as a woman: some languages inflect what the writer says of
herself ('obrigada', not 'obrigado'). Personas carry no gender; their first name, drawn by
Faker from its locale's female or male list, tells it, and a name in neither (or a locale
without lists) is not guessed: the text keeps the bank's form."""

from __future__ import annotations

import importlib
from functools import cache

from personas.model import Identity


@cache
def _female_names(locale: str) -> frozenset[str]:
    """The locale's female first names (Faker's person provider), empty when it has none."""
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except ImportError:
        return frozenset()
    return frozenset(getattr(provider, "first_names_female", ()))


def woman(identity: Identity) -> bool:
    return identity.first_name in _female_names(identity.locale)
