"""Who the simulated customer is: identity (Faker, per locale) and behaviour (trait library)."""

from personas.library import TraitsError, load_traits
from personas.model import Identity, Persona, TraitLibrary, TraitSpec
from personas.sampler import PersonaError, sample_persona

__all__ = [
    "Identity",
    "Persona",
    "PersonaError",
    "TraitLibrary",
    "TraitSpec",
    "TraitsError",
    "load_traits",
    "sample_persona",
]
