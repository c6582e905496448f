"""The critic's cheaper text paths give what their plain rules give, on fuzzed text.

`wrong_language` reads the customer's languages only when a support turn is in another
language than the customer's so far; it is compared with the plain rule on random
conversations.

Each fast path (an ASCII-only tokenizer where the text is ASCII, a translate table instead of
a test per character) is checked here against the rule it replaces, written out plainly, on
random texts mixing ASCII, accented letters, apostrophes, digits, underscores, the
characters `re.IGNORECASE` folds specially and whitespace.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
from critic_fixture import BASE, RESOLVED

from agents.checks import PASS, CheckResult, GradeContext, customer, language, matching
from agents.checks.pii import mask_pii
from agents.checks.values import FOLD_OUTLIERS
from agents.phrasing.local_numbers import with_stored
from agents.types import Finding, Turn
from agents.understanding import languages

_PIECES = [
    "order", "ORD-1234", "don't", "l'adresse", "it’s", "Straße", "ÉXITO", "niño", "n°", "nº",
    "café", "über", "ação", "œuvre", "snake_case", "x2", "42", "3.50", "'", "’", "-", "_", ".",
    "?", "¿", "İstanbul", "ı", "ſ", "ﬁ", "Ⅻ", "½", "e\u0301", "a\u0308", "\u00a0", "\t", "\n",
]  # fmt: skip


def _texts(seed: str, count: int = 3000) -> list[str]:
    rng = random.Random(seed)
    pool = _PIECES + list(FOLD_OUTLIERS) + [chr(c) for c in range(0x20, 0x250)]
    out = []
    for _ in range(count):
        parts = rng.choices(pool, k=rng.randint(0, 10))
        text = "".join(p + rng.choice(["", " ", "  "]) for p in parts)
        out.append(text.upper() if rng.random() < 0.2 else text)
    ascii_only = [t.encode("ascii", "ignore").decode() for t in out]
    return out + ascii_only


_PLAIN_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_PLAIN_TOKEN = re.compile(r"[^\W_]+")
_PLAIN_NON_ALNUM = re.compile(r"[\W_]+")
_PLAIN_LANGUAGE_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _plain_fold(text: str) -> str:
    text = text.casefold().replace("ß", "ss").replace("n°", "num ").replace("nº", "num ")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@pytest.mark.parametrize("seed", ["a", "b"])
def test_customer_words_equal_the_plain_rule(seed: str) -> None:
    for text in _texts(f"words-{seed}"):
        plain = tuple(w.casefold().replace("’", "'") for w in _PLAIN_WORD.findall(text))
        if text.isascii():  # the rule the ASCII path stood for before
            assert tuple(_PLAIN_WORD.findall(text.lower())) == plain
        assert customer.words(text) == list(plain), text


@pytest.mark.parametrize("seed", ["a", "b"])
def test_value_tokens_and_compact_equal_the_plain_rule(seed: str) -> None:
    for text in _texts(f"tokens-{seed}"):
        # Amounts and dates written another language's way are also read as stored ("9 $"
        # also gives "$9"): the plain rule over the text with those stored forms after it.
        plain = tuple(_PLAIN_TOKEN.findall(with_stored(text).casefold()))
        assert matching._tokens(text) == plain, text
        assert matching.compact(text) == _PLAIN_NON_ALNUM.sub("", text.casefold()), text


@pytest.mark.parametrize("seed", ["a", "b"])
def test_language_fold_and_words_equal_the_plain_rule(seed: str) -> None:
    for text in _texts(f"fold-{seed}"):
        folded = languages.fold(text)
        assert folded == _plain_fold(text), text
        assert languages._words(folded) == _PLAIN_LANGUAGE_WORD.findall(folded), text


def test_fold_table_drops_every_combining_mark() -> None:
    """The translate table is filled per code point on first sight; over every code point it
    agrees with unicodedata.combining."""
    text = "".join(chr(c) for c in range(0x80, 0x30000) if not 0xD800 <= c < 0xE000)
    kept = text.translate(languages._MARKS)
    assert kept == "".join(ch for ch in text if not unicodedata.combining(ch))


def test_decided_language_is_cached_and_reads_letters_only_outside_ascii() -> None:
    assert languages.decided_language("Hola, necesito ayuda con mi pedido por favor") == "es"
    assert languages.decided_language("Hello, I need help with my order please") == "en"
    # The letters of a language count without a function word of it.
    assert languages._weigh("ñ ñ ñ xyz qwv")[1]["es"] == 4.5
    assert languages._weigh("xyz qwv abc")[1]["es"] == 0.0


_SENTENCES = [
    "Hello, I need help with my order please, it has not arrived yet.",
    "Thanks, I have refunded the order and you will see it in a few days.",
    "Hola, necesito ayuda con mi pedido por favor, todavía no ha llegado.",
    "Gracias, he reembolsado el pedido y lo verá en unos días.",
    "Bonjour, j'ai besoin d'aide avec ma commande, elle n'est pas arrivée.",
    "Merci, nous avons remboursé la commande et vous la verrez bientôt.",
    "Hallo, ich brauche Hilfe mit meiner Bestellung, sie ist nicht angekommen.",
    "Danke, ich habe die Bestellung erstattet und Sie sehen es bald.",
    "Olá, preciso de ajuda com o meu pedido, ainda não chegou.",
    "Obrigado, reembolsei o pedido e você verá em alguns dias.",
    "OK", "Merci!", "", "   ", "Order W123, refund done",
]  # fmt: skip


def _plain_wrong_language(ctx: GradeContext) -> CheckResult:
    """wrong_language as first written: every customer turn's language read in turn order."""
    used = {ctx.plan.persona.language}
    decided = 0
    wrong: list[tuple[int, str]] = []
    wrote_theirs = False
    wrote = readable = False  # the customer wrote anything so far; anything with a language
    for index, turn in enumerate(ctx.turns):
        if turn.role == "customer":
            lang = languages.decided_language(turn.content)
            if lang is not None:
                used.add(lang)
                readable = True
            wrote = wrote or bool(turn.content.strip())
            continue
        if turn.role != "support" or not turn.content.strip():
            continue
        lang = languages.decided_language(turn.content)
        if lang is None or (wrote and not readable and lang not in used):
            continue  # nothing the customer wrote had a language: a reply to it is not judged
        decided += 1
        if lang not in used:
            wrong.append((index, lang))
        elif not wrong:
            wrote_theirs = True  # the customer's language before any other: a switch follows
    theirs = " or ".join(languages.NAMES.get(code, code) for code in sorted(used))
    strays = [
        (index, lang)
        for index, lang in wrong
        if lang not in used and language.clearly_other(ctx.turns[index].content, lang, used)
    ]
    if wrong and 2 * len(wrong) <= decided:  # stray replies from a side that writes theirs
        if not strays:
            return PASS
        return CheckResult(
            tuple(
                Finding(
                    turn=index,
                    dimension="data_quality",
                    category="wrong_language",
                    severity="major",
                    evidence=mask_pii(ctx.turns[index].content),
                    explanation=f"one support reply is in {languages.NAMES.get(lang, lang)}, "
                    f"a language the customer never used, where support's other replies are "
                    f"in {theirs}",
                )
                for index, lang in strays
            )
        )
    if len(wrong) < language.MIN_WRONG:
        return PASS
    first, lang = wrong[0]
    finding = Finding(
        turn=first,
        dimension="task_success",
        category="wrong_language",
        severity="major" if wrote_theirs else language.SEVERITY,
        evidence=mask_pii(ctx.turns[first].content),
        explanation=f"support answers in {languages.NAMES.get(lang, lang)} ({len(wrong)} of "
        f"{decided} turns whose language is clear) a customer who writes in {theirs}"
        + (
            f"; it wrote {theirs} before, so it switched mid-conversation"
            if wrote_theirs
            else " (a note: the language came from the default mix, not the scenario)"
        ),
    )
    return CheckResult((finding,))


def test_wrong_language_reads_the_customer_only_when_needed_and_decides_alike() -> None:
    rng = random.Random(7)
    found = 0
    for _ in range(1500):
        turns = [
            Turn(role=rng.choice(["customer", "support", "support", "tool"]), content=text)
            for text in rng.choices(_SENTENCES, k=rng.randint(0, 9))
        ]
        persona = BASE.persona.model_copy(update={"language": rng.choice(["en", "es", "de"])})
        plan = BASE.model_copy(update={"persona": persona})
        ctx = GradeContext(plan=plan, turns=turns, outcome=RESOLVED)
        expected = _plain_wrong_language(ctx)
        assert language.wrong_language(ctx) == expected, turns
        found += bool(expected.findings)
    assert found > 50  # the random conversations do trip the check
