"""Peak memory of the read-side commands at two run sizes: does it grow with the run?

    python bench/memory_commands.py                  # 2,000 and 20,000 conversations
    python bench/memory_commands.py --small 500 --factor 4

A run of SMALL scripted conversations is simulated once (the packaged library, seed 1); the
big run is that run.db with every conversation copied FACTOR-1 times under new ids and
indices (the same text, so the work per record is the same). Each command then runs in a
fresh process and its peak RSS (ru_maxrss of that child alone, via wait4) is printed for
both sizes with the big/small ratio (goal: about flat, <= 1.2).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(ROOT))

from simulator.runner import RunRequest, run, scripted_engines  # noqa: E402

LOAD_RUN = "import sys; from simulator.data import load_run; load_run(sys.argv[1])"


def commands(run_dir: Path, work: Path) -> dict[str, list[str]]:
    cli = [sys.executable, "-m", "simulator"]
    return {
        "export jsonl": [*cli, "export", str(run_dir), "--format", "jsonl",
                         "--out", str(work / "x.jsonl")],
        "export openai": [*cli, "export", str(run_dir), "--format", "openai",
                          "--out", str(work / "x.openai.jsonl")],
        "export parquet": [*cli, "export", str(run_dir), "--format", "parquet",
                           "--out", str(work / "x.parquet")],
        "report": [*cli, "report", str(run_dir), "--out", str(work / "r.html")],
        "show": [*cli, "show", str(run_dir)],
        "load_run": [sys.executable, "-c", LOAD_RUN, str(run_dir)],
    }  # fmt: skip


def peak_mb(argv: list[str]) -> float:
    """Peak RSS of one child process in MB (Linux reports ru_maxrss in KB)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"}
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv[:4])} failed: {err[-500:]}")
    return usage.ru_maxrss / 1024


def enlarge(src: Path, dst: Path, factor: int) -> int:
    """Copy run dir `src` to `dst` with each conversation stored `factor` times in all."""
    shutil.copytree(src, dst)
    db = sqlite3.connect(dst / "run.db")
    (n,) = db.execute("SELECT COUNT(*) FROM conversations").fetchone()
    with db:
        for k in range(1, factor):
            suffix, shift = f"-x{k}", k * n
            db.execute(
                "INSERT INTO plans SELECT id || ?1, idx + ?2, scenario_id, seed,"
                " replace(plan, id, id || ?1) FROM plans WHERE idx < ?3",
                (suffix, shift, n),
            )
            db.execute(
                "INSERT INTO conversations SELECT id || ?1, idx + ?2, scenario_id, status, label,"
                " n_turns, replace(transcript, '\"id\":\"' || id || '\"',"
                " '\"id\":\"' || id || ?1 || '\"') FROM conversations WHERE idx < ?3",
                (suffix, shift, n),
            )
            db.execute(
                "INSERT INTO turns SELECT t.conversation_id || ?1, t.position, t.role, t.act,"
                " t.content, t.slots, t.edge_case FROM turns t"
                " JOIN conversations c ON c.id = t.conversation_id WHERE c.idx < ?2",
                (suffix, n),
            )
            db.execute(
                "INSERT INTO verdicts SELECT v.conversation_id || ?1, v.label, v.scores,"
                " v.findings, v.rationale FROM verdicts v"
                " JOIN conversations c ON c.id = v.conversation_id WHERE c.idx < ?2",
                (suffix, n),
            )
    (total,) = db.execute("SELECT COUNT(*) FROM conversations").fetchone()
    db.close()
    return int(total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small = work / "small"
        run(RunRequest((), args.small, 1, small, 16), scripted_engines())
        big = work / "big"
        total = enlarge(small, big, args.factor)
        print(f"{'command':<16}{args.small:>10,}{total:>10,}  ratio   (peak RSS, MB)")
        small_cmds, big_cmds = commands(small, work), commands(big, work)
        for name in small_cmds:
            a, b = peak_mb(small_cmds[name]), peak_mb(big_cmds[name])
            print(f"{name:<16}{a:>10.0f}{b:>10.0f}  {b / a:5.2f}", flush=True)


if __name__ == "__main__":
    main()
