"""The language mix of a run: English weighs most by default (traits.yaml `language_weights`),
`--languages` or a `language:` entry of --persona-weights asks for one language or a mix, and
both planners (random and coverage) draw the language by those weights."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from itertools import islice
from pathlib import Path

import pytest

from agents.planning.batch import BatchPlanner
from personas.library import TraitsError, load_traits
from personas.sampler import sample_persona
from personas.weights import apply_weights, parse_languages, with_languages
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import builtin_library, load_scenarios

PLAYED = {"language": ["de", "en", "es", "fr", "pt"]}


def test_the_default_mix_is_mostly_english() -> None:
    lib = load_traits()
    assert lib.language_weight("en") == 6 and lib.language_weight("es") == 1
    counts = Counter(sample_persona(seed, PLAYED).language for seed in range(3000))
    assert 0.56 < counts["en"] / 3000 < 0.64  # 6 of 10
    for code in ("de", "es", "fr", "pt"):
        assert 0.07 < counts[code] / 3000 < 0.13, counts


def test_a_language_is_drawn_first_then_one_of_its_locales() -> None:
    locales = Counter(sample_persona(seed, PLAYED).identity.locale for seed in range(3000))
    assert locales["en_US"] > 700 and locales["en_GB"] > 700  # both English locales serve


def test_one_language_or_a_mix_on_request() -> None:
    lib = with_languages(load_traits(), parse_languages("de"), "--languages de")
    assert {sample_persona(s, PLAYED, library=lib).language for s in range(200)} == {"de"}
    mix = with_languages(load_traits(), parse_languages("es=3,fr"), "--languages es=3,fr")
    counts = Counter(sample_persona(s, PLAYED, library=mix).language for s in range(2000))
    assert set(counts) == {"es", "fr"} and 2.4 < counts["es"] / counts["fr"] < 3.6


def test_a_constraint_asking_only_for_unweighted_languages_is_still_served() -> None:
    lib = with_languages(load_traits(), {"de": 1.0}, "--languages de")
    assert sample_persona(1, {"language": ["es"]}, library=lib).language == "es"


def test_persona_weights_can_set_the_language_mix() -> None:
    lib = apply_weights(load_traits(), {"language": {"pt": 1.0}, "tone": {"angry": 1}}, "f")
    assert lib.language_weight("pt") == 1.0 and lib.language_weight("en") == 0.0
    assert lib.traits["tone"].weights is not None


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("xx", "--languages xx: 'xx': no locale speaks it (languages: de, en, es, fr, it, nl, pt)"),
        ("en=x", "--languages en=x: 'en=x' needs a number after '=', e.g. es=1"),
        ("en=nan", "--languages en=nan: 'en=nan' needs a finite number after '='"),
        ("de=0", "--languages de=0: every language weighs 0; give at least one a positive weight"),
        ("en=-1", "--languages en=-1: 'en': expected a number >= 0, found -1.0"),
        (",", "--languages ,: give language codes, e.g. --languages en=6,es=1"),
    ],
)
def test_a_bad_mix_is_one_clear_error(spec: str, message: str) -> None:
    with pytest.raises(TraitsError) as err:
        with_languages(load_traits(), parse_languages(spec), f"--languages {spec}")
    assert str(err.value) == message


def test_the_coverage_planner_draws_the_language_by_its_weight() -> None:
    scenarios = load_scenarios([builtin_library()])
    planner = BatchPlanner(42, scenarios, load_edge_cases())
    plans = [plan for _, plan in islice(planner.plan_ahead(), 600)]
    counts = Counter(p.persona.language for p in plans)
    assert 0.54 < counts["en"] / 600 < 0.66, counts
    lib = with_languages(load_traits(), {"fr": 1.0}, "--languages fr")
    planner = BatchPlanner(42, scenarios, load_edge_cases(), traits=lib)
    languages = {plan.persona.language for _, plan in islice(planner.plan_ahead(), 100)}
    assert languages == {"fr"}
    assert "en" not in {n for (f, n) in planner.model.ids if f == "language"}


def test_an_even_mix_is_balanced_by_coverage_an_uneven_one_drawn_by_weight() -> None:
    scenarios = load_scenarios([builtin_library()])
    even = with_languages(load_traits(), parse_languages("es,fr,de"), "--languages es,fr,de")
    planner = BatchPlanner(42, scenarios, load_edge_cases(), traits=even)
    assert not planner.model.weighted  # a factor like the others: spread over the pairs
    counts = Counter(p.persona.language for _, p in islice(planner.plan_ahead(), 90))
    assert set(counts) == {"es", "fr", "de"} and max(counts.values()) - min(counts.values()) <= 6
    uneven = BatchPlanner(42, scenarios, load_edge_cases())
    assert uneven.model.weighted == {uneven.model.factors.index("language")}


def _convsim(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=300,
    )


def test_run_languages_flag(tmp_path: Path) -> None:
    done = _convsim("run", "--n", "4", "--seed", "3", "--out", "r", "--languages", "pt",
                    "--quiet", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    records = (tmp_path / "r" / "transcripts.jsonl").read_text("utf-8").splitlines()
    assert {json.loads(r)["persona"]["language"] for r in records} == {"pt"}
    refused = _convsim("run", "--n", "4", "--out", "s", "--languages", "it", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "convsim: error: --languages it: no scenario here can be played in it with these "
        "engines (they play: de, en, es, fr, pt); pick among those"
    )
    assert not (tmp_path / "s").exists()
