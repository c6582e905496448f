"""Personas: the seeded sampler, constraints and their error messages (the trait library
file itself: test_persona_library.py).

Golden values depend on the Faker version pinned in the venv (40.x); a Faker upgrade that
changes its data lists changes them, which is the point of pinning them here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from faker import Faker

from personas import (
    Persona,
    PersonaError,
    load_traits,
    sample_persona,
)
from personas.identity import ascii_fold

ROOT = Path(__file__).resolve().parent.parent


# --- golden values -------------------------------------------------------------------------


def test_golden_persona_seed_1() -> None:
    p = sample_persona(1)
    assert p.id == "p-b29e60679dd8"
    assert p.identity.locale == "en_US"
    assert p.identity.name == "Miguel Kim"
    assert p.identity.email == "kim.miguel@gmail.com"
    assert p.identity.phone == "541-870-2712"
    assert p.identity.address == "17182 Ewing Forest Apt. 338, New Stephanie, NH 71252"
    assert p.identity.city == "New Stephanie"
    assert p.identity.age == 60
    assert (p.tone, p.patience, p.verbosity, p.tech_savviness) == (
        "polite",
        "medium",
        "normal",
        "medium",
    )
    assert p.language == "en"
    assert p.quirks == ("typos",)


@pytest.mark.parametrize(
    ("seed", "locale", "name", "email", "address"),
    [
        (
            42,
            None,
            "Fanny Lorenzo",
            "fanny.lorenzo@gmail.com",
            "Pasaje de Febe Teruel 64, 34932 Cuenca",
        ),
        (
            7,
            "de_DE",
            "Alena Stahr",
            "alena.stahr@web.de",
            "Tschentscherring 9, 77708 Berchtesgaden",
        ),
        (
            7,
            "fr_FR",
            "Colette Martineau",
            "colette.martineau4@wanadoo.fr",
            "154, chemin de Bigot, 57595 François",
        ),
        (
            2024,
            "nl_NL",
            "Stan Sanders",
            "s.sanders83@hotmail.com",
            "Samsteeg 6, 4593 MQ Rinsumageast",
        ),
    ],
)
def test_golden_identities(
    seed: int, locale: str | None, name: str, email: str, address: str
) -> None:
    identity = sample_persona(seed, locale=locale).identity
    assert (identity.name, identity.email, identity.address) == (name, email, address)


# --- determinism and ids -------------------------------------------------------------------


def test_same_seed_same_persona_and_sampling_order_does_not_matter() -> None:
    first = [sample_persona(seed) for seed in range(50)]
    again = [sample_persona(seed) for seed in reversed(range(50))][::-1]
    assert first == again


def test_independent_of_python_hash_seed() -> None:
    code = "from personas import sample_persona; print(sample_persona(1234).model_dump_json())"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed},
        ).stdout
        for hash_seed in ("0", "1")
    }
    assert len(outputs) == 1
    assert Persona.model_validate_json(outputs.pop()) == sample_persona(1234)


def test_ids_are_stable_short_hashes_and_distinct() -> None:
    personas = [sample_persona(seed) for seed in range(500)]
    assert all(re.fullmatch(r"p-[0-9a-f]{12}", p.id) for p in personas)
    assert len({p.id for p in personas}) == 500
    assert sample_persona(99).id == sample_persona(99).id
    assert sample_persona(99, locale="en_US").id != sample_persona(99, locale="en_GB").id


def test_identity_depends_only_on_seed_and_locale() -> None:
    plain = sample_persona(5, locale="it_IT")
    narrowed = sample_persona(5, {"tone": ["angry"], "quirks": ["typos", "emoji"]}, locale="it_IT")
    assert narrowed.identity == plain.identity
    assert narrowed.tone == "angry"
    assert narrowed.id != plain.id


# --- identity consistency ------------------------------------------------------------------


def _locale_names(locale: str) -> tuple[set[str], set[str]]:
    """Every first and last name the locale's Faker person provider knows."""
    provider = next(
        p for p in Faker(locale)[locale].providers if p.__provider__ == "faker.providers.person"
    )
    assert type(provider).__module__ == f"faker.providers.person.{locale}"
    firsts: set[str] = set()
    lasts: set[str] = set()
    for attr in ("first_names", "first_names_male", "first_names_female"):
        firsts |= set(getattr(provider, attr, ()))
    for attr in ("last_names", "last_names_male", "last_names_female"):
        lasts |= set(getattr(provider, attr, ()))
    return firsts, lasts


@pytest.mark.parametrize("locale", list(load_traits().locales))
def test_every_locale_gives_a_consistent_identity(locale: str) -> None:
    firsts, lasts = _locale_names(locale)
    for seed in range(25):
        p = sample_persona(seed, locale=locale)
        identity = p.identity
        assert identity.locale == locale
        assert p.language == load_traits().locales[locale]
        assert identity.first_name in firsts
        assert identity.last_name in lasts
        assert identity.name == f"{identity.first_name} {identity.last_name}"
        local, domain = identity.email.split("@")
        assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", local), identity.email
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain), identity.email
        handle_parts = (
            ascii_fold(identity.first_name).replace("-", ""),
            ascii_fold(identity.last_name),
        )
        assert any(part in local for part in handle_parts), identity.email
        assert identity.city in identity.address
        assert "\n" not in identity.address and "  " not in identity.address
        assert identity.phone
        assert 18 <= identity.age <= 85


