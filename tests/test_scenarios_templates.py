"""Strict `{name}` templates: substitution only, unknown names and stray braces are errors."""

from __future__ import annotations

import pytest

from scenarios.templates import TemplateError, placeholders, render


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
