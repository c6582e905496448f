"""Text quality without a parser: a fixed sample of generated turns has no structural error.

The sample is the golden transcripts plus every act worded over the built-in library's own
labels, openings and rule texts, for a spread of personas and what the other side just did.
bench/grammar.py runs the same checks over a whole run next to a grammar parser.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from agents import types as acts
from agents.phrasing import Utterance, realize
from agents.phrasing.asking import request_list
from agents.phrasing.facts import customer_facts
from agents.phrasing.grammar import agree_articles
from agents.phrasing.labels import parse, value_kind
from agents.phrasing.lint import findings
from personas.model import Identity, Persona
from scenarios.loader import builtin_library, load_scenarios

GOLDEN = Path(__file__).parent / "data" / "golden"
LIBRARY = load_scenarios([builtin_library()])


def _persona(tone: str, quirks: tuple[str, ...] = (), verbosity: str = "normal") -> Persona:
    identity = Identity(
        locale="en_US", first_name="Mia", last_name="Lopez", name="Mia Lopez",
        email="mia.lopez@example.org", phone="+1 555 010 2233", address="12 Elm St",
        city="Springfield", age=34,
    )  # fmt: skip
    return Persona(
        id="p-q", identity=identity, tone=tone, patience="medium", verbosity=verbosity,
        tech_savviness="high", language="en", quirks=quirks,
    )  # fmt: skip


PLAIN = [_persona(t, (), v) for t in ("polite", "angry", "frustrated", "friendly", "anxious",
                                       "confused") for v in ("normal", "chatty")]  # fmt: skip
SUPPORT_AFTER = (None, acts.OPEN, acts.INFORM, acts.PUSH_BACK, acts.ASK, acts.ACCEPT)


def _sample() -> list[tuple[str, str, tuple[str, ...], str | None, str]]:
    """(role, text, quirks, edge case, language) for the fixed sample."""
    out: list[tuple[str, str, tuple[str, ...], str | None, str]] = []
    for path in sorted(GOLDEN.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            quirks = tuple((rec.get("persona") or {}).get("quirks") or ())
            language = (rec.get("persona") or {}).get("language") or "en"
            for t in rec.get("turns") or ():
                if t["role"] in ("customer", "support") and not t.get("tool_calls"):
                    out.append((t["role"], t["content"], quirks, t.get("edge_case"), language))
    rng = random.Random(14)
    for sc in sorted(LIBRARY, key=lambda s: s.id)[::2]:
        labels = {sc.label(n): "" for n in sc.support.verify}
        says = [_filled(say) for rule in sc.support.rules for say in rule.say]
        for i in range(6):
            after = SUPPORT_AFTER[i % len(SUPPORT_AFTER)]
            for act, content in ((acts.REQUEST_INFO, None), (acts.CLARIFY, None),
                                 (acts.REFUSE, says[i % len(says)] if says else None),
                                 (acts.RESOLVE, says[-1] if says else None),
                                 (acts.CLOSE, None)):  # fmt: skip
                facts = labels if act == acts.REQUEST_INFO else {}
                u = Utterance("support", act, facts, content, None, 1, after, "", sc.domain)
                out.append(("support", realize(u, None, rng), (), None, "en"))
            p = PLAIN[i % len(PLAIN)]
            opening = sc.customer.openings[i % len(sc.customer.openings)]
            if "{" in opening:
                continue  # variables are filled per plan; the golden runs cover those
            for act, content in ((acts.OPEN, opening), (acts.INFORM, None), (acts.THANK, None),
                                 (acts.PUSH_BACK, None), (acts.ACCEPT, None)):  # fmt: skip
                facts = {sc.label(n): f"X-{n.upper()}-1" for n in sc.support.verify[:2]}
                facts = facts if act == acts.INFORM else {}
                u = Utterance("customer", act, facts, content, None, 2, acts.REQUEST_INFO, "",
                              sc.domain)  # fmt: skip
                out.append(("customer", realize(u, p, rng), (), None, "en"))
    return out


def _filled(template: str) -> str:
    """A scenario text with its variables replaced by identifier-like values."""
    return re.sub(r"\{(\w+)\}", lambda m: f"{m.group(1)[:3].upper()}-4821", template)


SAMPLE = _sample()


def test_the_sample_is_large_enough_to_mean_something() -> None:
    assert sum(1 for r, *_ in SAMPLE if r == "support") >= 300
    assert sum(1 for r, *_ in SAMPLE if r == "customer") >= 150


def test_no_structural_error_in_the_fixed_sample() -> None:
    bad = [
        (role, text, found)
        for role, text, quirks, edge, language in SAMPLE
        if (found := findings(text, role, quirks, edge, language))
    ]
    assert bad == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("I'd like a economy fare.", "article"),
        ("Please send the the order number.", "doubled word"),
        ("Could you send $ask?", "raw template token"),
        ("What is your order_id?", "raw template token"),
        ("Not impressed! 😊", "anger joined with cheer"),
        ("But I can't skip this step! Of course!", "refusal joined with cheer"),
        ("I get it, but I understand how frustrating that was.", "stacked concession"),
        ("Thanks , I will check", "punctuation seam"),
        ("I will check", "no final punctuation"),
    ],
)
def test_each_check_finds_its_error(text: str, problem: str) -> None:
    assert any(f.startswith(problem) for f in findings(text, "support"))


def test_intended_quirks_are_not_errors() -> None:
    assert findings("thx , i will check", "customer", ("no_punctuation", "typos")) == []
    assert findings("I CAN'T FIND A SIM CARD", "customer", ("all_caps",)) == []


def test_labels_are_inflected_not_pasted() -> None:
    rng = random.Random(0)
    for _ in range(50):
        text = request_list(["last four digits of the card", "account email"], rng)
        assert re.match(r"the last four digits of (your|the) card and (your|the) account", text)
    assert request_list(["time until I need it"], rng) == "how soon you need it"
    assert parse("router lights").be == "are"
    assert parse("postcode").np("your") == "your postcode"


def test_values_get_frames_of_their_kind() -> None:
    assert value_kind("account owner") == "short"
    assert value_kind("I miscounted after a transfer") == "clause"
    assert value_kind("3 days") == "quantity"
    assert value_kind("POL-150996055") == "id"
    for seed in range(200):
        rng = random.Random(seed)
        one = customer_facts({"account role": "account owner"}, rng, labelled=True)
        assert not re.search(r"(?i)account role account owner", one)
        why = customer_facts({"reason for the overdraft": "I miscounted"}, rng, labelled=True)
        assert "overdraft's" not in why and "try I" not in why
        many = customer_facts({"policy number": "POL-1", "date of birth": "1980-01-01"}, rng)
        assert not re.search(r"(?i)\bfor policy number\b", many)


def test_articles_agree_with_what_fills_the_slot() -> None:
    assert agree_articles("a economy fare and an problem") == "an economy fare and a problem"
    assert agree_articles("a SWIFT trace, an hour, a user, an SMS") == (
        "a SWIFT trace, an hour, a user, an SMS"
    )
    assert agree_articles("Plan A is fine") == "Plan A is fine"


def test_support_reacts_to_what_the_customer_just_did() -> None:
    for seed in range(300):
        rng = random.Random(seed)
        hi = realize(Utterance("support", acts.RESOLVE, {}, "Your order is cancelled.", None,
                               1, acts.OPEN, "Hi", "ecommerce"), None, rng)  # fmt: skip
        assert not re.search(r"(?i)verified|checks out|matches our records", hi), hi
        angry = realize(Utterance("support", acts.REQUEST_INFO, {"order number": ""}, None,
                                  None, 1, acts.OPEN, "My phone is lost and I'm furious!!",
                                  "telecom"), None, rng)  # fmt: skip
        assert not re.search(r"^(Perfect|Great|Lovely|Excellent|Sounds good)\b", angry), angry
        held = realize(Utterance("support", acts.REQUEST_INFO, {"order number": ""}, None,
                                 "against_policy", 1, acts.PUSH_BACK, "", "ecommerce"), None,
                       rng)  # fmt: skip
        assert not re.search(r"(?i)\b(of course|absolutely|definitely|happy to)\b", held), held
        left = realize(Utterance("support", acts.CLOSE, {}, None, None, 5, acts.GIVE_UP, "",
                                 None), None, rng)  # fmt: skip
        assert "welcome!" not in left.lower() and "great day" not in left.lower(), left
        hotel = realize(Utterance("support", acts.CLARIFY, {}, None, None, 3, None, "",
                                  "travel"), None, rng)  # fmt: skip
        assert "order" not in hotel, hotel


def test_customer_fillers_fit_tone_domain_and_act() -> None:
    angry = _persona("angry", ("emoji",), "chatty")
    savvy = _persona("neutral", (), "normal")
    for seed in range(300):
        rng = random.Random(seed)
        push = realize(Utterance("customer", acts.PUSH_BACK, {}, "That's not fair.", None, 3,
                                 acts.REFUSE), angry, rng)  # fmt: skip
        assert not push.endswith(("😊", "🙂", ":)")), push
        opening = realize(Utterance("customer", acts.OPEN, {}, "The jacket I got is too big.",
                                    None, 0, None, "", "ecommerce"), savvy, rng)  # fmt: skip
        assert not re.search(r"(?i)caching|incognito|backend|network tab", opening), opening
        done = realize(Utterance("customer", acts.ACCEPT, {}, None, None, 4, acts.RESOLVE),
                       savvy, rng)  # fmt: skip
        assert not re.search(r"(?i)go ahead|do that|\?", done), done
        late = realize(Utterance("customer", acts.OPEN, {}, "wrong size", None, 0), angry, rng)
        assert not re.search(r"(?i)\b(because|since|as|cause) wrong size", late), late
