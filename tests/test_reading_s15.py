"""Text, reading s15 (an independent reader, seed 86420, all five languages): the causes fixed
where the text is composed, checked as behaviour in every language the scripted engine writes.

- stock lines that do not fit the turn before: "tómese su tiempo" to a customer who says they
  are still waiting or pleads ("no se puede" read as "no sé"), "votre réticence" to a customer
  who pleads; a customer asked for details answering "does that mean no?" as if refused; "I
  have nothing more on that" to "das heißt nein?" after a refusal, and to "muss ich noch etwas
  tun?" after it was done;
- raw counts pasted in library text ("$100 per passenger (3)", "2 insgesamt");
- a verb made plural by a username ending in -s ("Your deletion request for kenneththomas
  are confirmed");
- a yes/no or choice fact given back as the question echoed ("as for whether I want standard
  or express delivery for the new card, standard delivery");
- a German label after "Ich brauche diese Angabe:" ("Versandart der neuen Karte").
"""

from __future__ import annotations

import asyncio
import random
import re
from pathlib import Path

import pytest
from persona_fixture import ADA
from test_reading_s11b_languages import _plans, _refused, _until

from agents import types as a
from agents.phrasing import Utterance, edge, realize
from agents.phrasing.declining import decline_kind
from agents.phrasing.facts import customer_facts
from agents.phrasing.local_bank import bank
from agents.planner import Planner
from agents.scripted.common import fill
from agents.scripted.support import ScriptedSupport
from agents.types import Turn
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import builtin_library, load_scenarios

LANGS = ("en", "es", "fr", "de", "pt")


def _customer_lines(language: str, rule: str, n: int = 150) -> set[str]:
    source = edge.BANK if language == "en" else bank(language).customer
    return {source.render(rule, {}, random.Random(seed)) for seed in range(n)}


@pytest.mark.parametrize("language", LANGS)
def test_a_plea_is_read_as_a_plea_and_a_hurry_never_as_not_knowing(language: str) -> None:
    """The customer's own pleas ("ya sé que igual no se puede, pero", "je sais que ce n'est
    sûrement pas possible, mais") are pleas, so support answers with the policy rather than
    "votre réticence" or "tómese su tiempo"; a customer who is in a hurry ("Não tenho o dia
    todo", "Sigo esperando. Eso no se hace") is never told to take their time."""
    pleas = _customer_lines(language, "lead_against_policy")
    assert len(pleas) >= 4
    misread = [p for p in pleas if decline_kind(p) != "pleaded"]
    assert not misread, misread
    for lead in _customer_lines(language, "lead_impatient"):
        for tail in ("", " Eso no se hace.", " Não sei se quero passar por aqui."):
            assert decline_kind(lead + tail) != "unsure", lead + tail


_PRESUPPOSES_NO = re.compile(
    r"(?i)quiere decir que no|c[oó]mo que no se puede|nada que hacer|veut dire non|"
    r"comment [çc]a, ce n'est pas possible|rien [àa] faire|hei[ßs]t das nein|das geht nicht\?|"
    r"gar nichts machen|quer dizer que n[aã]o|como assim n[aã]o d[aá]|nada a fazer|"
    r"that can't be right|nothing you can do"
)


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("tone", ["confused", "angry", "polite", "anxious"])
def test_asked_for_details_a_customer_pushing_back_does_not_speak_of_a_refusal(
    language: str, tone: str
) -> None:
    """Pushing back when asked for details (impatient, against the checks): nothing was
    refused, so no "¿Eso quiere decir que no?" / "Donc il n'y a rien à faire?"."""
    persona = ADA.model_copy(update={"tone": tone, "language": language, "quirks": ()})
    texts = [
        realize(
            Utterance(
                role="customer",
                act=a.PUSH_BACK,
                after=a.REQUEST_INFO,
                after_text="Could you confirm your account number?",
                domain="telecom",
                language=language,
            ),
            persona,
            random.Random(seed),
        )
        for seed in range(150)
    ]
    assert all(t.strip() for t in texts)
    wrong = [t for t in texts if _PRESUPPOSES_NO.search(t)]
    assert not wrong, wrong[:4]


IS_IT_NO = {
    "en": "Does that mean no?",
    "es": "A ver si lo entiendo: ¿eso quiere decir que no?",
    "fr": "Ça veut dire non?",
    "de": "Verstehe ich das richtig, das heißt nein?",
    "pt": "Isso quer dizer que não?",
}
NOTHING_MORE = re.compile(
    r"(?i)anything more on that|any more detail|can't tell you more|keine weiteren Details|"
    r"Mehr kann ich Ihnen dazu|mehr weiß ich dazu|no tengo más detalles|no puedo decirle nada "
    r"más|pas avoir plus de détails|vous en dire plus|não tenho mais detalhes|não consigo te "
    r"dizer mais"
)


