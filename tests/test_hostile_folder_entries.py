"""`lint FOLDER` names each `*.yaml` entry it cannot read (a FIFO, a symlink to nothing, a
symlink loop) as a problem of its own, next to the other files' problems, instead of
skipping it silently (outsider 27 #6: 17 files counted of 22 entries)."""

from __future__ import annotations

import os
from pathlib import Path

from scenarios.loader import discover

GOOD = "id: x/ok\n"


def test_unreadable_yaml_entries_are_problems_next_to_the_readable_files(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere" / "x.yaml")
    (tmp_path / "self.yaml").symlink_to("self.yaml")
    (tmp_path / "notes.txt").write_text("not yaml")
    files, problems = discover([tmp_path])
    assert [f.name for f in files] == ["ok.yaml"]
    named = sorted(Path(p.file).name for p in problems)
    assert named == ["gone.yaml", "pipe.yaml", "self.yaml"]
    assert all("not a regular file" in p.message and not p.refused for p in problems)
