"""A tool whose effect rewrites every row of a large table (an UPDATE without a WHERE) made a
4-conversation run take 2.9 GB: each conversation's copy of the records grew by every
rewritten row, and the end state read back from it held them all again (outsider 20 #6b).
One call may now change at most MAX_ROWS_WRITTEN rows, and a conversation's copy may grow
by at most MAX_COPY_GROWTH past the domain's records (SQLite's max_page_count): past either,
the call is stopped, its effects undone, and the domain file is named as at fault."""

from __future__ import annotations

import json
from pathlib import Path

from scenarios.domains.bounds import MAX_COPY_GROWTH, MAX_ROWS_WRITTEN
from scenarios.domains.loader import LoadedDomain, check_domain
from scenarios.schema.source import read_yaml

DOMAIN = """\
name: bulk
description: Tools that write too much.
tables:
  items:
    key: item_id
    columns: {{item_id: text, status: text, note: text}}
    records: items.jsonl
tools:
  - name: close_all
    description: Closes every item (no WHERE).
    parameters: {{type: object, properties: {{}}}}
    effects:
      - UPDATE items SET status = 'closed'
    returns: SELECT count(*) FROM items WHERE status = 'closed'
    returns_as: value
  - name: close_some
    description: Closes the first items, within the bound.
    parameters: {{type: object, properties: {{}}}}
    effects:
      - UPDATE items SET status = 'closed' WHERE item_id < 'I{few:07d}'
    returns: SELECT count(*) FROM items WHERE status = 'closed'
    returns_as: value
  - name: pad_some
    description: Appends 1 MB to a hundred notes.
    parameters: {{type: object, properties: {{}}}}
    effects:
      - UPDATE items SET note = printf('%.*c', 1000000, 'z') WHERE item_id < 'I{pad:07d}'
    returns: SELECT count(*) FROM items WHERE note IS NOT NULL
    returns_as: value
"""


def _domain(tmp_path: Path, rows: int) -> LoadedDomain:
    with (tmp_path / "items.jsonl").open("w") as out:
        for i in range(rows):
            out.write(json.dumps({"item_id": f"I{i:07d}", "status": "open"}) + "\n")
    padded = MAX_COPY_GROWTH // 1_000_000 + 10  # more notes of 1 MB than the copy may grow
    path = tmp_path / "bulk.yaml"
    path.write_text(DOMAIN.format(few=MAX_ROWS_WRITTEN, pad=padded))
    domain, problems = check_domain(read_yaml(path, str(path)), tmp_path)
    assert domain is not None and not problems, problems
    return domain


def test_a_call_that_changes_too_many_rows_is_stopped_and_undone(tmp_path: Path) -> None:
    domain = _domain(tmp_path, MAX_ROWS_WRITTEN + 500)
    state = domain.new_state()
    try:
        result = state.call("close_all", {})
        assert result.error
        assert result.content == (
            f"Error: close_all was stopped: its effects changed more than "
            f"{MAX_ROWS_WRITTEN:,} rows in one call (an UPDATE or DELETE without a WHERE?)"
        )
        assert state.fault is not None and str(tmp_path / "bulk.yaml") in state.fault
        assert "the domain's SQL is at fault, not the agent" in state.fault
        assert state.snapshot() == domain.pristine()  # undone
    finally:
        state.close()


def test_a_call_within_the_row_bound_goes_through(tmp_path: Path) -> None:
    domain = _domain(tmp_path, MAX_ROWS_WRITTEN + 500)
    state = domain.new_state()
    try:
        result = state.call("close_some", {})
        assert (result.error, result.content) == (False, str(MAX_ROWS_WRITTEN))
        assert state.fault is None
    finally:
        state.close()


def test_writes_that_grow_the_copy_too_much_are_stopped_before_taking_the_memory(
    tmp_path: Path,
) -> None:
    # A hundred-odd rows each given a 1 MB note: few rows, but more than the copy may grow.
    domain = _domain(tmp_path, 200)
    state = domain.new_state()
    try:
        result = state.call("pad_some", {})
        assert result.error
        assert result.content.startswith("Error: pad_some was stopped: its writes would grow ")
        assert f"by more than {MAX_COPY_GROWTH >> 20} MB" in result.content
        assert state.fault is not None
        assert state.snapshot() == domain.pristine()
        pages = state.conn.execute("PRAGMA page_count").fetchone()[0]
        size = state.conn.execute("PRAGMA page_size").fetchone()[0]
        assert pages * size < MAX_COPY_GROWTH  # the pages written were given back
    finally:
        state.close()
    # The lent copy went back rolled back: the next conversation gets the records whole and
    # the same bound.
    again = domain.new_state()
    try:
        assert again.snapshot() == domain.pristine()
        assert again.call("pad_some", {}).error
    finally:
        again.close()