@pytest.mark.parametrize("language", LANGS)
def test_asked_whether_a_refusal_is_a_no_support_says_it_stands(language: str) -> None:
    cases = _refused(language)
    assert len(cases) >= 5, language
    bad = []
    for plan, turns, memory in cases:
        turns, memory = list(turns), dict(memory)
        for _ in range(2):  # asked once, and again once it was said to stand
            turns.append(
                Turn(role="customer", content=IS_IT_NO[language], act=a.ASK,
                     slots={"kind": "generic"})
            )  # fmt: skip
            reply = asyncio.run(ScriptedSupport().respond(plan, turns, memory))
            if NOTHING_MORE.search(reply.turn.content) or reply.turn.act != a.REFUSE:
                bad.append(f"{plan.scenario.id}: {reply.turn.content!r}")
            turns.append(reply.turn)
            memory = dict(reply.memory)
    assert not bad, "\n".join(bad[:6])


ANYTHING_TO_DO = {
    "es": "¿Tengo que hacer algo más?",
    "fr": "Est-ce que je dois faire quelque chose?",
    "de": "Muss ich noch etwas tun?",
    "pt": "Preciso fazer mais alguma coisa?",
}


@pytest.mark.parametrize("language", sorted(ANYTHING_TO_DO))
def test_asked_what_is_left_to_do_once_done_support_answers_it(language: str) -> None:
    answered = 0
    for plan in _plans(language, per_scenario=3):
        found = asyncio.run(_until(plan, frozenset({a.RESOLVE})))
        if found is None:
            continue
        turns, memory = found
        turns = [
            *turns,
            Turn(role="customer", content=ANYTHING_TO_DO[language], act=a.ASK,
                 slots={"kind": "generic"}),
        ]  # fmt: skip
        reply = asyncio.run(ScriptedSupport().respond(plan, turns, memory))
        assert not NOTHING_MORE.search(reply.turn.content), (plan.scenario.id, reply.turn.content)
        answered += 1
    assert answered >= 5


# A count pasted raw beside the noun it counts: "per passenger (3)", "(1 in total)", ", 2
# insgesamt,".
_RAW_COUNT = re.compile(
    r"\(\{\w+\}\s+(?:in total|en total|au total|insgesamt|no total)\)|"
    r"\{\w+\} (?:in total|en total|au total|insgesamt|no total)\b|"
    r"\b(?:per|pro|por|par) \w+ \(\{\w+\}\)"
)


def test_library_text_says_counts_in_sentences_not_raw() -> None:
    library = Path(builtin_library())
    files = sorted(library.rglob("*.yaml"))
    assert len(files) > 20
    raw = [
        f"{p.relative_to(library)}: {m.group()}"
        for p in files
        for m in _RAW_COUNT.finditer(p.read_text(encoding="utf-8"))
    ]
    assert not raw, raw[:6]
    # German "Reisepass" is a passport: a travel day pass is never called one
    german_telecom = "".join(p.read_text(encoding="utf-8") for p in library.rglob("telecom/*.yaml"))
    assert "Reisepass" not in german_telecom


def test_a_username_ending_in_s_does_not_make_its_sentence_plural() -> None:
    scenario = next(
        s for s in load_scenarios([builtin_library()]) if s.id == "saas/data-deletion-request"
    )
    planner = Planner(15, [scenario], load_edge_cases())
    plan = next(p for p in (planner.plan(i) for i in range(60)) if p.persona.language == "en")
    plan = plan.model_copy(update={"variables": {**plan.variables, "username": "kenneththomas"}})
    text = fill(plan, "Your deletion request for {username} is confirmed.", "test")
    assert text == "Your deletion request for kenneththomas is confirmed."
    # a plural product still agrees
    plan = plan.model_copy(update={"variables": {**plan.variables, "item": "Nimbus Earbuds"}})
    assert "are broken" in fill(plan, "The {item} is broken.", "test")


