"""The studio served in-process for a test (no browser): one fixture and one POST helper,
where test modules each wrote their own copy.

    from studio_client import client, post
    __all__ = ["client"]  # the fixture, shared

`client` serves a studio on the test's tmp_path and is closed after the test (the
TestClient's portal and transport are released, so nothing is left for the garbage
collector to warn about under filterwarnings=error).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from simulator.studio.pages.app import create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    test_client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    try:
        yield test_client
    finally:
        test_client.close()


def post(client: TestClient, url: str, path: str, **body: Any) -> dict[str, Any]:
    """POST `body` about the scenario at `path` (relative to the studio's folder) and the JSON
    object answered, asserting a 200."""
    res = client.post(url, json={"path": path, **body})
    assert res.status_code == 200, res.text
    out = res.json()
    assert isinstance(out, dict)
    return out
