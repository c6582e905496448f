"""The language layer: every act reads as text, facts survive every styling, output is seeded."""

from __future__ import annotations

import random
import re

import pytest

from agents import types as acts
from agents.phrasing import Utterance, realize
from agents.phrasing.asking import request_list
from agents.phrasing.facts import human_label
from agents.phrasing.grammar import Bank, tidy
from agents.phrasing.languages import language_for
from agents.phrasing.style import split_protected
from personas.model import Identity, Persona

CUSTOMER_ACTS = (
    acts.OPEN, acts.INFORM, acts.ASK, acts.ACCEPT, acts.PUSH_BACK, acts.REQUEST_ESCALATION,
    acts.CORRECT, acts.CHITCHAT, acts.THANK, acts.GIVE_UP,
)  # fmt: skip
SUPPORT_ACTS = (
    acts.GREET, acts.REQUEST_INFO, acts.VERIFY_FAILED, acts.ANSWER, acts.RESOLVE, acts.REFUSE,
    acts.ESCALATE, acts.REDIRECT, acts.CHECK_IN, acts.CLARIFY, acts.CLOSE,
)  # fmt: skip
EDGE_CASES = (
    "wrong_identifier", "demand_manager", "multi_issue", "switch_language", "silence",
    "off_topic", "give_up_early", "prompt_injection", "overshare", "self_correct",
    "return_to_issue", "against_policy", "impatient", "sarcastic", "heavy_typos", "withhold",
    "vague", "repeat_question",
)  # fmt: skip
QUIRKS = ("typos", "lowercase", "no_punctuation", "emoji", "run_on", "all_caps")
FACTS = {
    "order number": "ORD-48213",
    "email": "mia.lopez@example.org",
    "postcode": "SW1A 2AA",
    "product": "Nimbus Wireless Earbuds",
}
CONTENT = "My Nimbus Wireless Earbuds arrived with a cracked case. I'd like a refund please."


def persona(
    tone: str = "neutral",
    verbosity: str = "normal",
    quirks: tuple[str, ...] = (),
    language: str = "en",
    savvy: str = "medium",
) -> Persona:
    identity = Identity(
        locale="en_US", first_name="Mia", last_name="Lopez", name="Mia Lopez",
        email="mia.lopez@example.org", phone="+1 555 010 2233", address="12 Elm St",
        city="Springfield", age=34,
    )  # fmt: skip
    return Persona(
        id="p-test", identity=identity, tone=tone, patience="medium", verbosity=verbosity,
        tech_savviness=savvy, language=language, quirks=quirks,
    )  # fmt: skip


PERSONAS = [
    persona(tone, verbosity, quirks, savvy=savvy)
    for tone in ("polite", "angry", "anxious", "confused", "made-up-tone")
    for verbosity in ("terse", "normal", "chatty")
    for quirks, savvy in (((), "low"), (("typos", "all_caps"), "high"), (("lowercase",), "medium"))
]


def say(u: Utterance, p: Persona | None = None, seed: int = 0) -> str:
    return realize(u, p, random.Random(seed))


@pytest.mark.parametrize("act", CUSTOMER_ACTS)
def test_every_customer_act_realizes(act: str) -> None:
    for seed in range(30):
        for content in (CONTENT, None):
            text = say(
                Utterance("customer", act, {}, content), PERSONAS[seed % len(PERSONAS)], seed
            )
            assert text.strip(), (act, seed, content)
            assert "$" not in text and "<" not in text and "{" not in text


@pytest.mark.parametrize("act", SUPPORT_ACTS)
def test_every_support_act_realizes(act: str) -> None:
    facts = {"order number": ""} if act == acts.REQUEST_INFO else {}
    if act == acts.VERIFY_FAILED:
        facts = {"order number": "ORD-11111"}
    for seed in range(30):
        for content in ("Refunds take 5 to 7 business days.", None):
            text = say(Utterance("support", act, facts, content), None, seed)
            assert text.strip() and text[0].isupper(), (act, seed, text)
            assert "$" not in text.replace("$5", "") and "{" not in text


def test_inform_carries_every_fact_verbatim_under_every_persona() -> None:
    for i, p in enumerate(PERSONAS):
        for seed in range(20):
            text = say(Utterance("customer", acts.INFORM, dict(FACTS)), p, seed * 100 + i)
            for value in FACTS.values():
                assert value in text, (p.tone, p.quirks, text)


