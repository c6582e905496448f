"""What an amount is said to be, and what a tool result's figure is: a fee, a refund, a
balance, or a count. `invented_fact` (agents.checks.invented) grounds a money amount support
states by any number a record or a tool result holds; a bot that quotes "that is 440 EUR
extra for the upgrade" where the quote tool said `fee: 520` and 440 was the lookup's
`balance_due` passed by coincidence (outsider 22). Here a stated amount's kind is read from
the words next to it, in five languages, and a JSON result's figure's kind from the names of
its field and the fields above it (`prices.economy` is a price); a figure held only under
fields of another kind does not ground it.

Only what can be told is used: an amount said with no word of a kind near it ("that makes
$120"), or said as a total, and a figure under a field named for no kind (`amount`,
`total`, `value`) are read as before, by the number alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from agents.checks.record_book import fold

# The kinds: what the customer pays for something, what they get back, what they still owe.
FEE, REFUND, BALANCE, COUNT = "fee", "refund", "balance", "count"
# What each kind of stated amount may be grounded by (a refund gives back what was paid).
_FITS = {FEE: {FEE}, REFUND: {REFUND, FEE}, BALANCE: {BALANCE}}

# Words that say what an amount is, in a sentence (folded: no accents, lower case).
_SAID = (
    (
        FEE,
        r"fees?|surcharges?|charges?|prices?|priced|costs?|fares?|extra|upgrade|supplement|"
        r"tarifas?|cargos?|recargos?|precios?|costes?|costos?|suplementos?|frais|prix|tarifs?|"
        r"cout|couts|supplements?|gebuhr\w*|preis\w*|kosten|aufpreis|zuschlag|aufschlag|"
        r"taxas?|precos?|custos?|sobretaxa|acrescimo",
    ),
    (
        REFUND,
        r"refund\w*|reimburs\w*|money back|reembols\w*|devoluci\w*|devolv\w*|rembours\w*|"
        r"erstatt\w*|ruckerstatt\w*|gutschrift|gutgeschrieben|estorn\w*",
    ),
    (
        BALANCE,
        r"balance|outstanding|owe|owed|owing|still due|due|remaining|left to pay|saldo|"
        r"pendiente|adeuda\w*|solde|restant du|reste a payer|restbetrag|offen\w*|ausstehend\w*|"
        r"em aberto|pendente|devedor",
    ),
    # said as a total or a sum: no kind, the number alone decides (as before)
    ("", r"total\w*|sum|subtotal|insgesamt|gesamt\w*|en tout|au total|em total|suma|soma"),
)
_SAID_WORDS = [(kind, re.compile(rf"\b(?:{words})\b")) for kind, words in _SAID]
# How far from the amount a word still says what it is (characters, within its sentence;
# after it, within its clause: "440 EUR extra", not "$2787, you will receive a refund").
_BEFORE, _AFTER = 48, 16
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|\n")
_CLAUSE_END = re.compile(r"[,.!?;:(\n]")
# A word of a total this close before the word of a kind makes the amount a total ("Total
# price: $290", "the original total cost").
_TOTAL_REACH = 14

# Field names (split at '_', camel case and digits) that say a figure's kind.
_FIELD_KINDS = {
    FEE: {"fee", "fees", "price", "prices", "cost", "costs", "charge", "charges", "fare",
          "fares", "surcharge", "upgrade", "rate", "premium", "supplement", "quote", "quoted"},
    REFUND: {"refund", "refunds", "refunded", "refundable", "reimbursement", "credit",
             "credited", "compensation"},
    BALANCE: {"balance", "due", "outstanding", "owed", "owing", "remaining", "unpaid"},
    COUNT: {"count", "number", "num", "qty", "quantity", "nights", "guests", "passengers",
            "points", "miles", "baggages", "bags", "items", "seats", "rooms", "adults",
            "children", "days", "hours", "minutes", "age", "year", "floor"},
}  # fmt: skip
# A field name for no kind in particular: the figure's kind is left open.
_OPEN_FIELD = {"amount", "amounts", "total", "sum", "value", "paid", "payment", "payments"}
_NAME_PART = re.compile(r"[a-z]+")


def said_as(text: str, start: int, end: int) -> str:
    """The kind the words nearest `text[start:end]` (an amount) give it in its sentence:
    fee, refund, balance, or "" where no word says (or a word of a total does)."""
    before = text[max(0, start - _BEFORE) : start]
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    after = text[end : end + _AFTER]
    cut = _CLAUSE_END.search(after)
    if cut:
        after = after[: cut.start()]
    before, after = fold(before), fold(after)
    best: tuple[int, str] | None = None
    total: int | None = None  # how far before the amount a word of a total is
    for kind, pattern in _SAID_WORDS:
        for m in pattern.finditer(before):
            found = (len(before) - m.end(), kind)
            if not kind:
                total = found[0] if total is None else min(total, found[0])
            best = found if best is None or found[0] < best[0] else best
        first = pattern.search(after)
        if first is not None:
            found = (first.start(), kind)
            best = found if best is None or found[0] < best[0] else best
    if best is None or (total is not None and total <= best[0] + _TOTAL_REACH):
        return ""
    return best[1]


def field_kind(path: tuple[str, ...]) -> str | None:
    """The kind of a figure under the field names `path` (outermost first): the innermost
    name that says one; None where none does or one says it is open ('amount')."""
    for name in reversed(path):
        parts = set(_NAME_PART.findall(re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()))
        kinds = [k for k, words in _FIELD_KINDS.items() if parts & words]
        if len(kinds) == 1 and not parts & _OPEN_FIELD:
            return kinds[0]
        if kinds or parts & _OPEN_FIELD:
            return None  # 'refund_amount' names a kind; 'fee_credit_balance' says too much
    return None


def _nested(data: object, path: tuple[str, ...]) -> Iterator[tuple[float, str | None]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _nested(value, (*path, str(key)))
    elif isinstance(data, list):
        for item in data:
            yield from _nested(item, path)
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield float(data), field_kind(path)


class ResultKinds:
    """The kinds each figure of the conversation's JSON tool results was held under, and the
    numbers held anywhere else (records, customer turns, plain-text results, and figures
    inside a result's strings), which ground any amount as before."""

    def __init__(self) -> None:
        self.kinds: dict[str, set[str | None]] = {}  # amount key -> kinds of its fields

    def add_result(self, content: str) -> bool:
        """Reads a tool result; False when it is not JSON (its numbers have no field)."""
        if content[:1] not in ("{", "["):
            return False
        try:
            data = json.loads(content)
        except ValueError:
            return False
        for number, kind in _nested(data, ()):
            self.kinds.setdefault(f"{number:.2f}", set()).add(kind)
        return True

    def judge(self, key: str, said: str) -> tuple[str, str]:
        """("ok" | "wrong", the field kind it was held as) for an amount `key` said as `said`
        and held only in JSON results: "wrong" when every field holding it is of a kind that
        does not fit. A field named for no kind (`amount`) grounds any: tau-bench's payment
        `amount` is both what a refund gives back and what a one-flight price was."""
        kinds = self.kinds.get(key)
        fits = _FITS.get(said)
        if not kinds or fits is None or kinds & fits or None in kinds:
            return "ok", ""
        return "wrong", sorted(k for k in kinds if k)[0]
