"""Customer text, reading s11b (an independent reader, seed 24680): the causes of its English
defects fixed where the text is composed, checked as behaviour over many draws of the
realiser and over the library's own labels, not on one phrase.

Causes: a value tagged with its label in brackets ("0312 (the last four digits of my card)",
"GOLD (membership level)", 213 English customer turns in 2,000 conversations, and the same
frame in es/fr/de/pt); a fact nobody asked for written as a form's field in an opening
("MEMBERSHIP LEVEL: GOLD.", "Shipping destination - the mainland US.", "Motif de
résiliation: ...", which a no-punctuation persona turned into "Router lights a red power
light").
"""

from __future__ import annotations

import random
import re

import pytest
from test_reading_s10 import LIBRARY
from test_scripted_dialogue import make_persona

from agents import types as a
from agents.phrasing import Utterance, asking, realize
from agents.phrasing import facts as fx
from agents.phrasing.local_bank import LANGUAGES

# One value of each kind the frames tell apart, with a label a scenario might give it.
_KINDS = {
    "last four digits of my card": "0312",
    "membership level": "Gold",
    "order number": "W2041597",
    "amount sent": "$450",
    "time until I need it": "3 days",
    "account role": "account owner",
    "reason for cancelling": "money is tight right now",
    "bag description": "a navy duffel bag",
    "backup codes": "no",
}
_QUIRKS = ((), ("all_caps",), ("no_punctuation",), ("lowercase",), ("typos",))


def _library_facts() -> dict[str, str]:
    """Every spoken English label of the library, with a value of each kind in turn."""
    labels = sorted(
        str(text) for s in LIBRARY for text in s.customer.labels.values() if isinstance(text, str)
    )
    values = list(_KINDS.values())
    return {label: values[i % len(values)] for i, label in enumerate(labels)}


def _tagged(text: str, values: list[str]) -> bool:
    """A value followed by words in brackets: '0312 (last four digits)'."""
    return any(re.search(re.escape(v) + r"\s*\([^)\d]*[^\W\d][^)]*\)", text, re.I) for v in values)


def test_a_value_is_never_tagged_with_its_label() -> None:
    facts = {**_KINDS, **_library_facts()}
    rng = random.Random(5)
    items = list(facts.items())
    for _ in range(3000):
        chosen = dict(rng.sample(items, rng.randint(1, 3)))
        for labelled in (False, True):
            said = fx.customer_facts(chosen, rng, labelled=labelled)
            assert not _tagged(said, list(chosen.values())), said


@pytest.mark.parametrize("quirks", _QUIRKS)
def test_an_answer_never_tags_its_value_in_any_voice(quirks: tuple[str, ...]) -> None:
    """Through the whole realiser (leads, quirks, all caps), for every kind of value."""
    rng = random.Random(11)
    for verbosity in ("terse", "normal", "chatty"):
        who = make_persona(verbosity=verbosity).model_copy(update={"quirks": list(quirks)})
        for label, value in _KINDS.items():
            for after in (a.REQUEST_INFO, a.ANSWER):
                u = Utterance("customer", a.INFORM, facts={label: value}, after=after)
                for _ in range(40):
                    said = realize(u, who, rng)
                    assert not _tagged(said, [value]), said


def _bare_label(text: str, label: str) -> bool:
    """The label as a form's field: at the start of a sentence, with no determiner, then a
    colon, a dash or '=' (or nothing at all, once a no-punctuation persona dropped it)."""
    at = re.compile(rf"(?i)(?:^|[.!?]\s+|\n){re.escape(label)}\s*(?:[:=–-]|\s)")
    return bool(at.search(text))


_OPENINGS = (
    ("I'd like to make a complaint about a cancelled flight.", {"membership level": "Gold"}),
    ("I want to cancel my subscription.", {"reason for cancelling": "money is tight right now"}),
    ("What are my shipping options?", {"shipping destination": "the mainland US"}),
    ("My internet is down.", {"router lights": "a red power light"}),
    ("My bag never showed up.", {"bag description": "a navy duffel bag"}),
    ("Please delete my data.", {"account role": "invited member of someone else's workspace"}),
    ("Why was I charged twice?", {"charge amount": "$306", "invoice number": "INV-1"}),
)


@pytest.mark.parametrize("quirks", _QUIRKS)
def test_an_opening_says_the_facts_nobody_asked_for_in_sentences(quirks: tuple[str, ...]) -> None:
    """'MEMBERSHIP LEVEL: GOLD.' reads as a form; 'My membership level is Gold.' or 'The
    reason for cancelling: money is tight' as a person."""
    rng = random.Random(23)
    for tone in ("neutral", "angry", "friendly"):
        who = make_persona(tone=tone).model_copy(update={"quirks": list(quirks)})
        for content, facts in _OPENINGS:
            u = Utterance("customer", a.OPEN, facts=facts, content=content)
            for _ in range(30):
                said = realize(u, who, rng)
                for label in facts:
                    assert not _bare_label(said, label), said
                for value in facts.values():
                    assert value.lower() in said.lower(), said


