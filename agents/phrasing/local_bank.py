"""The phrase banks of languages other than English, read once per process: each language's
glossary, noun grammar, fact frames, tool-result sentences and its support, customer and mood
rules (agents/phrases/<code>/*.yaml)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from agents.phrasing.cue import Cue, foldable
from agents.phrasing.grammar import Bank
from agents.phrasing.local_facts import Kind, kinds_of, shorter, shorts_of
from agents.phrasing.local_text import lower_alternatives
from agents.phrasing.nouns import Grammar

# Languages with a bank (English is the main engine's).
LANGUAGES: tuple[str, ...] = ("de", "es", "fr", "pt")
_PARTS = ("language", "support", "customer", "moods")


@dataclass(frozen=True)
class LanguageBank:
    """One language's wording: support and customer rules, the glossary and the joins."""

    code: str
    support: Bank
    customer: Bank
    labels: dict[str, str]
    conjunction: str  # "y", "et", "und", "e"
    restate: tuple[str, ...]  # leads before an opening said again
    greeting: re.Pattern[str]  # a text that already opens with a greeting
    self_starting: re.Pattern[str]  # scenario text that opens with its own apology or news
    nouns: Grammar
    frames: dict[str, tuple[str, ...]]  # how a customer gives facts: one, many, correct
    markers: tuple[str, ...]  # discourse markers a turn may start with ("Pues", "Also")
    singulars: tuple[tuple[str, re.Pattern[str], str], ...]  # "1 días" -> "1 día"
    tools: dict[str, Any]  # tool-result sentences, nouns and statuses (agents.scripted.tooluse)
    inverted: bool = False  # Spanish opens questions and exclamations with ¿ and ¡
    lower_words: frozenset[str] = frozenset()  # German: first words that may go lower case
    swaps: re.Pattern[str] | None = None  # phrases a customer may say another way
    swap_table: dict[str, tuple[str, ...]] | None = None
    swaps_lower: re.Pattern[str] | None = None  # `swaps` for lower-cased text (swap_pattern)
    kinds: tuple[Kind, ...] = ()  # facts said in words of their own (agents.phrasing.local_facts)
    short: tuple[tuple[re.Pattern[str], str], ...] = ()  # long labels said shorter
    # a form's label with its owner ('apellido del huésped'): said as the detail alone
    owned: tuple[tuple[re.Pattern[str], str], ...] = ()
    # French: words of a fact's frame that elide before a value starting with a vowel ('au
    # nom de Owen' -> "au nom d'Owen"); the value itself is never touched
    elide: tuple[str, ...] = ()
    asked: dict[str, str] = field(default_factory=dict)  # label -> as support asks for it
    # a customer turn that complains ('llegó roto', 'kaputt'): support answers with sympathy,
    # never with a neutral 'Entendido.' (the `complaint` tag)
    complaint: Cue | None = None
    # words a woman writes in another form ('obrigado' -> 'obrigada'): the customer's own
    feminine: dict[str, str] = field(default_factory=dict)
    feminine_words: re.Pattern[str] | None = None
    # a reply that declines to give what was asked for ('¿Para qué lo necesitan?', 'lieber
    # nicht'): support holds its policy rather than acknowledging details it did not get
    declines: re.Pattern[str] | None = None
    # a decision's own opening stance ('Lo siento,', 'Leider'): dropped when the decision is
    # said again behind a lead that points back
    own_stance: re.Pattern[str] | None = None
    # a customer turn that thanks: support's close may answer it ('A usted', 'Gern geschehen')
    thanks: re.Pattern[str] | None = None
    # words a fluent writer always contracts ('a el' -> 'al', 'por a' -> 'pela'), wherever
    # the composition put them side by side (a frame's 'a' before a label's 'el')
    contractions: re.Pattern[str] | None = None
    contracted: dict[str, str] = field(default_factory=dict)

    def paraphrase(self, text: str, rng: random.Random, rate: float) -> str:
        """Listed phrases said another way with probability `rate` each (same grammar: a
        swap keeps the gender, number and construction of what it replaces)."""
        if self.swaps is None or self.swap_table is None:
            return text
        table = self.swap_table

        def swap(found: str) -> str:
            if rng.random() >= rate:
                return found
            new = rng.choice(table[found.lower()])
            return _capital_like(found, new)

        if self.swaps_lower is None or not foldable(text):
            return self.swaps.sub(lambda m: swap(m.group(0)), text)
        # the same matches, found in the lower-cased text by the case-sensitive pattern
        out: list[str] = []
        pos = 0
        for m in self.swaps_lower.finditer(text.lower()):
            start, end = m.span()
            out.append(text[pos:start])
            out.append(swap(text[start:end]))
            pos = end
        if not out:
            return text
        out.append(text[pos:])
        return "".join(out)

    def your(self, label: str) -> str | None:
        """The label as support asks for it, with the possessive that agrees; None when the
        label's gender is unknown (then the bare label is listed). The bank's `your` table
        gives the forms its grammar cannot build ('vollständiger Name' -> 'Ihren
        vollständigen Namen': a declined adjective)."""
        found = self.asked.get(label)
        return found if found is not None else self.nouns.np("your", self.nouns.noun(label))

    def join(self, items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.conjunction} {items[-1]}"


def _read(code: str, part: str) -> dict[str, Any]:
    text = resources.files("agents").joinpath(f"phrases/{code}/{part}.yaml").read_text("utf-8")
    # libyaml's safe loader when PyYAML has it: a packaged file, read in a fifth of the time
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data or {}