def test_support_asks_for_every_fact_by_its_label() -> None:
    facts = {"order_id": "", "email address on the account": "", "date of birth": ""}
    for seed in range(50):
        text = say(Utterance("support", acts.REQUEST_INFO, facts), None, seed)
        assert "order ID" in text or "order id" in text.lower()
        # inflected, never pasted: "the email address on your account"
        assert re.search(r"email address on (the|your) account", text), text
        assert "your email address on" not in text
        assert "date of birth" in text
        assert text.endswith((".", "?", "!"))


def test_verify_failed_quotes_the_value_that_did_not_match() -> None:
    for seed in range(50):
        text = say(Utterance("support", acts.VERIFY_FAILED, {"order number": "ORD-99"}), None, seed)
        assert "ORD-99" in text or "order number" in text


@pytest.mark.parametrize("quirk", QUIRKS)
def test_quirks_never_alter_fact_values(quirk: str) -> None:
    p = persona("frustrated", "chatty", (quirk,))
    facts = {"email": "Mia.Lopez@Example.org", "order number": "ord-7781x", "name": "Mia Lopez"}
    for act in (acts.INFORM, acts.OPEN, acts.CORRECT):
        for seed in range(60):
            text = say(Utterance("customer", act, dict(facts), CONTENT), p, seed)
            for value in facts.values():
                assert value in text, (quirk, act, text)


@pytest.mark.parametrize("case", EDGE_CASES)
def test_edge_cases_keep_facts_they_carry(case: str) -> None:
    p = persona("angry", "chatty", ("typos", "no_punctuation"))
    for seed in range(40):
        u = Utterance("customer", acts.INFORM, {"order number": "ORD-31337"}, None, case)
        text = say(u, p, seed)
        if case in ("silence", "withhold"):
            assert "ORD-31337" not in text or case == "withhold"
            continue
        assert "ORD-31337" in text, (case, text)


def test_heavy_typos_garble_words_but_not_values() -> None:
    u = Utterance("customer", acts.OPEN, {"order number": "ORD-55501"}, CONTENT, "heavy_typos")
    plain = Utterance("customer", acts.OPEN, {"order number": "ORD-55501"}, CONTENT)
    texts = [say(u, persona(), seed) for seed in range(40)]
    assert all("ORD-55501" in t for t in texts)
    vocabulary = {
        w for s in range(400) for w in re.findall(r"[a-z']+", say(plain, persona(), s).lower())
    }
    words = [w for t in texts for w in re.findall(r"[a-z']+", t.lower())]
    unknown = [w for w in words if w not in vocabulary]
    assert len(unknown) / len(words) > 0.15


def test_same_seed_same_text_and_golden_strings() -> None:
    u = Utterance("customer", acts.INFORM, {"order number": "ORD-48213"})
    assert say(u, persona(), 7) == say(u, persona(), 7)
    assert say(u, persona(), 7) != say(u, persona(), 8)
    assert {key: golden_text(key) for key in GOLDEN} == GOLDEN


def golden_text(key: str) -> str:
    if key == "customer_inform":
        return say(Utterance("customer", acts.INFORM, {"order number": "ORD-48213"}), persona(), 7)
    if key == "customer_open_angry":
        return say(Utterance("customer", acts.OPEN, {}, CONTENT), persona("angry", "chatty"), 3)
    if key == "support_request":
        facts = {"order number": "", "email": ""}
        return say(Utterance("support", acts.REQUEST_INFO, facts), None, 11)
    raise KeyError(key)


GOLDEN = {
    "customer_inform": "Wait... As far as I know, it should be ORD-48213! Is that enough?",
    "customer_open_angry": (
        "Long story short: my Nimbus Wireless Earbuds arrived with a cracked case. I'd like a "
        "refund please. Sort it out!!"
    ),
    "support_request": "Please confirm the order number and your email address.",
}


@pytest.mark.parametrize("language", ["de", "fr", "es", "it", "pt", "nl", "en", "ja"])
def test_switch_language_leaves_the_persona_language(language: str) -> None:
    """The conversation is in the persona's language, so the switch goes elsewhere: an
    English writer to Spanish, anyone else to English."""
    markers = {
        "es": r"(\b(no|por|Hola|con|Es|Son|Aquí|Bueno|Mis|Los|Buenas)\b|¿)",
        "en": r"\b(can|could|you|in English|It's|That's|Here)\b",
    }
    expected = language_for(language)
    assert expected == ("es" if language == "en" else "en")
    for seed in range(20):
        for act, facts in ((acts.CHITCHAT, {}), (acts.INFORM, {"order number": "ORD-9"})):
            u = Utterance(
                "customer", act, facts, CONTENT, "switch_language", seed, language=language
            )
            text = say(u, persona(language=language), seed)
            assert re.search(markers[expected], text, re.IGNORECASE), (language, text)
            assert "refund" not in text and "Nimbus" not in text
            if facts:
                assert "ORD-9" in text