def test_a_yes_no_or_choice_fact_is_answered_not_the_question_echoed() -> None:
    facts = {
        "whether I see any transactions I don't recognise": "none",
        "whether I want standard or express delivery for the new card": "express delivery",
    }
    for seed in range(60):
        rng = random.Random(seed)
        both = customer_facts(facts, rng)
        one = customer_facts({"whether their licence is valid": "valid"}, rng)
        for text in (both, one):
            assert not re.search(r"(?i)as for whether|whether .*, (?:none|express|valid)", text), (
                text
            )
        told = realize(
            Utterance(role="customer", act=a.INFORM, facts=facts, language="en"), None, rng
        )
        # known, not read off a screen ("according to my email none, I don't see any ...")
        assert not re.search(r"(?i)email|confirmation|statement|screen", told), told
        # the values said, as support listens for them
        assert "express delivery" in both and re.search(r"(?i)\bnone\b.*don't", both), both


def test_a_german_label_is_asked_in_a_sentence_not_after_a_colon() -> None:
    texts = [
        realize(
            Utterance(
                role="support",
                act=a.REQUEST_INFO,
                # (the library's "Versandart der neuen Karte" is asked with its options since
                # reading s17: tests/test_reading_s17.py; a label the bank has no words for)
                facts={"Lieferart der Bestellung": ""},
                domain="ecommerce",
                language="de",
            ),
            None,
            random.Random(seed),
        )
        for seed in range(60)
    ]
    pasted = [t for t in texts if re.search(r":\s*Lieferart", t)]
    assert not pasted, pasted[:3]
    assert all("die Lieferart der Bestellung" in t for t in texts), texts[:3]


# ---- repeats ------------------------------------------------------------------------------

_SPLIT = re.compile(r"(?<=[.!?])\s+")
_WORDS = re.compile(r"[^\W_]+")


def _stated(text: str) -> list[tuple[str, ...]]:
    """The words of each sentence that states something (not a request for the details,
    which is asked again until they come)."""
    return [
        tuple(w.lower() for w in _WORDS.findall(t))
        for t in _SPLIT.split(text)
        if not t.rstrip().endswith("?") and ":" not in t
    ]


def _again(reply: str, before: str) -> bool:
    """A sentence of `before` said again in `reply`, word for word or behind another opening
    word or two ("Le entiendo, pero" / "Lo entiendo, pero"), five words or more alike."""
    for x in _stated(reply):
        for y in _stated(before):
            n = 0
            for p, q in zip(reversed(x), reversed(y), strict=False):
                if p != q:
                    break
                n += 1
            if n >= 5 and n >= min(len(x), len(y)) - 2:
                return True
    return False


PLEA = {
    "en": "I know it's against the rules, but can't you just skip it this once?",
    "es": "Ya sé que igual no se puede, pero ¿no pueden hacer una excepción por esta vez?",
    "fr": "Je sais que ce n'est sûrement pas possible, mais une exception, non?",
    "de": "Ich weiß, dass das eigentlich nicht geht, aber können Sie nicht ausnahmsweise?",
    "pt": "Eu sei que talvez não dê, mas não dá pra abrir uma exceção só dessa vez?",
}


@pytest.mark.parametrize("language", LANGS)
def test_support_does_not_say_its_last_turn_again_after_a_push_back(language: str) -> None:
    """Pushed back on twice, before the checks (a plea) and after a refusal: no sentence of
    the reply is one of support's turn just before, word for word or behind another opening
    word ("Le entiendo, pero las comprobaciones son las mismas para todos." after "Lo
    entiendo, pero ..."), and an offer just made is pointed back to, not pasted again."""
    bad = []
    checked = 0
    for plan in _plans(language, per_scenario=2):
        found = asyncio.run(_until(plan, frozenset({a.REQUEST_INFO})))
        if found is None:
            continue
        turns, memory = list(found[0]), dict(found[1])
        for _ in range(2):
            turns.append(Turn(role="customer", content=PLEA[language], act=a.PUSH_BACK))
            reply = asyncio.run(ScriptedSupport().respond(plan, turns, memory))
            last = next(t.content for t in reversed(turns) if t.role == "support" and t.content)
            if _again(reply.turn.content, last):
                bad.append(f"{plan.scenario.id}: {last!r} -> {reply.turn.content!r}")
            checked += 1
            turns.append(reply.turn)
            memory = dict(reply.memory)
    for plan, turns, memory in _refused(language):
        turns, memory = list(turns), dict(memory)
        turns.append(Turn(role="customer", content=PLEA[language], act=a.PUSH_BACK))
        reply = asyncio.run(ScriptedSupport().respond(plan, turns, memory))
        if _again(reply.turn.content, turns[-2].content):
            bad.append(f"{plan.scenario.id}: {turns[-2].content!r} -> {reply.turn.content!r}")
        checked += 1
    assert checked > 20
    assert not bad, "\n".join(bad[:6])
