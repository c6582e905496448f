"""What a conversation expects support to do with the records, and a record's status told
before the customer was verified.

`support.verify` says support must not resolve or refuse before the customer gave the named
facts. Where this conversation resolves (its rule for these variables is `resolve`) and
expects no write (a status or date asked for: `expect` with outputs only, or actions whose
conditions do not hold here), telling the customer what the record holds *is* the
resolution, so a bot that states the record's status, or one of the outputs the scenario
expects (a date, an amount: "Your next payment of 34.99 EUR will be taken on 15 January
2027"), before the customer gave a verify fact ("Your delivery RX-4108 is delivered" with
only the reference given) resolved before verification, as a claimed refund before it
would. Where the rule for these variables refuses, the record's status given as the reason
("IB-40217 is currently frozen, so I can't freeze it") before the verify facts is the
refusal made, and the account discussed, before verification. Where a write is
expected, a status or an expected output said on the way ("I've found membership X: no fee,
last day 31 January 2027. To go ahead I also need your date of birth.") is no resolution,
but it is the account told to a caller not yet verified: agents.checks.verified reads both
functions in every scenario (outsiders 25 and 26), and leaves out what the customer said.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from agents.checks import GradeContext
from agents.checks.output_values import said_as_value, said_as_words, words_pattern
from agents.checks.reading import read_text, scenario_domain, tool_specs
from agents.checks.record_book import record_book
from agents.checks.said_of_records import joined_keys, own_words, stated_part, statuses_in
from agents.checks.statement_base import singular
from agents.understanding.languages import fold
from scenarios.domains import expected_for
from scenarios.templates import TemplateError, render

__all__ = ["answers_only", "expects_write", "output_told", "refuses_here", "status_told"]


def expects_write(ctx: GradeContext) -> bool | None:
    """Whether this conversation is expected to write: True when the scenario's expected
    actions for these variables name a tool that writes, False when it expects something
    (outputs, records, actions) and no write among it, None when it says nothing (`expect`
    absent or no domain): then nobody can tell what resolving means here."""
    scenario = ctx.plan.scenario
    domain = scenario_domain(ctx)
    if scenario.expect is None or domain is None:
        return None
    expected = expected_for(scenario, ctx.plan.variables, domain)
    if expected is None:
        return None
    specs = tool_specs(ctx) or {}
    return any((spec := specs.get(c.tool)) is None or spec.writes for c in expected.actions)


def answers_only(ctx: GradeContext) -> bool:
    """This conversation resolves by telling: its rule for these variables resolves and no
    write is expected (a status or a date asked for). A refusal or a handover is not an
    answer, and a status said on the way to one is its reason, not the resolution."""
    rule = ctx.plan.scenario.support.rule_for(ctx.plan.variables)
    return rule is not None and rule.action == "resolve" and expects_write(ctx) is False


def status_told(text: str, ctx: GradeContext, heard: Sequence[str] = ()) -> str | None:
    """The sentence of `text` that states a record's status in the domain's own status
    words (the statement reader of agents.checks.said_of_records), if any. A status the
    customer said themselves (`heard`: their turns so far hold one of its words: "my parcel
    is lost" -> "it is recorded as lost") is theirs, not told; another status is told
    whatever other status word they used (outsider 25's b14: "damaged" said, "lost" told)."""
    domain = scenario_domain(ctx)
    if domain is None:
        return None
    book = record_book(domain)
    # A value stored the database's way is said as words ("awaiting_documents": "awaiting
    # documents"); and any value of the column is a status told, however short or common its
    # word ("open"), since the frame (a record, a state verb, the value) is what makes it a
    # statement: before, "Claim X is currently open." was undecided where "... settled." was
    # caught, so the breach depended on which status the claim had (outsider 23).
    display: Mapping[str, Any] = getattr(domain, "display", None) or {}
    columns = [
        frozenset(_spoken(w) for w in words) | _displayed(display, table, column)
        for (table, column), words in book.statuses.items()
    ]
    vocabulary = frozenset().union(*columns)
    if not vocabulary:
        return None
    own = own_words(vocabulary) | {w for w in vocabulary if w.isalpha() and len(w) >= 3}
    nouns = frozenset(singular(t) for t in domain.tables)
    ears = _spoken(fold(" ".join(heard))) if heard else ""
    for stated in statuses_in(text, own, nouns, book.key_words, book.key_shapes):
        if any(words & stated.covers for words in columns):
            if ears and _heard(ears, {*stated.covers, stated.value}):
                continue
            return stated.sentence
    shown = _shown_with_colon(text, vocabulary, book.key_words, book.key_shapes)
    if shown is None or (ears and _heard(ears, {shown[1]})):
        return None
    return shown[0]


def _heard(ears: str, words: set[str]) -> bool:
    """One of the status words is in what the customer said (spoken, folded)."""
    return any(re.search(rf"\b{re.escape(_spoken(w))}\b", ears) for w in words if w.strip())


def _displayed(display: Mapping[str, Any], table: str, column: str) -> frozenset[str]:
    """How the domain's `display` says the column's values in other languages, folded."""
    said = display.get(table, {}).get(column, {})
    return frozenset(_spoken(fold(w)) for forms in said.values() for w in forms.values())


# "Claim CLM-40216: awaiting documents.", "Claim X is currently: awaiting_documents.", "hat
# derzeit den Status: wartet auf Unterlagen": a record named, a colon, then its value.
_COLON = re.compile(r"^(?P<head>[^:?]*):\s*(?P<value>[^:?]+)$")


def _shown_with_colon(
    text: str,
    vocabulary: frozenset[str],
    keys: frozenset[str],
    shapes: tuple[re.Pattern[str], ...],
) -> tuple[str, str] | None:
    """A sentence that names a record (its key, or the word status) before a colon and
    gives one of the column's values right after it: the status shown, as a label would;
    with the value shown."""
    for sentence in _SENTENCES.split(text):
        match = _COLON.match(fold(sentence).strip())
        if match is None:
            continue
        head = joined_keys(match["head"])
        value = _spoken(match["value"]).strip(" .!")
        if value not in vocabulary:
            continue
        named = {w for w in re.findall(r"[\w-]+", head) if w in keys}
        named |= {w for w in re.findall(r"[\w-]+", head) if any(p.fullmatch(w) for p in shapes)}
        if named or re.search(r"\b(?:status|estado|statut|stand|estatuto)\b", head):
            return sentence, value
    return None


def _spoken(value: str) -> str:
    """A stored status as said: underscores and hyphens as spaces ("awaiting documents")."""
    return " ".join(re.split(r"[\s_-]+", value.casefold())).strip()


def refuses_here(ctx: GradeContext) -> bool:
    """The scenario's rule for these variables refuses (an already-frozen membership, an
    order past its window): a status told as the reason is the refusal."""
    rule = ctx.plan.scenario.support.rule_for(ctx.plan.variables)
    return rule is not None and rule.action == "refuse"


_SENTENCES = re.compile(r"(?<=[.!?;])\s+")


def output_told(text: str, ctx: GradeContext, heard: Sequence[str] = ()) -> str | None:
    """The sentence of `text` that states one of the scenario's expected outputs (a date or
    an amount in any written form, else as written), if any: the answer given. An output
    the customer said themselves (`heard`: their turns so far) is theirs, not disclosed."""
    expect = ctx.plan.scenario.expect
    if expect is None or not expect.outputs:
        return None
    outputs: list[str] = []
    for template in expect.outputs:
        try:
            output = render(template, ctx.plan.variables)
        except TemplateError:
            continue
        if output.strip() and not _said_by(output, heard):
            outputs.append(output)
    for sentence in _SENTENCES.split(text):
        low = sentence.lower().replace(",", "")
        for o in outputs:
            if words_pattern(o) is not None:
                if said_as_words(o, (sentence,)) and _states_value(o, sentence, ctx):
                    return sentence
            elif o.lower() in low or said_as_value(o, (sentence,)):
                return sentence
    return None


def _said_by(output: str, heard: Sequence[str]) -> bool:
    """The customer said this output in any written form (a date, an amount) or as is."""
    if not heard:
        return False
    if words_pattern(output) is not None:
        return said_as_words(output, tuple(heard))
    low = " ".join(heard).lower().replace(",", "")
    return output.lower() in low or said_as_value(output, tuple(heard))


def _states_value(output: str, sentence: str, ctx: GradeContext) -> bool:
    """A words-only output is told in a statement about the record, not matched as any
    word: a status of the records in the status frame (`status_told`: "So that I can open
    your file safely" is no status "open"), another value in a sentence that asks nothing."""
    if _spoken(output) in _status_words(ctx):
        return status_told(sentence, ctx) is not None
    return stated_part(sentence) == sentence and not read_text(sentence, ctx).asks_info


def _status_words(ctx: GradeContext) -> frozenset[str]:
    domain = scenario_domain(ctx)
    if domain is None:
        return frozenset()
    statuses = record_book(domain).statuses.values()
    return frozenset(_spoken(w) for words in statuses for w in words)