def test_empty_facts_and_no_persona_are_handled() -> None:
    assert say(Utterance("customer", acts.INFORM, {}), None)
    assert say(Utterance("customer", acts.CORRECT, {}), None)
    clarify = say(Utterance("support", acts.REQUEST_INFO, {}), None)
    assert clarify.endswith("?")
    assert say(Utterance("customer", "not-an-act", {}), None)


def test_silence_is_empty_or_an_idle_line() -> None:
    seen = {say(Utterance("customer", acts.CHITCHAT, {}, None, "silence"), persona(), s)
            for s in range(200)}  # fmt: skip
    assert all(len(t.split()) <= 3 for t in seen)
    assert "" in {t.strip() for t in seen} and "brb" in seen
    # Support answers it with "are you still there?": never a line that says so already or
    # pings support, which that check-in would ignore.
    assert not seen & {"still here", "hello?", "hello??", "ok", "?"}


def test_prompt_injection_reads_like_an_injection_and_is_not_restyled() -> None:
    p = persona("friendly", "chatty", ("lowercase", "emoji"))
    texts = [say(Utterance("customer", acts.CHITCHAT, {}, None, "prompt_injection"), p, s)
             for s in range(60)]  # fmt: skip
    joined = " ".join(texts)
    assert re.search(r"(?i)ignore|system|instructions|developer mode|verbatim", joined)
    assert any(t != t.lower() for t in texts)  # lowercase quirk not applied


def test_overshare_uses_only_the_given_facts() -> None:
    facts = {"phone": "+1 555 010 2233", "address": "12 Elm St"}
    for seed in range(40):
        u = Utterance("customer", acts.INFORM, dict(facts), None, "overshare")
        text = say(u, persona(), seed)
        assert "+1 555 010 2233" in text and "12 Elm St" in text
        assert not re.search(r"@|\d{5,}", text.replace("+1 555 010 2233", ""))
        bare = say(Utterance("customer", acts.OPEN, {}, CONTENT, "overshare"), persona(), seed)
        assert not re.search(r"@|\d", bare), bare


def test_support_flavours_change_the_wording() -> None:
    texts = {say(Utterance("support", acts.REDIRECT, {}, None, "demand_manager"), None, s)
             for s in range(20)}  # fmt: skip
    assert all(re.search(r"(?i)manager|supervisor|someone senior|transfer|escalate", t)
               for t in texts)  # fmt: skip
    lang = say(Utterance("support", acts.REDIRECT, {}, None, "switch_language"), None, 1)
    assert "English" in lang


def test_protected_spans_and_tidy_keep_values() -> None:
    segments = split_protected("my code is ab-12 and mail x.y@z.com, ok.", ["ok"])
    assert [t for t, p in segments if p] == ["ab-12", "x.y@z.com", "ok"]
    assert tidy("thanks. jane@x.com is mine", ["jane@x.com"]) == "Thanks. jane@x.com is mine"
    assert tidy("hi , so  . yes..", []) == "Hi, so. Yes."


def test_labels_read_like_people_say_them() -> None:
    assert human_label("order_id") == "order ID"
    assert human_label("email") == "email address"
    assert human_label("card or account I paid with") == "card or account I paid with"
    text = request_list(["order_id", "email"], random.Random(3))
    assert text.count(" and ") == 1 and "order ID" in text and "email address" in text


def test_bank_rejects_broken_templates() -> None:
    with pytest.raises(ValueError, match="unknown rule <nope>"):
        Bank({"a": ["x <nope>"]})
    with pytest.raises(ValueError, match="unclosed"):
        Bank({"a": ["{x|y"]})
    with pytest.raises(KeyError, match=r"\$missing"):
        Bank({"a": ["$missing"]}).render("a", {}, random.Random(0))


def test_paraphrase_keeps_questions_and_words_whole() -> None:
    from agents.phrasing.lexicon import paraphrase

    for seed in range(30):
        text = paraphrase("Can't you check? I can't find it. Approve the app.", "customer",
                          random.Random(seed), 1.0)  # fmt: skip
        assert text.startswith("Can't you check?")
        assert "Approve" in text
    low = persona(savvy="low")
    for seed in range(200):
        text = say(
            Utterance("customer", acts.ASK, {}, "Can you approve the app update?"), low, seed
        )
        assert not re.search(r"app thing[a-z]|[a-z]app thing", text), text
