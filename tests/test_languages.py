"""The persona's language is the conversation's: banks per language, scenario lines per
language (form, lint, schema), the planner's language draw, the language switch, and a golden
run with non-English personas."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_phrasing import CONTENT, persona

from agents import types as acts
from agents.checks.customer import detect_language
from agents.phrasing import LANGUAGES, Utterance, realize
from agents.planner import Planner
from agents.scripted.common import known_values, language_of
from scenarios.edge_cases import load_edge_cases
from scenarios.lint import lint
from scenarios.loader import builtin_library, load_scenarios
from scenarios.model import Scenario

LIBRARY = builtin_library()
DUPLICATE = LIBRARY / "saas" / "duplicate-charge.yaml"
GOLDEN = Path(__file__).parent / "data" / "golden" / "builtin-seed2024-n12.jsonl"
CUSTOMER_ACTS = (acts.OPEN, acts.INFORM, acts.ASK, acts.ACCEPT, acts.PUSH_BACK, acts.THANK)
SUPPORT_ACTS = (
    acts.GREET, acts.REQUEST_INFO, acts.VERIFY_FAILED, acts.ANSWER, acts.RESOLVE, acts.REFUSE,
    acts.ESCALATE, acts.CLARIFY, acts.CLOSE, acts.CHECK_IN,
)  # fmt: skip
SAID = {
    "es": "Me han cobrado dos veces en la tarjeta este mes.",
    "fr": "Vous avez débité ma carte deux fois ce mois-ci.",
    "de": "Sie haben meine Karte diesen Monat zweimal belastet.",
    "pt": "Vocês cobraram duas vezes no meu cartão este mês.",
}
LABEL = {"es": "número de pedido", "fr": "numéro de commande", "de": "Bestellnummer",
         "pt": "número do pedido"}  # fmt: skip


def say(u: Utterance, language: str, seed: int, **traits: Any) -> str:
    return realize(u, persona(language=language, **traits), random.Random(seed))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_act_is_written_in_the_language_and_repeats_by_seed(language: str) -> None:
    for seed in range(25):
        for act in CUSTOMER_ACTS:
            facts = {LABEL[language]: "ORD-4471"} if act == acts.INFORM else {}
            u = Utterance("customer", act, facts, SAID[language], language=language)
            text = say(u, language, seed, tone="frustrated")
            assert text == say(u, language, seed, tone="frustrated")
            assert detect_language(text) in (language, None), text
            if facts:
                assert "ORD-4471" in text
        for act in SUPPORT_ACTS:
            facts = {LABEL[language]: ""} if act == acts.REQUEST_INFO else {}
            if act == acts.VERIFY_FAILED:
                facts = {LABEL[language]: "ORD-4471"}
            u = Utterance("support", act, facts, None, language=language)
            text = say(u, language, seed)
            assert detect_language(text) in (language, None), (act, text)
            assert "{" not in text and "$" not in text and "<" not in text


def test_golden_samples_per_language() -> None:
    ask = {lang: Utterance("support", acts.REQUEST_INFO, {LABEL[lang]: ""}, language=lang)
           for lang in LANGUAGES}  # fmt: skip
    got = {lang: say(u, lang, 3) for lang, u in ask.items()}
    assert got == {
        "de": "Könnten Sie mir bitte Ihre Bestellnummer bestätigen?",
        "es": "¿Podría escribirme su número de pedido, por favor?",
        "fr": "Vous voulez bien me donner votre numéro de commande?",
        "pt": "Em seguida, pode me passar o número do pedido?",  # not a first reply
    }


def test_possessives_agree_with_plural_labels() -> None:
    # a label with its own owner after it takes the article ("los últimos ... de la tarjeta")
    labels = {"su número de factura", "los últimos cuatro dígitos de la tarjeta"}
    for seed in range(30):
        u = Utterance(
            "support",
            acts.REQUEST_INFO,
            {"número de factura": "", "últimos cuatro dígitos de la tarjeta": ""},
            language="es",
        )
        text = say(u, "es", seed)
        bare = "número de factura y últimos cuatro dígitos de la tarjeta" in text
        assert bare or all(label in text for label in labels), text
        assert "su últimos" not in text


def test_determiners_agree_with_the_label_or_are_left_out() -> None:
    from agents.phrasing.local_bank import bank

    nouns = {code: bank(code).nouns for code in LANGUAGES}
    said = {
        ("de", "your", "Nachname"): "Ihren Nachnamen",
        ("de", "your", "Bestellnummer"): "Ihre Bestellnummer",
        ("de", "my", "Geburtsdatum"): "mein Geburtsdatum",
        ("de", "your", "letzte vier Ziffern der Karte"): None,  # an adjective to decline
        ("fr", "my", "adresse e-mail"): "mon adresse e-mail",
        ("fr", "the", "adresse e-mail"): "l'adresse e-mail",
        ("fr", "my", "date de naissance"): "ma date de naissance",
        ("fr", "your", "quatre derniers chiffres"): "vos quatre derniers chiffres",
        ("pt", "my", "data de nascimento"): "minha data de nascimento",
        ("pt", "your", "últimos quatro dígitos"): "seus últimos quatro dígitos",
        ("pt", "your", "valor da última fatura"): "o valor da última fatura",
        ("de", "your", "Betrag der letzten Rechnung"): "den Betrag der letzten Rechnung",
        ("es", "the", "fecha de nacimiento"): "la fecha de nacimiento",
        ("es", "the", "zorglub del cliente"): None,  # a head noun the bank does not know
    }  # fmt: skip
    got = {k: nouns[k[0]].np(k[1], nouns[k[0]].noun(k[2])) for k in said}
    assert got == said


def test_the_switch_leaves_the_persona_language_and_support_stays_in_it() -> None:
    switch = Utterance("customer", acts.CHITCHAT, {}, CONTENT, "switch_language", language="es")
    redirect = Utterance("support", acts.REDIRECT, {}, None, "switch_language", language="es")
    for seed in range(20):
        assert detect_language(say(switch, "es", seed), minimum=1) == "en"
        assert detect_language(say(redirect, "es", seed), minimum=1) in ("es", None)


# ---- scenario files: the language form ----------------------------------------------------


def data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(DUPLICATE.read_text(encoding="utf-8"))
    return loaded


def write(folder: Path, content: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "s.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


def test_the_language_form_loads_beside_plain_lists() -> None:
    (scenario,) = load_scenarios([DUPLICATE])
    assert scenario.languages() == {"en", "es", "fr", "de", "pt"}
    assert scenario.customer.openings[0] == "You charged my card twice this month."
    assert scenario.customer.translations["es"][0] == SAID["es"]
    assert scenario.label("invoice_id") == "invoice number"
    assert scenario.label_in("invoice_id", "de") == "Rechnungsnummer"
    plain = copy.deepcopy(data())
    plain["customer"]["openings"] = ["Charged twice."]
    assert Scenario.model_validate(plain).languages() == {"en"}
    again = Scenario.model_validate(scenario.model_dump())
    assert again == scenario


def test_lint_names_a_field_without_a_language_others_give(tmp_path: Path) -> None:
    content = data()
    del content["flow"][1]["say"]["pt"]
    content["persona"] = {"language": ["it"]}
    path = write(tmp_path, content)
    problems = [p.message for p in lint([path])]
    assert problems == [
        "no lines in pt, which other fields give; add them (or remove that language "
        "elsewhere): a persona writing it needs every line",
        "allows it but the lines are in de, en, es, fr, pt; add lines in that language or "
        "widen the constraint",
    ]


def test_lint_names_bad_language_forms(tmp_path: Path) -> None:
    content = data()
    content["customer"]["openings"]["english"] = ["Hi"]
    content["variables"]["second_charge"] = {"choice": ["a", "b"], "translations": {"es": ["x"]}}
    messages = sorted(p.message for p in lint([write(tmp_path, content)]))
    assert any("openings: 'english' is not a language code" in m for m in messages), messages
    assert any(
        "translations.es has 1 values but choice has 2; give one per choice" in m for m in messages
    ), messages


def test_variables_are_said_in_the_conversation_language() -> None:
    (scenario,) = load_scenarios([LIBRARY / "insurance" / "add-driver-to-policy.yaml"])
    plan = Planner(11, [scenario], load_edge_cases()).plan(0)
    for index in range(40):
        plan = Planner(11, [scenario], load_edge_cases()).plan(index)
        if plan.persona.language == "fr":
            break
    assert language_of(plan) == "fr"
    assert known_values(plan)["driver"].split()[0] in ("mon", "ma")
    assert plan.variables["driver"] in scenario.variables["driver"].choice  # type: ignore[operator]


# ---- the planner draws languages the scenario and the engines can play --------------------


def test_personas_write_only_languages_the_scenario_has_lines_in() -> None:
    # the library plays every scenario in five languages; an English-only one is added
    english_only = load_scenarios([Path(__file__).parent / "data" / "scenarios_good"])
    scenarios = load_scenarios([LIBRARY]) + english_only
    planner = Planner(5, scenarios, load_edge_cases())
    seen: dict[bool, set[str]] = {True: set(), False: set()}
    for index in range(600):
        plan = planner.plan(index)
        multi = len(plan.scenario.languages()) > 1
        seen[multi].add(plan.persona.language)
        assert plan.persona.language in plan.scenario.languages()
        locale_language = plan.persona.identity.locale.split("_")[0]
        assert locale_language == plan.persona.language  # a German writer has a German locale
    assert seen[False] == {"en"}
    assert seen[True] == {"en", "es", "fr", "de", "pt"}
    assert [planner.plan(i).persona for i in range(5)] == [
        Planner(5, scenarios, load_edge_cases()).plan(i).persona for i in range(5)
    ]


def test_engines_that_write_any_language_plan_any() -> None:
    scenarios = load_scenarios([LIBRARY / "banking"])
    planner = Planner(5, scenarios, load_edge_cases(), languages=None)
    assert len({planner.plan(i).persona.language for i in range(200)}) > 3


# ---- a golden run with non-English personas -----------------------------------------------


def test_golden_non_english_conversations_are_in_their_language() -> None:
    records = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    foreign = [r for r in records if r["persona"]["language"] != "en"]
    assert foreign and {r["persona"]["language"] for r in foreign} <= set(LANGUAGES)
    read = []
    for record in foreign:
        language = record["persona"]["language"]
        for role in ("customer", "support"):
            text = " ".join(
                t["content"]
                for t in record["turns"]
                if t["role"] == role and not t.get("edge_case")
            )
            found = detect_language(text)
            assert found in (language, None), (record["id"], role, text)  # never another one
            read.append(found == language)
    assert sum(read) >= len(read) // 2  # short ones may have too few telling words to tell
