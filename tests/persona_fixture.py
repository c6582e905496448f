"""A fixed persona for tests that need one but do not care who it is."""

from __future__ import annotations

from personas import Identity, Persona

ADA = Persona(
    id="p-test",
    identity=Identity(
        locale="en_US",
        first_name="Ada",
        last_name="Byron",
        name="Ada Byron",
        email="ada@example.com",
        phone="555-0100",
        address="1 Main St",
        city="Springfield",
        age=36,
    ),
    tone="neutral",
    patience="medium",
    verbosity="normal",
    tech_savviness="medium",
    language="en",
)
