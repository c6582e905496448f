"""A run reads each domain file once (scenarios.domains.loader.pinned_domains): an edit made
while it runs is not taken up inside the block, and is outside it."""

from __future__ import annotations

import shutil
from pathlib import Path

from scenarios.domains.loader import builtin_domains, load_domain, pinned_domains


def test_a_pinned_domain_is_read_once_and_an_edit_is_seen_after(tmp_path: Path) -> None:
    path = tmp_path / "ecommerce.yaml"
    shutil.copy(builtin_domains() / "ecommerce.yaml", path)
    with pinned_domains():
        first = load_domain(path)
        path.write_text(path.read_text() + "\n# edited while the run runs\n")
        assert load_domain(path) is first
    after = load_domain(path)
    assert after is not first
    assert after.digest != first.digest
