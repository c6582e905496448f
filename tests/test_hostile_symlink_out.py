"""A scenario folder's walk reads only the folder's own files (outsider 27 #12: a
`passwd.yaml -> /etc/passwd` link was followed and read as a scenario). A link out of the
folder is one problem line naming the link and where it points; `run` refuses it, exit 2,
with nothing created. A link to a file inside the folder, or a file named directly, is read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from scenarios.loader import discover

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "scenarios" / "library"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def _library_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copy(LIBRARY / "ecommerce" / "cancel-pending-order.yaml", folder)
    shutil.copytree(LIBRARY / "domains", folder / "domains")
    return folder


def test_lint_names_a_link_out_of_the_folder_and_where_it_points(tmp_path: Path) -> None:
    folder = _library_copy(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "stray.yaml").write_text("id: stray/one\ntitle: Not in the folder\n")
    (folder / "stray.yaml").symlink_to(elsewhere / "stray.yaml")
    done = _cli("lint", str(folder))
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if "stray.yaml" in line]
    assert len(lines) == 1, done.stdout
    assert lines[0].startswith(f"{folder / 'stray.yaml'}: a symlink to {elsewhere / 'stray.yaml'}")
    assert "outside" in lines[0] and "Traceback" not in done.stderr
    # the target itself was never read: its missing keys are nobody's problem here
    assert "customer" not in done.stdout


def test_run_refuses_a_link_out_of_the_folder_and_writes_nothing(tmp_path: Path) -> None:
    folder = _library_copy(tmp_path)
    (folder / "system.yaml").symlink_to("/etc/hostname")
    out = tmp_path / "out"
    done = _cli("run", str(folder), "--n", "1", "--seed", "3", "--out", str(out))
    assert done.returncode == 2, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "system.yaml: a symlink to /etc/hostname" in errors[0]
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_links_inside_the_folder_and_files_named_directly_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "real.yaml").write_text("id: x/real\n")
    (folder / "alias.yaml").symlink_to(Path("sub") / "real.yaml")
    outside = tmp_path / "lone.yaml"
    outside.write_text("id: x/lone\n")
    (tmp_path / "link.yaml").symlink_to(outside)
    files, problems = discover([folder])
    assert problems == []
    assert [f.resolve() for f in files] == [(folder / "sub" / "real.yaml").resolve()]
    files, problems = discover([tmp_path / "link.yaml"])
    assert problems == [] and files == [tmp_path / "link.yaml"]