@cache
def bank(code: str) -> LanguageBank:
    """The bank for `code`, read and compiled once per process."""
    lang, support, customer, moods = (_read(code, p) for p in _PARTS)
    singulars = sorted(dict(lang.get("singulars", {})).items(), key=lambda kv: -len(kv[0]))
    rules = {**customer, **moods}
    for name in lang.get("lower_parts", ()):  # parts that may follow a comma: written
        for key in [k for k in rules if k.split("@")[0] == name]:  # capitalised, joined lower
            rules[key] = [lower_alternatives(t) for t in rules[key]]
    # never after an apostrophe: an elided word before it ("l'annuler") would not fit the
    # swap ("l'supprimer")
    table = {str(k).lower(): tuple(v) for k, v in dict(lang.get("swaps", {})).items()}
    keys = sorted(table, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, keys))
    swaps = re.compile(rf"(?i)(?<![\w'’])({alternatives})(?!\w)") if keys else None
    return LanguageBank(
        swaps=swaps,
        swaps_lower=swap_pattern(keys) if keys and all(map(foldable, keys)) else None,
        swap_table=table,
        code=code,
        support=Bank(support),
        customer=Bank(rules),
        inverted=bool(lang.get("inverted", False)),
        lower_words=frozenset(lang.get("lower_words", ())),
        labels=dict(lang["labels"]),
        conjunction=lang["conjunction"],
        restate=tuple(lang["restate"]),
        greeting=re.compile(r"(?i)\W*(" + "|".join(_longest_first(lang["greetings"])) + r")\b"),
        self_starting=re.compile(r"(?i)\W*(" + "|".join(lang["self_starting"]) + r")\b"),
        nouns=Grammar.of(lang["nouns"]),
        frames={k: tuple(v) for k, v in lang["facts"].items()},
        markers=tuple(lang.get("markers", ())),
        singulars=tuple(
            (f"1 {p}", re.compile(rf"(?<![\d.,])\b1 {re.escape(p)}\b"), f"1 {s}")
            for p, s in singulars
        ),
        tools=dict(lang.get("tools", {})),
        kinds=kinds_of(lang.get("kinds", ())),
        short=shorts_of(lang.get("short", ())),
        owned=shorts_of(lang.get("owned", ())),
        elide=tuple(str(w) for w in lang.get("elide", ())),
        asked={str(k): str(v) for k, v in dict(lang.get("your", {})).items()},
        complaint=Cue("|".join(lang["complaint"])) if "complaint" in lang else None,
        feminine=dict(lang.get("feminine", {})),
        feminine_words=re.compile(r"\b(" + "|".join(map(re.escape, lang["feminine"])) + r")\b")
        if lang.get("feminine")
        else None,
        declines=re.compile("(?i)(?:" + "|".join(lang["declines"]) + ")")
        if lang.get("declines")
        else None,
        own_stance=re.compile(r"(?i)^(?:" + "|".join(lang["own_stance"]) + r")[,:.!]?\s+")
        if lang.get("own_stance")
        else None,
        thanks=re.compile(r"(?i)\b(?:" + "|".join(lang["thanks"]) + ")")
        if lang.get("thanks")
        else None,
        contractions=re.compile(
            r"(?i)(?<![\w'’])(" + "|".join(map(re.escape, lang["contractions"])) + r")(?![\w'’])"
        )
        if lang.get("contractions")
        else None,
        contracted={str(k).lower(): str(v) for k, v in dict(lang.get("contractions", {})).items()},
    )


def singular(code: str, text: str) -> str:
    """Counts of one said in the singular ('1 Tage' -> '1 Tag'): scenario text filled with a
    count, so a fact's value reads as the customer's finished sentence says it."""
    if "1 " not in text or code not in LANGUAGES:
        return text
    for plural, pattern, one in bank(code).singulars:
        if plural in text:
            text = pattern.sub(one, text)
    return text


def declines(text: str) -> bool:
    """Whether `text` declines, in any banked language, to give what was asked for: support
    reads a customer who may write in a language other than the conversation's."""
    for code in LANGUAGES:
        found = bank(code).declines
        if found is not None and found.search(text):
            return True
    return False


def swap_pattern(keys: list[str]) -> re.Pattern[str]:
    r"""`swaps` (`(?i)(?<![\w'’])(k1|k2|...)(?!\w)`, keys lower-case, longest first) for
    lower-cased text, where it is case-sensitive and its keys are grouped by their first
    character, which comes before the look-behind: the engine then jumps straight to where
    a key's first character is and tries only the keys that start with it. Keys that start
    alike keep their order, and keys that do not cannot both match at one place, so the
    same key matches where the original's would (tests/test_phrasing_fast.py)."""
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(key[0], []).append(key)
    branches = [
        f"{re.escape(first)}(?<![\\w'’]{re.escape(first)})"
        f"(?:{'|'.join(re.escape(k[1:]) for k in group)})"
        for first, group in groups.items()
    ]
    return re.compile(rf"(?:{'|'.join(branches)})(?!\w)")


def _longest_first(words: list[str]) -> list[str]:
    """'buenas tardes' before 'buenas': a greeting is matched whole, not its first word."""
    return sorted(words, key=len, reverse=True)


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


def spoken_label(code: str, text: str) -> str:
    """A form's label as a person says it to the one it belongs to ('apellido del huésped'
    -> 'apellido', then 'su apellido' / 'mi apellido'); any other label as it is."""
    if code not in LANGUAGES:
        return text
    return shorter(bank(code).owned, text) or text


def _capital_like(found: str, new: str) -> str:
    """`new` capitalised when `found` was, looking past opening marks ('¿Se puede' ->
    '¿Sería posible', never '¿sería posible' at the start of a sentence)."""
    first = next((ch for ch in found if ch.isalpha()), "")
    if not first.isupper():
        return new
    i = next((k for k, ch in enumerate(new) if ch.isalpha()), 0)
    return new[:i] + new[i : i + 1].upper() + new[i + 1 :]
