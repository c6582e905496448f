"""Every studio route that reads a request body reads at most 4 MB of it (outsider 20 #5 for
/api/save, then the rest): settings, Try, keep, review, a new scenario or domain, the
typed-value offer. Over that: 413, one line, nothing changed, the studio still answering."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from simulator.studio.pages.app import create_app

LOCAL = "http://127.0.0.1:8765"
BIG = 5_000_000
LINE = "the request is larger than 4 MB, the most the studio reads; nothing was changed"
YAML_LINE = "the text is larger than 1 MB, the limit for a YAML file convsim reads"


@pytest.mark.parametrize(
    ("route", "kind"),
    [
        ("/settings", "form"),
        ("/review", "form"),
        ("/new", "form"),
        ("/domains/new", "form"),
        ("/api/try", "json"),
        ("/api/keep", "json"),
        ("/api/when-typed", "json"),
    ],
)
def test_an_oversized_body_is_refused_before_it_is_read(
    tmp_path: Path, route: str, kind: str
) -> None:
    client = TestClient(create_app(tmp_path), base_url=LOCAL)
    if kind == "form":
        res = client.post(route, data={"model": "x" * BIG, "path": "scenarios/a.yaml"})
    else:
        res = client.post(route, json={"path": "scenarios/a.yaml", "text": "x" * BIG})
    assert res.status_code == 413, res.text[:300]
    # Try and keep carry a scenario's text: theirs names the YAML file limit
    assert (YAML_LINE if route in ("/api/try", "/api/keep") else LINE) in res.text
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written
    assert client.get("/").status_code == 200


def test_a_body_without_a_length_is_cut_off_once_over(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path), base_url=LOCAL)

    def chunks() -> Iterator[bytes]:
        yield b"model="
        for _ in range(BIG // 65536 + 1):
            yield b"x" * 65536

    res = client.post(
        "/settings",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert res.status_code == 413, res.text[:300]
    assert LINE in res.text
    assert not (tmp_path / ".studio").exists()


def test_a_typed_value_offer_that_is_not_an_object_is_a_clear_400(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path), base_url=LOCAL)
    res = client.post("/api/when-typed", json=["not", "an", "object"])
    assert res.status_code == 400
    assert "send a JSON object with &#x27;text&#x27;, &#x27;index&#x27; and" in res.text
