"""The record-statement readers' faster forms give what the plain code they replace gives.

Each reader is compared with its plain form written out here (the code as it was before):
the key tokens of a text (a pattern that does not try a run of letters again from each
letter), and the statuses and amounts a support turn states of a record (a domain's key
shapes tried as one pattern; a text without a digit states no amount). Texts: hand-made
edge cases and every turn of a seeded scripted run in five languages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from agents.checks import invented as inv
from agents.checks import said_of_records as sor
from agents.checks.record_book import fold, key_tokens
from simulator.run.runner import RunRequest, run, scripted_engines

_PLAIN_KEY = re.compile(r"[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*|\b[A-Z][A-Z0-9]{4,}\b")

EDGE_TEXTS = [
    "",
    "abc-XYZAB and ABCDE-5",
    "x_1 x1 -1- 1-2-3 a-b-c-1 ab1-cd",
    "ÄBCDE1 _ABCDE abcDEFGH XFUSXF é1 1é2",
    "Your order ORD-123 45 (W2040117) has shipped; order w-2040117 is pending.",
    "Le colis W1 est expédié, mais la commande C1001 est annulée.",
    "Ihre Bestellung W2044186 wurde storniert. Der Betrag von 1.219,50 $ wurde erstattet.",
    "A refund of $84.20 has been issued. Refunds over $500 need approval.",
    "Is it shipped? ¿Está enviado? It's delivered.",
    "Su pedido #12345 sigue en camino; el reembolso de US$ 12,99 está pendiente.",
]


@pytest.fixture(scope="module")
def run_texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every turn text of a small seeded run in five languages, tool results included."""
    out = tmp_path_factory.mktemp("shared-reading")
    request = RunRequest(
        paths=(), n=60, seed=17, out=Path(out), languages="es=1,fr=1,de=1,pt=1,en=1"
    )
    run(request, scripted_engines())
    texts: list[str] = []
    for line in (Path(out) / "transcripts.jsonl").read_text().splitlines():
        for turn in json.loads(line)["turns"]:
            texts.append(turn["content"])
    assert len(texts) > 500
    return texts


def test_key_tokens_are_the_plain_patterns(run_texts: list[str]) -> None:
    for text in [*EDGE_TEXTS, *run_texts]:
        plain = tuple(t.lower().replace("-", "") for t in _PLAIN_KEY.findall(text))
        assert key_tokens(text) == plain, text


def _plain_statuses(
    text: str,
    extra: frozenset[str],
    nouns: frozenset[str],
    keys: frozenset[str],
    shapes: tuple[re.Pattern[str], ...] = (),
) -> Iterator[sor.Stated]:
    """statuses_in as first written: every sentence and clause read again at each call."""
    phrases = sor._status_phrases(extra)
    for sentence in sor.split_sentences(text):
        # a short aside in brackets is read away (2bc8d04: "RX-4108 (Amoxicillin 500 mg) is ...")
        read = sor._ASIDE.sub("", sentence) if "(" in sentence else sentence
        folded = sor.joined_keys(fold(read))
        if "?" in folded or "¿" in folded:
            continue
        if shapes:
            shaped = {
                w for w in sor._DIGITS_WORD.findall(folded)
                if w not in keys and any(p.fullmatch(w) for p in shapes)
            }  # fmt: skip
            keys = keys | shaped if shaped else keys
        for clause in sor._CLAUSE.split(folded):
            found = sor._status_in_clause(sor._WORD.findall(clause), phrases, nouns, keys)
            if found is not None:
                group, noun, named = found
                yield sor.Stated(
                    "status", " ".join(sor.phrases_of(group, extra)[:1]),
                    sor.group_covers(group, extra), named, noun, sentence,
                )  # fmt: skip


def _plain_amounts(text: str, keys: frozenset[str]) -> Iterator[sor.Stated]:
    for sentence in sor.split_sentences(text):
        folded = fold(sentence)
        if not sor._MONEY_WORDS.search(folded) or "?" in folded:
            continue
        named = tuple(w for w in sor._WORD.findall(sor.joined_keys(folded)) if w in keys)
        for value in inv.values_in(sentence):
            if value.kind != "amount":
                continue
            if sor._LIMIT_BEFORE.search(fold(sentence[: value.start])):
                continue
            yield sor.Stated("amount", value.key, frozenset(), named, "", sentence)


@pytest.mark.parametrize(
    "keys,shapes",
    [
        (frozenset(), ()),
        (
            frozenset({"w2040117", "c1001", "w1", "ord12345"}),
            (re.compile("[a-z]{1}[0-9]{7}"), re.compile("[a-z]{1}[0-9]{4}")),
        ),
    ],
)
def test_statements_read_as_the_plain_reader_reads_them(
    run_texts: list[str], keys: frozenset[str], shapes: tuple[re.Pattern[str], ...]
) -> None:
    extra = frozenset({"located at the hub", "suspended"})
    nouns = frozenset({"account", "subscription", "claim"})
    for text in [*EDGE_TEXTS, *run_texts]:
        assert list(sor.statuses_in(text, extra, nouns, keys, shapes)) == list(
            _plain_statuses(text, extra, nouns, keys, shapes)
        ), text
        assert list(sor.amounts_in(text, keys)) == list(_plain_amounts(text, keys)), text


def test_any_shape_is_any_of_the_shapes() -> None:
    shapes = (re.compile("[a-z]{1}[0-9]{7}"), re.compile("[a-z]{2}[0-9]{3}"))
    either = sor._any_shape(shapes)
    for word in ["w2040117", "ab123", "w204011", "ab1234", "abc123", "w20401177", "x"]:
        assert bool(either.fullmatch(word)) == any(p.fullmatch(word) for p in shapes), word
