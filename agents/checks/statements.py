"""What support says about the records, compared with the records.

A bot that says "your order shipped on March 3" or "your refund of $84.20 has been issued"
without having looked the order up, or contrary to what the records hold, invents facts.
For each support turn this reads (agents.checks.said_of_records) the statuses, amounts and
item names it states of a record, finds the record (a key the sentence names, else the
records the conversation is about: keys the customer gave, the calls' arguments, support's
own words, and the plan's record variables) and compares:

- **contradicted_claim** (major, correctness): the record never held what support states,
  before or after the conversation's calls (a status, an amount the tool results or the
  customer gave for something else, an item called the customer's that none of their
  records is), and the customer did not say it first;
- **unfounded_claim** (major, correctness): what support states is what the record holds,
  but no tool result before the turn read it and the customer never said it, from a
  support side that does use the tools: it stated what it had not looked up;
- **unperformed_action** (major, correctness): support says it did something that changes
  the records ("I've issued the refund", an act the scenario marks as resolving) in a
  scenario whose domain has tools that write, and no write had gone through by then.

Cannot tell is undecided (`record_statements` unjudged), never passed: a statement agreeing
with the records from a side that calls no tools at all (it may read its own systems), a
statement about a record the conversation never identified, and, in a scenario without a
domain, any status stated of a record (there are no records to compare with; values nobody
gave are `invented_fact`'s).
"""

from __future__ import annotations

import re

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.claimed_writes import claims_of, explain
from agents.checks.disclosed_early import expects_write
from agents.checks.done_first import opens_with_done
from agents.checks.output_values import display_forms, said_as_words
from agents.checks.reading import (
    ACTING,
    SupportRead,
    call_log,
    claimed_action,
    read_text,
    scenario_domain,
    support_reads,
)
from agents.checks.record_book import fold, record_book
from agents.checks.said_of_records import (
    GROUPS,
    Stated,
    amounts_in,
    items_in,
    joined_keys,
    phrases_of,
    statuses_in,
)
from agents.checks.statement_amounts import AmountChecks
from agents.checks.statement_base import UNJUDGED, Grounds, ended_book, singular
from agents.types import RESOLVE
from agents.understanding import SupportReading

__all__ = ["CLAIMS_OPEN", "UNJUDGED", "record_statements"]

# Undecided claimed actions are reported under the finding they would be (as
# `unperformed_handover` is), so a report says which question is open.
CLAIMS_OPEN = "unperformed_action"
# Said as just done by the speaker: a first person in five languages (a Portuguese first-person
# preterite, 'reembolsei'), or an English present perfect passive ("has been refunded").
_DONE_NOW = re.compile(
    r"\b(?:i|we|i've|we've|i'd|we'd|ive|weve|he|hemos|j'ai|nous avons|on a|ich|wir|hab|eu|nos|"
    r"acabo de|acabamos de|je viens de|nous venons de|\w+ei)\b|"
    r"\b(?:has|have|'s) (?:now |just |already |successfully |fully )?been\b"
)
# Said of the record's past, not of what support just did.
_HISTORY = re.compile(
    r"\b(?:ago|il y a|hace|vor \w+ (?:tagen|wochen|stunden)|ha \d|last (?:week|month))\b"
)
# A sentence that is only a word of completion, in five languages (folded).
_BARE_DONE = re.compile(
    r"^\W*(?:(?:all|it'?s|that'?s) )?(?:done|sorted)\W*$|^\W*(?:hecho|listo|ya esta|"
    r"c'est fait|c'est bon|erledigt|geschafft|fertig|feito|pronto)\W*$"
)
_CLAIM_CLAUSE = re.compile(
    r"[,;:]\s+|\s+(?:but|and|so|though|aber|und|pero|y|mais|et|mas|e)\s+", re.IGNORECASE
)
_LONG_WORD = re.compile(r"[a-z]{4,}")


