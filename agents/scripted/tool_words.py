"""What the scripted support says about its tool calls: the record a tool is about ("the
order"), the status a result shows, and the sentences that say them, in English or from a
language's bank (agents.phrasing.local_bank). Nouns and statuses come from the tools' names
and the records, so they hold for any domain.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from agents.phrasing.local_bank import LANGUAGES, bank

_LOOKUP_PREFIX = re.compile(
    r"^(?:get|find|lookup|look_up|search|list|check|fetch|read|show|verify)_"
)
_NOUN_SUFFIX = re.compile(r"_(?:details|info|information|record|status|by_.+)$")
STATUS_KEYS = ("status", "state")
_WORDY = re.compile(r"[A-Za-z_]+(?: [A-Za-z_]+){0,2}")

_FOUND = (
    "I've pulled up the {noun}; it's {status}.",
    "I can see the {noun} - it's {status}.",
    "I found the {noun}; it's {status}.",
    "Thanks, I have the {noun} here: it's {status}.",
)
_FOUND_PLAIN = (
    "I've pulled up the {noun}.",
    "I found the {noun}.",
    "Thanks, I have the {noun} in front of me.",
)
# A record's status said as a predicate ("it's cancelled", "it's in transit"): one word, or
# words that open with a preposition or a participle. A label of several words ("no scan
# since check-in", "trace opened") is the system's, not a sentence's: the record is named
# without it (reading s13: "it's marked no scan since check-in").
_PREDICATE_OPENERS = frozenset(
    {
        "in",
        "at",
        "on",
        "out",
        "under",
        "awaiting",
        "pending",
        "being",
        "located",
        "partially",
        "fully",
        "not",
        "past",
        "on-hold",
    }
)
REFUSED = (
    "I tried to {action}, but our system refused it: {reason}",
    "I can't {action}: {reason}",
    "the system won't let me {action} ({reason})",
    "I'm not able to {action}, because {reason}",
)


class Words:
    """What support says about tool results, in the conversation's language. Nouns and
    statuses come from the tools' names and the records (English data): a bank gives its
    word for the ones it knows (with their article), else a neutral noun. A status is said
    only in words, agreeing with its noun ("la tarjeta ... figura como bloqueada"); one the
    language cannot say so (a label of several words, a status the bank has no word for, a
    noun of unknown gender) is left out, never quoted as the record holds it (reading s13:
    'Status „aktiv“', «localizada en el centro de conexiones»)."""

    _ENGLISH: Mapping[str, tuple[str, ...]] = {
        "found": _FOUND,
        "found_plain": _FOUND_PLAIN,
    }

    def __init__(self, language: str) -> None:
        self.local = language in LANGUAGES
        self.tools: Mapping[str, Any] = bank(language).tools if self.local else {}

    def say(self, kind: str, rng: random.Random, **slots: str) -> str:
        if not self.local:
            if "noun" in slots:
                slots["noun"] = _addressed(slots["noun"])
            if kind == "found" and not _predicate(slots["status"]):
                kind = "found_plain"
            text = rng.choice(self._ENGLISH[kind])
            if slots.get("noun", "").startswith("your "):  # its own determiner
                text = text.replace("the {noun}", "{noun}")
            return text.format(**slots)
        if "noun" in slots:
            nouns: Mapping[str, str] = self.tools.get("nouns", {})
            key = slots["noun"].replace(" ", "_")
            slots["noun"] = nouns.get(key) or nouns.get(key.split("_")[-1]) or self.tools["noun"]
        if "status" in slots:
            statuses: Mapping[str, str] = self.tools.get("statuses", {})
            known = slots["status"] in statuses
            slots["status"] = statuses.get(slots["status"], slots["status"])
            agreed = self._agreed(slots.get("noun", ""), slots["status"]) if known else None
            if agreed is not None and f"{kind}_agreed" in self.tools:
                # said as a word agreeing with its noun ('la cuenta ... figura como activa'),
                # not a quoted label of the wrong gender ('la cuenta ... «activo»')
                slots["status"], slots["pron"] = agreed
                kind = f"{kind}_agreed"
            elif kind == "found":  # no word for it here: the record found, nothing quoted
                kind = "found_plain"
        text = str(rng.choice(self.tools[kind])).format(**slots)
        return text[:1].upper() + text[1:]

    def _agreed(self, noun: str, status: str) -> tuple[str, str] | None:
        """`status` (one word, the bank's masculine singular) agreeing with the singular
        `noun`'s gender, read from its determiner, and the pronoun for the noun; None when
        either is unknown (a plural, an elided 'l'', several words)."""
        genders: Mapping[str, str] = self.tools.get("genders", {})
        pronouns: Mapping[str, str] = self.tools.get("pronouns", {})
        gender = genders.get(noun.split(" ", 1)[0].lower()) if " " in noun else None
        if noun.rsplit(" ", 1)[-1] in self.tools.get("plurals", ()):
            return None
        if gender is None or " " in status.strip():
            return None
        if gender == "f" and self.tools.get("inflects", True):
            status = _feminine(status)
        return status, pronouns.get(gender, "")


def _predicate(status: str) -> bool:
    """Whether an English status reads after "it's": "cancelled", "in transit", "located at
    the hub"; not "no scan since check-in" or "trace opened"."""
    words = status.split()
    return len(words) == 1 or (len(words) > 1 and words[0].lower() in _PREDICATE_OPENERS)


def _feminine(word: str) -> str:
    """The feminine of a Spanish, Portuguese or French past participle or adjective: 'activo'
    -> 'activa', 'enviado' -> 'enviada', 'annulé' -> 'annulée', 'actif' -> 'active'; words
    that do not change ('pendiente', 'entregue', 'ouverte') stay."""
    if word.endswith("o"):
        return word[:-1] + "a"
    if word.endswith("if"):
        return word[:-2] + "ive"
    if word.endswith(("é", "u", "t", "i", "s")):
        return word + "e"
    return word


@lru_cache(maxsize=64)
def words_for(language: str) -> Words:
    """One per language: what it holds never changes (a turn only reads it)."""
    return Words(language)


def status_of(content: str, writes: bool) -> str | None:
    """The status a result reports: a record's `status`/`state`, or, for an action, a short
    bare answer ("cancelled")."""
    try:
        data = json.loads(content)
    except ValueError:
        return None
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if isinstance(data, dict):
        for key in STATUS_KEYS:
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip().replace("_", " ")
    if writes and isinstance(data, str) and _WORDY.fullmatch(data.strip()):
        return data.strip().replace("_", " ")
    return None


def noun_of(tool: str, writes: bool) -> str:
    """`get_order_details` -> 'order', `refund_order` -> 'order'."""
    words = _NOUN_SUFFIX.sub("", _LOOKUP_PREFIX.sub("", tool)).split("_")
    if writes and len(words) > 1:  # an action: drop the verb
        words = words[1:]
    return " ".join(words) or tool.replace("_", " ")


# "A customer's cards and accounts (last four digits ...)", "List a customer's orders with
# their status": what the records are, in the words of the tool's own description.
_THEIRS = re.compile(
    r"(?i)\b(?:a|an|the) (?:customer|user|client|member|caller|account holder)'s "
    r"([a-z]+(?: (?:and|or) [a-z]+| [a-z]+)?)(?=\s*(?:[(,.;:]|$|\b(?:with|by|for|from|in|on|"
    r"including)\b))"
)


@lru_cache(maxsize=256)
def theirs(description: str) -> str | None:
    """The records a list lookup returns, named as the customer's ("your cards and
    accounts"), from the tool's description; None when it does not say whose they are. A
    tool's name is the system's word ("get_customer_products": "the products")."""
    m = _THEIRS.search(description)
    return f"your {m.group(1).lower()}" if m else None


def _addressed(noun: str) -> str:
    """Support talks to the customer, so a record named after them is their account ('I
    found the customer' is said about someone else) and their orders are 'the orders'."""
    words = noun.split()
    if words and words[0] in _PERSON:
        return " ".join(words[1:]) or "account"
    return noun


_PERSON = frozenset({"customer", "user", "client", "member", "caller", "holder"})
