"""The newcomer's quick path (walkthrough of issue #15): what the first conversations do not
need is folded away and made from the id, and each text box says which {placeholders} it
can use."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient
from studio_client import client, post

from scenarios.lint import lint
from simulator.studio.pages.editor import edit_page
from simulator.studio.pages.pages import conversation

REL = "scenarios/move-repair.yaml"
__all__ = ["client"]  # the fixture, shared


def _post(client: TestClient, url: str, **body: Any) -> dict[str, Any]:
    return post(client, url, REL, **body)


def test_details_come_from_the_id(client: TestClient, tmp_path: Path) -> None:
    res = client.post(
        "/new", data={"template": "starter", "path": "", "id": "bikeshop/move-repair"}
    )
    assert res.status_code == 200, res.text
    text = (tmp_path / REL).read_text(encoding="utf-8")
    assert "\nid: bikeshop/move-repair\ntitle: Move repair\ndomain: bikeshop\n" in text
    assert "\nintent: move_repair\nvariables:" in text  # the starter's description is gone
    assert lint([tmp_path / REL]) == []
    assert (
        "<details class='fold' id='details'><summary>Details (optional, made from the id): "
        'title, business area, kind of request, description</summary><label for="f-title">'
        "Title</label>"
    ) in res.text
    # A new id moves what the old one gave; what the author wrote stays.
    out = _post(client, "/api/form", text=text, values={"title": "Moving a bike repair"})
    out = _post(client, "/api/form", text=out["new_text"], values={"id": "spokes/shift-service"})
    assert out["form"]["title"] == "Moving a bike repair"
    assert (out["form"]["domain"], out["form"]["intent"]) == ("spokes", "shift_service")
    out = _post(client, "/api/form", text=out["new_text"], values={"domain": "", "title": ""})
    assert (out["form"]["title"], out["form"]["domain"]) == ("Shift service", "spokes")
    assert out["problems"] == []


def test_each_text_box_lists_the_placeholders_it_can_use(
    client: TestClient, tmp_path: Path
) -> None:
    client.post("/new", data={"template": "starter", "path": "", "id": "bikeshop/move-repair"})
    text = (tmp_path / REL).read_text(encoding="utf-8")
    text = text.replace("[booking, appointment, order]", "[repair, service, tune-up]")
    line = _post(client, "/api/check", text=text)["placeholders_html"]
    assert line == (
        "You can use: <button class='ins' type='button' data-ph='{item}' title='insert {item} "
        "where the cursor is'>{item}</button> (repair, service, ...) · <button class='ins' "
        "type='button' data-ph='{days_ago}' title='insert {days_ago} where the cursor is'>"
        "{days_ago}</button> (like 23) · <button class='ins' type='button' data-ph='{reference}' "
        "title='insert {reference} where the cursor is'>{reference}</button> (like REF-91609)"
    )
    page = client.get(f"/edit?path={REL}").text
    for box in ("f-customer.goal", "f-customer.openings"):
        assert f"<div class='note ph' data-for='{box}'></div>" in page
    offline = _post(client, "/api/check", text=text)["offline_html"]
    assert "<div class='note ph' data-for='o-rule.0.say'></div>" in offline
    no_variables = "id: a/b\ncustomer:\n  goal: g\n  openings: [hi]\nsupport:\n  policy: p\n"
    assert _post(client, "/api/check", text=no_variables)["placeholders_html"] == ""


def test_goal_and_policy_say_they_are_optional_before_any_typing(
    client: TestClient, tmp_path: Path
) -> None:
    client.post("/new", data={"template": "starter", "path": "", "id": "bikeshop/move-repair"})
    offline = client.get(f"/edit?path={REL}").text
    # The policy is where an author says when support says no: on the first screen, its
    # sentences offering rules (tests/test_studio_suggest.py).
    policy_label = (
        '<label for="f-support.policy">Support policy: when support says no, hands over or asks '
        "first, one rule per line</label>"
    )
    assert policy_label in offline
    assert (
        '<label for="f-customer.goal">What the customer wants (optional: only an AI model reads '
        "this)</label>"
    ) in offline
    # Said once, in the label: no paragraph under the box.
    assert offline.count("only an AI model reads this") == 1
    # Folded on the first screen, under one line; the first messages and policy stay in view.
    folded = offline.split("<details class='fold' id='optional'>", 1)[1].split("</details>")[0]
    assert folded.startswith(
        "<summary>Optional: what the customer wants (only an AI model reads it), longest "
        "conversation</summary>"
    )
    for key in ("customer.goal", "max_turns"):
        assert f'id="f-{key}"' in folded
    for key in ("customer.openings", "support.policy"):
        assert f'id="f-{key}"' not in folded
    assert "id='optional'" not in edit_page(
        REL, "id: a/b\n", {"customer": "llm:x", "support": "llm:x", "critic": "judge:x"}
    )
    # The starter's policy is empty: the box shows an example, not someone else's rule.
    assert 'name="support.policy" placeholder="like:\nOrders older than 30 days' in offline
    assert '  policy: ""  # in plain words' in (tmp_path / REL).read_text(encoding="utf-8")
    models = {"customer": "llm:fake", "support": "llm:fake", "critic": "judge:fake"}
    with_models = edit_page(REL, "id: a/b\n", models)
    assert "only an AI model" not in with_models
    assert policy_label in with_models
    assert "Read by the AI model and the judge. Try's support without a model follows" in (
        html.unescape(with_models)
    )


def test_labels_and_situations_in_plain_words(client: TestClient, tmp_path: Path) -> None:
    client.post("/new", data={"template": "starter", "path": "", "id": "bikeshop/move-repair"})
    text = (tmp_path / REL).read_text(encoding="utf-8")
    text = text.replace("reference: reference number", "reference: booking number")
    offline = _post(client, "/api/check", text=text)["offline_html"]
    assert (  # a gym says membership number: the name is edited right here
        "<p>Before doing anything, support asks for: <input class='of' "
        "id='o-asklabel.reference' data-key='label.reference' value='booking number' "
        "style='width:12em' title='in the file: reference; what support and the customer call "
        "it'> <button class='rm' data-key='support.verify.0'"
    ) in offline
    renamed = _post(
        client, "/api/offline", text=text, key="label.reference", value="membership number"
    )
    assert "    reference: membership number\n" in renamed["new_text"]
    tried = _post(client, "/api/try", text=text, engine="scripted", seed=1)
    assert (
        "situations: <span title='wrong_identifier, impatient'>gives a wrong identifier first; "
        "impatient customer</span> · customer"
    ) in tried["html"]
    assert "situations: none · customer" in tried["html"]


def test_a_name_in_words_on_the_new_page_becomes_the_id_and_title(
    client: TestClient, tmp_path: Path
) -> None:
    index = client.get("/").text
    # The name box is empty, its example the placeholder (walkthrough 7 found
    # `mine/my-scenario` in it and hesitated); it is optional: the policy comes first.
    assert (
        "<label for='new-name'>Name (optional)</label><input name='id' id='new-name' "
        "placeholder='Gym: freeze membership'>"
    ) in index
    assert "mine/my-scenario" not in index
    # The steps: paste the policy and Create (its rules and first messages are made from it:
    # typing them took two newcomers 220 s), Try, Save.
    assert (
        "<b>Start here.</b> Paste your support policy and press <i>Create</i>: a scenario is "
        "made from it. Then <i>Try</i>, and <i>Save</i>.</div>"
    ) in index
    # The File box's placeholder follows the name: the file the name gives.
    for name, file in (
        (" Bike shop:  Move a repair! ", "scenarios/move-a-repair.yaml"),
        ("mybank/lost-card", "scenarios/lost-card.yaml"),
        ("", "scenarios/my-scenario.yaml"),
    ):
        assert client.get("/api/file-for", params={"name": name}).json() == {"file": file}
    res = client.post(
        "/new", data={"template": "starter", "path": "", "id": " Bike shop:  Move a repair! "},
        follow_redirects=False,
    )  # fmt: skip
    assert res.headers["location"] == "/edit?path=scenarios/move-a-repair.yaml"
    text = (tmp_path / "scenarios/move-a-repair.yaml").read_text(encoding="utf-8")
    assert (
        "\nid: bike-shop/move-a-repair\ntitle: 'Bike shop: Move a repair!'\ndomain: bike_shop\n"
        "intent: move_a_repair\n"
    ) in text
    assert lint([tmp_path / "scenarios/move-a-repair.yaml"]) == []
    # Left empty, the name is the default one.
    res = client.post("/new", data={"template": "starter", "path": "", "id": "  "})
    assert res.status_code == 200
    assert "\nid: mine/my-scenario\n" in (tmp_path / "scenarios/my-scenario.yaml").read_text(
        encoding="utf-8"
    )


def test_a_conversation_in_plain_words_with_its_values() -> None:
    finding = {
        "turn": 0,
        "severity": "minor",
        "category": "persona_drift",
        "explanation": "the edge case was not played",
        "evidence": "hi",
    }
    record = {
        "scenario_id": "a/b",
        "variables": {"hours_left": "31", "first_name": "Ann"},  # first_name: every scenario's
        "turns": [{"role": "customer", "content": "hi"}],
        "verdict": {"label": "REVIEW", "findings": [finding], "rationale": "Needs review."},
    }
    html = conversation(record, 2)
    assert "<div class='note'>hours_left 31 · Rule 2 applies</div>" in html
    assert (
        '<div class="finding">⚑ minor customer out of character: the situation was not played'
    ) in html