def record_statements(ctx: GradeContext) -> CheckResult:
    if not ctx.support_turns():
        return PASS
    domain = scenario_domain(ctx)
    if domain is None:
        return _without_records(ctx)
    book = record_book(domain)
    calls = call_log(ctx)
    if any(c.writes and not c.failed for c in calls):
        book = ended_book(domain, book, ctx)
    return _Compare(ctx, book, bool(calls)).run()


def _without_records(ctx: GradeContext) -> CheckResult:
    """No domain: a status stated of a record by a side without acts cannot be compared."""
    for read in support_reads(ctx):
        if read.annotated:
            continue
        text = ctx.turns[read.index].content
        if next(statuses_in(text, frozenset(), frozenset(), frozenset()), None) is not None:
            return CheckResult((), (UNJUDGED,))
    return PASS


class _Compare(AmountChecks):
    """One reading of a conversation: each support turn's claims of actions and its
    statements of statuses, amounts and items, compared with the records."""

    def run(self) -> CheckResult:
        ctx = self.ctx
        grounds = Grounds()
        written_at: list[int] = [c.turn for c in call_log(ctx) if c.writes and not c.failed]
        reads = {r.index: r for r in support_reads(ctx)}
        for index, turn in enumerate(ctx.turns):
            if turn.role == "customer":
                grounds.customer.append(joined_keys(fold(turn.content)))
                grounds.mentioned += self.book.keys_in(turn.content)
                continue
            if turn.role == "tool":
                grounds.tools.append(fold(turn.content))
                grounds.read_keys.update(self.book.keys_in(turn.content))
                continue
            for call in turn.tool_calls or ():
                grounds.mentioned += self.book.keys_in(" ".join(map(str, call.arguments.values())))
            read = reads.get(index)
            if read is None or not turn.content.strip():
                continue
            grounds.mentioned += self.book.keys_in(turn.content)
            before = len(self.findings)
            self._action(index, read, written_at)
            if len(self.findings) == before:
                self._statements(index, turn.content, grounds)
            if len(self.findings) == before:
                self.against_write(index, turn.content, grounds)
        if self.findings:
            return CheckResult(tuple(self.findings))
        open_ = ((UNJUDGED,) if self.unjudged else ()) + (CLAIMS_OPEN,) * self.claims_open
        return CheckResult((), open_) if open_ else PASS

    # -- claims of actions ---------------------------------------------------------------

    def _action(self, index: int, read: SupportRead, written_at: list[int]) -> None:
        claim = read.claim
        if not self.can_write:
            return
        if claim is None or read.handover or any(at <= index for at in written_at):
            # A handover turn may claim an action too ("I've blocked the card as a
            # precaution and I'm transferring you now"), read clause by clause.
            self._claimed_writes(index, read)
            return
        if read.annotated:
            if read.act != RESOLVE:
                return
            if expects_write(self.ctx) is not True:
                # A resolve that answers (no write expected here: "it's delivered"), read by
                # its words as a bot's turn is; so is one where nothing says a write is
                # expected (no `expect`): "Claim X is currently: awaiting_documents." from
                # the scripted support was an unperformed write (outsider 23, 5 of 5).
                claim = claimed_action(self.ctx.turns[index].content, self.ctx)
                if claim is None or not self._claims_in_words(claim, None):
                    return
        elif not self._claims_in_words(claim, read.reading) and not self._done_after_refusal(
            index, claim, read.reading
        ):
            # Not a claim in these words, but a clause of it may be ("Done: parcel PL-10008
            # now stays 3 more days" right after the extension was refused).
            self._claimed_writes(index, read)
            return
        refused = self._refused_writes(index)
        why = (
            f"support says it did something that changes the records, but the write it tried "
            f"({refused[-1]}) was refused and no call that writes had gone through by then"
            if refused
            else "support says it did something that changes the records, but no call that "
            "writes had gone through by then: nothing shows it happened"
        )
        self._find(index, "unperformed_action", claim, why, claim)

    def _claimed_writes(self, index: int, read: SupportRead) -> None:
        """Each action the turn claims, held against the writes of its tools by then: a
        claim of a second action where only one was made is unmade (agents.checks.
        claimed_writes)."""
        found = claims_of(self.ctx, index, self.ctx.turns[index].content, self.book.keys_in)
        self.claims_open = self.claims_open or found.undecided
        for unmade in found.unmade:
            seen = f"{unmade.sentence}|{unmade.family}"
            self._find(index, "unperformed_action", unmade.sentence, explain(unmade), seen)

    def _claims_in_words(self, claim: str, reading: SupportReading | None) -> bool:
        """The claim's words say an action done now by support, not a status or a past."""
        kinds = read_text(claim, self.ctx).claims & ACTING
        if reading is not None and (reading.hands_over or reading.refuses) and not kinds:
            return False
        if not self._done_now(claim):
            return False  # "it was booked through an agency", "a été faite il y a 2 jours"
        stated = statuses_in(claim, self.extra, self.nouns, self.keys)
        # "I have the order here: it's processed": a status, read below
        return not (kinds <= {"done"} and next(stated, None) is not None)

    def _refused_writes(self, index: int) -> list[str]:
        """The writes tried before turn `index` that the tool refused (by name)."""
        return [c.call.name for c in call_log(self.ctx) if c.writes and c.failed and c.turn < index]

    def _done_after_refusal(self, index: int, claim: str, reading: SupportReading | None) -> bool:
        """A bare word of completion ("Done!", "¡Hecho!", "C'est fait", "Erledigt!", "Feito!")
        in a turn that asks nothing, right after a write the tool refused: it says that write
        was made (outsider 19: "Done! Your ticket ... is now in the name of ..." after
        `change_ticket_name` returned "Error: ticket ... not found")."""
        done = _BARE_DONE.match(fold(claim)) or opens_with_done(claim)
        if reading is None or reading.asks_info or not done:
            return False
        return bool(self._refused_writes(index))

    def _done_now(self, claim: str) -> bool:
        """The clause that claims the action says it was done now, by support: a first
        person or a present perfect passive, with no time in the past ('two days ago')."""
        clauses = [c for c in _CLAIM_CLAUSE.split(claim) if c.strip()]
        acting = [c for c in clauses if read_text(c, self.ctx).claims & ACTING] or [claim]
        return any(
            _DONE_NOW.search(fold(c)) is not None and _HISTORY.search(fold(c)) is None
            for c in acting
        )

    # -- statuses, amounts, items ----------------------------------------------------------

    def _statements(self, index: int, text: str, grounds: Grounds) -> None:
        for stated in statuses_in(text, self.extra, self.nouns, self.keys, self.book.key_shapes):
            self._status(index, text, stated, grounds)
        for stated in amounts_in(text, self.keys):
            self._amount(index, text, stated, grounds)
        for stated in items_in(text, self.items):
            self._item(index, text, stated, grounds)

    def _status(self, index: int, text: str, stated: Stated, grounds: Grounds) -> None:
        book = self.book
        columns = [
            (table, column) for (table, column), words in book.statuses.items()
            if words & stated.covers
        ]  # fmt: skip
        if stated.noun in self.nouns:
            narrowed = [(t, c) for t, c in columns if singular(t) == stated.noun]
            columns = narrowed or columns
        if not columns and stated.keys:
            # a status no record holds ("IB-40217 is currently cancelled" where no member is
            # cancelled yet), said of a record named by its key: compared with its status
            named = {t for k in stated.keys for t, _ in book.by_key.get(k, ())}
            columns = [(t, c) for t, c in book.statuses if t in named]
        if not columns:
            return  # no record of this domain holds such a status
        missing = [k for k in stated.keys if k not in book.by_key]
        if missing and len(missing) == len(stated.keys):
            self._find(
                index, "contradicted_claim", stated.sentence,
                f"support states the status '{stated.value}' of {missing[0].upper()}, but no "
                "record has that key",
                f"status:{stated.value}",
            )  # fmt: skip
            return
        focus = self._focus(stated, {t for t, _ in columns}, grounds)
        if not focus:
            self.unjudged = True
            return
        held = {
            fold(str(v)) for table, key in focus for t, c in columns if t == table
            for v in book.records[(table, key)].values.get(c, ()) if v is not None
        }  # fmt: skip
        group = _group_of(stated)
        said = phrases_of(group, self.extra) if group < len(GROUPS) else sorted(stated.covers)
        by_customer = any(_has_phrase(t, p) for t in grounds.customer for p in said)
        own = not _agrees(held, stated.covers) and self._own_words(held, stated, said)
        if not own and not _agrees(held, stated.covers):
            if by_customer:
                return  # the customer said so first: not support's invention
            shown = " or ".join(sorted(held)) or "no status"
            self._find(
                index, "contradicted_claim", stated.sentence,
                f"support states the status '{stated.value}', but the record holds {shown}",
                f"status:{stated.value}",
            )  # fmt: skip
            return
        # said in the record's own words: founded if a tool result showed that value
        shown_words = held if own else stated.covers
        read = any(_has_phrase(t, w) for t in grounds.tools for w in shown_words)
        if read or by_customer:
            return
        self._unfounded(index, stated, f"the status '{stated.value}'", f"status:{stated.value}")

    def _own_words(self, held: set[str], stated: Stated, said: list[str]) -> bool:
        """The record's own status in its own words: a held value said as words ("out for
        delivery" for out_for_delivery), or as the domain's `display` gives it ("en
        reparto"), or one the stated group's phrases name ("on its way" of a parcel out
        for delivery). Outsider 25: "Parcel PX-10007 is out for delivery today." was read
        as 'shipped' against a record holding out_for_delivery, on every correct bot."""
        domain = scenario_domain(self.ctx)
        sentence = fold(stated.sentence)
        for value in held:
            spoken = " ".join(re.split(r"[\s_-]+", value)).strip()
            if spoken in said or said_as_words(value, (sentence,)):
                return True
            forms = display_forms(domain, value) if domain is not None else set()
            if any(said_as_words(fold(form), (sentence,)) for form in forms):
                return True
        return False

    def _item(self, index: int, text: str, stated: Stated, grounds: Grounds) -> None:
        book = self.book
        tables = set(book.item_columns)
        focus = self._focus(stated, tables, grounds)
        held = {
            fold(str(v)) for table, key in focus for c in book.item_columns[table]
            for v in book.records[(table, key)].values.get(c, ()) if v
        }  # fmt: skip
        customer_words = set(_LONG_WORD.findall(" ".join(grounds.customer)))
        said_by_customer = bool(set(_LONG_WORD.findall(stated.value)) & customer_words)
        if stated.value in held:
            if any(stated.value in t for t in grounds.tools) or said_by_customer:
                return
            self._unfounded(index, stated, f"the item '{stated.value}'", f"item:{stated.value}")
            return
        if stated.noun != "your" or not focus or said_by_customer:
            return
        known = focus + sorted(grounds.read_keys)
        if any(
            stated.value == fold(str(v)) for table, key in known
            for c in book.item_columns.get(table, ())
            for v in book.records[(table, key)].values.get(c, ()) if v
        ):  # fmt: skip
            return
        self._find(
            index, "contradicted_claim", stated.sentence,
            f"support calls the {stated.value} the customer's, but none of the records this "
            "conversation is about holds it",
            f"item:{stated.value}",
        )  # fmt: skip


def _agrees(held: set[str], covers: frozenset[str]) -> bool:
    """A held status agrees when it is one of the stated group's words or holds one as a
    word ('pending (item modified)' is pending)."""
    return any(h in covers or any(_has_phrase(h, c) for c in covers) for h in held)


def _group_of(stated: Stated) -> int:
    for g, (words, _) in enumerate(GROUPS):
        if words == stated.covers:
            return g
    return len(GROUPS)  # a domain's own word


def _has_phrase(folded: str, phrase: str) -> bool:
    if phrase not in folded:  # no match without the phrase itself: no pattern to look up
        return False
    return re.search(r"(?<![a-z0-9])" + re.escape(phrase) + r"(?![a-z0-9])", folded) is not None
