"""Amounts support states of a record (agents.checks.statements reads statuses and items):
an amount of the case that another record holds, one stated without looking it up, and an
amount said to have been charged or refunded that is not what the write returned."""

from __future__ import annotations

import json
import re

from agents.checks.invented import _text_numbers, values_in
from agents.checks.output_values import money_as_said
from agents.checks.reading import call_log
from agents.checks.record_book import fold
from agents.checks.said_of_records import Stated
from agents.checks.statement_base import Grounds, StatementChecks

# Money said to have moved, done: charged, refunded, credited ... in five languages (folded).
MOVED = re.compile(
    r"\b(?:charged|refunded|credited|debited|billed|reimbursed|cobrad[oa]s?|cobramos|"
    r"reembolsad[oa]s?|reembolsamos|debitad[oa]s?|acreditad[oa]s?|estornad[oa]s?|"
    r"creditad[oa]s?|rembourse(?:e|s|es)?|debite(?:e|s|es)?|credite(?:e|s|es)?|"
    r"preleve(?:e|s|es)?|facture(?:e|s|es)?|abgebucht|erstattet|belastet|berechnet|"
    r"gutgeschrieben|zuruckerstattet)\b"
)
# A field of a write's result that holds money moved (not a total or a balance).
_MOVED_FIELD = re.compile(r"charge|refund|fee|amount|difference|price|cost|credit|debit")


def money_fields(data: object) -> set[str]:
    """Amounts under money-moved field names anywhere in a JSON result."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list):
                found |= money_fields(value)
            elif (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and _MOVED_FIELD.search(str(key).lower())
            ):
                found.add(f"{float(value):.2f}")
    elif isinstance(data, list):
        for item in data:
            found |= money_fields(item)
    return found


class AmountChecks(StatementChecks):
    """The amount statements of a turn, compared with the records and the writes."""

    def _amount(self, index: int, text: str, stated: Stated, grounds: Grounds) -> None:
        book = self.book
        tables = set(book.amount_columns)
        focus = self._focus(stated, tables, grounds)
        if not focus:
            return  # an amount of no identified record: `invented_fact` checks its source
        held = {
            f"{float(v):.2f}" for table, key in focus for c in book.amount_columns[table]
            for v in book.records[(table, key)].values.get(c, ())
            if isinstance(v, int | float) and not isinstance(v, bool)
        }  # fmt: skip
        customer: set[str] = set().union(*(_text_numbers(t) for t in grounds.customer))
        if self._not_what_moved(index, stated, held, customer, grounds):
            return
        if stated.value in held:
            if (
                stated.value in customer
                or any(stated.value in _text_numbers(t) for t in grounds.tools)
                or stated.value in self._price_list()
            ):
                return  # read, given, or the desk's own price (a fee quoted before the write)
            said, _ = money_as_said(stated.value, stated.sentence)
            self._unfounded(index, stated, f"the amount {said}", f"amount:{stated.value}")
            return
        if stated.value in customer or stated.value in self._rule_numbers():
            return  # the customer's figure, or one of the policy (a limit, a fee)
        other = self._holder(stated.value, set(focus))
        if other is None:
            return  # a figure no record holds: computed, or nobody gave it (`invented_fact`)
        # amounts in the currency the bot wrote, never one nobody used
        said, records = money_as_said(stated.value, stated.sentence, sorted(held))
        shown = ", ".join(records) or "no amount"
        self._find(
            index, "contradicted_claim", stated.sentence,
            f"support states {said} for this case, but its record holds {shown}; "
            f"{said} is {other[1]}'s",
            f"amount:{stated.value}",
        )  # fmt: skip

    def _not_what_moved(
        self, index: int, stated: Stated, held: set[str], customer: set[str], grounds: Grounds
    ) -> bool:
        """An amount said to have been charged or refunded is what the write that charged or
        refunded returned, not another figure of the record: "the fare difference of
        $1480.57 was charged" after a write that returned `change_charge: 210.0` states the
        record's total as the charge. Only a figure the records or a tool result do hold
        (a figure nobody gave is `invented_fact`'s), in a sentence none of whose amounts is
        one a write returned (a sum stated beside the charge is another statement)."""
        if MOVED.search(fold(stated.sentence)) is None:
            return False
        moved = self._moved_amounts(index)
        if not moved or stated.value in moved or stated.value in customer:
            return False
        if {v.key for v in values_in(stated.sentence) if v.kind == "amount"} & moved:
            return False
        founded = stated.value in held or any(
            stated.value in _text_numbers(t) for t in grounds.tools
        )
        if not founded or stated.value in self._rule_numbers():
            return False
        said, returned = money_as_said(stated.value, stated.sentence, sorted(moved))
        self._find(
            index, "contradicted_claim", stated.sentence,
            f"support says {said} was charged or refunded, but the write that did it "
            f"returned {', '.join(returned)}",
            f"amount:{stated.value}",
        )  # fmt: skip
        return True

    def _moved_amounts(self, index: int) -> set[str]:
        """The money amounts the writes that went through before turn `index` returned:
        fields named for a charge, a refund, a fee or an amount (a JSON result), else every
        figure of a result in text (so a result the reader cannot split flags nothing)."""
        found: set[str] = set()
        for call in call_log(self.ctx):
            if not call.writes or call.failed or call.result is None or call.turn >= index:
                continue
            try:
                data = json.loads(call.result.content)
            except ValueError:
                found |= _text_numbers(fold(call.result.content))
                continue
            found |= money_fields(data)
        return found

    def _holder(self, amount: str, focus: set[tuple[str, str]]) -> tuple[str, str] | None:
        """Another record whose amount column holds `amount`, if any (the first in the
        book's order; read from the book's index of amounts, not record by record)."""
        return self.book.amount_holder(amount, focus)
