"""`convsim lint`: every problem in scenario files and edge-case libraries, as data.

The same checks as loading (one code path, so lint passing means the run will load), but the
problems are returned instead of raised. A file whose only top-level key is `edge_cases` is
checked as an edge-case library (schema, unique ids, symmetric incompatibilities); scenarios
are checked against the packaged edge-case library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from scenarios.conditions import all_hold
from scenarios.edge_case_model import EdgeCaseLibrary
from scenarios.edge_cases import load_edge_cases, load_user_edge_cases
from scenarios.loader import collect, discover, is_edge_case_library
from scenarios.model import Scenario
from scenarios.overlaps import overlaps
from scenarios.schema.problems import Problem, ScenarioError, dotted
from scenarios.schema.source import read_yaml
from scenarios.variables import VariableError, draw_variables

__all__ = ["lint", "lint_warnings", "unruled"]


def lint(
    paths: Sequence[Path],
    traits: Mapping[str, set[str]] | None = None,
    edge_cases: Path | None = None,
) -> list[Problem]:
    """All problems under `paths`, in file order; empty when everything is valid. With
    `edge_cases`, scenarios may use the cases of that user library (extending the packaged)."""
    try:
        library = load_edge_cases()
        if edge_cases is not None:
            library = load_user_edge_cases(edge_cases, library)
    except ScenarioError as e:  # a broken library is itself a lint finding
        return e.problems
    return collect(paths, traits, library, allow_edge_case_libraries=True)[1]


def lint_warnings(
    paths: Sequence[Path], edge_cases: EdgeCaseLibrary | None = None
) -> list[Problem]:
    """What is legal but likely not meant, in every YAML file under `paths` (scenarios,
    domains, edge-case libraries): unquoted values YAML 1.1 and 1.2 read differently,
    scenarios where some drawn conversations match no support rule (`unruled`), and rules
    that fit the same conversations, the first one silently winning (`overlaps`). Kept apart
    from `lint` so that nothing that loads files mistakes a warning for an error."""
    found: list[Problem] = []
    for path in discover(paths)[0]:
        src = read_yaml(path, str(path))
        found += src.warnings
        if src.problems or not isinstance(src.data, dict) or is_edge_case_library(src.data):
            continue
        if "customer" not in src.data or "support" not in src.data:
            continue  # not a scenario (a domain, persona weights): nothing to draw
        scenarios, problems = collect([path], edge_cases=edge_cases)
        stray = unruled(scenarios[0]) if len(scenarios) == 1 and not problems else None
        if stray is not None:
            line = src.line(("support", "rules"))
            found.append(Problem(str(path), line, "support.rules", stray, warning=True))
        if len(scenarios) == 1 and not problems:
            rules = scenarios[0].support.rules
            for o in overlaps(scenarios[0]):
                loc = ("support", "rules", o.later, "when")
                message = o.message(rules)
                found.append(Problem(str(path), src.line(loc), dotted(loc), message, warning=True))
    return found


def unruled(scenario: Scenario) -> str | None:
    """A note when some drawn conversations match no rule: support hands them over ("no
    support rule applies"), which no verdict flags (walkthrough 5: every second request,
    escalated, "no problem found", lint clean). Found by drawing, as a conversation does: None
    when none of 60 draws falls through. The studio shows the same words beside the rules."""
    rules = scenario.support.rules
    if not rules or not rules[-1].when:
        return None
    for seed in range(1, 61):
        try:
            values = draw_variables(scenario, seed, "en_US")
        except VariableError:
            return None
        if any(n not in values for rule in rules for n in rule.when):
            return None  # drawn elsewhere (a domain's records): not decided here, so no note
        if not any(all_hold(rule.when, values) for rule in rules):
            named = sorted({n for rule in rules for n in rule.when if n in values})
            case = ", ".join(f"{n} {values[n]}" for n in named)
            return (
                f"no rule applies to some conversations (e.g. {case}): support hands them "
                "over to a person; add a last rule without a condition for everything else"
            )
    return None
