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


Translations = SkipJsonSchema[dict[str, list[str]]]
LabelTranslations = SkipJsonSchema[dict[str, dict[str, str]]]


def split_lines(data: Any, key: str) -> Any:
    """Before validation: a language mapping under `key` becomes the default list plus
    `translations`. Bad shapes are left for the field's own validation to name."""
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
    out["translations"] = given
    return out


def split_labels(data: Any) -> Any:
    """Before validation: `labels: {fact: {en: ..., es: ...}}` becomes the default label per
    fact plus `label_translations` (language -> fact -> label)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("labels"), Mapping):
        return data
    labels = dict(data["labels"])
    if not any(isinstance(v, Mapping) for v in labels.values()):
        return data
    plain: dict[str, Any] = {}
    by_language: dict[str, dict[str, str]] = {}
    for fact, label in labels.items():
        if not isinstance(label, Mapping):
            plain[fact] = label
            continue
        for code, text in label.items():
            if not isinstance(code, str) or not LANGUAGE_CODE.match(code):
                raise ValueError(
                    f"labels.{fact}: '{code}' is not a language code; use a two-letter ISO "
                    "code like 'es'"
                )
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"labels.{fact}.{code}: give the label as text")
            by_language.setdefault(code, {})[fact] = text
        if not label:
            raise ValueError(f"labels.{fact}: give a label, or language code -> label")
        plain[fact] = label.get(DEFAULT_LANGUAGE) or next(iter(label.values()))
    out = dict(data)
    out["labels"] = plain
    out["label_translations"] = by_language
    return out


def languages_of(default: list[str], translations: Mapping[str, list[str]]) -> set[str]:
    """The languages a localized field has lines in (a plain list is English)."""
    return set(translations) if translations else {DEFAULT_LANGUAGE}


def lines_in(default: list[str], translations: Mapping[str, list[str]], language: str) -> list[str]:
    """The lines in `language`, else the default lines."""
    return translations.get(language) or default
