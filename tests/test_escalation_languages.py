"""A request for a person ignored by a bot, in Spanish, French, German and Portuguese, is found
as in English (DESIGN: "Observe, don't guess").

Two causes, each fixed in general: (1) act-less customer text in those languages (a
transcript graded from elsewhere, an LLM customer) was read as "another language" chitchat,
so a request for a person was never seen; (2) a support reply in those languages with one
sentence the reader could not read made the whole check undecided, even when that sentence
named no one and passed nothing on ("Der Betrag geht auf Ihre Karte."), so a bot that ignored
the request and then refunded got no `ignored_escalation`. The phrasings here were written
for this test, not taken from the scripted customer's banks (tests/test_bottest_heldout_sets.py
plays the scripted customers).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from agents.critic import Critic, grade
from agents.types import REQUEST_ESCALATION, ConversationPlan, Outcome, Turn, Verdict
from agents.understanding.foreign.handovers import may_hand_over
from agents.understanding.foreign.requests import asks_for_person
from scenarios.loader import load_scenarios
from simulator.quality.grading import GradeReport, iter_grade_lines

ROOT = Path(__file__).resolve().parent.parent
FIVE = ROOT / "tests" / "data" / "bots" / "refund-five.yaml"

ASKS = {
    "es": [
        "Quiero hablar con un supervisor, ya.",
        "¿Me puede pasar con una persona de verdad?",
        "Páseme con su encargado, por favor.",
        "Necesito hablar con alguien que pueda decidir.",
        "¿Hay algún humano ahí?",
        "Esto no funciona, quiero un agente humano.",
        "¿No puedo hablar con alguien?",
    ],
    "fr": [
        "Je veux parler à un responsable.",
        "Passez-moi un conseiller, s'il vous plaît.",
        "Je voudrais parler à quelqu'un d'autre.",
        "Y a-t-il un humain quelque part ?",
        "Est-ce que je peux parler à une vraie personne ?",
        "Je veux qu'un superviseur s'en occupe.",
    ],
    "de": [
        "Ich möchte mit einem Vorgesetzten sprechen.",
        "Verbinden Sie mich bitte mit einem Menschen.",
        "Ich will einen echten Mitarbeiter.",
        "Kann ich nicht einfach mit jemandem reden, der das entscheiden darf?",
        "Gibt es da auch einen Menschen?",
        "Lassen Sie mich mit jemandem, der zuständig ist, sprechen.",
    ],
    "pt": [
        "Quero falar com um atendente humano.",
        "Me passa pra um supervisor, por favor.",
        "Preciso falar com alguém de verdade.",
        "Tem alguma pessoa aí?",
        "Chame o gerente.",
        "Não dá pra falar com uma pessoa?",
    ],
}
NOT_ASKS = [
    "Ya hablé con un agente ayer y no me ayudó.",
    "Mi compañero de piso recibió el paquete.",
    "No quiero hablar con nadie, solo quiero el reembolso.",
    "Quiero añadir otra persona a mi póliza.",
    "Quisiera hablar con alguien sobre una comisión en mi cuenta.",
    "Votre collègue m'a dit que c'était réglé.",
    "Mon conseiller bancaire est en vacances.",
    "Ich habe schon mit einem Mitarbeiter gesprochen.",
    "Ich möchte nicht mit einem Menschen sprechen, machen Sie es einfach.",
    "Ich möchte eine weitere Person in meine Versicherung aufnehmen.",
    "Gibt es eine Entschädigung, wenn Sie jemandem den Flug streichen?",
    "Já falei com um atendente ontem.",
    "Preciso bloquear o cartão antes que alguém use.",
    "Quero sair da operadora sem pagar multa.",
    "I will send it to the person at the desk.",
    "Hallo, meine Lampe ist kaputt angekommen. Ich möchte mein Geld zurück.",
]


@pytest.mark.parametrize("text", [t for texts in ASKS.values() for t in texts])
def test_a_request_for_a_person_is_read(text: str) -> None:
    assert asks_for_person(text)


@pytest.mark.parametrize("text", NOT_ASKS)
def test_other_mentions_of_people_are_not_requests(text: str) -> None:
    assert not asks_for_person(text)


@pytest.mark.parametrize(
    ("text", "may"),
    [
        (
            "Erledigt: Ich habe die Bestellung ORD-1 erstattet. Der Betrag geht auf Ihre Karte.",
            False,
        ),
        ("Listo: he reembolsado el pedido ORD-1. Verá el importe en su tarjeta.", False),
        ("C'est fait. Le montant arrive sur votre carte sous 5 jours.", False),
        ("Pronto: reembolsei o pedido ORD-1. O valor volta para o seu cartão.", False),
        ("Ana te llamará en 10 minutos.", True),
        ("Frau Weber meldet sich morgen bei Ihnen.", True),
        ("Un conseiller reprend la conversation.", True),
        ("A Júlia assume daqui.", True),
        ("¿Cuál es su número de pedido? Lucía lo verá en un rato.", True),
        ("Danke, Frau Berger sieht sich das an.", True),
        ("Merci Camille, j'ai remboursé la commande.", False),  # the customer's own name
    ],
)
def test_what_could_hold_a_handover(text: str, may: bool) -> None:
    assert may_hand_over(text, own=("Camille", "Martin")) is may


# (customer turns, support turns) per language: the customer asks twice, the bot asks for
# the order number, then refunds with a sentence the reader has no frame for.
IGNORED = {
    "es": (
        ["Hola, mi lámpara llegó rota. Quiero que me devuelvan el dinero.",
         "Quiero hablar con un supervisor ahora mismo.",
         "Páseme con una persona, por favor.", "ORD-12345"],
        ["Vaya, lo siento. ¿Cuál es su número de pedido?",
         "¿Cuál es su número de pedido? Empieza por ORD-.",
         "Sin el número de pedido no puedo hacer nada.",
         "He reembolsado el pedido ORD-12345. El dinero vuelve a su tarjeta."],
    ),
    "fr": (
        ["Bonjour, ma lampe est arrivée cassée. Je veux un remboursement.",
         "Je veux parler à un responsable tout de suite.",
         "Passez-moi quelqu'un d'autre, s'il vous plaît.", "ORD-12345"],
        ["Désolé ! Quel est votre numéro de commande ?",
         "Quel est votre numéro de commande ? Il commence par ORD-.",
         "Sans le numéro de commande, je ne peux rien faire.",
         "J'ai remboursé la commande ORD-12345. L'argent revient sur votre carte."],
    ),
    "de": (
        ["Hallo, meine Lampe ist kaputt angekommen. Ich will mein Geld zurück.",
         "Ich möchte jetzt bitte mit einem Vorgesetzten sprechen.",
         "Verbinden Sie mich mit einem Menschen, bitte.", "ORD-12345"],
        ["Das tut mir leid. Wie lautet Ihre Bestellnummer?",
         "Wie lautet Ihre Bestellnummer? Sie beginnt mit ORD-.",
         "Ohne Bestellnummer kann ich leider nichts machen.",
         "Ich habe die Bestellung ORD-12345 erstattet. Der Betrag geht auf Ihre Karte."],
    ),
    "pt": (
        ["Oi, minha luminária chegou quebrada. Quero meu dinheiro de volta.",
         "Quero falar com um supervisor agora.",
         "Me passa pra uma pessoa, por favor.", "ORD-12345"],
        ["Poxa, sinto muito. Qual é o número do pedido?",
         "Qual é o número do pedido? Começa com ORD-.",
         "Sem o número do pedido não consigo fazer nada.",
         "Reembolsei o pedido ORD-12345. O valor volta para o seu cartão."],
    ),
}  # fmt: skip
HANDED = {
    "es": "Claro, le paso ahora mismo con un compañero.",
    "fr": "Bien sûr, je vous transfère à un conseiller.",
    "de": "Natürlich, ich verbinde Sie jetzt mit einem Kollegen.",
    "pt": "Claro, vou te transferir para um colega agora.",
}


def _grade(tmp_path: Path, records: list[dict[str, object]]) -> dict[str, Any]:
    source = tmp_path / "logs.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    scenarios = {s.id: s for s in load_scenarios([FIVE])}
    lines = iter_grade_lines(source, scenarios, Critic(), GradeReport())
    return {r["id"]: r for r in map(json.loads, lines)}


def _messages(customer: list[str], support: list[str]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for c, s in zip(customer, support, strict=True):
        out += [{"role": "user", "content": c}, {"role": "assistant", "content": s}]
    return out


def test_an_ignored_request_is_found_in_every_language(tmp_path: Path) -> None:
    """Graded from elsewhere (no acts): found where the bot ignored the request, whether the
    customer asked twice or asked once and then gave the order number (the refund's last
    sentence unread); nothing where the bot handed over at once."""
    records: list[dict[str, object]] = []
    for code, (customer, support) in IGNORED.items():
        opening, asked, again, number = customer
        ask, ask_again, nothing, refund = support
        records += [
            {"id": f"{code}-twice", "scenario_id": "bots/refund-five",
             "messages": _messages([opening, asked, again], [ask, ask_again, nothing])},
            {"id": f"{code}-once", "scenario_id": "bots/refund-five",
             "messages": _messages([opening, asked, number], [ask, ask_again, refund])},
            {"id": f"{code}-handed", "scenario_id": "bots/refund-five",
             "messages": _messages([opening, asked], [ask, HANDED[code]])},
        ]  # fmt: skip
    graded = _grade(tmp_path, records)
    for code in IGNORED:
        for case in ("twice", "once"):
            verdict = graded[f"{code}-{case}"]["verdict"]
            found = [(f["category"], f["turn"]) for f in verdict["findings"]]
            assert ("ignored_escalation", 5) in found, (code, case, found)
        handed = graded[f"{code}-handed"]["verdict"]
        assert not [f for f in handed["findings"] if f["category"] == "ignored_escalation"]
        assert "ignored_escalation" not in handed.get("unjudged", [])


# --- with the simulated customer's acts (convsim test): the support side's replies decide ------

FIXTURE = yaml.safe_load((ROOT / "tests" / "data" / "critic" / "plan.yaml").read_text())
FIXTURE.pop("edge_case_library")
PLAN = ConversationPlan.model_validate(FIXTURE)
RESOLVED = Outcome(status="resolved", reason="customer thanked support", ended_by="customer")


def c(content: str, act: str | None = None) -> Turn:
    return Turn(role="customer", content=content, act=act)


def s(content: str) -> Turn:
    return Turn(role="support", content=content)


def found(v: Verdict) -> list[tuple[int | None, str]]:
    return [(f.turn, f.severity) for f in v.findings if f.category == "ignored_escalation"]


def test_escalation_in_another_language_is_decided_unless_a_reply_could_hand_over() -> None:
    """A German reply the reader does not read whole is decided when it names no one and
    passes nothing on (as the English one is); one that names someone who may take over in
    words the reader lacks leaves it unjudged."""
    asked = c("Ich möchte sofort mit einem Vorgesetzten sprechen.", REQUEST_ESCALATION)
    german = [
        asked,
        s("Ich verstehe Ihren Wunsch. Können Sie mir bitte die Bestellnummer nennen?"),
        c("Nein, ich will einen Vorgesetzten!", REQUEST_ESCALATION),
        s("Ich brauche zuerst die Bestellnummer, dann kann ich Ihnen weiterhelfen."),
        c("Dann eben nicht."),
    ]
    v = grade(PLAN, german, RESOLVED)
    assert found(v) == [(3, "major")]
    english = [german[0], s("What's the order number?"), german[2], s("Order number first."), c("")]
    assert found(grade(PLAN, english, RESOLVED)) == [(3, "major")]
    later = "Ich brauche zuerst die Bestellnummer. Danach sieht sich Lena den Fall an."
    maybe = [*german[:3], s(later), c("")]
    v = grade(PLAN, maybe, RESOLVED)
    assert found(v) == []
    assert "ignored_escalation" in v.unjudged
