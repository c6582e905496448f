"""The scripted engine: deterministic, offline, seeded roles."""
