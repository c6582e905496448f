"""Who the simulated customer is: identity (Faker, per locale) and behaviour (trait library)."""

from personas.model import Identity, Persona, TraitLibrary, TraitSpec

__all__ = ["Identity", "Persona", "TraitLibrary", "TraitSpec"]
