"""Text, reading s18 (main 910d028, run seed 97531, all five languages): the causes fixed where
the text is composed, checked as behaviour in every language, with wording the phrase banks
do not use.

- the go-ahead question said again word for word after "Is that really necessary?", and
  "It's our policy" as the answer to "What does that mean for me?";
- the customer's own words in support's mouth ("you've seen a cash withdrawal I didn't
  make");
- a stock "let me loop in my manager" before the rule's own words saying what happens;
- relief or praise right after an answer that says no; an opening that points back at
  something never said; a joining lead left alone as a sentence ("Et aussi.").
"""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Mapping
from typing import Any

import pytest
from test_reading_s16 import _plans

from agents import types as a
from agents.phrasing import Utterance, realize
from agents.phrasing.person import addressed
from agents.scripted.confirming import asked_back
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.types import ConversationPlan, Turn

LANGS = ("en", "es", "fr", "de", "pt")

# ---- the customer's words said back ------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "value", "said"),
    [
        ("en", "a transfer I never authorised", "a transfer you never authorised"),
        ("en", "the parcel my neighbour signed for", "the parcel your neighbour signed for"),
        ("en", "I'm abroad until Friday", "you're abroad until Friday"),
        ("es", "un cargo que no autoricé", "un cargo que no autorizó"),
        ("es", "mi maleta azul", "su maleta azul"),
        ("fr", "la commande que j'ai passée hier", "la commande que vous avez passée hier"),
        ("fr", "mes deux valises", "vos deux valises"),
        ("de", "ein Paket, das ich nie bekommen habe", "ein Paket, das Sie nie bekommen haben"),
        ("de", "meine alte Adresse", "Ihre alte Adresse"),
        ("pt", "uma compra que eu não autorizei", "uma compra que você não autorizou"),
        ("pt", "minha mala azul", "sua mala azul"),
        ("en", "the Visa card on file", "the Visa card on file"),
    ],
)
def test_a_customers_words_are_said_back_in_the_second_person(
    language: str, value: str, said: str
) -> None:
    assert addressed(value, language) == said


@pytest.mark.parametrize(("language", "value"), [("fr", "je mange"), ("pt", "eu comi")])
def test_a_verb_it_does_not_know_is_left_alone(language: str, value: str) -> None:
    """No guessed conjugation ("vous mange"): the caller keeps the value as it was."""
    assert addressed(value, language) is None


_FIRST = {
    "en": re.compile(r"\bI (?:didn't|don't|do not|did not)\b"),
    "es": re.compile(r"(?i)\bque no (?:hice yo|reconozco)\b"),
    "fr": re.compile(r"(?i)\bque je n[e']"),
    "de": re.compile(r"(?i)\bdie ich nicht\b"),
    "pt": re.compile(r"(?i)\bque eu não\b"),
}


async def _play(plan: ConversationPlan, cut: Any = None) -> tuple[list[Turn], Mapping[str, Any]]:
    """Both sides scripted, with support's last memory; `cut(turns)` may stop it early."""
    memory: dict[str, Mapping[str, Any]] = {"customer": {}, "support": {}}
    turns: list[Turn] = []
    for _ in range(plan.scenario.max_turns):
        reply = await ScriptedCustomer().respond(plan, turns, memory["customer"])
        memory["customer"] = reply.memory
        turns.append(reply.turn)
        if reply.stop is not None:
            break
        sup = await ScriptedSupport().respond(plan, turns, memory["support"])
        memory["support"] = sup.memory
        turns.append(sup.turn)
        if sup.stop is not None or (cut is not None and cut(turns)):
            break
    return turns, memory["support"]


@pytest.mark.parametrize("language", LANGS)
def test_support_never_speaks_in_the_customers_first_person(language: str) -> None:
    """Reading s18: "Because you've seen a cash withdrawal I didn't make, ..." (and "que je
    n'ai pas fait", "die ich nicht gemacht habe" in the other languages)."""
    plans = []
    for value in ("a cash withdrawal I didn't make", "two online purchases I don't recognise"):
        plans += _plans("banking/lost-debit-card", language, {"suspicious": value}, 4)
    assert plans
    said = [
        t.content
        for plan in plans
        for t in asyncio.run(_play(plan))[0]
        if t.role == "support" and t.content
    ]
    assert not [t for t in said if _FIRST[language].search(t)]


# ---- the go-ahead question asked again ---------------------------------------------------

_MEANS = {
    "en": "OK, but in practice what would that mean for me?",
    "es": "¿Y eso en la práctica qué significa para mí?",
    "fr": "Concrètement, ça veut dire quoi pour moi ?",
    "de": "Und was bedeutet das konkret für mich?",
    "pt": "Tá, mas o que isso quer dizer pra mim na prática?",
}
_NEEDED = {
    "en": "Hang on, is blocking it actually necessary?",
    "es": "¿Pero de verdad hace falta bloquearla?",
    "fr": "Attendez, c'est obligatoire de la bloquer ?",
    "de": "Moment, ist die Sperre denn notwendig?",
    "pt": "Mas precisa mesmo bloquear agora?",
}
_POLICY = re.compile(r"(?i)(?:policy|rule|política|norma|politique|règle|Richtlinie|Regel|regra)")


def test_what_a_customer_asks_back_is_read_in_five_languages() -> None:
    assert {asked_back(t) for t in _MEANS.values()} == {"means"}
    assert {asked_back(t) for t in _NEEDED.values()} == {"needed"}
    assert asked_back("Is there any other way to do this?") == "around"
    assert asked_back("How come?") == "why"


