"""What a scenario's records hold, arranged for comparing what support says with them
(`agents.checks.statements`): each record's field values before any call and after the
conversation's calls, the words of each status column, the amount and item columns, and which
records a conversation is about.

A status column is one named `status`, `state` or `*_status` / `*_state`; its words are the
values its records hold, before and after the calls, and the values the domain's tools set
(`SET status = 'cancelled'`). An amount column holds money: a column named like one (total,
amount, price, balance, fee, refund, fare, charge, credit, paid) with numbers, not a count
(`total_baggages`). An item column
names a thing, with many different values (five or more) that are not identifiers, emails,
dates or people's names (`product`, `merchant`, `hotel`). Everything is read from the domain
file, so a domain nobody here wrote is read the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from agents.checks.record_rows import Record, Records, amount_index, holds_amount, row_values
from scenarios.domains.runtime import Domain, Snapshot

_STATUS_COLUMN = re.compile(r"^(?:status|state)$|_(?:status|state)$")
_AMOUNT_COLUMN = re.compile(
    r"total|amount|price|balance|fee|refund|fare|charge|credit|paid|cost|rate", re.IGNORECASE
)
# Counts, not money, whatever the column's other words ('total_baggages', 'nights').
_COUNT_COLUMN = re.compile(
    r"bag|count|number|num_|qty|quantity|nights|days|hours|months|passengers|seats|items|pieces",
    re.IGNORECASE,
)
_NOT_ITEM = re.compile(
    r"(?:^|_)(?:id|key|email|name|address|zip|postcode|phone|pin|password|code|number|date|"
    r"birth|dob|last4|card|kind|type|reason|channel|country|area|carrier|status|state)(?:_|$)",
    re.IGNORECASE,
)
_SETS_STATUS = re.compile(r"\b(\w*(?:status|state))\s*=\s*'([^']+)'", re.IGNORECASE)
# Tokens that may be keys: with a digit, or a code in capitals ('XFUSXF').
# (A run of letters, digits and hyphens holding a digit is matched whole from its start, as
# `[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*` matches it, without trying it again from each of its
# letters: a run with no digit has none from any of them either.)
_KEY_TOKEN = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z-]*+[0-9][A-Za-z0-9-]*+|\b[A-Z][A-Z0-9]{4,}\b")
ITEM_MIN_DISTINCT = 5


def fold(text: str) -> str:
    """Lower case without accents: 'Expédiée' and 'expediee' read the same (letters with no
    ASCII form, and emoji, drop out)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()


