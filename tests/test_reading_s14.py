"""Text, reading s14 (an independent reader, seed 97531, all five languages): the causes fixed
where the text is composed, checked as behaviour in every language the scripted engine writes.

- a second issue from another domain ("the tracking link doesn't work" in a banking dispute):
  each language's second issue is drawn from the scenario's own domain;
- support asking what a readable heavy-typo message means ("do ypu do next-day delivety" ->
  "what exactly do you need?"), and a heavy-typo customer typing the opening out again in
  mid-conversation: only an unfinished fragment is unreadable, and only an opening is one;
- "I'm not able to make an exception on this" to customers who asked for none ("Not sure
  where I'd find that", "Why do you need that?"): support answers the kind of decline;
- support repeating its refusal behind "Here's where things stand:" / "Je vous le redis" to a
  push-back or "what are my options?": it says plainly, once, that the answer stands, with
  what the refusal still offers, never the reason again word for word;
- a customer asking what a price is right after support quoted one.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import re
from functools import cache

import pytest

from agents import types as a
from agents.phrasing import Utterance, realize
from agents.planner import Planner
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.tools import default_world
from agents.types import ConversationPlan, Outcome, Turn, Verdict
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import builtin_library, load_scenarios
from simulator.run.graph import build_graph, run_conversation

LANGS = ("en", "es", "fr", "de", "pt")
DOMAINS = ("banking", "travel", "insurance", "telecom", "saas")

# A parcel's tracking, in each language: an e-commerce matter only.
TRACKING = re.compile(
    r"(?i)tracking|seguimiento|suivi|Sendungsverfolgung|rastreio|pedido|commande|Bestellung"
)
OPENING = {
    "en": "My card was charged for something I never bought.",
    "es": "Me han cobrado algo que nunca compré.",
    "fr": "On m'a débité un achat que je n'ai jamais fait.",
    "de": "Mir wurde etwas abgebucht, das ich nie gekauft habe.",
    "pt": "Me cobraram uma compra que eu nunca fiz.",
}


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("domain", DOMAINS)
def test_a_second_issue_belongs_to_the_scenarios_domain(language: str, domain: str) -> None:
    texts = [
        realize(
            Utterance(
                role="customer",
                act=a.OPEN,
                content=OPENING[language],
                edge_case="multi_issue",
                domain=domain,
                language=language,
            ),
            None,
            random.Random(seed),
        )
        for seed in range(120)
    ]
    off = [t for t in texts if TRACKING.search(t.replace(OPENING[language], ""))]
    assert not off, off[:3]
    # the second issue is there at all (something after the opening)
    assert sum(len(t) > len(OPENING[language]) + 10 for t in texts) > 60


# A customer holding back the details, by what they ask (agents.phrasing.declining).
DECLINES = {
    "en": {
        "unsure": "Not sure where I'd find that",
        "why": "Why do you need that?",
        "reluctant": "I'm not comfortable sharing that in a chat.",
        "pleaded": "Can't you just make an exception this once?",
    },
    "es": {
        "unsure": "Ni idea, no sé dónde lo encuentro.",
        "why": "¿Para qué lo necesitan?",
        "reluctant": "No me gusta dar eso por chat.",
        "pleaded": "¿No pueden hacer una excepción por esta vez?",
    },
    "fr": {
        "unsure": "Aucune idée, je ne sais pas où le trouver.",
        "why": "Pourquoi vous en avez besoin?",
        "reluctant": "Je n'aime pas donner ça par chat.",
        "pleaded": "Vous ne pouvez pas faire une exception pour cette fois?",
    },
    "de": {
        "unsure": "Keine Ahnung, wo finde ich das?",
        "why": "Wozu brauchen Sie das?",
        "reluctant": "Das schreibe ich nicht gern in einen Chat.",
        "pleaded": "Können Sie nicht ausnahmsweise eine Ausnahme machen?",
    },
    "pt": {
        "unsure": "Não sei onde encontro isso.",
        "why": "Pra que vocês precisam disso?",
        "reluctant": "Não gosto de mandar isso por chat.",
        "pleaded": "Não dá pra abrir uma exceção só dessa vez?",
    },
}
EXCEPTION = re.compile(
    r"(?i)exception|excepción|exceção|Ausnahme|skip|saltarme|sauter|"
    r"überspringen|pular"
)


@pytest.mark.parametrize("language", LANGS)
def test_an_exception_is_refused_only_to_a_customer_who_asked_for_one(language: str) -> None:
    def replies(kind: str) -> list[str]:
        return [
            realize(
                Utterance(
                    role="support",
                    act=a.REQUEST_INFO,
                    facts={"account number": ""},
                    edge_case="against_policy",
                    after=a.INFORM,
                    after_text=DECLINES[language][kind],
                    domain="telecom",
                    language=language,
                ),
                None,
                random.Random(seed),
            )
            for seed in range(80)
        ]

    for kind in ("unsure", "why", "reluctant"):
        wrong = [t for t in replies(kind) if EXCEPTION.search(t)]
        assert not wrong, (kind, wrong[:3])
    assert any(EXCEPTION.search(t) for t in replies("pleaded"))


# ---- whole conversations ------------------------------------------------------------------

LIBRARY = sorted(load_scenarios([builtin_library()]), key=lambda s: s.id)
EDGES_LIBRARY = load_edge_cases()
EDGES = {e.id: e for e in EDGES_LIBRARY.edge_cases}
_WORDS = re.compile(r"[^\W_]+")


def _ungraded(plan: ConversationPlan, turns: list[Turn], outcome: Outcome) -> Verdict:
    return Verdict(label="ACCEPT", scores={}, rationale="not graded here")


@cache
def played(
    language: str, edge: str, per_scenario: int = 2
) -> list[tuple[ConversationPlan, list[Turn]]]:
    """Conversations of every library scenario in `language`, each with `edge` alone (none
    for "")."""
    graph = build_graph(ScriptedCustomer(), ScriptedSupport(), _ungraded, world=default_world)
    out = []
    for k, scenario in enumerate(LIBRARY):
        planner = Planner(1414 + k, [scenario], EDGES_LIBRARY)
        plans = [p for p in (planner.plan(i) for i in range(200)) if p.persona.language == language]
        for plan in plans[:per_scenario]:
            plan = plan.model_copy(update={"edge_cases": (EDGES[edge],) if edge else ()})
            turns, _, _ = asyncio.run(run_conversation(graph, plan))
            out.append((plan, turns))
    return out


@pytest.mark.parametrize("language", LANGS)
def test_support_reads_a_heavy_typo_message_and_only_a_fragment_is_unreadable(
    language: str,
) -> None:
    clarified = fragments = 0
    for plan, turns in played(language, "heavy_typos"):
        texts = [t for t in turns if t.content]
        for i, t in enumerate(texts):
            if t.role != "customer":
                continue
            garbled = t.act == a.CHITCHAT and t.edge_case is not None
            if garbled:
                fragments += 1
                assert i == 0, (plan.scenario.id, t.content)  # never the issue typed again
                assert len(t.content.split()) <= 4, t.content
            reply = texts[i + 1] if i + 1 < len(texts) else None
            if reply is not None and reply.act == a.CLARIFY:
                clarified += 1
                # asked what it means only of a message nobody could read
                assert garbled, (plan.scenario.id, t.content, reply.content)
    assert fragments > 0 and clarified > 0


PUSH_BACK = {
    "en": "That can't be right! Is there really nothing you can do?",
    "es": "No me parece justo. ¿De verdad no hay otra solución?",
    "fr": "Ce n'est pas normal. Il n'y a vraiment pas d'autre solution?",
    "de": "Das finde ich nicht fair. Gibt es wirklich keine andere Lösung?",
    "pt": "Isso não é justo. Não tem mesmo outra solução?",
}
OPTIONS = {
    "en": "What does that mean for me? What are my options?",
    "es": "¿Y ahora qué? ¿Cuáles son mis opciones?",
    "fr": "Et maintenant? Quelles sont mes options?",
    "de": "Was heißt das für mich? Welche Möglichkeiten habe ich?",
    "pt": "E agora? Quais são minhas opções?",
}
_SENT = re.compile(r"(?<=[.!?:])\s+")


_NOT = re.compile(r"(?i)\bnot\b|n't\b|\bcannot\b|\bno\b|\bne\b|\bpas\b|\bnicht\b|\bkein|\bnão\b")


def _reason(text: str) -> str:
    """A refusal's longest sentence (six words or more): the reason it gives, not a lead
    ("Je sais que ce n'est pas ce que vous espériez.")."""
    negated = [t for t in _SENT.split(text) if _NOT.search(t)]  # what cannot be done
    longest = max(negated, key=lambda t: len(_WORDS.findall(t)), default="")
    return longest if len(_WORDS.findall(longest)) >= 6 else ""


def _tail(sentence: str) -> str:
    return " ".join(_WORDS.findall(sentence.lower())[2:])


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("asked", ["push_back", "options"])
def test_a_refusal_pushed_back_on_is_not_said_again_word_for_word(
    language: str, asked: str
) -> None:
    from test_reading_s11b_languages import _refused

    cases = _refused(language)
    assert len(cases) >= 5, language
    bad = []
    for plan, turns, memory in cases:
        turns, memory = list(turns), dict(memory)
        reason = _reason(turns[-1].content)
        for _ in range(3):
            act, text = (
                (a.PUSH_BACK, PUSH_BACK[language])
                if asked == "push_back"
                else (a.ASK, OPTIONS[language])
            )
            slots = {} if act == a.PUSH_BACK else {"kind": "generic"}
            turns.append(Turn(role="customer", content=text, act=act, slots=slots))
            reply = asyncio.run(ScriptedSupport().respond(plan, turns, memory))
            # the reason's words from its third on, in any case (behind "Como le decía, ...")
            if reason and _tail(reason) in " ".join(_WORDS.findall(reply.turn.content.lower())):
                bad.append(f"{plan.scenario.id}: {reply.turn.content!r}")
            turns.append(reply.turn)
            memory = dict(reply.memory)
    assert not bad, "\n".join(bad[:6])


_COST_Q = re.compile(
    r"(?i)how much|what does .{0,30}cost|cu[aá]nto cuesta|combien (?:ça|cela|coûte)|"
    r"was kostet|wie viel kostet|quanto custa"
)
_PRICE = re.compile(r"[$€£]\s?\d|\d(?:[.,]\d+)?\s?(?:\$|€|£)")


@pytest.mark.parametrize("language", LANGS)
def test_a_customer_does_not_ask_a_price_support_just_quoted(language: str) -> None:
    asked = []
    for plan, turns in played(language, "", per_scenario=8):
        texts = [t for t in turns if t.content]
        for before, t in itertools.pairwise(texts):
            quoted = before.role == "support" and _PRICE.search(before.content)
            if quoted and t.role == "customer" and _COST_Q.search(t.content):
                asked.append(f"{plan.scenario.id}: {before.content!r} -> {t.content!r}")
    assert not asked, "\n".join(asked[:5])
