"""Support contradicting itself about a price: "standard delivery is free" in one turn and
"the $15 delivery fee will show on your statement" in a later one.

Two statements of support can only both hold if they agree; which ones can be read reliably
in any wording is narrow, and this check reads only those:

- **free vs a fee**: one turn says a thing costs nothing ("free", "at no cost", "no ... fee",
  "gratis", "sans frais", "kostenlos", "sem custo") and another states an amount as its fee,
  cost or price ("the $15 delivery fee", "cuesta 15 $");
- **two amounts for one fee**: two turns state different amounts as the fee or price of the
  same thing.

"The same thing" is a content word the two statements share next to the price word
("delivery" in "standard delivery ... is free" and "the $15 delivery fee"; German compounds
split: "Versandgebühr" is "versand"). Options of that thing keep statements apart: the words
support puts right before it ("standard delivery", "express delivery") name variants, and
two statements whose turns name different variants speak of different options. When one
turn names a variant and the other names none, it cannot be told: the check is undecided
(`self_contradiction`), never passed. Questions, conditions ("if you choose express, it's
$15") and turns of the same reply (a reply listing options) are not compared. Dates,
statuses and yes/no availability said twice are not read here: they are the judge's.

`self_contradiction` (major, correctness), at the later turn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.invented import values_in
from agents.checks.output_values import money_as_said
from agents.checks.pii import mask_pii
from agents.types import Finding
from agents.understanding.text import sentences

__all__ = ["UNJUDGED", "self_contradiction"]

UNJUDGED = "self_contradiction"
_FREE = re.compile(
    r"(?i)(?<!non-)(?<!non )\b(?:free(?: of charge)?|at no (?:extra |additional )?(?:cost|charge)|"
    r"no (?:extra |additional )?(?:charge|cost)|costs? nothing|no \w+ (?:fee|charge)|without "
    r"(?:a |any )?(?:fee|charge)|complimentary|gratis|gratuit[oa]s?|sin (?:coste|costo|cargo|"
    r"cobro)|gratuite?s?|sans frais|offerte?s?|kostenlos|kostenfrei|geb[üu]hrenfrei|ohne "
    r"(?:geb[üu]hr|kosten|aufpreis)|gr[áa]tis|sem (?:custo|cobran[çc]a|taxa))\b"
)
# A fee of a thing: the thing right before the fee word ("the $15 delivery fee"), after it
# ("a fee for delivery", "frais de livraison", "taxa de entrega"), in a compound
# ("Versandgebühr"), or before a verb of costing ("express delivery costs $15").
_FEE_BEFORE = re.compile(
    r"(?i)\b([^\W\d_]{4,}) (?:fees?|charges?|surcharges?|costs? \$?\d+|kostet|kosten|cuesta|"
    r"co[ûu]te|custa)\b"
)
_FEE_AFTER = re.compile(
    r"(?i)\b(?:fees?|charges?|surcharges?|frais|gastos|cargos?|comisi[óo]n|tarifa|recargo|"
    r"taxa|geb[üu]hr|kosten) (?:for|of|de|por|f[üu]r|pour)(?: the| la| le| l'| el| los| las| "
    r"o| a| die| der| das)? ?([^\W\d_]{4,})"
)
_COMPOUND = re.compile(r"(?i)\b([^\W\d_]{4,}?)(?:geb[üu]hr|kosten)\b")
_NOT_SAID = re.compile(
    r"(?i)^\W*(?:if|when|once|should|unless|si|cuando|quand|wenn|falls|se|caso)\b|"
    r"\b(?:would|could|might|w[üu]rde|ser[íi]a|serait|seria)\b"
)
_WORD = re.compile(r"[^\W\d_]{4,}")
_PAIR = re.compile(r"(?=\b([^\W\d_]{4,}) ([^\W\d_]{4,})\b)")  # two words side by side
_STOP = frozenset(
    re.findall(
        r"\S+",
        "this that these those with your will have been were which what there their about from "
        "into only also just here then than them they when show shows takes take days business "
        "next statement card amount total paid pays charged cost costs price fee fees charge "
        "charges free extra additional nothing complimentary please thanks thank would could "
        "para como esta este esto pero porque usted será tiene pour avec votre vous dans sont "
        "sera leur nous mais über ihre ihren ihnen wird sind nicht noch eine einer você está "
        "sobre pela pelo",
    )
)


@dataclass(frozen=True)
class _Said:
    turn: int
    sentence: str
    things: frozenset[str]  # the content words next to the price word
    amount: str | None  # None: free


def self_contradiction(ctx: GradeContext) -> CheckResult:
    said: list[_Said] = []
    texts: dict[int, str] = {}
    for index, turn in ctx.support_turns():
        if turn.act is not None or not turn.content.strip():
            continue
        texts[index] = turn.content.casefold()
        for sentence in sentences(turn.content):
            said.extend(_statements(index, sentence))
    if len(said) < 2:
        return PASS
    variants = _variants(texts.values())
    undecided = False
    for later in said:
        for earlier in said:
            shared = _shared(earlier.things, later.things)
            if earlier.turn >= later.turn or not shared:
                continue
            if earlier.amount == later.amount:
                continue
            a = _named(texts[earlier.turn], shared, variants)
            b = _named(texts[later.turn], shared, variants)
            if a != b:
                undecided = undecided or not (a and b)
                continue  # different options, or one the reader cannot place
            return CheckResult((_finding(ctx, earlier, later),))
    return CheckResult((), (UNJUDGED,)) if undecided else PASS


def _statements(index: int, sentence: str) -> list[_Said]:
    if sentence.rstrip().endswith("?") or _NOT_SAID.search(sentence):
        return []
    free = _FREE.search(sentence)
    if free is not None:
        return [_Said(index, sentence, _near(sentence, free.start(), free.end()), None)]
    amounts = {v.key for v in values_in(sentence) if v.kind == "amount" and v.key != "0.00"}
    if len(amounts) != 1:
        return []  # no amount, or several (options listed, a sum): not one fee
    things = {m.group(1).casefold() for m in _FEE_BEFORE.finditer(sentence)}
    things |= {m.group(1).casefold() for m in _FEE_AFTER.finditer(sentence)}
    things |= {m.group(1).casefold() for m in _COMPOUND.finditer(sentence)}
    kept = frozenset(t for t in things if t not in _STOP)
    return [_Said(index, sentence, kept, amounts.pop())] if kept else []


def _near(sentence: str, start: int, end: int) -> frozenset[str]:
    """Stems of the content words within six words before and three after the price word,
    and of a compound's first part ("Versandgebühr")."""
    before = _WORD.findall(sentence[:start].casefold())[-6:]
    after = _WORD.findall(sentence[end:].casefold())[:3]
    word = sentence[start:end].casefold()
    parts = [re.sub(r"geb[üu]hr\w*$", "", word)] if "geb" in word else []
    return frozenset(w for w in [*before, *after, *parts] if len(w) >= 4 and w not in _STOP)


