"""The domain behind an exported record: its tool definitions (the `tools` of the chat
formats) and the text of its records (data the privacy screen lets through: convsim's tools
served it from the domain's own synthetic records).

A domain is found from the run's scenarios read back unchanged (`run_scenarios`); when they
cannot be, records keep their tool calls but carry no definitions, and tool results are
screened like any other text.
"""

from __future__ import annotations

from typing import Any

from agents.checks.pii import Allowed
from agents.tools import default_world
from scenarios.domains import Domain
from scenarios.model import Scenario
from simulator.export.privacy import allowed_keys


class Worlds:
    """Domains by scenario id, loaded once per export."""

    def __init__(self) -> None:
        self._domains: dict[str, Domain | None] = {}
        self._allowed: dict[str, Allowed] = {}

    def domain(self, scenario: Scenario | None) -> Domain | None:
        if scenario is None or scenario.world is None:
            return None
        if scenario.id not in self._domains:
            try:
                self._domains[scenario.id] = default_world(scenario)
            except Exception:  # a domain file that moved or broke: export without it
                self._domains[scenario.id] = None
        return self._domains[scenario.id]

    def tools(self, scenario: Scenario | None) -> list[dict[str, Any]]:
        domain = self.domain(scenario)
        return [spec.openai() for spec in domain.specs()] if domain is not None else []

    def allowed(self, scenario: Scenario | None) -> Allowed | None:
        domain = self.domain(scenario)
        if domain is None:
            return None
        if domain.name not in self._allowed:
            self._allowed[domain.name] = allowed_keys({}, {}, record_texts(domain))
        return self._allowed[domain.name]


def record_texts(domain: Domain) -> list[str]:
    """Every value of every record, as text."""
    out: list[str] = []
    for table in sorted(domain.tables):
        for row in domain.template.execute(f'SELECT * FROM "{table}"'):
            out.extend(str(value) for value in row if value is not None)
    return out
