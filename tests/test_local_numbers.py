"""Amounts and dates in the customer's language (agents.phrasing.local_numbers): written as a
native writer puts them, read back as stored by everything that looks for a value in a text,
and a customer who declines to give details is met with the policy in every language."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from test_scripted_dialogue import converse, edge

from agents import types as a
from agents.checks.matching import compact, contains_value
from agents.phrasing import LANGUAGES, Utterance, local_numbers, realize
from agents.phrasing.local_bank import declines
from agents.phrasing.local_numbers import iso_forms, localize, stored_amounts, with_stored
from agents.scripted.common import heard_in
from agents.types import ConversationPlan
from personas.model import Identity, Persona
from scenarios.loader import builtin_library, load_scenarios
from scenarios.variables import draw_variables

_ENGLISH_AMOUNT = re.compile(r"\$\d")
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            "un remboursement de $25.00 le 2026-03-04",
            "un remboursement de 25,00 $ le 4 mars 2026",
        ),
        ("fr", "vol du 2025-07-01, $10046", "vol du 1er juillet 2025, 10 046 $"),
        ("de", "Gebühr von $1219.5 am 2025-06-18", "Gebühr von 1.219,50 $ am 18. Juni 2025"),
        ("es", "el 2025-06-18 cobramos $4800", "el 18 de junio de 2025 cobramos 4800 $"),
        ("pt", "em 2025-06-01 cobramos $12.99", "em 1º de junho de 2025 cobramos US$ 12,99"),
        ("en", "on 2025-06-18 we charged $12.99", "on 2025-06-18 we charged $12.99"),
    ],
)
def test_amounts_and_dates_are_written_the_languages_way(
    language: str, text: str, expected: str
) -> None:
    assert localize(text, language) == expected


@pytest.mark.parametrize(("language", "typed"), [("de", "24.08.1984"), ("fr", "24/08/1984")])
def test_a_date_given_as_a_fact_is_typed_in_figures(language: str, typed: str) -> None:
    assert localize("1984-08-24", language, figures=True) == typed
    assert (
        localize("1992-70-27", language)
        == typed.replace("24", "27").replace("08", "70")[:-4] + "1992"
    )  # a mistyped date is only reordered


@pytest.mark.parametrize("language", LANGUAGES)
def test_written_forms_are_read_back_as_stored(language: str) -> None:
    rng = random.Random(language)
    for _ in range(200):
        iso = f"{rng.randint(1940, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        cents = f".{rng.randint(0, 99):02d}" if rng.random() < 0.5 else ""
        money = f"${rng.randint(1, 250000)}{cents}"
        for figures in (False, True):
            text = localize(f"Le {iso}, total {money}.", language, figures)
            assert iso not in text and money not in text
            assert iso in iso_forms(text) and money in stored_amounts(text)
            # the checks and the scripted roles find the stored value in the written text
            assert contains_value(text, compact(iso)) and contains_value(text, compact(money))
            assert heard_in(text, {"when": iso, "paid": money}) == ["when", "paid"]
    assert with_stored("nothing to read here") == "nothing to read here"


def test_dates_read_back_as_with_a_leading_lookbehind() -> None:
    """The date patterns test what may not precede their digits on each match instead of by a
    leading lookbehind (so the engine skips to digits in C): the same dates are found as with
    the lookbehind, on texts crowded with digits, separators and month names."""
    names = sorted(local_numbers._MONTH_NUMBER, key=len, reverse=True)
    written = re.compile(
        r"(?i)(?<!\d)(\d{1,2})(?:\.|er|º)?\s+(?:de\s+)?(" + "|".join(names) + r")\s+"
        r"(?:de\s+)?(\d{4})(?!\d)"
    )
    figures = re.compile(r"(?<![\d.,/])(\d{1,2})([./])(\d{1,2})\2(\d{4})(?![\d/])")
    dates = ["18. Juni 2025", "1er juillet 2025", "18 de junho de 2025", "9 MAI 2024",
             "18/06/2025", "18.06.2025", "1/2/2025", "31.12.1999"]  # fmt: skip
    pieces = ["1", "12", "2025", ".", "/", ",", " ", "de ", "er", "º", "x", "Juni", "$"]
    rng = random.Random(16)
    found = 0
    for _ in range(20000):
        text = "".join(
            rng.choice(dates) if rng.random() < 0.3 else rng.choice(pieces)
            for _ in range(rng.randint(1, 10))
        )
        want = [m.span() for m in written.finditer(text)]
        want += [m.span() for m in figures.finditer(text)]
        got = [m.span() for m in local_numbers._matches(
            local_numbers._WRITTEN, local_numbers._NOT_BEFORE_WRITTEN, text)]  # fmt: skip
        got += [m.span() for m in local_numbers._matches(
            local_numbers._FIGURES, local_numbers._NOT_BEFORE_FIGURES, text)]  # fmt: skip
        assert got == want, text
        found += len(want)
    assert found > 1000  # the texts do hold dates of both kinds


def _persona(language: str) -> Persona:
    identity = Identity(
        locale={"de": "de_DE", "es": "es_ES", "fr": "fr_FR", "pt": "pt_BR"}[language],
        first_name="Ana", last_name="Lima", name="Ana Lima", email="ana@example.com",
        phone="555-0100", address="1 Main St", city="Springfield", age=40,
    )  # fmt: skip
    return Persona(
        id="p-num", identity=identity, tone="neutral", patience="medium", verbosity="normal",
        tech_savviness="medium", language=language,
    )  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_turns_never_carry_english_amounts_or_iso_dates(language: str) -> None:
    for seed in range(30):
        rng = random.Random(seed)
        support = Utterance(
            "support", a.RESOLVE, content="Refund of $25.00 issued, flight moved to 2026-03-04.",
            language=language,
        )  # fmt: skip
        customer = Utterance(
            "customer", a.INFORM, facts={"fecha": "1984-08-24", "importe": "$379"},
            language=language,
        )  # fmt: skip
        for u, persona in ((support, None), (customer, _persona(language))):
            text = realize(u, persona, rng)
            assert not _ENGLISH_AMOUNT.search(text) and not _ISO.search(text), text


_LIBRARY = {s.id: s for s in load_scenarios([builtin_library()])}


def _plan(language: str, scenario_id: str, seed: int, behavior: str) -> ConversationPlan:
    scenario = _LIBRARY[scenario_id]
    persona = _persona(language)
    variables = draw_variables(scenario, seed, persona.identity.locale)
    variables.update(
        customer_name="Ana Lima", first_name="Ana", last_name="Lima", email="ana@example.com",
        phone="555-0100", address="1 Main St", city="Springfield",
    )  # fmt: skip
    return ConversationPlan(
        id=f"p-{seed}", run_seed=1, index=seed, seed=seed, scenario=scenario, persona=persona,
        edge_cases=(edge(behavior),), variables=variables,
    )  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_declining_to_give_details_is_met_with_the_policy(language: str) -> None:
    """A customer who will not give what was asked ('¿Para qué lo necesitan?') hears why it
    is needed before the request again, never an acknowledgement ('Anotado.', 'Parfait.')
    as if the details had come."""
    path = Path(__file__).parent.parent / "agents" / "phrases" / language / "support.yaml"
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    # the policy's lead for what the customer does (pleads, asks why, is unsure, holds back)
    leads = [v for k, v in bank.items() if k.split("@")[0] == "lead_against_policy"]
    met = 0
    for seed in range(12):
        turns, _ = converse(_plan(language, "banking/lost-debit-card", seed, "withhold"))
        for i, t in enumerate(turns[:-1]):
            if t.edge_case != "case_withhold":
                continue
            assert declines(t.content), t.content
            reply = turns[i + 1]
            assert reply.act == a.REQUEST_INFO
            words = re.split(r"[,.]", reply.content)[0]  # the lead up to its first mark
            assert any(words in str(lead) for lead in leads), reply.content
            met += 1
    assert met >= 6
