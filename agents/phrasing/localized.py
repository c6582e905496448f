"""Wording in the persona's language when it is not English: one phrase bank per language.

The banks (agents/phrases/<code>.yaml) are written per language by a fluent writer, not
translated from the English templates, because what reads naturally differs: address forms
(usted, vous, Sie, você) stay formal for support and for the customer's requests, fact labels
come from the bank's glossary (or the scenario's `labels` in that language) and are listed
without articles wherever gender would have to agree. The act decides the rule, as in English;
the persona's tone adds a lead or a tail from the same bank, and quirks (typos, lowercase ...)
are applied on free text afterwards, so fact values leave exactly as they came in.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from agents import types as acts
from agents.phrasing import style
from agents.phrasing.grammar import Bank, tidy
from agents.phrasing.text import as_sentence, values_of
from agents.phrasing.utterance import Utterance
from personas import Persona

# Languages with a bank (English is the main engine's).
LANGUAGES: tuple[str, ...] = ("de", "es", "fr", "pt")
# Acts the customer's tone may decorate.
_DECORATED = frozenset({acts.OPEN, acts.ASK, acts.PUSH_BACK, acts.REQUEST_ESCALATION})


@dataclass(frozen=True)
class LanguageBank:
    """One language's wording: support and customer rules, the label glossary and joins."""

    code: str
    support: Bank
    customer: Bank
    labels: dict[str, str]
    possessive: str  # put before each label support asks for ("su ", "votre "), or ""
    conjunction: str  # "y", "et", "und", "e"
    restate: tuple[str, ...]  # leads before an opening said again
    possessive_plural: str  # before a plural label ("sus ", "vos ")
    plural_starts: tuple[str, ...]  # how plural labels begin ("últimos", "quatre derniers")
    greeting: re.Pattern[str]  # a text that already opens with a greeting
    self_starting: re.Pattern[str]  # scenario text that opens with its own apology or news

    def your(self, label: str) -> str:
        """The label as support asks for it: with the possessive that agrees in number."""
        plural = label.lower().startswith(self.plural_starts) if self.plural_starts else False
        return f"{self.possessive_plural if plural else self.possessive}{label}"

    def join(self, items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.conjunction} {items[-1]}"


@cache
def bank(code: str) -> LanguageBank:
    """The bank for `code`, read and compiled once per process."""
    text = resources.files("agents").joinpath(f"phrases/{code}.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return LanguageBank(
        code=code,
        support=Bank(data["support"]),
        customer=Bank(data["customer"]),
        labels=dict(data["labels"]),
        possessive=data.get("possessive", ""),
        conjunction=data["conjunction"],
        restate=tuple(data["restate"]),
        possessive_plural=data.get("possessive_plural", data.get("possessive", "")),
        plural_starts=tuple(data.get("plural_starts", ())),
        greeting=re.compile(r"(?i)\W*(" + "|".join(data["greetings"]) + r")\b"),
        self_starting=re.compile(r"(?i)\W*(" + "|".join(data["self_starting"]) + r")\b"),
    )


LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
}


def language_name(code: str | None) -> str:
    """The English name of a language code, for prompts ('es' -> 'Spanish'); else the code."""
    key = (code or "en").strip().lower().replace("_", "-").split("-")[0]
    return LANGUAGE_NAMES.get(key, key)


def label(code: str, fact: str) -> str | None:
    """The bank's word for a fact name (order_id -> número de pedido), if it has one."""
    glossary = bank(code).labels
    if fact in glossary:
        return glossary[fact]
    for suffix in ("_id", "_number", "_code"):  # 'invoice_id' reads like its noun
        if fact.endswith(suffix) and fact[: -len(suffix)] in glossary:
            return glossary[fact[: -len(suffix)]]
    return None


def realize_localized(u: Utterance, persona: Persona | None, rng: random.Random) -> str:
    b = bank(u.language)
    keep = values_of(u.facts)
    if u.role == "support":
        return _typography(b.code, tidy(_support(b, u, rng), keep), keep)
    if u.edge_case == "silence":
        return b.customer.render("silence", {}, rng)
    tone = style.tone_of(persona.tone if persona else None)
    text = _customer(b, u, tone, rng)
    text = _typography(b.code, tidy(text, keep), keep)
    segments = style.split_protected(text, keep)
    if persona is not None and u.edge_case != "prompt_injection":
        quirks = [q for q in persona.quirks if q.replace("-", "_") not in _RUN_ON]
        segments = style.apply_quirks(segments, quirks, tone, rng)
        if len(quirks) < len(persona.quirks):  # run-on sentences, joined by this language's 'and'
            joined = f" {b.conjunction} "
            segments = style.map_free(
                segments, lambda t: _SENTENCE_JOIN.sub(lambda m: joined + m.group(1).lower(), t)
            )
    if u.edge_case == "heavy_typos":
        segments = style.heavy_typos(segments, rng)
    return style.join(segments)


