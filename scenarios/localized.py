"""Scenario text in several languages: `openings: {en: [...], es: [...]}` beside the plain list.

A plain list is English (old files stay valid and mean what they meant). The language form
maps an ISO 639-1 code to the lines in that language; the model keeps the plain field as the
scenario's default lines (English when given, else the first language listed) so every reader
that wants "the scenario's text" still gets a list, and the whole mapping in `translations`,
which the scripted engine reads to speak the persona's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic.json_schema import SkipJsonSchema

DEFAULT_LANGUAGE = "en"
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")

# The JSON Schema of a localized list field: the plain list, or language -> list.
_LIST = {"type": "array", "items": {"type": "string"}, "minItems": 1}


def lines_schema(description: str) -> dict[str, Any]:
    return {
        "description": description + "; a list (English) or language code -> list",
        "anyOf": [
            _LIST,
            {
                "type": "object",
                "propertyNames": {"pattern": LANGUAGE_CODE.pattern},
                "additionalProperties": _LIST,
                "minProperties": 1,
            },
        ],
    }


def labels_schema() -> dict[str, Any]:
    return {
        "description": "fact name -> how people say it ('order number'), or language code -> "
        "label ({en: order number, es: número de pedido}); default: the name",
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "propertyNames": {"pattern": LANGUAGE_CODE.pattern},
                    "additionalProperties": {"type": "string"},
                    "minProperties": 1,
                },
            ]
        },
    }


def text_schema(description: str) -> dict[str, Any]:
    return {
        "description": description + "; a text (English) or language code -> text",
        "anyOf": [
            {"type": "string"},
            {
                "type": "object",
                "propertyNames": {"pattern": LANGUAGE_CODE.pattern},
                "additionalProperties": {"type": "string"},
                "minProperties": 1,
            },
        ],
    }


Translations = SkipJsonSchema[dict[str, list[str]]]
TextTranslations = SkipJsonSchema[dict[str, str]]
LabelTranslations = SkipJsonSchema[dict[str, dict[str, str]]]


def split_lines(data: Any, key: str, target: str = "translations") -> Any:
    """Before validation: a language mapping under `key` becomes the default list plus
    `target`. Bad shapes are left for the field's own validation to name."""
    if not isinstance(data, Mapping) or not isinstance(data.get(key), Mapping):
        return data
    given = dict(data[key])
    for code, lines in given.items():
        if not isinstance(code, str) or not LANGUAGE_CODE.match(code):
            raise ValueError(
                f"{key}: '{code}' is not a language code; use a two-letter ISO code like 'es'"
            )
        if not isinstance(lines, list) or not lines or not all(isinstance(x, str) for x in lines):
            raise ValueError(f"{key}.{code}: give a non-empty list of texts")
    if not given:
        raise ValueError(f"{key}: give a list, or at least one language code -> list")
    out = dict(data)
    out[key] = given.get(DEFAULT_LANGUAGE) or next(iter(given.values()))
    out[target] = given
    return out


def split_text(data: Any, key: str, target: str) -> Any:
    """Before validation: one text given per language under `key` ({en: ..., de: ...})
    becomes the default text (English when given, else the first) plus `target`."""
    if not isinstance(data, Mapping) or not isinstance(data.get(key), Mapping):
        return data
    given = dict(data[key])
    if not given:
        raise ValueError(f"{key}: give a text, or language code -> text")
    for code, text in given.items():
        if not isinstance(code, str) or not LANGUAGE_CODE.match(code):
            raise ValueError(
                f"{key}: '{code}' is not a language code; use a two-letter ISO code like 'de'"
            )
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{key}.{code}: give the text")
    out = dict(data)
    out[key] = given.get(DEFAULT_LANGUAGE) or next(iter(given.values()))
    out[target] = given
    return out


def split_per_language(data: Any, key: str, target: str) -> Any:
    """Before validation: `labels` or `knows` values given per language ({fact: {en: ..., es:
    ...}}) become the default text per fact plus `target` (language -> fact -> text)."""
    if not isinstance(data, Mapping) or not isinstance(data.get(key), Mapping):
        return data
    given = dict(data[key])
    if not any(isinstance(v, Mapping) for v in given.values()):
        return data
    plain: dict[str, Any] = {}
    by_language: dict[str, dict[str, str]] = {}
    for fact, text in given.items():
        if not isinstance(text, Mapping):
            plain[fact] = text
            continue
        if not text:
            raise ValueError(f"{key}.{fact}: give a text, or language code -> text")
        for code, said in text.items():
            if not isinstance(code, str) or not LANGUAGE_CODE.match(code):
                raise ValueError(
                    f"{key}.{fact}: '{code}' is not a language code; use a two-letter ISO "
                    "code like 'es'"
                )
            if not isinstance(said, str) or not said.strip():
                raise ValueError(f"{key}.{fact}.{code}: give the text")
            by_language.setdefault(code, {})[fact] = said
        plain[fact] = text.get(DEFAULT_LANGUAGE) or next(iter(text.values()))
    out = dict(data)
    out[key] = plain
    out[target] = by_language
    return out


def knows_schema() -> dict[str, Any]:
    schema = labels_schema()
    schema["description"] = (
        "fact name -> value template the customer can give, or language code -> template"
    )
    return schema


def languages_of(default: list[str], translations: Mapping[str, list[str]]) -> set[str]:
    """The languages a localized field has lines in (a plain list is English)."""
    return set(translations) if translations else {DEFAULT_LANGUAGE}


def lines_in(default: list[str], translations: Mapping[str, list[str]], language: str) -> list[str]:
    """The lines in `language`, else the default lines."""
    return translations.get(language) or default
