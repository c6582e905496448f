"""What tau-bench's tools share: their view of the records, their error rule, `calculate`.

tau-bench keeps a domain's records as Python dicts that its tools change in place; any
exception a tool raises becomes the text "Error: <exception>", and what the tool changed before
it raised stays changed. Its reward compares a hash of all records, in which `5` and `5.0`
differ. To replay its conversations faithfully, these tools run on the same kind of objects:
`TauData` hands a tool the documents of the conversation's document tables as plain dicts
(loaded on first use), and after the call, whatever the outcome, every document the tool
changed is written back as canonical JSON. The code of each tool does its checks and changes
in tau-bench's order, with Python's own semantics for whatever types the agent passed.
"""

from __future__ import annotations

import ast
import json
import operator
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from scenarios.domains.documents import (
    canonical,
    doc_keys,
    get_doc_text,
    iter_doc_texts,
    put_doc,
)
from scenarios.domains.runtime import DomainState, ToolResult, register_tool

TERMINATE_TOOLS = frozenset({"transfer_to_human_agents"})
"""Tools that end a tau-bench conversation; its expected end state leaves them out."""


class Docs:
    """One document table as a dict-like of mutable documents, loaded on first use."""

    def __init__(self, state: DomainState, table: str, shared: bool = False) -> None:
        self._state = state
        self._table = table
        # A tool that only reads gets the parsed documents every reader shares (`_parsed`),
        # nothing to parse again per call, and nothing is written back after it.
        self._parse: Callable[[str], Any] = _parsed if shared else json.loads
        self._loaded: dict[str, Any] = {}
        # The text when loaded: the stored canonical JSON, so loading formats nothing; None: new
        self._original: dict[str, str | None] = {}
        self._all = False
        self._stored: list[str] | None = None  # the table's keys in file order, read once
        self._new: list[str] = []  # keys of documents the call added, in order

    @staticmethod
    def _is_key(key: object) -> bool:
        hash(key)  # a list or dict as key raises TypeError, as a dict lookup does
        return isinstance(key, str)

    def _load(self, key: str) -> bool:
        if key in self._loaded:
            return True
        if self._all:
            return False
        text = get_doc_text(self._state, self._table, key)
        if text is None:
            return False
        self._loaded[key] = self._parse(text)
        self._original[key] = text
        return True

    def __contains__(self, key: object) -> bool:
        return self._is_key(key) and self._load(key)  # type: ignore[arg-type]

    def __getitem__(self, key: Any) -> Any:
        if not (self._is_key(key) and self._load(key)):
            raise KeyError(key)
        return self._loaded[key]

    def __setitem__(self, key: str, doc: Any) -> None:
        if not isinstance(key, str):
            raise TypeError(f"document keys are text, not {type(key).__name__}")
        if key not in self:
            self._original[key] = None
            self._new.append(key)
        self._loaded[key] = doc

    def _load_all(self) -> None:
        if self._all:
            return
        loaded, original, parse = self._loaded, self._original, self._parse
        for key, text in iter_doc_texts(self._state, self._table):
            if key not in loaded:
                loaded[key] = parse(text)
                original[key] = text
        self._all = True

    def keys(self) -> list[str]:
        """Stored keys in file order, then new ones in the order they were added. The stored
        keys are read once per call: nothing is written to the table before the flush (a
        search that walks the table once per first leg read them hundreds of times)."""
        if self._stored is None:
            self._stored = doc_keys(self._state, self._table)
        return self._stored + self._new

    def items(self) -> Iterator[tuple[str, Any]]:
        self._load_all()
        for key in self.keys():
            yield key, self._loaded[key]

    def values(self) -> Iterator[Any]:
        for _, doc in self.items():
            yield doc

    def flush(self) -> bool:
        """Write back each document that differs from what was loaded; new ones last. True
        when one was written."""
        wrote = False
        for key, doc in self._loaded.items():
            text = canonical(doc)
            if text != self._original.get(key):
                put_doc(self._state, self._table, key, doc)
                self._original[key] = text
                wrote = True
        return wrote


@lru_cache(maxsize=8192)
def _parsed(text: str) -> Any:
    """A stored document parsed once for every tool that only reads it (tau-bench's records
    are a few thousand documents; most calls are searches and look-ups over the same ones).
    Shared: a tool given these must not change them (`tau_tool(..., reads=True)`)."""
    return json.loads(text)


