"""System prompts built from a run's scenarios, and the scenarios' own text for the screen.

run.db stores each scenario's content hash, not its body, so the scenarios are read again from
the paths in manifest.json and used only if they hash to what the run recorded: a prompt must
describe the scenario the conversation was simulated from, not a later edit of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scenarios.model import Scenario
from scenarios.templates import TemplateError, render
from simulator.errors import UserError
from simulator.run.inputs import content_hash, load_inputs
from simulator.store.rundir import read_manifest


def run_scenarios(run_dir: Path, config: Mapping[str, Any] | None) -> dict[str, Scenario] | None:
    """The run's scenarios by id, or None when they cannot be read back unchanged."""
    recorded = read_manifest(run_dir)["config"]
    if "paths" not in recorded:
        return None
    paths = [Path(p) for p in recorded["paths"]]
    edge_cases = recorded.get("edge_cases")  # a user library (--edge-cases)
    try:
        inputs = load_inputs(paths, Path(edge_cases) if edge_cases else None)
    except UserError:
        return None
    if config is None or content_hash(list(inputs.scenarios)) != config.get("scenarios"):
        return None
    return {s.id: s for s in inputs.scenarios}


def scenario_texts(scenario: Scenario) -> list[str]:
    """Every string written in the scenario (policy, answers, ...): where its contacts live."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, Mapping):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    walk(scenario.model_dump(mode="json"))
    return out


def _fill(template: str, variables: Mapping[str, str]) -> str:
    try:
        return render(template, variables)
    except TemplateError:
        return template


def support_prompt(scenario: Scenario, variables: Mapping[str, str]) -> str:
    """What a support bot is briefed with: the policy, what it may answer, the account record."""
    lines = [
        f"You are a customer support agent ({scenario.domain}). Topic: {scenario.title}.",
        "Policy: " + " ".join(scenario.support.policy.split()),
    ]
    if scenario.support.knowledge:
        lines.append("What you can tell customers:")
        lines += [f"- {_fill(k.answer[0], variables)}" for k in scenario.support.knowledge]
    if variables:
        lines.append("The customer's account record:")
        lines += [f"- {key}: {value}" for key, value in sorted(variables.items())]
    return "\n".join(lines)


def customer_prompt(
    scenario: Scenario, variables: Mapping[str, str], persona: Mapping[str, Any],
    edge_cases: list[str],
) -> str:  # fmt: skip
    """What a user simulator is briefed with: who it is, what it wants, what it knows."""
    identity = persona.get("identity") or {}
    quirks = ", ".join(persona.get("quirks") or []) or "none"
    lines = [
        f"You are {identity.get('name', 'a customer')}, a customer contacting {scenario.domain} "
        "support.",
        "Your goal: "
        + " ".join(
            _fill(scenario.customer.goal_in(str(persona.get("language"))), variables).split()
        ),
        f"How you write: {persona.get('tone')} tone, {persona.get('patience')} patience, "
        f"{persona.get('verbosity')} verbosity, {persona.get('tech_savviness')} tech savviness, "
        f"language {persona.get('language')}, quirks: {quirks}.",
    ]
    if scenario.customer.knows:
        lines.append("What you know:")
        lines += [
            f"- {scenario.label(fact)}: {_fill(value, variables)}"
            for fact, value in scenario.customer.knows.items()
        ]
    if scenario.customer.reveal_only_when_asked:
        asked = ", ".join(scenario.label(f) for f in scenario.customer.reveal_only_when_asked)
        lines.append(f"Give these only when asked: {asked}.")
    if edge_cases:
        lines.append("Situations to play: " + ", ".join(edge_cases) + ".")
    return "\n".join(lines)


def system_prompt(side: str, scenario: Scenario, record: Mapping[str, Any]) -> str:
    variables = record.get("variables") or {}
    if side == "support":
        return support_prompt(scenario, variables)
    return customer_prompt(
        scenario, variables, record.get("persona") or {}, list(record.get("edge_cases", []))
    )