def _same(a: str, b: str) -> bool:
    """One word names the other's thing: "delivery"/"deliveries", "versand" in
    "standardversand"."""
    return a[:5] in b or b[:5] in a


def _shared(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    return frozenset(x for x in b if any(_same(x, y) for y in a))


def _variants(texts: Iterable[str]) -> dict[str, frozenset[str]]:
    """Per word, the words support puts right before it ("standard", "express")."""
    found: dict[str, set[str]] = {}
    for text in texts:
        for m in _PAIR.finditer(text):
            first, second = m.group(1), m.group(2)
            if first not in _STOP:
                found.setdefault(second, set()).add(first)
    return {k: frozenset(v) for k, v in found.items()}


def _named(
    text: str, things: frozenset[str], variants: dict[str, frozenset[str]]
) -> frozenset[str]:
    """The variants of the shared thing a turn names ("standard" of "standard delivery")."""
    words = set(_WORD.findall(text))
    named: set[str] = set()
    for thing in things:
        options = {o for key, found in variants.items() if _same(key, thing) for o in found}
        named |= {o for o in options if o in words and not any(_same(o, t) for t in things)}
    return frozenset(named)


def _finding(ctx: GradeContext, earlier: _Said, later: _Said) -> Finding:
    # each amount as that turn wrote it, in its own currency (never a "$" nobody used)
    first = "free" if earlier.amount is None else money_as_said(earlier.amount, earlier.sentence)[0]
    second = "free" if later.amount is None else money_as_said(later.amount, later.sentence)[0]
    return Finding(
        turn=later.turn,
        dimension="correctness",
        category="self_contradiction",
        severity="major",
        evidence=mask_pii(later.sentence),
        explanation=(
            f"support contradicts itself: turn {earlier.turn} says it is {first} "
            f'("{mask_pii(earlier.sentence)[:120]}"), this turn says {second}'
        ),
    )
