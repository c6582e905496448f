"""A rule that refuses and offers something else (`offer:`): the model and lint, the
scripted support (names the alternative with its first refusal, arranges it on a yes) and
customer (takes it now and then), and the studio's choice, box, lines and ending words."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from test_scripted_dialogue import SCENARIO, acts, converse, make_plan

from agents import types as a
from agents.llm.roles import support_prompt
from agents.scripted.offering import TAKEN, arranged
from agents.types import Reply, Turn
from scenarios.lint import lint
from simulator.studio.editing import author
from simulator.studio.pages.sections import offline_html
from simulator.studio.trying.endings import ending
from simulator.studio.trying.offline import apply_field

OFFER = "a 20% voucher for your next order"
OFFERING: dict[str, Any] = copy.deepcopy(SCENARIO)
OFFERING["support"]["rules"] = [
    {
        "when": {"days": {"gt": 30}},
        "action": "refuse",
        "reason": "outside the 30-day window",
        "offer": OFFER,
        "say": [
            "Order {order_id} is past the 30-day window, so I can't refund it.",
            "I understand, but past 30 days the answer stays no.",
        ],
    },
    {"action": "resolve", "say": ["I've refunded order {order_id} in full."]},
]
SEEDS = range(30)
PATIENCE = ("low", "medium", "high")


@pytest.mark.parametrize("seed", SEEDS)
def test_the_refusal_names_the_offer_and_a_yes_gets_it_arranged(seed: int) -> None:
    plan = make_plan(seed, days=45, scenario=OFFERING, patience=PATIENCE[seed % 3])
    turns, outcome = converse(plan)
    said = acts(turns)
    refused = [i for i, act in enumerate(said) if act == a.REFUSE]
    assert refused, said
    first = turns[refused[0]].content
    assert first.endswith(f"What I can offer instead is {OFFER}: shall I arrange that?")
    assert all(OFFER not in turns[i].content for i in refused[1:])  # offered once
    if outcome.reason == TAKEN:
        assert outcome.status == "resolved" and outcome.ended_by == "support"
        assert said[-2:] == [a.ACCEPT, a.RESOLVE] and refused == [len(said) - 3]
        # the support voice may say "I have" for "I've" or add a line after it
        done = turns[-1].content.replace("I have", "I've")
        assert done.startswith(arranged(OFFER)), turns[-1].content
    else:
        assert a.RESOLVE not in said[refused[0] :]  # a no: never arranged, never done


def test_some_customers_take_the_offer_and_some_do_not() -> None:
    """Drawn per conversation from its seed: both answers occur over these seeds."""
    reasons = [
        converse(make_plan(s, days=45, scenario=OFFERING, patience=PATIENCE[s % 3]))[1].reason
        for s in SEEDS
    ]
    assert 0 < reasons.count(TAKEN) < len(reasons)


def test_without_an_offer_the_refusal_is_as_before() -> None:
    plain = copy.deepcopy(OFFERING)
    del plain["support"]["rules"][0]["offer"]
    for seed in range(8):
        turns, outcome = converse(make_plan(seed, days=45, scenario=plain))
        assert outcome.reason != TAKEN
        assert all("offer instead" not in t.content for t in turns)


def _lint(tmp_path: Path, rule: dict[str, Any]) -> list[str]:
    data = copy.deepcopy(OFFERING)
    data["support"]["rules"][0] = rule
    path = tmp_path / "s.yaml"
    out = io.StringIO()
    YAML().dump(data, out)
    path.write_text(out.getvalue(), encoding="utf-8")
    return [f"{p.field}: {p.message}" for p in lint([path])]


def test_lint_an_offer_belongs_to_a_refusal_and_names_known_variables(tmp_path: Path) -> None:
    rule = dict(OFFERING["support"]["rules"][0])
    assert _lint(tmp_path, rule) == []
    assert _lint(tmp_path, {**rule, "action": "escalate"}) == [
        "support.rules[0].offer: only a refusing rule offers something else: set action: "
        "refuse, or remove offer"
    ]
    [unknown] = _lint(tmp_path, {**rule, "offer": "a voucher for {product_name}"})
    assert unknown.startswith("support.rules[0].offer: unknown variable 'product_name'")
    spoken = {**rule, "say": {"en": ["No."], "es": ["No."]}}
    assert (
        "support.rules[0].offer: an offer is said in English only: remove the other languages' "
        "lines, or remove offer and say the alternative in the rule's lines"
    ) in _lint(tmp_path, spoken)


def test_the_studio_offers_the_choice_a_box_and_lines_that_follow(tmp_path: Path) -> None:
    text = author.from_template("starter", *author.id_from_words("Dental clinic: move a visit"))
    offered = apply_field(text, "rule.0.action", "offer")
    rule = YAML(typ="safe").load(offered)["support"]["rules"][0]
    assert rule["action"] == "refuse" and rule["offer"] == "another option (write yours here)"
    named = apply_field(offered, "rule.0.offer", "a place on the cancellation list")
    rule = YAML(typ="safe").load(named)["support"]["rules"][0]
    assert rule["say"][0] == (
        "I'm sorry, but I can't handle requests made more than 30 days ago. "
        "What I can offer instead is a place on the cancellation list: shall I arrange that?"
    )
    html = offline_html(YAML(typ="safe").load(named))
    assert "<option value='offer' selected>refuses and offers something else</option>" in html
    assert "value='a place on the cancellation list'" in html and "id='o-rule.0.offer'" in html
    plain = YAML(typ="safe").load(apply_field(named, "rule.0.action", "refuse"))
    rule = plain["support"]["rules"][0]
    assert "offer" not in rule and "offer instead" not in rule["say"][0]
    (tmp_path / "s.yaml").write_text(named, encoding="utf-8")
    assert lint([tmp_path / "s.yaml"]) == []


def test_a_taken_offer_reads_as_such() -> None:
    record = {"outcome": {"status": "resolved", "reason": TAKEN}, "turns": []}
    assert ending(record, "refuse") == "customer took what support offered instead (resolved)"


def test_the_llm_support_is_briefed_to_offer_it_when_the_rule_applies() -> None:
    brief = support_prompt(make_plan(1, scenario=OFFERING, days=45))
    assert f'when you refuse this request, offer "{OFFER}" instead' in " ".join(brief.split())
    assert "Offer something else" not in support_prompt(make_plan(1, scenario=OFFERING, days=5))


def test_a_refusal_that_does_not_name_the_offer_is_not_taken() -> None:
    """A bot under test that refuses without offering anything: the scripted customer does
    not say yes to an offer it never heard."""

    class Refuser:
        async def respond(self, plan: Any, turns: Any, memory: Any, desk: Any = None) -> Reply:
            text = "Sorry, I can't refund that order." if turns else "Hi, how can I help?"
            act = a.REFUSE if turns else a.GREET
            return Reply(turn=Turn(role="support", content=text, act=act), memory={})

    for seed in range(12):
        plan = make_plan(seed, days=45, scenario=OFFERING, patience=PATIENCE[seed % 3])
        turns, outcome = converse(plan, support=Refuser())
        assert outcome.reason != TAKEN
        first = acts(turns).index(a.REFUSE)
        answer = turns[first + 1]
        # A yes to the offer would carry on; only an ACCEPT of the refusal itself ends it.
        assert answer.act != a.ACCEPT or len(turns) == first + 2, acts(turns)