def key_form(text: str) -> str:
    """A record key as compared: case and punctuation removed ('w-2040117' is 'W2040117')."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


@dataclass
class RecordBook:
    """The records of one domain: before any call, and with one conversation's end state laid
    over them (`with_end`)."""

    domain: Domain
    records: Records
    by_key: dict[str, Sequence[tuple[str, str]]]  # key_form -> (table, key)
    status_columns: dict[str, list[str]]  # table -> its status columns
    statuses: dict[tuple[str, str], set[str]]  # (table, column) -> the words it may hold
    amount_columns: dict[str, list[str]]
    item_columns: dict[str, list[str]]
    key_shapes: tuple[re.Pattern[str], ...] = ()  # of keys with letters and digits, folded
    items: tuple[str, ...] = ()  # every item name the records hold, folded, longest first
    key_words: frozenset[str] = frozenset()  # `by_key`'s keys, as words of a folded text
    # amount as said ('12.50') -> the domain's records holding it before any call, in order;
    # made on first use and shared by the books `with_end` makes from this one.
    amounts: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)

    def with_end(self, end: Snapshot | None) -> RecordBook:
        """This book with the values `end` gives its records added (a record keeps what it
        held before the calls, too: a status said before a cancellation was true then)."""
        if not end:
            return self
        over: dict[tuple[str, str], Record] = {}  # only the records a call changed are copied
        records = self.records
        statuses = self.statuses
        by_key = self.by_key
        pristine = self.domain.pristine_view()
        for table, rows in end.items():
            before = pristine.get(table, {})
            if rows is before or rows == before:
                continue
            for key, text in rows.items():
                if before.get(key) == text:
                    continue
                old = over.get((table, key)) or records.get((table, key))
                if old is None and _code(key):  # made by a call: a record from now on
                    if by_key is self.by_key:
                        by_key = dict(by_key)
                    form = key_form(key)
                    by_key[form] = [*by_key.get(form, ()), (table, key)]
                values = {c: set(v) for c, v in old.values.items()} if old is not None else {}
                record = over[(table, key)] = Record(table, key, values)
                for column, value in row_values(text).items():
                    record.values.setdefault(column, set()).add(value)
                    if (table, column) in statuses and isinstance(value, str):
                        if statuses is self.statuses:
                            statuses = {k: set(v) for k, v in statuses.items()}
                        statuses[(table, column)].add(fold(value))
        if not over:
            return self
        return RecordBook(
            self.domain, records.laid_over(over), by_key, self.status_columns, statuses,
            self.amount_columns, self.item_columns, self.key_shapes, self.items,
            frozenset(by_key) if by_key is not self.by_key else self.key_words, self.amounts,
        )  # fmt: skip

    def amount_holder(
        self, amount: str, skip: set[tuple[str, str]] | frozenset[tuple[str, str]]
    ) -> tuple[str, str] | None:
        """The first record, in `records` order and not in `skip`, whose amount column holds
        `amount` (a value `v` with f"{float(v):.2f}" == amount); None when none does. Read
        from an index of the domain's amounts, not by making every record."""
        if not self.amounts:
            self.amounts.update(amount_index(self.domain.pristine_view(), self.amount_columns))
        best = next((r for r in self.amounts.get(amount, ()) if r not in skip), None)
        records = self.records
        for where, record in records.changed().items():
            if (
                where in skip
                or where == best
                or not holds_amount(record, self.amount_columns, amount)
            ):
                continue
            if best is None or records.position(where) < records.position(best):
                best = where
        return best

    def keys_in(self, text: str) -> list[tuple[str, str]]:
        """The records whose key `text` names, in order."""
        found: list[tuple[str, str]] = []
        by_key = self.by_key
        for token in key_tokens(text):
            hit = by_key.get(token)
            if hit:
                found += hit
        return found


@lru_cache(maxsize=4096)
def key_tokens(text: str) -> tuple[str, ...]:
    """The tokens of `text` that may be keys, as keys are compared (`key_form` of such a
    token). Cached: a third of the look-ups are of a text read before (a record's text, a
    call's arguments, a turn read again for the records it names)."""
    return tuple(token.lower().replace("-", "") for token in _KEY_TOKEN.findall(text))


_BOOKS: dict[int, RecordBook] = {}


def record_book(domain: Domain) -> RecordBook:
    """The domain's records as they are before any call, read once per domain (domains are
    loaded once per file and kept, so a few books serve a whole run)."""
    found = _BOOKS.get(id(domain))
    if found is None or found.domain is not domain:
        if len(_BOOKS) > 32:
            _BOOKS.clear()
        found = _BOOKS[id(domain)] = _build(domain)
    return found


@dataclass
class _Column:
    """What `_build` learns of one column while it reads the records one at a time (the
    answers `_item_like` and the amount test give on the column's whole list of values)."""

    present: int = 0  # values that are not None
    texts: bool = True  # every present value is text
    numbers: bool = True  # every present value is a number (not a boolean)
    at_sign: bool = False
    with_digit: int = 0
    short_or_upper: bool = True  # every text is in capitals or under 5 characters
    distinct: set[Any] = field(default_factory=set)

    def add(self, value: Any, keep_distinct: bool) -> None:
        if value is None:
            return
        self.present += 1
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.numbers = False
        if not isinstance(value, str):
            self.texts = False
            return
        self.at_sign = self.at_sign or "@" in value
        self.with_digit += any(ch.isdigit() for ch in value)
        self.short_or_upper = self.short_or_upper and (value.isupper() or len(value) < 5)
        if keep_distinct:
            self.distinct.add(value)


