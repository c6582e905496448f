"""What the driver and its workers (processes or Ray actors) send each other, and how compactly.

Measured on the scripted engines, a whole `ConversationPlan` costs a worker 0.8 ms to unpickle
(its scenario is a large pydantic model), more than a tenth of the conversation it describes,
while its own parts cost 0.01 ms. So a plan travels as a small tuple naming its scenario and
edge cases by number (`PlanPacker`); each of those objects goes to a worker once, the first
time a plan needs it. Messages travel in batches: everything one side has to say in one
turn of its event loop goes as one frame (`Outbox`), so a busy driver answers ten finished
conversations with one write of ten plans, not ten writes.

A frame on a pipe is a 4-byte length and a pickled list of messages.
"""

from __future__ import annotations

import asyncio
import pickle
import struct
import threading
from collections.abc import Callable, Sequence
from typing import Any

from agents.types import ConversationPlan

HEADER = struct.Struct(">I")
SHARED_LIMIT = 4096  # objects a packer names before it starts over (memory stays bounded)

# A packed batch: (start over, new objects by number, plans as tuples)
PlanTuple = tuple[str, int, int, int, int, Any, tuple[int, ...], dict[str, str]]
Packed = tuple[bool, list[tuple[int, Any]], list[PlanTuple]]


def frame(messages: Sequence[Any]) -> bytes:
    data = pickle.dumps(list(messages), protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


class PlanPacker:
    """The driver's side, one per worker: which scenario and edge-case objects it has sent.

    Objects are known by identity (the planner hands out the library's objects), so two
    scenarios that share an id but differ are still told apart."""

    def __init__(self) -> None:
        self.numbers: dict[int, int] = {}
        self.held: list[Any] = []  # keeps each numbered object alive, so its id stays its own

    def pack(self, plans: Sequence[ConversationPlan]) -> Packed:
        reset = len(self.held) >= SHARED_LIMIT
        if reset:
            self.numbers.clear()
            self.held.clear()
        new: list[tuple[int, Any]] = []
        out = [
            (
                p.id,
                p.run_seed,
                p.index,
                p.seed,
                self._number(p.scenario, new),
                p.persona,
                tuple(self._number(e, new) for e in p.edge_cases),
                p.variables,
            )
            for p in plans
        ]
        return reset, new, out

    def _number(self, obj: Any, new: list[tuple[int, Any]]) -> int:
        number = self.numbers.get(id(obj))
        if number is None:
            number = self.numbers[id(obj)] = len(self.held)
            self.held.append(obj)
            new.append((number, obj))
        return number


class PlanUnpacker:
    """The worker's side: the objects sent so far, and the plans rebuilt around them."""

    def __init__(self) -> None:
        self.objects: dict[int, Any] = {}

    def unpack(self, packed: Packed) -> list[ConversationPlan]:
        reset, new, plans = packed
        if reset:
            self.objects.clear()
        self.objects.update(new)
        # Validated when the driver's planner made them; only the shared objects are put back.
        return [self._plan(*p) for p in plans]

    def _plan(self, id_: str, run_seed: int, index: int, seed: int, scenario: int,
              persona: Any, edges: tuple[int, ...], variables: dict[str, str],
              ) -> ConversationPlan:  # fmt: skip
        got = self.objects
        return ConversationPlan.model_construct(
            id=id_, run_seed=run_seed, index=index, seed=seed, scenario=got[scenario],
            persona=persona, edge_cases=tuple(got[e] for e in edges), variables=variables,
        )  # fmt: skip


class Outbox:
    """Messages said during one turn of the event loop, written together after it."""

    def __init__(self, loop: asyncio.AbstractEventLoop, write: Callable[[list[Any]], None]):
        self.loop, self.write = loop, write
        self.pending: list[Any] = []
        self.thread = threading.get_ident()

    def put(self, message: Any) -> None:
        if threading.get_ident() != self.thread:  # a library calling back from its thread
            self.loop.call_soon_threadsafe(self.put, message)
            return
        if not self.pending:
            self.loop.call_soon(self.flush)
        self.pending.append(message)

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if batch:
            self.write(batch)