def _asked_again(plan: ConversationPlan, question: str) -> tuple[str, str] | None:
    """Support's go-ahead question and its reply once the customer asks `question` back."""
    turns, memory = asyncio.run(_play(plan, lambda turns: turns[-1].act == a.CONFIRM))
    if not turns or turns[-1].act != a.CONFIRM:
        return None
    turns.append(Turn(role="customer", content=question, act=a.ASK))
    reply = asyncio.run(ScriptedSupport().respond(plan, turns, memory))
    return turns[-2].content, reply.turn.content


@pytest.mark.parametrize("language", LANGS)
def test_asked_back_the_go_ahead_question_answers_it_and_is_not_said_word_for_word(
    language: str,
) -> None:
    """Reading s18: "Is that genuinely necessary?" got the turn before again word for word,
    and "What does that mean for me?" got "It's our policy, I'm afraid." first."""
    plans = _plans("banking/lost-debit-card", language, {}, 12)
    seen = 0
    for i, plan in enumerate(plans):
        question = (_MEANS if i % 2 else _NEEDED)[language]
        pair = _asked_again(plan, question)
        if pair is None:
            continue
        before, again = pair
        seen += 1
        assert before.strip() not in again, (question, again)
        if question == _MEANS[language]:
            assert not _POLICY.search(again.split(".")[0]), again
    assert seen >= 3


# ---- hand-overs, reactions, openings ---------------------------------------------------

_STOCK = re.compile(
    r"(?i)(?:loop in|bring in|transfer you to|escalate this|hand this over|pass this on)"
)


def test_the_rules_own_words_for_an_escalation_get_no_stock_hand_over_before_them() -> None:
    """Reading s18: "I'm going to loop in my manager so they can take it from here! ... I'm
    booking you in with our field team" (support then acting itself)."""
    content = (
        "The meter reading shows a fault at the junction box. I'm sending an engineer out "
        "tomorrow morning at no charge."
    )
    u = Utterance(role="support", act=a.ESCALATE, content=content, after=a.INFORM, turn_index=5)
    texts = {realize(u, None, random.Random(s)) for s in range(60)}
    assert not [t for t in texts if _STOCK.search(t)]
    assert all("engineer" in t for t in texts)


_RELIEF = re.compile(
    r"(?i)^\W*(?:phew|perfect|great|wonderful|awesome|brilliant|fantastic|ufa|uf\b|ouf|puh|"
    r"genial|estupendo|perfecto|parfait|génial|perfekt|prima|toll|ótimo|perfeito|finalmente|"
    r"enfin|endlich|por fin|qué alivio|que alívio)"
)


@pytest.mark.parametrize("language", LANGS)
def test_thanks_after_a_no_carries_no_relief(language: str) -> None:
    """Reading s18: "Ufa. Agora posso respirar!" right after "I have no more details on
    that"; a thank-you after a refusal is for the explanation, or anyway."""
    u = Utterance(
        role="customer", act=a.THANK, after=a.REFUSE, language=language, turn_index=7,
        after_text="Sorry, that isn't something I'm able to change.",
    )  # fmt: skip
    texts = [realize(u, None, random.Random(s)) for s in range(120)]
    assert not [t for t in texts if _RELIEF.search(t)]


_POINTS_BACK = re.compile(
    r"(?i)(?:as I (?:said|mentioned)|like I said|same as before|wie gesagt|wie erwähnt|von "
    r"vorhin|como (?:le )?dije|lo de antes|comme je disais|tout à l'heure|como eu (?:falei|"
    r"disse)|de antes)"
)


@pytest.mark.parametrize("language", LANGS)
def test_a_vague_opening_points_back_at_nothing(language: str) -> None:
    """Reading s18: "Wie gesagt, das Übliche" as the first line of a conversation."""
    u = Utterance(
        role="customer", act=a.CHITCHAT, edge_case="vague", language=language, turn_index=0
    )
    texts = {realize(u, None, random.Random(s)) for s in range(200)}
    assert not [t for t in texts if _POINTS_BACK.search(t)]


_JOINER_ALONE = re.compile(
    r"(?i)(?:^|[.!?]\s+)(?:and|also|oh, and|et|et aussi|ah, et|y|y también|ah, y|y otra cosa|"
    r"und|und noch was|ach, und|e|e também|ah, e|e mais uma coisa)\s*[.!]"
)


@pytest.mark.parametrize("language", ["es", "fr", "de", "pt"])
def test_a_question_lead_that_joins_is_never_a_sentence_alone(language: str) -> None:
    """Reading s18: "Bon. Et aussi. Super. Je recevrai ...?"."""
    u = Utterance(
        role="customer", act=a.ASK, language=language, turn_index=6, after=a.RESOLVE,
        content={"es": "¿Cuándo llega?", "fr": "Ça arrive quand ?", "de": "Wann kommt es?",
                 "pt": "Quando chega?"}[language],
    )  # fmt: skip
    texts = {realize(u, None, random.Random(s)) for s in range(300)}
    assert not [t for t in texts if _JOINER_ALONE.search(t)]


@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("fr", "Et pendant ce temps, je fais comment ?"),
        ("es", "Y mientras tanto, ¿qué hago?"),
        ("de", "Und was mache ich in der Zwischenzeit?"),
        ("pt", "E enquanto isso, o que eu faço?"),
    ],
)
def test_a_joining_lead_before_a_question_that_joins_says_the_conjunction_once(
    language: str, question: str
) -> None:
    """Reading s18 (a later read): "Ah, et et en attendant, je me déplace comment?"."""
    u = Utterance(
        role="customer", act=a.ASK, language=language, turn_index=6, after=a.RESOLVE,
        content=question,
    )  # fmt: skip
    texts = {realize(u, None, random.Random(s)) for s in range(300)}
    assert not [t for t in texts if re.search(r"(?i)\b(et|y|und|e)\s+\1\s", t)]