def test_ascii_fold_keeps_names_recognisable() -> None:
    assert ascii_fold("Müller-Lüdenscheidt") == "muller-ludenscheidt"
    assert ascii_fold("Straße") == "strasse"
    assert ascii_fold("van der Sloot") == "vandersloot"
    assert ascii_fold("D'Angelo") == "dangelo"
    assert ascii_fold("Łukasz Øster") == "lukaszoster"


# --- constraints ---------------------------------------------------------------------------


def test_constraints_narrow_every_sample() -> None:
    constraints = {
        "tone": ["angry", "frustrated"],
        "patience": ["low"],
        "language": ["de", "fr"],
        "quirks": ["typos"],
    }
    samples = [sample_persona(seed, constraints) for seed in range(300)]
    assert {p.tone for p in samples} == {"angry", "frustrated"}
    assert {p.patience for p in samples} == {"low"}
    assert {p.identity.locale for p in samples} == {"de_DE", "fr_FR"}
    assert {p.language for p in samples} == {"de", "fr"}
    assert {p.quirks for p in samples} == {("typos",)}


def test_quirk_constraints_are_subsets_and_none_means_no_quirks() -> None:
    some = [sample_persona(seed, {"quirks": ["typos", "emoji"]}) for seed in range(300)]
    assert {p.quirks for p in some} == {("typos",), ("emoji",), ("typos", "emoji")}
    maybe = [sample_persona(seed, {"quirks": ["emoji", "none"]}) for seed in range(300)]
    assert {p.quirks for p in maybe} == {(), ("emoji",)}
    assert {sample_persona(seed, {"quirks": ["none"]}).quirks for seed in range(50)} == {()}


def test_exclusive_quirks_never_meet() -> None:
    samples = [sample_persona(seed, {"quirks": ["lowercase", "all_caps"]}) for seed in range(300)]
    assert {p.quirks for p in samples} == {("lowercase",), ("all_caps",)}


def test_a_single_string_is_one_allowed_value() -> None:
    assert {sample_persona(seed, {"tone": "anxious"}).tone for seed in range(20)} == {"anxious"}


def test_fixed_locale_within_language_constraint() -> None:
    p = sample_persona(3, {"language": ["en"]}, locale="en_GB")
    assert (p.identity.locale, p.language) == ("en_GB", "en")


def test_names_lists_what_constraints_accept() -> None:
    names = load_traits().names()
    assert names["language"] == {"en", "de", "fr", "es", "it", "pt", "nl"}
    assert "none" in names["quirks"]
    assert names["patience"] == {"low", "medium", "high"}


# --- distribution --------------------------------------------------------------------------


def test_traits_follow_their_weights() -> None:
    library = load_traits()
    samples = [sample_persona(seed) for seed in range(4000)]
    for name in ("tone", "patience", "verbosity", "tech_savviness"):
        spec = library.traits[name]
        assert spec.weights is not None
        counts = Counter(getattr(p, name) for p in samples)
        for value, weight in zip(spec.values, spec.weights, strict=True):
            expected = weight / sum(spec.weights)
            assert abs(counts[value] / len(samples) - expected) < 0.03, (name, value)
    quirk_counts = Counter(len(p.quirks) for p in samples)
    assert abs(quirk_counts[0] / 4000 - 0.71) < 0.03
    assert abs(quirk_counts[1] / 4000 - 0.23) < 0.03
    assert abs(quirk_counts[2] / 4000 - 0.06) < 0.02
    assert max(quirk_counts) == 2
    locales = Counter(p.identity.locale for p in samples)
    assert set(locales) == set(library.locales)
    languages = Counter(p.language for p in samples)  # drawn by language_weights
    total = sum(library.language_weight(code) for code in set(library.locales.values()))
    for code, n in languages.items():
        assert abs(n / 4000 - library.language_weight(code) / total) < 0.03, code


# --- error messages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("constraints", "locale", "message"),
    [
        (
            {"patiense": ["low"]},
            None,
            "unknown persona trait 'patiense' (did you mean 'patience'?)",
        ),
        (
            {"mood": ["calm"]},
            None,
            "unknown persona trait 'mood' (known traits: language, patience, quirks, "
            "tech_savviness, tone, verbosity)",
        ),
        (
            {"patience": ["hgh"]},
            None,
            "unknown value 'hgh' for persona trait 'patience' (did you mean 'high'?)",
        ),
        (
            {"language": ["jp"]},
            None,
            "unknown value 'jp' for persona trait 'language' (allowed: de, en, es, fr, it, nl, pt)",
        ),
        (
            {"quirks": ["emojis"]},
            None,
            "unknown value 'emojis' for persona trait 'quirks' (did you mean 'emoji'?)",
        ),
        ({}, "de_AT", "unknown locale 'de_AT' (did you mean 'de_DE'?)"),
        (
            {},
            "xx_YY",
            "unknown locale 'xx_YY' (known: en_US, en_GB, de_DE, fr_FR, es_ES, it_IT, pt_BR, "
            "nl_NL)",
        ),
        (
            {"language": ["en", "fr"]},
            "de_DE",
            "locale 'de_DE' speaks 'de' but the persona constraint allows language en, fr; "
            "drop the locale or widen the language constraint",
        ),
        (
            {"tone": []},
            None,
            "persona trait 'tone' allows no values; list at least one or drop the trait",
        ),
    ],
)
def test_persona_errors(
    constraints: dict[str, list[str]], locale: str | None, message: str
) -> None:
    with pytest.raises(PersonaError) as info:
        sample_persona(1, constraints, locale)
    assert str(info.value) == message
