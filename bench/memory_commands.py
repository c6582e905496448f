"""Peak memory of convsim's commands at two run sizes: does it grow with the run?

    python bench/memory_commands.py                          # 2,000 and 20,000 conversations
    python bench/memory_commands.py --runs /tmp/mem-runs     # keep the runs, reuse them later
    python bench/memory_commands.py --small 500 --big 5000

Two runs of the packaged library are simulated with the scripted engine (seed 1), each by
`convsim run` in a child process, whose peak RSS is the `run` row. A 20,000-conversation run
takes a while on a busy machine: with `--runs DIR` both runs are kept in DIR (with the peak
measured when each was made, in `run-N.peak`) and a later call reuses them. Each read-side
command then runs in a fresh process on both runs; its peak RSS (ru_maxrss of that child
alone, via wait4) is printed for both sizes with the big/small ratio (goal: flat, <= 1.2).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOAD_RUN = "import sys; from simulator.store.data import load_run; load_run(sys.argv[1])"
ITER_RUN = (
    "import sys; from simulator.store.data import iter_run\n"
    "for chunk in iter_run(sys.argv[1]): pass"
)
SEED = 1


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
        "iter_run": [sys.executable, "-c", ITER_RUN, str(run_dir)],
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


def made_run(runs: Path, n: int) -> tuple[Path, float]:
    """The run of n conversations in `runs` and the peak RSS of the `convsim run` that made it
    (made now unless an earlier call left it complete, with its measured peak)."""
    out, peak_file = runs / f"run-{n}", runs / f"run-{n}.peak"
    if peak_file.is_file() and (out / "transcripts.jsonl").is_file():
        return out, float(peak_file.read_text(encoding="utf-8"))
    argv = [sys.executable, "-m", "simulator", "run", "--n", str(n), "--seed", str(SEED),
            "--out", str(out), "--quiet", "--force"]  # fmt: skip
    peak = peak_mb(argv)
    peak_file.write_text(f"{peak:.1f}\n", encoding="utf-8")
    return out, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--big", type=int, default=20000)
    parser.add_argument("--runs", type=Path, help="keep the runs here and reuse them")
    parser.add_argument("--only", help="comma-separated commands to measure (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        runs = args.runs or work
        runs.mkdir(parents=True, exist_ok=True)
        small, small_peak = made_run(runs, args.small)
        big, big_peak = made_run(runs, args.big)
        print(f"{'command':<16}{args.small:>10,}{args.big:>10,}  ratio   (peak RSS, MB)")
        print(f"{'run':<16}{small_peak:>10.0f}{big_peak:>10.0f}  {big_peak / small_peak:5.2f}")
        small_cmds, big_cmds = commands(small, work), commands(big, work)
        wanted = args.only.split(",") if args.only else list(small_cmds)
        for name in wanted:
            a, b = peak_mb(small_cmds[name]), peak_mb(big_cmds[name])
            print(f"{name:<16}{a:>10.0f}{b:>10.0f}  {b / a:5.2f}", flush=True)


if __name__ == "__main__":
    main()