_LOCAL_OPENINGS = {
    "es": ("Quiero darme de baja.", {"motivo de la baja": "ya no lo necesito"}),
    "fr": ("Je voudrais résilier mon assurance.", {"motif de résiliation": "je déménage"}),
    "de": ("Mein Koffer ist nicht angekommen.", {"Gepäckbeschreibung": "ein großer Koffer"}),
    "pt": ("Quero cancelar a viagem.", {"motivo do cancelamento": "não preciso mais"}),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_opening_in_any_language_has_no_form_field(language: str) -> None:
    """'Motif de résiliation: je déménage.' nobody asked for: 'Le motif de résiliation: ...'
    (with its article) or the reason alone."""
    content, facts = _LOCAL_OPENINGS[language]
    rng = random.Random(29)
    who = make_persona().model_copy(update={"language": language})
    for _ in range(80):
        u = Utterance("customer", a.OPEN, facts=facts, content=content, language=language)
        said = realize(u, who, rng)
        for label in facts:
            assert not _bare_label(said, label), said


def test_a_terse_persona_often_gives_the_value_alone() -> None:
    """A person of few words answers 'your order number?' with 'W2041597', and does so far
    more often than a chatty one."""

    def alone(verbosity: str) -> float:
        rng = random.Random(31)
        who = make_persona(verbosity=verbosity)
        u = Utterance(
            "customer", a.INFORM, facts={"order number": "W2041597"}, after=a.REQUEST_INFO
        )
        said = [realize(u, who, rng) for _ in range(400)]
        return sum(re.sub(r"[.!]+$", "", s) == "W2041597" for s in said) / len(said)

    assert alone("terse") > 0.15
    assert alone("terse") > 3 * alone("chatty")


# ---- support: stock phrases where they do not fit ----------------------------------------


def test_support_asks_a_time_label_as_the_question_it_is() -> None:
    """'could you confirm the time until you need it?' (26 support turns in 2,000) names a
    field; 'how soon you need it' asks."""
    rng = random.Random(37)
    for _ in range(50):
        asked = asking.request_list(["shipping destination", "time until I need it"], rng)
        assert "how soon you need it" in asked and "time until" not in asked, asked
        assert asking.request_list(["date when it happened"], rng) == "when it happened"
    assert "order number" in asking.request_list(["order number"], rng)


def _share(texts: list[str], phrase: str) -> float:
    return sum(phrase.lower() in t.lower() for t in texts) / len(texts)


def test_no_stock_lead_answers_most_objections_or_questions() -> None:
    """'I hear you' opened 151 support turns of 2,000 conversations, 'To answer your
    question' 139: each is one way among many, not the house style."""
    rng = random.Random(41)
    objection = "Couldn't you just look it up without that?"
    held = Utterance(
        "support", a.REQUEST_INFO, facts={"booking reference": ""}, edge_case="against_policy",
        after=a.PUSH_BACK, after_text=objection,
    )  # fmt: skip
    refused = Utterance(
        "support", a.REFUSE, content="A refund isn't possible after 14 days.", after=a.PUSH_BACK,
        after_text="That's ridiculous, make an exception.",
    )  # fmt: skip
    manager = Utterance(
        "support", a.REDIRECT, edge_case="demand_manager_refuse", after=a.REQUEST_ESCALATION,
        after_text="Put me through to a manager.",
    )  # fmt: skip
    objections = [realize(u, None, rng) for u in (held, refused, manager) for _ in range(300)]
    assert _share(objections, "I hear you") < 0.15
    answer = Utterance(
        "support", a.ANSWER, content="The refund reaches your card in 5 to 10 business days.",
        after=a.ASK, after_text="When will I see the money?",
    )  # fmt: skip
    answers = [realize(answer, None, rng) for _ in range(600)]
    assert _share(answers, "To answer your question") < 0.1
    assert _share(answers, "Here's the answer") == 0


def test_a_customer_asking_what_support_can_do_is_answered_before_the_policy() -> None:
    """'First tell me what you can do?' while holding details back gets 'I can help with that
    once I've verified you', never 'I hear you, but I have to follow our process'."""
    rng = random.Random(43)
    for asked in ("NOT SHARING THAT YET! FIRST TELL ME IF YOU CAN HELP.",
                  "I'm not sharing that yet! First tell me what you can do?"):  # fmt: skip
        u = Utterance(
            "support", a.REQUEST_INFO, facts={"account number": ""},
            edge_case="against_policy", after=a.INFORM, after_text=asked,
        )  # fmt: skip
        for _ in range(40):
            said = realize(u, None, rng)
            assert re.match(r"(?i)(yes, )?i can (definitely )?help", said), said
            assert "account number" in said
