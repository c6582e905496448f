"""`customer.goal` per language (like `openings`), linted; `convsim test --languages` (outsider
21: `goal: {de: ...}` was "expected text, got a mapping", and `test` had no --languages)."""

from __future__ import annotations

import json
from pathlib import Path

from cli_process import convsim
from persona_fixture import ADA

from agents.llm.roles import customer_prompt
from agents.types import ConversationPlan
from scenarios.loader import load_scenarios
from scenarios.model import Scenario

ROOT = Path(__file__).resolve().parent.parent
GERMAN = ROOT / "tests/data/goal_languages/redirect-de.yaml"
BOT = ROOT / "examples/targets/example-bot-python.yaml"


def test_a_goal_per_language_loads_and_lints_clean() -> None:
    result = convsim("lint", GERMAN)
    assert result.returncode == 0, result.stdout + result.stderr
    (scenario,) = load_scenarios([GERMAN])
    goal = "Die Sendung {parcel} an eine andere Packstation umleiten lassen."
    assert scenario.customer.goal == goal  # the default: English when given, else the first
    assert scenario.customer.goal_in("de") == goal
    again = Scenario.model_validate(scenario.model_dump())
    assert again == scenario


def test_the_llm_customer_is_briefed_with_its_languages_goal() -> None:
    scenario = Scenario.model_validate(
        {
            "id": "test/goal-languages",
            "title": "Goal per language",
            "domain": "lockers",
            "intent": "redirect_parcel",
            "customer": {
                "goal": {"en": "Send the parcel to locker 7.", "de": "Paket an Station 7."},
                "openings": {"en": ["Hello."], "de": ["Hallo."]},
            },
            "support": {"policy": "Redirect.", "rules": [{"action": "resolve", "say": ["Ok."]}]},
        }
    )
    assert "goal_translations" not in Scenario.model_validate(
        {**scenario.model_dump(), "customer": {"goal": "x", "openings": ["Hi."]}}
    ).model_dump()["customer"]  # fmt: skip
    german = ADA.model_copy(update={"language": "de"})
    for persona, said, unsaid in (
        (ADA, "locker 7", "Station 7"),
        (german, "Station 7", "locker 7"),
    ):
        plan = ConversationPlan(
            id="p", run_seed=1, index=0, seed=1, scenario=scenario, persona=persona, variables={}
        )
        prompt = customer_prompt(plan)
        assert said in prompt and unsaid not in prompt


def test_lint_names_a_missing_and_a_stray_goal_language(tmp_path: Path) -> None:
    text = GERMAN.read_text().replace(
        'goal: {de: "Die Sendung {parcel} an eine andere Packstation umleiten lassen."}',
        'goal: {fr: "Faire suivre le colis {parcel}.", en: "Redirect parcel {parcell}."}',
    )
    path = tmp_path / "goal.yaml"
    path.write_text(text)
    result = convsim("lint", path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:8: customer.goal.en: unknown variable 'parcell' (did you mean 'parcel'?)",
        f"{path}:8: customer.goal: no goal in de, which the lines are in; add it (or give one "
        "text for every language)",
        f"{path}:8: customer.goal.fr: 'fr': no other field has lines in it (they are in de); "
        "add them, or remove this goal",
        f"{path}:8: customer.goal.en: 'en': no other field has lines in it (they are in de); "
        "add them, or remove this goal",
    ]


def test_bot_test_in_the_languages_the_author_chooses(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = convsim(
        "test", "ecommerce/cancel-pending-order", "--target", BOT, "--n", "6", "--seed", "2",
        "--out", out, "--quiet", "--no-judge", "--languages", "de,fr",
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    lines = (out / "transcripts.jsonl").read_text().splitlines()
    languages = [json.loads(line)["persona"]["language"] for line in lines]
    assert len(languages) == 6 and set(languages) == {"de", "fr"}


def test_an_unknown_or_unplayable_language_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "run"
    base = ("test", "ecommerce/cancel-pending-order", "--target", BOT, "--out", out)
    result = convsim(*base, "--languages", "dee")
    assert (result.returncode, result.stderr) == (
        2,
        "convsim: error: --languages dee: 'dee': no locale speaks it (did you mean 'de'?)\n",
    )
    result = convsim("test", GERMAN, "--target", BOT, "--out", out, "--languages", "en")
    assert (result.returncode, result.stderr) == (
        2,
        "convsim: error: --languages en: no scenario here can be played in en with these "
        "engines (they play: de); pick among those\n",
    )
    result = convsim(
        "test",
        "--replay",
        tmp_path,
        "--id",
        "x",
        "--target",
        BOT,
        "--out",
        out,
        "--languages",
        "de",
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "convsim: error: --languages: a replay plays the stored conversation --id names, with "
        "its own scenario, plan and seed; drop --languages"
    ]
    assert not out.exists()
