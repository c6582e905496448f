"""Domains in the studio: a domain file's records and tools, checked and edited as scenarios are."""
