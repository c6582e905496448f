"""Strict `{name}` templates: substitution only, unknown names and stray braces are errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenarios.templates import TemplateError, placeholders, render, scan
from simulator.cli import app


def test_render_substitutes_every_placeholder() -> None:
    text = render(
        "Order {order_id} for {name}; again {order_id}.", {"order_id": "A1", "name": "Bo"}
    )
    assert text == "Order A1 for Bo; again A1."


def test_double_braces_are_literal() -> None:
    assert render("{{not a var}} {x} {{{x}}}", {"x": "1"}) == "{not a var} 1 {1}"
    assert placeholders("{{x}}") == []


def test_text_without_placeholders_is_unchanged() -> None:
    assert render("plain text", {}) == "plain text"


def test_unknown_name_raises_naming_the_variable() -> None:
    with pytest.raises(TemplateError) as err:
        render("Hi {first_name}, order {order_id}", {"first_name": "Ana"})
    assert str(err.value) == "unknown variable 'order_id'"
    assert err.value.name == "order_id"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("a { b", "single '{' at character 3; write '{{' for a literal brace"),
        ("a } b", "single '}' at character 3; write '}}' for a literal brace"),
        ("{{x}", "single '}' at character 4; write '}}' for a literal brace"),
        (
            "{user.name}",
            "'{user.name}' is not a placeholder; use {name} with letters, digits and '_', "
            "or '{{' '}}' for literal braces",
        ),
        (
            "{}",
            "'{}' is not a placeholder; use {name} with letters, digits and '_', "
            "or '{{' '}}' for literal braces",
        ),
        (
            "{x!r}",
            "'{x!r}' is not a placeholder; use {name} with letters, digits and '_', "
            "or '{{' '}}' for literal braces",
        ),
    ],
)
def test_malformed_templates(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as err:
        placeholders(template)
    assert str(err.value) == message
    assert err.value.name is None
    with pytest.raises(TemplateError):
        render(template, {"x": "1", "user": "u"})


def test_placeholders_in_order_of_first_use_once_each() -> None:
    assert placeholders("{b} {a} {b} {c_1}") == ["b", "a", "c_1"]


def test_no_attribute_access_or_format_specs() -> None:
    # str.format would evaluate these; a scenario template must not.
    for template in ("{x.__class__}", "{x[0]}", "{x:>10}"):
        with pytest.raises(TemplateError):
            render(template, {"x": "v"})


def test_scan_reports_every_problem_of_one_template_at_once() -> None:
    """outsider18 #17: lint showed one kind of problem per pass: the first malformed
    placeholder hid the next one and every unknown variable of the same text."""
    names, problems = scan("My ${HOME} {product.upper} {0} {nope} {{x}} {0} { {nope}")
    assert names == ["HOME", "nope"]
    assert problems == [
        "'{product.upper}' is not a placeholder; use {name} with letters, digits and '_', or "
        "'{{' '}}' for literal braces",
        "'{0}' is not a placeholder; use {name} with letters, digits and '_', or '{{' '}}' "
        "for literal braces",
        "single '{' at character 49; write '{{' for a literal brace",
    ]
    with pytest.raises(TemplateError, match=r"product\.upper"):
        placeholders("{product.upper} {0}")  # rendering still stops at the first
    assert scan("Hi {name}, {{literal}}") == (["name"], [])


def test_lint_lists_every_placeholder_problem_of_a_text_in_one_pass(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "id: t/placeholders\ntitle: T\ndomain: ecommerce\nintent: refund_request\n"
        "variables:\n  product: {choice: [Lamp]}\n"
        "customer:\n  goal: Get a refund for the {product}.\n"
        "  openings: ['My ${HOME} {product.upper} {0} {nope_var} {{x}} broke.']\n"
        "support:\n  policy: Refund it.\n  rules:\n    - action: resolve\n      say: [Refunded.]\n"
    )
    result = CliRunner().invoke(app, ["lint", str(scenario)])
    assert result.exit_code == 1, result.output
    at = f"{scenario}:9: customer.openings[0]: "
    assert result.stdout.splitlines() == [
        at + "'{product.upper}' is not a placeholder; use {name} with letters, digits and '_', "
        "or '{{' '}}' for literal braces",
        at + "'{0}' is not a placeholder; use {name} with letters, digits and '_', or '{{' '}}' "
        "for literal braces",
        at + "unknown variable 'HOME'; define it under variables",
        at + "unknown variable 'nope_var'; define it under variables",
    ]