_RUN_ON = frozenset({"run_on", "run_on_sentences"})
_SENTENCE_JOIN = re.compile(r"(?<!\.)[.;]\s+(\w)")


_SPACE_BEFORE = re.compile(r"[ \u00a0\u202f]+([?!;:])(?=\s|$)")
_START = re.compile(r"([.!?]\s+[¿¡«\"]?)([^\W\d_])")


def _typography(code: str, text: str, keep: list[str]) -> str:
    """A sentence starts with a capital whatever its first letter (the shared tidy knows
    ASCII only). French is written as in chat, without the space before ? ! ; and : that
    print typography puts there (the shared tidy removes it, and the team's text lint
    reads a space before punctuation as a seam)."""

    def upper(m: re.Match[str]) -> str:
        if any(v and text.startswith(v, m.start(2)) for v in keep):
            return m.group(0)
        return m.group(1) + m.group(2).upper()

    text = _SPACE_BEFORE.sub(r"\1", _START.sub(upper, text))
    if text[:1].islower() and not any(v and text.startswith(v) for v in keep):
        text = text[0].upper() + text[1:]
    return text


def _facts_list(b: LanguageBank, facts: dict[str, str]) -> str:
    return b.join([f"{k}: {v}" if k else v for k, v in facts.items() if v])


def _support(b: LanguageBank, u: Utterance, rng: random.Random) -> str:
    slots = {
        "content": as_sentence(u.content),
        "ask": b.join([b.your(k) for k in u.facts]),
        "labels": b.join(list(u.facts)),
        "values": b.join([v for v in u.facts.values() if v]),
    }
    rule = u.act
    if rule in (acts.REQUEST_INFO, acts.VERIFY_FAILED) and not u.facts:
        rule = acts.CLARIFY
    elif rule == acts.REQUEST_INFO and len(u.facts) > 1:
        rule = "request_info_many"
    elif u.edge_case and f"{rule}_{u.edge_case}" in b.support:
        rule = f"{rule}_{u.edge_case}"
    elif rule in (acts.ANSWER, acts.RESOLVE, acts.REFUSE, acts.ESCALATE) and not u.content:
        rule = f"{rule}_bare"
    elif rule in (acts.ANSWER, acts.RESOLVE, acts.REFUSE, acts.ESCALATE) and (
        b.self_starting.match(u.content or "")  # no lead before its own apology or news
    ):
        rule = "plain"
    if rule not in b.support:
        rule = acts.CLARIFY
    return b.support.render(rule, slots, rng)


def _customer(b: LanguageBank, u: Utterance, tone: str, rng: random.Random) -> str:
    given = _facts_list(b, u.facts)
    slots = {"content": as_sentence(u.content), "facts": given}
    case = u.edge_case
    if case and case in b.customer and case != "switch_language":
        text = b.customer.render(case, slots, rng)
        if given and case != "withhold":
            text = f"{text} {b.customer.render('inform', slots, rng)}"
        return text
    rule = u.act
    if rule == acts.OPEN:
        rule = "open" if u.content else "open_bare"
        if u.content and b.greeting.match(u.content):
            rule = "plain"
    elif rule in (acts.INFORM, acts.CORRECT):
        rule = rule if given else f"{rule}_none"
        if u.content and not given:
            rule = "chitchat"
    elif rule in (acts.ASK, acts.PUSH_BACK, acts.CHITCHAT) and not u.content:
        rule = f"{rule}_bare"
    if rule not in b.customer:
        rule = "ask_bare" if not u.content else "plain"
    text = b.customer.render(rule, slots, rng)
    if given and rule not in (acts.INFORM, acts.CORRECT, "inform_none", "correct_none"):
        text = f"{text} {b.customer.render('inform', slots, rng)}"
    if u.act in _DECORATED and case is None:
        if u.act != acts.OPEN and rng.random() < 0.35 and f"lead_{tone}" in b.customer:
            text = f"{b.customer.render(f'lead_{tone}', {}, rng)} {text}"
        if rng.random() < 0.25 and f"tail_{tone}" in b.customer:
            text = f"{text} {b.customer.render(f'tail_{tone}', {}, rng)}"
    if case in ("sarcastic", "impatient", "repeat_question", "return_to_issue") and (
        case != "sarcastic" or rng.random() < 0.5
    ):
        lead = f"lead_{case}"
        if lead in b.customer:
            text = f"{b.customer.render(lead, {}, rng)} {text}"
    return text
