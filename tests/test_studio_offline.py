"""What the offline support acts on, in the form: rules and answers edited in plain words,
a template's leftovers shown and removable, Try saying which edits it cannot act on, new
conversations per click, and the copied files' editor header."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from scenarios.lint import lint
from simulator.studio.editing.conditions import condition_text, parse_condition
from simulator.studio.pages.app import create_app

TEMPLATE = "ecommerce/refund-damaged-item.yaml"
REL = "scenarios/mine.yaml"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")


def _create(client: TestClient, tmp_path: Path) -> str:
    res = client.post("/new", data={"template": TEMPLATE, "path": REL, "id": "mine/refund"})
    assert res.status_code == 200, res.text
    return (tmp_path / REL).read_text(encoding="utf-8")


def _data(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(
    ("words", "when"),
    [
        ("days_since_delivery is more than 14", {"days_since_delivery": {"gt": 14}}),
        ("amount is at most 500.5", {"amount": {"le": 500.5}}),
        (
            "payment_method is gift card and status is one of processed, shipped",
            {"payment_method": {"eq": "gift card"}, "status": {"in": ["processed", "shipped"]}},
        ),
        ("plan is not basic", {"plan": {"ne": "basic"}}),
        ("tier is none of gold, silver", {"tier": {"not_in": ["gold", "silver"]}}),
        ("", {}),
    ],
)
def test_conditions_read_and_written_in_plain_words(words: str, when: dict[str, object]) -> None:
    assert parse_condition(words) == when
    assert condition_text(when) == words


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (
            "days since delivery > 14",
            "'days since delivery > 14': say is, is not, is more than, is at least, is less "
            "than, is at most, is one of or is none of; write it like: days_since_delivery is "
            "more than 30 and payment_method is gift card",
        ),
        (
            "amount is more than lots",
            "'amount is more than lots': 'is more than' needs a number, got 'lots'",
        ),
        ("amount is", "'amount is': give the value after 'is'"),
    ],
)
def test_a_condition_not_understood_says_how_to_write_it(words: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_condition(words)
    assert str(info.value) == message


def test_the_form_edits_what_the_offline_support_does(client: TestClient, tmp_path: Path) -> None:
    text = _create(client, tmp_path)
    checked = client.post("/api/check", json={"path": REL, "text": text}).json()
    assert "value='days_since_delivery is more than 30'" in checked["offline_html"]
    assert "Try's support follows these rules (add them from the policy" in checked["offline_html"]
    res = client.post(
        "/api/offline",
        json={"path": REL, "text": text, "key": "rule.0.when",
              "value": "days_since_delivery is more than 14"},
    ).json()  # fmt: skip
    assert res["problems"] == [] and res["status"] == ""
    new = res["new_text"]
    assert "    - when: {days_since_delivery: {gt: 14}}\n" in new  # one line, as written
    assert new.replace("{gt: 14}", "{gt: 30}") == text  # nothing else moved
    said = client.post(
        "/api/offline",
        json={"path": REL, "text": new, "key": "knowledge.0.answer", "value": "Soon.\nVery soon."},
    ).json()["new_text"]
    assert _data(said)["support"]["knowledge"][0]["answer"] == ["Soon.", "Very soon."]
    assert "\n    es:" not in said  # lines given per language: the scenario went English only
    bad = client.post(
        "/api/offline", json={"path": REL, "text": new, "key": "rule.1.action", "value": "x"}
    ).json()
    assert bad["status"] == (
        "not changed: action 'x': give one of resolve, confirm, refuse, offer, escalate"
    )
    assert "new_text" not in bad


def test_a_template_leaves_nothing_hidden(client: TestClient, tmp_path: Path) -> None:
    text = _create(client, tmp_path)
    checked = client.post("/api/check", json={"path": REL, "text": text}).json()
    carried = _text(checked["offline_html"] + checked["carried_html"])  # variables: by the rules
    for shown in (
        "days_since_delivery (from the orders records, column days_since_delivery)",
        "asked_order_number : checked automatically: support asks for the order_id",
        "states_refund_terms : judged by a model (not judged offline)",
        "support calls refund_damaged_item (order_id = {order_id}) when",
        "% of conversations the customer says it (not a question)",
        "order_id = called (only when asked)",
    ):
        assert shown in carried, shown
    html = client.post("/api/check", json={"path": REL, "text": text}).json()["carried_html"]
    assert "value='days_since_delivery is at most 30 and amount is at most 500'" in html
    assert "<option value='resolve' selected>after support resolves it</option>" in html
    assert "<option value='refund_timing' selected>asks about refund_timing</option>" in html
    assert "data-key='flow.0.percent' value='60'" in html
    moved = client.post(
        "/api/offline",
        json={"path": REL, "text": text, "key": "expect.actions.0.when",
              "value": "days_since_delivery is at most 14"},
    ).json()["new_text"]  # fmt: skip
    assert "      when: {days_since_delivery: {le: 14}}\n      arguments:" in moved
    for key in ("expect.records.1", "expect.records.0", "expect.actions.0", "success.3"):
        res = client.post("/api/remove", json={"path": REL, "text": text, "key": key}).json()
        assert res["problems"] == [], key
        text = res["new_text"]
    assert "\nexpect:" not in text and "states_refund_terms" not in text  # emptied: gone
    assert "never_asks_card_security" in text
    nothing = client.post("/api/remove", json={"path": REL, "text": text, "key": "flow.9"})
    assert nothing.json()["status"] == "not changed: nothing at 'flow.9' in the file"


def test_try_says_an_edited_policy_is_not_acted_on_offline(
    client: TestClient, tmp_path: Path
) -> None:
    text = _create(client, tmp_path)
    edited = text.replace("within 30 days of delivery", "within 14 days of delivery")
    assert edited != text
    res = client.post(
        "/api/try", json={"path": REL, "text": edited, "original": text, "seed": 1}
    ).json()
    notice = _text(res["notice"])
    assert "You changed the support policy, but these conversations do not use it." in notice
    assert (
        "Not checked: whether support was polite and correct and kept to your policy. An AI "
        "model can judge them: it is optional ( set one up )."
    ) in notice
    assert "--critic-model" not in res["notice"] and "deterministic" not in res["html"]
    ruled = client.post(
        "/api/offline",
        json={"path": REL, "text": edited, "key": "rule.0.when",
              "value": "days_since_delivery is more than 14"},
    ).json()["new_text"]  # fmt: skip
    res = client.post("/api/try", json={"path": REL, "text": ruled, "original": text}).json()
    assert "do not use it" not in res["notice"]
    assert (
        "Support followed your rules. The policy's own words are read only by an AI model."
    ) in _text(res["notice"])
    assert "it still expects the old rules" in _text(res["notice"])
    assert "<a href='/settings'>set one up</a>" in res["notice"]
    assert client.get("/help/models", follow_redirects=False).headers["location"] == "/settings"


def test_each_try_click_shows_other_conversations(client: TestClient, tmp_path: Path) -> None:
    text = _create(client, tmp_path)

    def tried(seed: int) -> str:
        res = client.post("/api/try", json={"path": REL, "text": text, "seed": seed}).json()
        assert res["next_seed"] == seed + 1 and "(without an AI model)" in res["status"]
        return str(res["html"])

    first = tried(1)
    assert tried(2) != first and tried(1) == first  # a set is the same when asked again


def test_copied_files_point_their_editor_at_the_schema(client: TestClient, tmp_path: Path) -> None:
    text = _create(client, tmp_path)
    header = text.split("\n", 1)[0]
    assert header.startswith("# yaml-language-server: $schema=")
    schema = (tmp_path / "scenarios" / header.split("=", 1)[1]).resolve()
    assert schema.name == "scenario.schema.json" and "$defs" in json.loads(schema.read_text())
    assert lint([tmp_path / REL]) == []
    client.post("/domains/new", data={"builtin": "ecommerce", "name": "shop"})
    first = (tmp_path / "domains" / "shop.yaml").read_text(encoding="utf-8").split("\n", 1)[0]
    pointed = (tmp_path / "domains" / first.split("=", 1)[1]).resolve()
    assert pointed.name == "domain.schema.json" and pointed.is_file()


def test_a_built_in_domain_is_shown_without_copying(client: TestClient, tmp_path: Path) -> None:
    assert "/domain/builtin?name=ecommerce" in client.get("/domains").text
    page = client.get("/domain/builtin", params={"name": "ecommerce"}).text
    assert "Built-in domain ecommerce" in page and "Copy into my workspace" in page
    assert "class='cell'" not in page and "tooldesc" not in page  # read only
    assert "<details><summary>SQL</summary>" in page  # SQL is secondary detail
    assert not (tmp_path / "domains").exists()
    assert client.get("/domain/builtin", params={"name": "../x"}).status_code == 400


def test_variables_facts_and_questions_are_added_in_the_form(
    client: TestClient, tmp_path: Path
) -> None:
    text = _create(client, tmp_path)

    def add(kind: str, **fields: str) -> dict[str, object]:
        nonlocal text
        res = client.post(
            "/api/add", json={"path": REL, "text": text, "kind": kind, "fields": fields}
        ).json()
        text = str(res.get("new_text", text))
        return dict(res)

    assert add("variable", name="plan_type", values="monthly, annual, 12")["problems"] == []
    assert "  plan_type: {choice: [monthly, annual, 12]}\n" in text
    assert add("knows", name="member_number", value="M-{plan_type}", hidden="1")["problems"] == []
    assert "    member_number: M-{plan_type}\n" in text
    assert "reveal_only_when_asked: [order_id, email, payment_method, member_number]" in text
    assert add("verify", name="member_number")["problems"] == []
    assert "  verify: [order_id, email, member_number]\n" in text
    bad = add("variable", name="Plan Type", values="a")
    assert bad["status"] == (
        "not changed: variable name 'Plan Type': use lowercase letters, digits and _ "
        "(like plan_type)"
    )
    assert add("variable", name="plan_type", values="x")["status"] == (
        "not changed: variable plan_type exists already"
    )
    assert lint([tmp_path / REL]) == []


def test_lines_given_per_language_are_edited_in_english(client: TestClient, tmp_path: Path) -> None:
    res = client.post(
        "/new",
        data={"template": "saas/cancel-subscription-refund.yaml", "path": REL, "id": "gym/x"},
    )
    assert res.status_code == 200
    text = (tmp_path / REL).read_text(encoding="utf-8")
    checked = client.post("/api/check", json={"path": REL, "text": text}).json()
    shown = checked["form"]["customer.openings"]
    assert shown.startswith("Hi, I want to cancel {product} and get a refund")
    assert checked["form_notes"]["customer.openings"].startswith(
        "The template has these lines in several languages (en, es, fr, de, pt)"
    )
    same = client.post(
        "/api/form",
        json={"path": REL, "text": text,
              "values": {"customer.openings": checked["form"]["customer.openings"]}},
    ).json()  # fmt: skip
    assert same["new_text"] == text  # shown unchanged: nothing dropped
    mine = client.post(
        "/api/form",
        json={"path": REL, "text": text, "values": {"customer.openings": "I want to freeze"}},
    ).json()
    assert "  openings:\n    - I want to freeze\nsupport:" in mine["new_text"]
    said = client.post(
        "/api/offline",
        json={"path": REL, "text": mine["new_text"], "key": "rule.1.say", "value": "No."},
    ).json()
    assert said["problems"] == [] and '      say:\n        - "No."\n' in said["new_text"]
    assert "\n    es:" not in said["new_text"]  # the whole scenario went English only


def test_topics_variables_and_checks_edited_in_the_form(client: TestClient, tmp_path: Path) -> None:
    text = _create(client, tmp_path)

    def post(url: str, **body: object) -> dict[str, object]:
        nonlocal text
        res = client.post(url, json={"path": REL, "text": text, **body}).json()
        text = str(res.get("new_text", text))
        return dict(res)

    assert post("/api/offline", key="knowledge.0.id", value="freeze_fee")["problems"] == []
    assert "    - id: freeze_fee\n" in text and "    asks: freeze_fee\n" in text  # follow-up too
    assert post("/api/offline", key="knowledge.1.id", value="freeze_fee")["status"] == (
        "not changed: topic freeze_fee exists already"
    )
    damage = "variable.damage.values"
    assert post("/api/offline", key=damage, value="a dent, a dent, a crack")["problems"] == []
    assert _data(text)["variables"]["damage"] == {"choice": ["a dent", "a dent", "a crack"]}
    assert (
        post("/api/add", kind="check", fields={"kind": "support_avoids", "value": "$10 fee"})[
            "problems"
        ]
        == []
    )
    assert "  - id: support_avoids_10_fee\n    check: {support_avoids: (?i)\\$10 fee}\n" in text
    assert (
        post("/api/add", kind="check", fields={"kind": "requested", "value": "email"})["problems"]
        == []
    )
    assert "  - id: requested_email\n    check: {requested: email}\n" in text
    bad = post("/api/add", kind="check", fields={"kind": "support_action", "value": "wave"})
    assert bad["status"] == (
        "not changed: check 'support does this (resolve, refuse or escalate)': give one of "
        "resolve, refuse, escalate"
    )
    assert post("/api/remove", key="customer.knows.email")["problems"] == []
    assert (
        "requested_email" not in text
        and "email" not in text.split("support:")[0].split("knows:")[1]
    )  # the fact went from knows, reveal_only_when_asked, labels and its check
    assert "  verify: [order_id]\n" in text
    assert lint([tmp_path / REL]) == []


def test_rules_reordered_and_follow_ups_edited(client: TestClient, tmp_path: Path) -> None:
    text = _create(client, tmp_path)

    def post(url: str, **body: object) -> dict[str, object]:
        nonlocal text
        res = client.post(url, json={"path": REL, "text": text, **body}).json()
        text = str(res.get("new_text", text))
        return dict(res)

    checked = post("/api/check")
    assert "class='up' data-key='support.rules.1'" in str(checked["offline_html"])
    assert "class='up' data-key='support.rules.0'" not in str(checked["offline_html"])
    assert post("/api/move", key="support.rules.2")["problems"] == []
    rules = text.split("  rules:\n", 1)[1]
    assert rules.index("{payment_method: {eq: gift card}}") < rules.index("{amount: {gt: 500}}")
    assert post("/api/move", key="support.rules.0")["status"] == (
        "not changed: 'support.rules.0' is first already, or not in the file"
    )
    said = post("/api/offline", key="flow.2.say", value="Come on, it was broken from day one.")
    assert said["problems"] == []
    assert _data(text)["flow"][2]["say"] == ["Come on, it was broken from day one."]


def test_a_template_in_several_languages_is_made_english_only(
    client: TestClient, tmp_path: Path
) -> None:
    text = _create(client, tmp_path)
    checked = client.post("/api/check", json={"path": REL, "text": text}).json()
    assert "This scenario has its lines in en, es, fr, de, pt" in checked["offline_html"]
    tried = client.post("/api/try", json={"path": REL, "text": text, "original": text}).json()
    assert "some customers write in another language than English" in _text(tried["notice"])
    res = client.post("/api/add", json={"path": REL, "text": text, "kind": "english"}).json()
    assert res["problems"] == [] and "Keep English only" not in res["offline_html"]
    assert isinstance(_data(res["new_text"])["customer"]["openings"], list)
    tried = client.post("/api/try", json={"path": REL, "text": res["new_text"]}).json()
    assert "another language" not in tried["notice"]


def test_a_fact_and_the_name_it_goes_by_are_edited(client: TestClient, tmp_path: Path) -> None:
    text = _create(client, tmp_path)
    html = client.post("/api/check", json={"path": REL, "text": text}).json()["carried_html"]
    assert "data-key='label.order_id' value='order number'" in html  # template's name shown
    for key, value in (("label.order_id", "order reference"), ("knows.order_id", "W{order_id}")):
        res = client.post(
            "/api/offline", json={"path": REL, "text": text, "key": key, "value": value}
        ).json()
        assert res["problems"] == [], key
        text = res["new_text"]
    customer = _data(text)["customer"]
    assert customer["labels"]["order_id"] == "order reference"
    assert customer["knows"]["order_id"] == "W{order_id}"
    missing = client.post(
        "/api/offline", json={"path": REL, "text": text, "key": "label.pin", "value": "PIN"}
    ).json()
    assert missing["status"] == "not changed: no fact pin in customer.knows"
