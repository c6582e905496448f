"""Regular expressions users write in YAML that backtrack without end: lint refuses the
known shapes (file:line: field: message), and matching is bounded whatever slips through."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_support_checks import c, plan, s
from typer.testing import CliRunner

from agents.critic import grade
from agents.types import Outcome
from scenarios.domains.params import validate_arguments
from scenarios.success import Check, Criterion
from scenarios.userregex import (
    RegexTimeout,
    backtracking_problem,
    compile_user,
    pattern_problem,
    search,
)
from simulator.cli import app

GOOD = Path(__file__).parent / "data" / "scenarios_good" / "refund.yaml"
ADVICE = (
    "can take hours on a long support turn; make the inner part possessive or atomic (a++, "
    "(?>...)) or match what separates the rounds"
)
NESTED = f"catastrophic backtracking: a repeat inside a repeat (like (a+)+) {ADVICE}"


def test_lint_refuses_a_catastrophic_support_says(tmp_path: Path) -> None:
    text = GOOD.read_text().replace('"(?i)password"', '"(\\\\w+\\\\s?)+$"')
    bad = tmp_path / "refund.yaml"
    bad.write_text(text)
    line = text.splitlines().index(
        '  - {id: no_password, check: {support_avoids: "(\\\\w+\\\\s?)+$"}}'
    )
    result = CliRunner().invoke(app, ["lint", str(bad)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{bad}:{line + 1}: success[1].check.support_avoids: {NESTED}"
    )


@pytest.mark.parametrize(
    "pattern", [r"(a+)+$", r"(a*)*b", r"(\w+\s?)+$", r"(aa|a)+$", r"(.*,)*x", r"^(\d+)*$",
                r"(\s*\w+)+", r"(\d+-?)+x", r"(?:[a-z]+)*@"],
)  # fmt: skip
def test_the_shapes_that_backtrack_are_named(pattern: str) -> None:
    assert backtracking_problem(pattern) is not None


@pytest.mark.parametrize(
    "pattern", [r"(?i)refund", r"\border\s+#?\d+", r"(ab+)+", r"(\d+-)*\d+", r"(a++)+",
                r"(?>a+)+b", r"\b(refund|replace)(ed|ment)?\b", r"(\w+,)+\w", r"[A-Z]{3}-\d{4,}",
                r"(\w+ )+end", r"(x|xy)+z", r"(ab?)+", r"(?:foo|bar)+", r"(\d{3}-)+"],
)  # fmt: skip
def test_ordinary_patterns_pass(pattern: str) -> None:
    assert pattern_problem(pattern) is None


def test_an_invalid_pattern_is_still_named() -> None:
    assert pattern_problem("(") == (
        "invalid regular expression: missing ), unterminated subpattern at position 0"
    )


def test_matching_is_bounded_and_the_criterion_left_unjudged() -> None:
    """`(a|aa)+$` is not caught by the shape check (the engines' own optimisations differ):
    against 60 letters and a `!` it would run for hours; the search stops and says so."""
    slow = compile_user("(a|aa)+$")
    assert slow is not None
    with pytest.raises(RegexTimeout):
        search(slow, "a" * 60 + "!")
    says = Criterion(id="says", check=Check(support_says="(a|aa)+$"))
    p = plan()
    p = p.model_copy(update={"scenario": p.scenario.model_copy(update={"success": [says]})})
    turns = [c("my kettle is broken"), s("a" * 60 + "!")]
    verdict = grade(p, turns, Outcome(status="resolved", reason="done", ended_by="customer"))
    assert [f for f in verdict.findings if f.category == "success_criterion"] == []
    assert "says" in verdict.unjudged


def test_a_tool_parameter_pattern_is_bounded() -> None:
    schema = {"type": "object", "properties": {"code": {"type": "string", "pattern": "(a|aa)+$"}}}
    assert validate_arguments(schema, {"code": "a" * 60 + "!"}) == [
        "'code' could not be matched against (a|aa)+$ within 0.5 s"
    ]
