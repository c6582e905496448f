"""Domains: the records a support desk works on and the tools an agent may call on them.

A domain is data: tables of records kept in SQLite (one in-memory copy per conversation) and
tools declared in YAML (parameterised SQL with preconditions), or registered Python functions
for tools that need code (`scenarios.domains.runtime.register_tool`). Nothing here imports
from `agents` or `simulator`.

Modules: `runtime` (the seam: Domain, DomainState, tools), `spec` (the domain file's
schema), `loader` (files -> Domains, `domain_for`), `tables` and `tools` (building and
checking them), `sql` (running SQL tools), `params` (argument checks), `records` (scenario
variables drawn from records), `expect` (a scenario's expectations for one conversation),
`checks` (scenario <-> world lint), `documents` (document tables).
"""

# Registers tau-bench's tools (`python: tau_airline.<tool>`, `tau_retail.<tool>`) before
# any domain file that names them is loaded or linted.
from scenarios.domains import tau as tau
from scenarios.domains.expect import (
    Expected,
    ExpectedCall,
    RecordCheck,
    expected_for,
    record_mismatches,
    replay,
)
from scenarios.domains.loader import LoadedDomain, domain_for, load_domain
from scenarios.domains.params import validate_arguments
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
    "Expected",
    "ExpectedCall",
    "LoadedDomain",
    "RecordCheck",
    "RecordDiff",
    "Tool",
    "ToolResult",
    "ToolSpec",
    "diff_snapshots",
    "domain_for",
    "expected_for",
    "load_domain",
    "python_tool",
    "record_mismatches",
    "register_tool",
    "replay",
    "validate_arguments",
]