def _build(domain: Domain) -> RecordBook:
    """One pass over the domain's records as text, keeping what the checks ask of every
    record (the keys, each column's kind and words) and none of the records themselves."""
    by_key: dict[str, Sequence[tuple[str, str]]] = {}
    columns: dict[str, dict[str, _Column]] = {}
    key_of = dict(domain.tables)
    statuses: dict[tuple[str, str], set[str]] = {}
    shapes: set[str] = set()
    pristine = domain.pristine_view()
    for table, rows in pristine.items():
        seen = columns.setdefault(table, {})
        for key, text in rows.items():
            if _code(key):
                form = key_form(key)
                by_key[form] = (*by_key.get(form, ()), (table, key))
            if _lettered(key):
                shapes.add(_shape(key))
            for column, value in row_values(text).items():
                stats = seen.get(column)
                if stats is None:
                    stats = seen[column] = _Column()
                # text values are kept only where they may be items or statuses
                status = _STATUS_COLUMN.search(column) is not None
                stats.add(value, not status and not _NOT_ITEM.search(column))
                if status and isinstance(value, str) and column != key_of.get(table):
                    statuses.setdefault((table, column), set()).add(fold(value))
    status_columns: dict[str, list[str]] = {}
    amount_columns: dict[str, list[str]] = {}
    item_columns: dict[str, list[str]] = {}
    items: set[str] = set()
    for table, by_column in columns.items():
        for column, stats in by_column.items():
            if column == key_of.get(table):
                continue
            if _STATUS_COLUMN.search(column):
                status_columns.setdefault(table, []).append(column)
                statuses.setdefault((table, column), set())
            elif (
                _AMOUNT_COLUMN.search(column)
                and not _COUNT_COLUMN.search(column)
                and stats.present
                and stats.numbers
            ):
                amount_columns.setdefault(table, []).append(column)
            elif _item_like(column, stats):
                item_columns.setdefault(table, []).append(column)
                items.update(fold(str(v)) for v in stats.distinct if v)
    for column_table, word in _tool_statuses(domain.tools.values(), status_columns):
        statuses.setdefault(column_table, set()).add(word)
    return RecordBook(
        domain, Records(pristine), by_key, status_columns, statuses, amount_columns,
        item_columns, tuple(re.compile(s) for s in sorted(shapes)),
        tuple(sorted(items, key=len, reverse=True)), frozenset(by_key),
    )  # fmt: skip


def _code(key: str) -> bool:
    """A key that names its record in text: with a digit ('W2040117', 'C1001'), or a code in
    capitals ('XFUSXF'); not a word that may be said for itself."""
    form = key_form(key)
    if any(ch.isdigit() for ch in form):  # 'W1' too, not a bare '1'
        return len(form) >= 3 or (len(form) == 2 and any(ch.isalpha() for ch in form))
    return len(form) >= 5 and key.isupper() and key.isalnum()


def _lettered(key: str) -> bool:
    form = key_form(key)
    return any(c.isdigit() for c in form) and any(c.isalpha() for c in form) and len(form) >= 4


def _shape(key: str) -> str:
    """The shape of a key as compared ('w2040117' -> '[a-z]{1}[0-9]{7}')."""
    runs = re.findall(r"[a-z]+|[0-9]+", key_form(key))
    return "".join(f"[a-z]{{{len(r)}}}" if r.isalpha() else f"[0-9]{{{len(r)}}}" for r in runs)


def _item_like(column: str, stats: _Column) -> bool:
    if _NOT_ITEM.search(column) or not stats.present:
        return False
    if not stats.texts or stats.at_sign:
        return False
    if 2 * stats.with_digit > stats.present:
        return False  # mostly codes, not names ('12-piece knife set' is one name among many)
    if stats.short_or_upper:
        return False  # airport codes ('JFK', 'LAS'), not things a customer owns
    return len(stats.distinct) >= ITEM_MIN_DISTINCT


def _tool_statuses(
    tools: Iterable[Any], status_columns: Mapping[str, list[str]]
) -> Iterable[tuple[tuple[str, str], str]]:
    """(table, column), word for each status a tool's effects set (`SET status = 'x'`)."""
    for tool in tools:
        decl = getattr(tool, "decl", None)
        for statement in getattr(decl, "effects", None) or ():
            table = re.search(r"\bUPDATE\s+\"?(\w+)", statement, re.IGNORECASE)
            for m in _SETS_STATUS.finditer(statement):
                column = m.group(1)
                owner = table.group(1) if table else None
                for name, cols in status_columns.items():
                    if column in cols and (owner is None or owner == name):
                        yield (name, column), fold(m.group(2))