class TauData(Mapping[str, Docs]):
    """tau-bench's `data`: table name -> documents."""

    def __init__(self, state: DomainState, shared: bool = False) -> None:
        self._state = state
        self._tables = {name: Docs(state, name, shared) for name in state.domain.tables}

    def __getitem__(self, table: str) -> Docs:
        return self._tables[table]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def flush(self) -> None:
        """Write back what the call changed, and tell the state which tables it wrote (so a
        snapshot reads those and takes the others as the domain has them)."""
        written = [name for name, docs in self._tables.items() if docs.flush()]
        self._state.note_writes(written)


TauFunction = Callable[..., Any]


def run_tau(
    state: DomainState, fn: TauFunction, arguments: Mapping[str, Any], reads: bool = False
) -> ToolResult:
    """Call `fn(data, **arguments)` as tau-bench does: an exception is an "Error: ..." text,
    and the changes made before it stay. Arguments that are not an object are an error too.
    A tool that only `reads` works on the shared parsed documents and writes nothing back."""
    data = TauData(state, shared=reads)
    try:
        if not isinstance(arguments, Mapping):
            raise TypeError(f"argument after ** must be a mapping, not {type(arguments).__name__}")
        output = fn(data, **arguments)
        text = output if isinstance(output, str) else "" if output is None else str(output)
    except Exception as exc:  # tau-bench's rule: every failure is text the agent reads
        text = f"Error: {exc}"
    finally:
        if not reads:
            data.flush()
    return ToolResult(text, error=text.startswith("Error"))


def tau_tool(*names: str, reads: bool = False) -> Callable[[TauFunction], TauFunction]:
    """Register a tau-bench tool body under each of `names` (e.g. "tau_airline.calculate").
    `reads`: the tool only reads the records (a look-up, a search), as in tau-bench; it is
    handed the shared parsed documents and must not change them."""

    def wrap(fn: TauFunction) -> TauFunction:
        # Argument errors read as tau-bench's do ("BookReservation.invoke() missing 1 ...").
        fn.__qualname__ = "".join(p.title() for p in fn.__name__.split("_")) + ".invoke"
        for name in names:
            register_tool(name)(_bind(fn, reads))
        return fn

    return wrap


def _bind(fn: TauFunction, reads: bool) -> Callable[[DomainState, Mapping[str, Any]], ToolResult]:
    def tool(state: DomainState, arguments: Mapping[str, Any]) -> ToolResult:
        return run_tau(state, fn, arguments, reads)

    tool.__name__ = fn.__name__
    tool.__doc__ = fn.__doc__
    return tool


def dumps(doc: Any) -> str:
    """A tool's answer: the document as tau-bench prints it."""
    return json.dumps(doc)


# --- the tools both domains have ------------------------------------------------------------

_ALLOWED = frozenset("0123456789+-*/(). ")
_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Pow: operator.pow,
}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}
_MAX_EXPONENT = 10_000  # tau-bench would compute any power; a safe evaluator bounds them


def _evaluate(node: ast.AST) -> Any:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > _MAX_EXPONENT:
            raise OverflowError("exponent too large")
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_evaluate(node.operand))
    if isinstance(node, ast.Tuple) and not node.elts:
        return ()  # "()" parses; float(()) then fails as it does in tau-bench
    raise SyntaxError("invalid syntax")


def calculate_expression(expression: str) -> str:
    """tau-bench's calculator: digits, + - * / ( ) . and spaces only; the value as a float
    rounded to 2 places. Parsed with `ast` and evaluated node by node, never `eval`."""
    if not all(char in _ALLOWED for char in expression):
        return "Error: invalid characters in expression"
    try:
        tree = ast.parse(expression.lstrip(" "), filename="<string>", mode="eval")
        return str(round(float(_evaluate(tree)), 2))
    except Exception as exc:
        return f"Error: {exc}"


def calculate(data: TauData, expression: str) -> str:
    return calculate_expression(expression)


def think(data: TauData, thought: str) -> str:
    return ""


def transfer_to_human_agents(data: TauData, summary: str) -> str:
    return "Transfer successful"


for _domain in ("tau_airline", "tau_retail"):
    tau_tool(f"{_domain}.calculate")(calculate)
    tau_tool(f"{_domain}.think")(think)
    tau_tool(f"{_domain}.transfer_to_human_agents")(transfer_to_human_agents)
