"""Python bots that misbehave as code can: each answers the preflight's plain 'Hello' (so a
run starts) and then does one bad thing to every customer message. Used by
tests/test_hostile_python_bots.py; never by a user."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

Messages = list[dict[str, str]]


def _hello(messages: Messages) -> bool:
    return len(messages) == 1 and messages[0]["content"] == "Hello"


def hangs(messages: Messages) -> str:
    """A sync bot stuck for an hour: the run must end at timeout_s, the process too."""
    if _hello(messages):
        return "Hi"
    time.sleep(3600)
    return "never"


def exits(messages: Messages) -> str:
    if _hello(messages):
        return "Hi"
    sys.exit(3)


async def exits_async(messages: Messages) -> str:
    if _hello(messages):
        return "Hi"
    sys.exit("bye")


def interrupts(messages: Messages) -> str:
    raise KeyboardInterrupt


async def blocks(messages: Messages) -> str:
    """An async bot calling blocking code: the event loop stalls past its timeout."""
    time.sleep(2.5)
    return "late"


def half_surrogate(messages: Messages, tools: Any = None) -> str:
    """Text no UTF-8 writer takes: in the reply and in a tool call's arguments."""
    if tools is not None and not _hello(messages):
        tools.call("get_order", '{"order_id": "W\\ud800"}')
    return "Hello \ud83d there"


RELEASE = threading.Event()  # set by the test once convsim has answered
RETURNED = threading.Event()


async def blocks_until_released(messages: Messages) -> str:
    """An async bot whose blocking call lasts until the test releases it: convsim must have
    reported the timeout while the call was still blocking."""
    RELEASE.wait(60)
    RETURNED.set()
    return "late"


async def _answer_later(messages: Messages) -> str:
    return "answered by the coroutine"


def hands_back_a_coroutine(messages: Messages) -> Any:
    """A plain def that returns a coroutine (a lambda or wrapper around an async bot)."""
    return _answer_later(messages)
