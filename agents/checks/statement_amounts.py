"""Amounts support states of a record (agents.checks.statements reads statuses and items):
an amount of the case that another record holds, one stated without looking it up, an
amount said to have been charged or refunded that is not what the write returned, and an
amount or a date told of the write support has just made that is not the write's ("you'll
receive 850 EUR, the full declared value" right after a claim filed for 500.0: `against_write`)."""

from __future__ import annotations

import json
import re

from agents.checks.invented import _text_numbers, values_in
from agents.checks.output_values import money_as_said
from agents.checks.reading import Call, call_log
from agents.checks.record_book import fold, key_tokens
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
# Money the customer is told they get or pay, in five languages (folded): "you'll receive",
# "will be paid out", "recibira", "erhalten Sie", "vous recevrez", "vai receber".
_PAYOUT = re.compile(
    r"\b(?:receive|get back|be paid|pay you|paid out|payout|pay out|refund|reimburse|compensat|"
    r"credited|back to (?:you|your)|for (?:the full|a total)|open for|filed for|approved for|"
    r"recibir|recibira|le pagaremos|reembols|indemniz|abonar|abonamos|"
    r"erhalten|bekommen|ausgezahlt|erstatt|gutgeschrieben|"
    r"recevr|rembours|indemnis|verse|"
    r"receber|recebera|estorn|indeniza)\w*"
)
# A date told of a write: moved, rebooked, the new day ... (folded).
_NEW_DATE = re.compile(
    r"\b(?:rebooked|rescheduled|moved|changed|new date|now (?:due|set|booked)|will (?:arrive|"
    r"come|be delivered)|reprogramad\w*|nueva fecha|cambiad\w*|llegara|verschoben|neuer "
    r"termin|geliefert|reporte\w*|reprogramm\w*|nouvelle date|remarcad\w*|nova data|"
    r"chegara)\b"
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


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

    def against_write(self, index: int, text: str, grounds: Grounds) -> None:
        """An amount or a date support tells of the write it has just made (the latest write
        that went through, with no customer turn since) that is not the write's: the
        sentence states money or a date, names the written record or says what the customer
        gets (or, for a date, that it was moved), holds none of the write's own figures or
        dates, and the figure it states is one somebody holds (a record, a tool result, the
        customer: "Your claim CL-10012 is open for 1200 EUR", the amount the customer asked
        for, after a claim filed for 500.0). A figure of the desk's price list, one nobody
        holds (a sum worked out: `invented_fact`'s), and a question are left alone. The
        scenario's lines with the record's figures filled in ("declared at {declared_value}
        EUR") are no price list: their figure is the record's, and may be the wrong one."""
        write = self._just_written(index)
        if write is None:
            return
        amounts, dates, keys = _written(write)
        if not amounts and not dates:
            return
        numbers = grounds.numbers()
        held_dates = {v.key for t in (*grounds.tools, *grounds.customer) for v in values_in(t)}
        for sentence in _SENTENCES.split(text):
            if sentence.rstrip().endswith("?"):
                continue
            folded = fold(sentence)
            stated = list(values_in(sentence))
            said_amounts = {v.key for v in stated if v.kind == "amount"}
            said_dates = {v.key for v in stated if v.kind == "date"}
            names = bool(keys & set(key_tokens(sentence)))
            wrong = said_amounts - amounts - self._price_list()
            told_of_write = names or _PAYOUT.search(folded) is not None
            if amounts and wrong and not said_amounts & amounts and told_of_write:
                for value in sorted(v for v in wrong if v in numbers or self._held(v)):
                    said, written = money_as_said(value, sentence, sorted(amounts))
                    self._find(
                        index, "contradicted_claim", sentence,
                        f"support says {said} of the {write.call.name} it has just made, "
                        f"but that write was for {', '.join(written)}",
                        f"written:{value}",
                    )  # fmt: skip
                    return
            wrong_dates = said_dates - dates
            moved = names or _NEW_DATE.search(folded) is not None
            if dates and wrong_dates and not said_dates & dates and moved:
                for value in sorted(wrong_dates & held_dates):
                    self._find(
                        index, "contradicted_claim", sentence,
                        f"support tells a date of the {write.call.name} it has just made "
                        f"that is not the write's ({', '.join(sorted(write_dates(write)))})",
                        f"written:{value}",
                    )  # fmt: skip
                    return

    def _just_written(self, index: int) -> Call | None:
        """The latest write that went through before turn `index` with no customer turn
        between it and the turn: the write support is reporting."""
        found: Call | None = None
        for call in call_log(self.ctx):
            if call.turn >= index:
                break
            if call.writes and not call.failed and call.result is not None:
                found = call
        if found is None:
            return None
        if any(t.role == "customer" for t in self.ctx.turns[found.turn : index]):
            return None
        return found

    def _held(self, amount: str) -> bool:
        """Some record's amount column holds `amount` (the book's index of amounts)."""
        return self.book.amount_holder(amount, frozenset()) is not None

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


_SENTENCES = re.compile(r"(?<=[.!?;])\s+")


def _written(call: Call) -> tuple[set[str], set[str], set[str]]:
    """A write's money (its arguments' and its result's money fields), its dates (month-day
    keys) and the keys it names (of its arguments and its result); no money and no dates
    when either holds a list or an object (a record returned whole)."""
    amounts = money_fields(call.call.arguments)
    keys = set(key_tokens(" ".join(str(v) for v in call.call.arguments.values())))
    result = call.result.content if call.result is not None else ""
    try:
        data = json.loads(result)
    except ValueError:
        data = None
    if data is not None:
        amounts |= money_fields(data)
    keys |= set(key_tokens(result))
    dates = {f"{int(m[2])}-{int(m[3])}" for m in _ISO_DATE.finditer(write_text(call))}
    if _nested(call.call.arguments) or _nested(data):
        # A record returned whole with its items (a reservation: every flight's price and
        # date, its payments) says no one figure the customer gets, and a sum told of it
        # is not comparable with any one of them (tau-bench): nothing is read.
        return set(), set(), keys
    # A refund may be stored negative ('amount': -2580.0 told as "a refund of $2580").
    return {a.lstrip("-") for a in amounts}, dates, keys


def _nested(data: object) -> bool:
    """A JSON value holding a list or an object inside it."""
    items = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
    return isinstance(data, list) or any(isinstance(v, dict | list) for v in items)


def write_text(call: Call) -> str:
    """The write's arguments and result, as text."""
    result = call.result.content if call.result is not None else ""
    return json.dumps(call.call.arguments) + " " + result


def write_dates(call: Call) -> set[str]:
    """The ISO dates a write's arguments and result hold, as written."""
    return {m[0] for m in _ISO_DATE.finditer(write_text(call))}
