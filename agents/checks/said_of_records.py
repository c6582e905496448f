"""Finding what a support sentence states about a record: a status ("your order has already
shipped", "el pedido sigue con el transportista"), an amount tied to the case ("a refund of
$84.20"), or an item named as the customer's ("your robot vacuum"). Used by
`agents.checks.statements`, which compares them with the records.

A status is read by a frame, not a phrase list: a reference to a record (a key such as
W2040117, a noun for a record of the domain's tables or for goods on their way, or "it":
a pronoun for it, or no subject at all, "Elle apparaît comme expédiée", "Aparece como enviado"),
then within the same clause a word that states a state (a copula, "shows", "marked",
"still", "already", in five languages), then a word or phrase of a status, with no negator,
modal, condition or question in the way. Which phrases say which status: the status's own
word in any column of the domain (`active`, `posted`), and for the common states of goods
(on their way, delivered, pending, cancelled, processed) their usual wordings in English,
Spanish, French, German and Portuguese.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from agents.checks.invented import values_in
from agents.checks.record_book import fold
from agents.checks.record_words import (
    _ACTIVE_AUX,
    _BEING,
    _CLAUSE,
    _CONDITIONS,
    _DETERMINERS,
    _DIGIT,
    _DIGITS_WORD,
    _KNOWN,
    _LIMIT_BEFORE,
    _MARKERS,
    _MODALS,
    _MONEY_WORDS,
    _NEGATORS,
    _PREPOSITIONS,
    _PRONOUN_BEFORE,
    _PRONOUNS,
    _RECORD_NOUNS,
    _SENTENCE,
    _SUBJECTLESS,
    _WORD,
    GROUPS,
    WINDOW,
)


@dataclass(frozen=True)
class Stated:
    """One statement about a record in a support turn."""

    kind: str  # status, amount, item
    value: str  # the status group's first word, the amount as 0.00, the item as written
    covers: frozenset[str]  # for a status: the record words it agrees with
    keys: tuple[str, ...]  # folded record keys the sentence names
    noun: str  # the reference word ("order", "it", a key)
    sentence: str


_HYPHENATED = re.compile(r"\b([a-z]{1,5})[-#](\d{3,})\b")


def joined_keys(folded: str) -> str:
    """'ord-12345' and 'ord 12345' as one word, as record keys are compared."""
    return _HYPHENATED.sub(r"\1\2", folded)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


@lru_cache(maxsize=64)
def _status_phrases(extra: frozenset[str]) -> dict[str, tuple[tuple[tuple[str, ...], int], ...]]:
    """Each phrase as words with its group (GROUPS index, or len(GROUPS)+i for a domain's
    own words outside the groups), by first word, longest first: a clause is scanned once."""
    phrases: list[tuple[tuple[str, ...], int]] = []
    for g, (_, said) in enumerate(GROUPS):
        phrases += [(tuple(_WORD.findall(p)), g) for p in said]
    for i, word in enumerate(sorted(extra)):
        phrases.append((tuple(_WORD.findall(word)), len(GROUPS) + i))
    by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for phrase, group in sorted(phrases, key=lambda p: -len(p[0])):
        if phrase:
            by_first.setdefault(phrase[0], []).append((phrase, group))
    return {first: tuple(found) for first, found in by_first.items()}


def own_words(vocabulary: frozenset[str]) -> frozenset[str]:
    """A domain's status words outside the groups that can be read as a status: one word of
    five letters or more, or a phrase of two or more words ('located at the hub')."""
    return frozenset(
        w for w in vocabulary - _KNOWN if (len(w) >= 5 and w.isalpha()) or len(w.split()) >= 2
    )


def group_covers(group: int, extra: frozenset[str]) -> frozenset[str]:
    if group < len(GROUPS):
        return GROUPS[group][0]
    return frozenset({sorted(extra)[group - len(GROUPS)]})


# A sentence that opens as a question (folded): an auxiliary or a question word first, in five
# languages ("has your order ...", "ist die Bestellung ...", "quand ...", "qual ...").
_QUESTION_OPENER = re.compile(
    r"^\W*(?:(?:has|have|had|is|are|was|were|do|does|did|can|could|will|would|should|shall|"
    r"may|might|isn't|aren't|hasn't|haven't|didn't|doesn't|what|when|where|why|how|which|who|"
    r"whose)\b|(?:que|cuando|donde|por que|como|cual|cuales|quien)\b|"
    r"(?:est-ce|qu'est|quand|ou|pourquoi|comment|quel|quelle|quels|quelles|combien)\b|"
    r"(?:ist|sind|war|waren|hat|haben|hatte|wurde|wurden|kann|konnen|konnte|wird|werden|"
    r"wie|was|wann|wo|warum|welche\w*|wer)\b|"
    r"(?:quando|onde|porque|qual|quais|quem|o que|sera que)\b)"
)

# French inversion anywhere before the mark ("la commande est-elle déjà partie, ou ...?").
_INVERTED = re.compile(r"\b[a-z]+-(?:t-)?(?:il|elle|ils|elles|vous|on)\b")


def stated_part(sentence: str) -> str:
    """What a sentence states: all of it without a question mark; else the clauses before the
    question ("your order has shipped, hasn't it?", "I see it has shipped - did it arrive?",
    "el pedido figura como enviado, ¿le ha llegado?"), unless the sentence opens as a question
    ("has it shipped, or is it still pending?"): then nothing. Read on the text as written,
    since folding drops the "¿" that opens a Spanish question."""
    if "?" not in sentence and "\u00bf" not in sentence:
        return sentence
    if "\u00bf" in sentence:
        head = sentence.split("\u00bf", 1)[0]
    else:
        ask = sentence.index("?")
        breaks = [m.start() for m in _CLAUSE.finditer(sentence.lower(), 0, ask)]
        head = sentence[: breaks[-1]] if breaks else ""
    folded = fold(head)
    if not folded.strip() or _QUESTION_OPENER.match(folded) or _INVERTED.search(folded):
        return ""
    return head


def _implicit_subject(words: list[str]) -> list[str]:
    """The clause with its pronoun for the record, or its missing subject, read as "it"."""
    if not words:
        return words
    first = words[0]
    if first in _PRONOUNS or (first in _PRONOUN_BEFORE and words[1:2] and words[1] in _BEING):
        return ["it", *words[1:]]
    if first in _SUBJECTLESS:
        return ["it", *words]
    return words


def statuses_in(
    text: str,
    extra: frozenset[str],
    nouns: frozenset[str],
    keys: frozenset[str],
    shapes: tuple[re.Pattern[str], ...] = (),
) -> Iterator[Stated]:
    """The statuses `text` states of a record. `extra`: the domain's own status words;
    `nouns`: words naming its records (besides the common ones); `keys`: folded record keys
    that count as references; `shapes`: of keys, so that a key no record has ('W2044186')
    is a reference too (to a record that does not exist)."""
    phrases = _status_phrases(extra)
    shaped_as = _any_shape(shapes).fullmatch if shapes else None
    for sentence in split_sentences(text):
        part = stated_part(sentence)
        if not part:
            continue
        if "(" in part:  # "RX-4108 (Amoxicillin 500 mg) is delivered": the aside read away
            part = _ASIDE.sub("", part)
        folded = joined_keys(fold(part))
        if shaped_as is not None:
            shaped = {w for w in _DIGITS_WORD.findall(folded) if w not in keys and shaped_as(w)}
            keys = keys | shaped if shaped else keys
        for clause in _CLAUSE.split(folded):
            words = _implicit_subject(_WORD.findall(clause))
            found = _status_in_clause(words, phrases, nouns, keys)
            if found is not None:
                group, noun, named = found
                yield Stated(
                    "status", " ".join(phrases_of(group, extra)[:1]), group_covers(group, extra),
                    named, noun, sentence,
                )  # fmt: skip


# A short aside in brackets between a record and what is said of it (an item's name, a
# gloss); one holding a colon ("(status: cancelled)") is a status shown, and is kept.
_ASIDE = re.compile(r"\s*\([^():]{1,80}\)")


@lru_cache(maxsize=64)
def _any_shape(shapes: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One pattern that matches a whole word where one of `shapes` would: a domain's key
    shapes tried in one pass over each word instead of one `fullmatch` each (a tau-bench
    domain has several, and every word with a digit of every support sentence is tried)."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in shapes))


def phrases_of(group: int, extra: frozenset[str]) -> list[str]:
    if group < len(GROUPS):
        return list(GROUPS[group][1])
    return [sorted(extra)[group - len(GROUPS)]]


def _status_in_clause(
    words: Sequence[str],
    phrases: dict[str, tuple[tuple[tuple[str, ...], int], ...]],
    nouns: frozenset[str],
    keys: frozenset[str],
) -> tuple[int, str, tuple[str, ...]] | None:
    if not words:
        return None
    for at, word in enumerate(words):
        for phrase, group in phrases.get(word, ()):
            if tuple(words[at : at + len(phrase)]) != phrase:
                continue
            after = words[at + len(phrase) : at + len(phrase) + 1]
            if after and after[0] in ("orders", "items", "bookings", "pedidos", "commandes"):
                break  # "pending orders": a kind of record, said in general
            ref = _reference(words, at, nouns, keys)
            if ref is None:
                break
            start, noun = ref
            head = start - 1 if start > 0 and words[start - 1] in nouns | _RECORD_NOUNS else start
            while head > 0 and words[head - 1] in _DETERMINERS:
                head -= 1
            if head > 0 and words[head - 1] in _PREPOSITIONS:
                break  # "for order W1": the record is not what the clause is about
            if any(w in _ACTIVE_AUX for w in words[:head]):
                break  # "... hat die Bestellung W1 bearbeitet": the record is an object
            between = words[start + 1 : at]
            stated = noun in keys or noun.endswith("'s") or any(w in _MARKERS for w in between)
            if not stated:
                break
            if any(_negates(w) or _modal(w) or w in _CONDITIONS for w in words[:at]):
                break  # "let me check whether it's shipped", "I'll make sure it's delivered"
            if tuple(words[max(0, at - 2) : at]) == ("to", "be"):
                break  # "due to be delivered", "going to be shipped": not the state it is in
            if any(_negates(w) for w in words[at + len(phrase) : at + len(phrase) + 2]):
                break
            named = tuple(w for w in words[: at + len(phrase) + 3] if w in keys)
            return group, noun, named
    return None


def _modal(word: str) -> bool:
    return word in _MODALS or word.endswith("'ll") or word.endswith("'d")


def _negates(word: str) -> bool:
    return word in _NEGATORS or word.endswith("n't") or word.startswith("n'")


def _reference(
    words: Sequence[str], at: int, nouns: frozenset[str], keys: frozenset[str]
) -> tuple[int, str] | None:
    """The nearest word before `at` (within WINDOW) that names a record."""
    for i in range(at - 1, max(-1, at - 1 - WINDOW), -1):
        w = words[i]
        if w in keys or w in nouns or w in _RECORD_NOUNS:
            return i, w
    return None


def amounts_in(text: str, keys: frozenset[str]) -> Iterator[Stated]:
    """Amounts stated of the case: money in a sentence about a refund, a total, a charge or
    a payment, not a limit ('refunds over $500')."""
    if _DIGIT.search(text) is None:
        return  # an amount holds a digit (`values_in`): no sentence to read
    for sentence in split_sentences(text):
        folded = fold(sentence)
        if not _MONEY_WORDS.search(folded) or "?" in folded:
            continue
        named = tuple(w for w in _WORD.findall(joined_keys(folded)) if w in keys)
        for value in values_in(sentence):
            if value.kind != "amount":
                continue
            if _LIMIT_BEFORE.search(fold(sentence[: value.start])):
                continue
            yield Stated("amount", value.key, frozenset(), named, "", sentence)


_YOUR = re.compile(r"\b(?:your|tu|su|sus|votre|vos|ihr|ihre|ihren|seu|sua|teu|tua)\s+$")


def items_in(text: str, items: Sequence[str]) -> Iterator[Stated]:
    """Item names of the domain's records said in `text` (whole words, folded); `your`
    before one makes it the customer's."""
    folded = fold(text)
    for m in _items_pattern(tuple(items)).finditer(folded):
        noun = "your" if _YOUR.search(folded[: m.start()]) else ""
        yield Stated("item", m.group(0), frozenset(), (), noun, text)


@lru_cache(maxsize=16)
def _items_pattern(items: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a domain's item names, longest first (once per domain)."""
    names = "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True)) or "(?!)"
    return re.compile(r"(?<![a-z0-9])(?:" + names + r")(?![a-z0-9])")
