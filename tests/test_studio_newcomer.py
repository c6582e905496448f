"""A newcomer's shortest path in the studio: the short starter scenario, a new rule that
starts with a condition made of the scenario's own variables, lint's warnings shown without
blocking Try, and the parts once editable only in YAML (follow-ups' timing, persona limits,
the rubric) set from the form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from scenarios.lint import lint
from simulator.studio.pages.app import create_app
from simulator.studio.trying.offline import example_condition

REL = "scenarios/book-repair.yaml"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")


def _starter(client: TestClient, tmp_path: Path) -> str:
    res = client.post("/new", data={"template": "starter", "path": "", "id": "spokes/book-repair"})
    assert res.status_code == 200, res.text
    return (tmp_path / REL).read_text(encoding="utf-8")


def _post(client: TestClient, url: str, **body: Any) -> dict[str, Any]:
    res = client.post(url, json={"path": REL, **body})
    assert res.status_code == 200, res.text
    out = res.json()
    assert isinstance(out, dict)
    return out


def test_the_starter_is_first_and_lints_clean_and_tries(client: TestClient, tmp_path: Path) -> None:
    index = client.get("/").text
    assert (
        "<optgroup label='Start small'><option value='starter' selected>A short scenario in "
        "plain words, to make your own (English, no records)</option></optgroup>"
    ) in index
    assert "<optgroup label='Library: banking'>" in index
    assert "(travel/change-flight-date.yaml, uses the travel records)</option>" in index
    text = _starter(client, tmp_path)
    header = "# yaml-language-server: $schema=../schemas/scenario.schema.json\n"
    assert text.startswith(header) and "\nid: spokes/book-repair\n" in text
    copy = tmp_path / "schemas" / "scenario.schema.json"
    assert (
        copy.read_bytes()
        == (
            Path(__file__).resolve().parent.parent / "scenarios" / "schema" / "scenario.schema.json"
        ).read_bytes()
    )
    assert lint([tmp_path / REL]) == []
    assert client.get("/").text.count("scenarios/book-repair.yaml</a>") == 1  # not the schema
    tried = _post(client, "/api/try", text=text, engine="scripted", seed=1)
    assert tried["status"] == (
        "5 of 5 conversations (without an AI model). Try again for five different ones"
    )
    assert tried["html"].count('<div class="conv">') == 5
    assert tried["html"].startswith(  # counted first, so a rule's effect shows at a glance
        "<p class='summary'><b>Ended:</b> 4 done (resolved), 1 handed over to a person "
        "(escalated) · <b>Verdicts:</b> 5 undecided (no check failed; the policy was not "
        "judged) · <b>Not judged: whether support kept to your policy</b> (correctness, "
        "courtesy; needs an <a href='/settings'>AI model</a>). Decided by your rules: support "
        "did what the rule says in 5 of 5. What decides the rest is whether each rule is what "
        "your policy means for the values drawn: each conversation asks it</p>"
    )


def test_a_new_rule_starts_with_a_condition_of_the_scenarios_variables(
    client: TestClient, tmp_path: Path
) -> None:
    text = _starter(client, tmp_path)
    shown = _post(client, "/api/check", text=text)["offline_html"]
    assert "placeholder='always (or write one, like: item is booking)'" in shown
    # The variables the rules test sit above the rules, each editable there.
    assert "A condition reads like <code>days_ago is more than 30</code>" in shown
    before_rules = shown[: shown.index(">What support does</h3>")]
    assert "<h3 id='variables-head' title='in the file: variables'>Variables" in before_rules
    assert "data-key='variable.item.values' value='booking, appointment, order'" in before_rules
    assert "data-key='variable.days_ago.range' value='1-45'" in before_rules
    assert "variables-head" not in _post(client, "/api/check", text=text)["carried_html"]
    res = _post(client, "/api/add", text=text, kind="rule")
    assert res["problems"] == []
    assert (  # before the catch-all rule, so it can apply; support does it, with a line
        "    - when: {item: {eq: booking}}\n      action: resolve\n      say:\n"
        "        - Done! That's taken care of for {reference}. You'll get a confirmation by "
        "email.\n    - action: resolve\n"
    ) in res["new_text"]


@pytest.mark.parametrize(
    ("variables", "example"),
    [
        ({"n": {"range": [1, 45]}, "plan": {"choice": ["monthly", "annual"]}},
         {"plan": {"eq": "monthly"}}),
        ({"n": {"range": [10, 20]}, "code": {"faker": "bothify"}}, {"n": {"gt": 15}}),
        ({"code": {"faker": "bothify"}}, {}),
        (None, {}),
    ],
)  # fmt: skip
def test_example_condition(variables: Any, example: dict[str, Any]) -> None:
    assert example_condition(variables) == example


def test_lint_warnings_show_and_do_not_block_try(client: TestClient, tmp_path: Path) -> None:
    text = _starter(client, tmp_path).replace(
        "item: {choice: [booking, appointment, order]}",
        "item: {choice: [booking, appointment, order, 1:30]}",
    )
    res = _post(client, "/api/check", text=text)
    message = (
        "warning: 1:30 is read as the number 90 here but as the text '1:30' by YAML 1.2 tools "
        "(editors, the studio); quote it if it is text, or write the value you mean plainly "
        "('1:30')"
    )
    assert res["problems"] == [
        {
            "line": 9,
            "field": "variables.item.choice[3]",
            "message": message,
            "warning": True,
            "text": f"{REL}:9: variables.item.choice[3]: {message}",
        }
    ]
    assert res["problems_html"].startswith('<p>No problems found.</p><ul><li class="warning"')
    tried = _post(client, "/api/try", text=text, engine="scripted", seed=1)
    assert tried["status"].startswith("5 of 5 conversations")


def test_follow_up_timing_persona_and_rubric_from_the_form(
    client: TestClient, tmp_path: Path
) -> None:
    text = _starter(client, tmp_path)

    def field(key: str, value: str) -> str:
        res = _post(client, "/api/offline", text=text, key=key, value=value)
        assert res["problems"] == [] and res["status"] == "", res
        return str(res["new_text"])

    for key, value in (
        ("flow.0.after", "any"),
        ("flow.0.percent", "65"),
        ("persona.patience", "low,medium"),
        ("persona.language", "en"),
        ("rubric.courtesy", ""),
        ("rubric.unjudged", "yes"),
    ):
        text = field(key, value)
    tail = text[text.index("flow:") :]
    assert tail.startswith(
        "flow:  # what the customer may say next\n  - id: ask_contact_again\n    after: any\n"
        "    asks: contact_again\n    probability: 0.65\n"
    )
    assert text.endswith(
        "max_turns: 8\npersona:\n  patience: [low, medium]\n  language: [en]\nrubric:\n"
        "  dimensions:\n    courtesy: {enabled: false}\n  verdict:\n"
        "    review_when_unjudged: true\n"
    )
    (tmp_path / REL).write_text(text, encoding="utf-8")
    assert lint([tmp_path / REL]) == []
    shown = _post(client, "/api/check", text=text)["tuning_html"]
    assert "data-key='persona.patience' value='low' checked>" in shown
    assert "data-key='rubric.courtesy' value='graded'>" in shown  # unticked
    assert "data-key='rubric.policy' value='graded' checked>" in shown
    for key, value in (
        ("persona.patience", ""),
        ("persona.language", ""),
        ("rubric.courtesy", "graded"),
        ("rubric.unjudged", ""),
    ):
        text = field(key, value)
    assert text.endswith("max_turns: 8\n")  # every emptied key is gone


@pytest.mark.parametrize(
    ("key", "value", "status"),
    [
        ("flow.0.percent", "150", "not changed: '150': give a share from 0 to 100"),
        ("flow.0.percent", "often", "not changed: 'often': give a share from 0 to 100"),
        ("flow.3.after", "any", "not changed: no follow-up 3 in the file"),
        ("flow.0.after", "later", "not changed: after 'later': give one of open, resolve, "
         "refuse, answer, any"),
        ("persona.tone", "polite,grumpy", "not changed: tone: 'grumpy' is not one of polite, "
         "neutral, friendly, frustrated, angry, anxious, confused"),
        ("persona.mood", "x", "not changed: unknown trait 'mood': give one of tone, patience, "
         "verbosity, tech_savviness, quirks, language"),
        ("rubric.charm", "", "not changed: unknown rubric dimension 'charm'"),
    ],
)  # fmt: skip
def test_a_value_the_form_cannot_take_changes_nothing(
    client: TestClient, tmp_path: Path, key: str, value: str, status: str
) -> None:
    text = _starter(client, tmp_path)
    res = _post(client, "/api/offline", text=text, key=key, value=value)
    assert res["status"] == status and "new_text" not in res


def test_the_starter_reads_as_yaml_with_every_part(client: TestClient, tmp_path: Path) -> None:
    data = yaml.safe_load(_starter(client, tmp_path))
    assert sorted(data) == sorted(
        ["id", "title", "domain", "intent", "variables", "customer", "support",
         "flow", "success", "edge_cases", "max_turns"]
    )  # fmt: skip
    # The request in the name's words (spokes/book-repair), not the starter's booking.
    assert data["customer"]["openings"][0] == "Hi, I'd like to book my repair, please."


def test_a_made_up_variables_pattern_and_a_ranges_bounds_from_the_form(
    client: TestClient, tmp_path: Path
) -> None:
    text = _starter(client, tmp_path)
    carried = _post(client, "/api/check", text=text)["offline_html"]  # beside the rules
    assert (
        "<b>reference</b>, made up like <input class='of' id='o-variable.reference.pattern' "
        "data-key='variable.reference.pattern' value='REF-#####' style='width:10em'> "
        "<small>(# a digit, ? a letter, the rest as typed)</small> "
    ) in carried
    assert "data-key='variable.days_ago.range' value='1-45'" in carried
    for key, value in (
        ("variable.reference.pattern", "M-####"),
        ("variable.days_ago.range", "0 - 90"),
    ):
        res = _post(client, "/api/offline", text=text, key=key, value=value)
        assert res["problems"] == [] and res["status"] == ""
        text = res["new_text"]
    assert '  days_ago: {range: [0, 90]}\n  reference: {faker: bothify, text: "M-####"}\n' in text
    for key, value, status in (
        ("variable.days_ago.range", "90-1", "variable days_ago: give its range as two whole "
         "numbers, like 1-45"),
        ("variable.reference.pattern", " ", "variable reference: give a pattern, like M-#####"),
        ("variable.item.pattern", "x", "variable item has no pattern"),
        ("variable.nope.range", "1-2", "no variable nope in the file"),
    ):  # fmt: skip
        res = _post(client, "/api/offline", text=text, key=key, value=value)
        assert res["status"] == f"not changed: {status}" and "new_text" not in res


def test_save_and_run_keeps_twenty_conversations_under_runs(
    client: TestClient, tmp_path: Path
) -> None:
    text = _starter(client, tmp_path)
    bad = _post(client, "/api/keep", text=text.replace("max_turns: 8", "max_turns: 1"))
    assert bad == {"status": "fix the problems first"}
    assert "max_turns: 8" in (tmp_path / REL).read_text(encoding="utf-8")  # nothing written
    edited = text.replace("need to change my {item}", "need to move my {item}")
    res = _post(client, "/api/keep", text=edited, engine="scripted", seed=3)
    assert res == {
        "status": f"saved {REL}; 20 conversations kept in runs/book-repair",
        "saved": edited,
        "run": "/runs?run=runs%2Fbook-repair",
    }
    assert (tmp_path / REL).read_text(encoding="utf-8") == edited
    lines = (tmp_path / "runs/book-repair/transcripts.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 20
    again = _post(client, "/api/keep", text=edited, engine="scripted", seed=3)
    assert again["status"].endswith("kept in runs/book-repair-2")  # never over the last one
    page = client.get(res["run"]).text
    assert "20 of 20 conversations" in page and "runs/book-repair-2" in page


def test_a_goal_worded_like_a_first_message_is_not_failed_as_a_leak(
    client: TestClient, tmp_path: Path
) -> None:
    # The critic does not count the words the scenario gives the customer to say: an author
    # who words the goal and a first message alike sees no instruction leak in Try.
    text = _starter(client, tmp_path)
    echoed = text.replace(
        "goal: I want to book my repair.",
        "goal: Book my {item} in for a repair this week.",
    ).replace(
        "- Hi, I'd like to book my repair, please.",
        "- Hi, can I book my {item} in for a repair this week?",
    )
    assert "can I book my {item} in for a repair this week?" in echoed
    assert not _post(client, "/api/check", text=echoed)["problems"]
    tried = _post(client, "/api/try", text=echoed, seed=1)
    assert tried["html"].count('class="conv"') == 5
    assert "instruction_leak" not in tried["html"]
    assert "book my" in tried["html"].lower()  # the echoing first message was said


def test_a_failure_the_simulated_customer_caused_says_so() -> None:
    from simulator.studio.pages.pages import conversation, summary

    record = {
        "scenario_id": "a/b",
        "outcome": {"status": "resolved"},
        "verdict": {"label": "REJECT", "findings": [], "blame": "simulator"},
        "turns": [],
    }
    assert "failed (REJECT), caused by the simulated customer, not support</b>" in conversation(
        record
    )
    assert summary([record]) == (
        "<p class='summary'><b>Ended:</b> 1 done (resolved) · <b>Verdicts:</b> 1 failed (REJECT), "
        "caused by the simulated customer</p>"
    )
