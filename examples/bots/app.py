"""The example bot as a Python callable, for a `python` target or `simulator.bots.testing`."""

from __future__ import annotations

from typing import Any

from support_bot import reply


def respond(messages: list[dict[str, str]]) -> dict[str, Any]:
    """convsim's Python target contract: the conversation so far, last message the customer's."""
    return reply(messages[:-1], messages[-1]["content"])
