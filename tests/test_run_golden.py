"""Golden transcripts: a fixed seed over the built-in library must give these exact bytes.

Any change to the scripted engine, the phrase banks, the personas, the critic or the library
changes them on purpose or by accident; this test makes the difference visible. To accept a
change, regenerate and review the diff:

    UPDATE_GOLDEN=1 pytest tests/test_run_golden.py    # writes the files, then FAILS
    git diff tests/data/golden/                         # review what changed
    pytest tests/test_run_golden.py                     # passes

Regenerating always fails the run that wrote the files, and a missing golden file is a
failure, so a golden can never be accepted silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator.run.runner import RunRequest, run

GOLDEN_DIR = Path(__file__).parent / "data" / "golden"
TOOLUSE = Path(__file__).parent / "data" / "tooluse"  # a domain: tool calls in the transcripts
CASES = {
    "builtin-seed2024-n12.jsonl": RunRequest(paths=(), n=12, seed=2024, out=Path()),
    "tooluse-seed7-n10.jsonl": RunRequest(paths=(TOOLUSE,), n=10, seed=7, out=Path()),
}
REGENERATE = "UPDATE_GOLDEN=1 pytest tests/test_run_golden.py"


@pytest.mark.parametrize("name", sorted(CASES))
def test_transcripts_match_the_golden_file(tmp_path: Path, name: str) -> None:
    request = CASES[name]
    out = tmp_path / "run"
    run(RunRequest(request.paths, request.n, request.seed, out, request.concurrency))
    actual = (out / "transcripts.jsonl").read_text(encoding="utf-8")
    golden = GOLDEN_DIR / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        pytest.fail(
            f"wrote {golden}; review `git diff {GOLDEN_DIR}` and rerun without UPDATE_GOLDEN",
            pytrace=False,
        )
    if not golden.exists():
        pytest.fail(
            f"{golden} is missing; create it with `{REGENERATE}` and review it", pytrace=False
        )
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        want, got = expected.splitlines(), actual.splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b),
            min(len(want), len(got)),
        )
        pytest.fail(
            f"transcripts differ from {golden.name} at record {first} "
            f"({len(got)} records, golden has {len(want)}); if the change is intended, "
            f"regenerate with `{REGENERATE}` and review the diff",
            pytrace=False,
        )
