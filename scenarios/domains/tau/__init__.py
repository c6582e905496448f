"""tau-bench's airline and retail domains: its tools re-implemented as registered Python tools
over document tables, so `convsim import tau-bench` can turn its data and tasks into a domain
and scenarios, and its conversations can be replayed and graded as tau-bench grades them.

Importing this package registers the tools (`tau_airline.<tool>`, `tau_retail.<tool>`).
"""

from scenarios.domains.tau import airline, common, retail
from scenarios.domains.tau.common import TERMINATE_TOOLS, calculate_expression
from scenarios.domains.tau.specs import DOMAINS, TABLES, build_domain, tool_specs

__all__ = [
    "DOMAINS",
    "TABLES",
    "TERMINATE_TOOLS",
    "airline",
    "build_domain",
    "calculate_expression",
    "common",
    "retail",
    "tool_specs",
]
