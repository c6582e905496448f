"""docs/targets.md documents every key of a target file, every body placeholder, every
target error kind and the tool endpoint's headers, as the code has them."""

from __future__ import annotations

import re
from pathlib import Path

from agents.targets.errors import ERROR_KINDS
from agents.targets.model import BODY_NAMES, KINDS

DOC = (Path(__file__).resolve().parent.parent / "docs" / "targets.md").read_text()


def test_every_target_key_is_documented() -> None:
    documented = set(re.findall(r"^\| `(\w+)` \|", DOC, flags=re.M))
    for kind, model in KINDS.items():
        missing = sorted(set(model.model_fields) - documented)
        assert not missing, f"kind {kind}: keys not in docs/targets.md: {missing}"
    for kind in KINDS:
        assert f"## `kind: {kind}`" in DOC


def test_every_placeholder_and_error_kind_is_documented() -> None:
    for name in BODY_NAMES:
        assert "`{" + name + "}`" in DOC, name
    for kind in set(ERROR_KINDS.values()) - {"error"}:
        assert f"`{kind}`" in DOC, kind


def test_the_tool_endpoint_headers_are_the_ones_sent() -> None:
    source = (Path(__file__).resolve().parent.parent / "agents/targets/http.py").read_text()
    sent = set(re.findall(r'"(X-Convsim-[\w-]+)"', source))
    assert sent == {"X-Convsim-Conversation-Id", "X-Convsim-Tools-Url", "X-Convsim-Mcp-Url"}
    for header in sent:
        assert f"`{header}`" in DOC
