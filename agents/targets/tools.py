"""A bot's tools for one reply: what each target kind is handed when the scenario has a domain.

`ToolAccess` is one reply's view of the conversation's desk: the tool specs, and the calls
(`agents.calls.ReplyCalls`: run on the conversation's records, recorded as transcript turns,
limited per reply). Each adapter hands it to its bot in the bot's own terms: OpenAI `tools`
in the request (openai), callables (python), a tool endpoint and an MCP server on loopback
(http, `agents.targets.toolserver`).

Python bots receive `tools=` (when their signature names `tools`) as a `BotTools`: a read-only
mapping from tool name to a `BotTool`. A tool is called with keyword arguments and returns the
text the agent sees (a refusal is text starting with "Error:"; `tool.last_error` tells it
apart); `tools.call(name, arguments)` takes a name and a dict or JSON text, as a model's tool
call carries them, and sets that tool's `last_error` and `tools.last_error` (the latest call's,
whichever way it was made), so a bot can check a refusal either way; `tools.openai()` lists the
tools in OpenAI's request shape, for a bot that asks a model which to call. Calls are
synchronous and thread-safe.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from agents.calls import ReplyCalls
from scenarios.domains import ToolResult, ToolSpec


@dataclass
class ToolAccess:
    """One reply's tools: their specs, and the calls (run, recorded, limited)."""

    conversation_id: str
    specs: list[ToolSpec]
    calls: ReplyCalls

    def openai(self) -> list[dict[str, Any]]:
        return [spec.openai() for spec in self.specs]


class BotTool:
    """One domain tool as a Python callable: `tool(**arguments) -> str`."""

    def __init__(self, spec: ToolSpec, calls: ReplyCalls, owner: BotTools | None = None) -> None:
        self.spec = spec
        self._owner = owner
        self.name = spec.name
        self.description = spec.description
        self.parameters = dict(spec.parameters)
        self.__doc__ = spec.description
        self._calls = calls
        self.last_error = False

    def __call__(self, **arguments: Any) -> str:
        return self.result(arguments).content

    def result(self, arguments: Any) -> ToolResult:
        """The call's `ToolResult` (content and error flag); arguments a dict or JSON text."""
        result = self._calls.call(self.name, arguments)
        self.last_error = result.error
        if self._owner is not None:
            self._owner.last_error = result.error
        return result

    def __repr__(self) -> str:
        return f"<convsim tool {self.name}>"


class BotTools(Mapping[str, BotTool]):
    """The tools of one reply, by name (see the module docstring)."""

    def __init__(self, access: ToolAccess) -> None:
        self._calls = access.calls
        self._tools = {spec.name: BotTool(spec, access.calls, self) for spec in access.specs}
        self._specs = access.openai()
        self.last_error = False

    def __getitem__(self, name: str) -> BotTool:
        return self._tools[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tools)

    def __len__(self) -> int:
        return len(self._tools)

    def call(self, name: str, arguments: Any = None, call_id: str = "") -> str:
        """Any tool by name (an unknown name is an error result, recorded like the others)."""
        result = self._calls.call(name, arguments, call_id)
        self.last_error = result.error
        if name in self._tools:
            self._tools[name].last_error = result.error
        return result.content

    def openai(self) -> list[dict[str, Any]]:
        return [dict(spec) for spec in self._specs]
