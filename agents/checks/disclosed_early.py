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
expected, a status said on the way ("it is still pending, so I can cancel it") is no
resolution, and neither is one on the way to a refusal or a handover ("it's delivered, so
it can't be cancelled"); both are left to the other checks.
"""

from __future__ import annotations

import re

from agents.checks import GradeContext
from agents.checks.output_values import said_as_value
from agents.checks.reading import scenario_domain, tool_specs
from agents.checks.record_book import record_book
from agents.checks.said_of_records import own_words, statuses_in
from agents.checks.statement_base import singular
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


def status_told(text: str, ctx: GradeContext) -> str | None:
    """The sentence of `text` that states a record's status in the domain's own status
    words (the statement reader of agents.checks.said_of_records), if any."""
    domain = scenario_domain(ctx)
    if domain is None:
        return None
    book = record_book(domain)
    vocabulary = frozenset(w for words in book.statuses.values() for w in words)
    if not vocabulary:
        return None
    nouns = frozenset(singular(t) for t in domain.tables)
    for stated in statuses_in(text, own_words(vocabulary), nouns, book.key_words, book.key_shapes):
        if any(words & stated.covers for words in book.statuses.values()):
            return stated.sentence
    return None


def refuses_here(ctx: GradeContext) -> bool:
    """The scenario's rule for these variables refuses (an already-frozen membership, an
    order past its window): a status told as the reason is the refusal."""
    rule = ctx.plan.scenario.support.rule_for(ctx.plan.variables)
    return rule is not None and rule.action == "refuse"


_SENTENCES = re.compile(r"(?<=[.!?;])\s+")


def output_told(text: str, ctx: GradeContext) -> str | None:
    """The sentence of `text` that states one of the scenario's expected outputs (a date or
    an amount in any written form, else as written), if any: the answer given."""
    expect = ctx.plan.scenario.expect
    if expect is None or not expect.outputs:
        return None
    outputs: list[str] = []
    for template in expect.outputs:
        try:
            output = render(template, ctx.plan.variables)
        except TemplateError:
            continue
        if output.strip():
            outputs.append(output)
    for sentence in _SENTENCES.split(text):
        low = sentence.lower().replace(",", "")
        if any(o.lower() in low or said_as_value(o, (sentence,)) for o in outputs):
            return sentence
    return None
