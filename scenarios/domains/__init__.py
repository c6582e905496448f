"""Domains: the records a support desk works on and the tools an agent may call on them.

A domain is data: tables of records kept in SQLite (one in-memory copy per conversation) and
tools declared in YAML (parameterised SQL with preconditions), or registered Python functions
for tools that need code (`scenarios.domains.runtime.register_tool`). Nothing here imports
from `agents` or `simulator`.
"""

from scenarios.domains.runtime import (
    Domain,
    DomainState,
    RecordDiff,
    Tool,
    ToolResult,
    ToolSpec,
    diff_snapshots,
    python_tool,
    register_tool,
)

__all__ = [
    "Domain",
    "DomainState",
    "RecordDiff",
    "Tool",
    "ToolResult",
    "ToolSpec",
    "diff_snapshots",
    "python_tool",
    "register_tool",
]
