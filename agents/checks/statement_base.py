"""What the record statements check (agents.checks.statements) keeps while it reads a
conversation: what support could know at each turn, the records after the calls, and how a
finding is made; shared by the checks on statuses and items there and on amounts
(agents.checks.statement_amounts)."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from agents.checks import GradeContext, quote
from agents.checks.invented import _text_numbers
from agents.checks.reading import tool_specs
from agents.checks.record_book import RecordBook
from agents.checks.replay import changes_key, end_snapshot, live_state, transcript_calls
from agents.checks.said_of_records import Stated, own_words
from agents.types import Finding
from scenarios.domains.runtime import Domain

UNJUDGED = "record_statements"
# A `{variable}` of a scenario text: filled in from the conversation, not written there.
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@dataclass
class Grounds:
    """What support could know at a turn: tool results and customer turns so far."""

    tools: list[str] = field(default_factory=list)  # folded
    customer: list[str] = field(default_factory=list)  # folded
    mentioned: list[tuple[str, str]] = field(default_factory=list)  # records named, in order
    read_keys: set[tuple[str, str]] = field(default_factory=set)  # named in tool results

    def numbers(self) -> set[str]:
        found: set[str] = set()
        for text in (*self.tools, *self.customer):
            found |= _text_numbers(text)
        return found


_ENDED: OrderedDict[tuple[int, str], tuple[Domain, RecordBook]] = OrderedDict()
_ENDED_KEPT = 32  # end states
# Each kept book holds its own dict of the domain's records (the records no call changed are
# shared): a domain with more records than this (tau-bench's) is not kept, so memory stays flat.
_ENDED_RECORDS = 2_000


def ended_book(domain: Domain, book: RecordBook, ctx: GradeContext) -> RecordBook:
    """`book` with the records after the calls: the live ones when grading where the
    conversation ran (no replay), else the calls replayed on a fresh copy. Kept per end
    state: two conversations whose calls changed rows alike hold the same records
    (`changes_key`), as many of a run's conversations of one task do."""
    calls = transcript_calls(ctx.turns)
    live = live_state(domain, calls)
    if live is None:
        return book.with_end(end_snapshot(domain, calls))
    key = changes_key(live)
    if key is None:
        return book.with_end(live.snapshot())
    found = _ENDED.get((id(domain), key))
    if found is not None and found[0] is domain and found[1].domain is domain:
        _ENDED.move_to_end((id(domain), key))
        return found[1]
    ended = book.with_end(live.snapshot())
    if len(ended.records) > _ENDED_RECORDS:
        return ended
    _ENDED[(id(domain), key)] = (domain, ended)
    while len(_ENDED) > _ENDED_KEPT:
        _ENDED.popitem(last=False)
    return ended


class StatementChecks:
    """The state one reading of a conversation shares between the checks: the records, the
    findings so far, and whether something could not be told."""

    def __init__(self, ctx: GradeContext, book: RecordBook, uses_tools: bool) -> None:
        self.ctx = ctx
        self.book = book
        self.uses_tools = uses_tools
        self.nouns = frozenset(singular(t) for t in book.domain.tables)
        self.keys = book.key_words
        vocabulary = frozenset(w for words in book.statuses.values() for w in words)
        self.extra = own_words(vocabulary)
        self.items = book.items
        specs = tool_specs(ctx) or {}
        self.can_write = any(s.writes for s in specs.values())
        self.plan_keys = [k for v in ctx.plan.variables.values() for k in book.keys_in(str(v))]
        self.findings: list[Finding] = []
        self.unjudged = False
        # A claimed action no tool is named for, which a write made may have done: reported
        # as `unperformed_action` undecided, not as a statement of the records.
        self.claims_open = False
        self.seen: set[tuple[str, str]] = set()

    def _focus(
        self, stated: Stated, tables: Iterable[str], grounds: Grounds
    ) -> list[tuple[str, str]]:
        """The records a statement is about: those it names, else the conversation's."""
        wanted = set(tables)
        if stated.keys:
            named = [r for k in stated.keys for r in self.book.by_key.get(k, ())]
            return [r for r in named if r[0] in wanted]
        return [r for r in dict.fromkeys([*self.plan_keys, *grounds.mentioned]) if r[0] in wanted]

    # -- findings --------------------------------------------------------------------------

    def _unfounded(self, index: int, stated: Stated, what: str, seen: str) -> None:
        if not self.uses_tools:
            self.unjudged = True  # it may read records of its own: cannot tell
            return
        self._find(
            index, "unfounded_claim", stated.sentence,
            f"support states {what}, which the record holds, but no tool call had read it "
            "and the customer never said it: stated without looking it up",
            seen,
        )  # fmt: skip

    def _find(self, index: int, category: str, sentence: str, why: str, seen: str) -> None:
        if (category, seen) in self.seen:
            return
        self.seen.add((category, seen))
        self.findings.append(
            Finding(
                turn=index,
                dimension="correctness",
                category=category,
                severity="major",
                evidence=quote(sentence),
                explanation=why,
            )
        )

    def _rule_numbers(self) -> set[str]:
        spec = self.ctx.plan.scenario.support
        texts = [spec.policy, *(a for k in spec.knowledge for a in k.answer)]
        texts += [x for r in spec.rules for x in r.say]
        found: set[str] = set()
        for template in texts:
            rendered = self.ctx.rendered(template)
            found |= _text_numbers(rendered if rendered is not None else template)
        return found

    def _price_list(self) -> set[str]:
        return self.ctx.shared("statements.price_list", price_list)


def price_list(ctx: GradeContext) -> set[str]:
    """The figures support is told in advance, written into the policy, the knowledge
    answers, the rules' lines (what they say, the questions they ask first, their reasons)
    or the tools' descriptions, not filled in from a record: "Insurance costs 4.90 EUR,
    charged to your card" quotes the desk's price, not a record's amount read or unread. A
    `{variable}` in those texts is left out, so a record's own figure is never one of them."""
    spec = ctx.plan.scenario.support
    texts = [spec.policy, *(a for k in spec.knowledge for a in k.answer)]
    for r in spec.rules:
        texts += [*r.say, *r.confirm, *([r.reason] if r.reason else [])]
    texts += [s.description for s in (tool_specs(ctx) or {}).values()]
    found: set[str] = set()
    for text in texts:
        found |= _text_numbers(_PLACEHOLDER.sub(" ", text))
    return found


def singular(table: str) -> str:
    word = table.rsplit("_", 1)[-1]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word
