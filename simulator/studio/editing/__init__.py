"""Editing a scenario's YAML from the form: the one round trip, lint as the CLI does, rules,
variables and replies added, moved or renamed, and the starter.
"""
