"""CPU time of `convsim grade` on ONE conversation as its length grows: the curve turns -> CPU s.

    python bench/grade_scale.py                                # every shape, 1k..20k turns
    python bench/grade_scale.py --turns 1000 10000 100000 --shapes ok
    python bench/grade_scale.py --timeout 300                  # a point over it is cut

Each point writes one conversation of N turns (OpenAI `messages`, customer and support
alternating) and runs `convsim grade` on it in a child process, as a user would; printed: the
child's CPU time (user + system, from `wait4`, so the load of the machine moves it little),
its peak RSS, and the CPU time per 1,000 turns. A grading that is linear in the turns keeps
that last column flat; a prefix scan per turn makes it grow with N.

Shapes (the texts are made up here; each is a conversation no critic would call normal):
- `ok`: "ok 17" both ways (an outsider's probe: the data checks only, no question asked);
- `questions`: the customer asks about a new order each turn and support only says it is
  checking (every question is a candidate for the re-asked-question check, none answered);
- `answers`: the customer asks about an order and support answers it, with the customer's
  topic words (each question is answered, and the next one shares two of its three words);
- `scenario`: `questions` graded with `--scenario` on a built-in scenario (ecommerce
  refund-damaged-item), so the scenario's checks (facts given, policy, disclosure ...) run.

The startup of the command (imports, a 2-turn grade) is measured once and subtracted, so the
column is the grading's own cost.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "library" / "ecommerce" / "refund-damaged-item.yaml"
SCENARIO_ID = "ecommerce/refund-damaged-item"


def _messages(shape: str, turns: int) -> dict[str, object]:
    msgs: list[dict[str, str]] = []
    for i in range(turns // 2 + 1):
        if shape == "ok":
            ask, say = f"ok {i}", f"ok {i}"
        elif shape == "answers":
            ask = f"where is order ORD-{i}?"
            say = f"Order ORD-{i} left the warehouse on Monday and arrives on Friday."
        else:
            ask = f"where is my order ORD-{i}?"
            say = f"Let me check ORD-{i} for you."
        msgs += [{"role": "user", "content": ask}, {"role": "assistant", "content": say}]
    record: dict[str, object] = {"id": f"{shape}-{turns}", "messages": msgs[:turns]}
    if shape == "scenario":
        record["scenario_id"] = SCENARIO_ID
    return record


def _grade(path: Path, shape: str, timeout: float) -> tuple[float, float, bool]:
    """CPU seconds (user + system) and peak RSS (MB) of `convsim grade` on `path`, and whether
    it finished within `timeout` seconds of wall time."""
    out = path.with_suffix(".graded.jsonl")
    cmd = [sys.executable, "-m", "simulator", "grade", str(path), "--out", str(out)]
    if shape == "scenario":
        cmd += ["--scenario", str(SCENARIO)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    start = time.monotonic()
    finished = True
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - start > timeout:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            finished = False
            break
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if finished and proc.returncode != 0:
        # One line over grade's 5 MB limit (the longest points of the wordier shapes) is
        # refused, not graded: said, and the shape's longer points are skipped.
        raise _Refused(err.strip().splitlines()[0] if err.strip() else f"exit {proc.returncode}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, finished


class _Refused(Exception):
    """`convsim grade` refused the file (its first stderr line says why)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, nargs="+", default=[1000, 2000, 5000, 10000, 20000])
    parser.add_argument("--shapes", nargs="+", default=["ok", "questions", "answers", "scenario"])
    parser.add_argument("--timeout", type=float, default=600.0, help="wall seconds per point")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grade_scale") as tmp:
        folder = Path(tmp)
        for shape in args.shapes:
            small = folder / f"{shape}-2.jsonl"
            small.write_text(json.dumps(_messages(shape, 2)) + "\n")
            base, _, _ = _grade(small, shape, args.timeout)
            print(f"{shape}: startup {base:.2f} s CPU (subtracted)")
            print(f"{'turns':>8} {'CPU s':>9} {'per 1k turns':>13} {'peak MB':>8}")
            for turns in args.turns:
                path = folder / f"{shape}-{turns}.jsonl"
                path.write_text(json.dumps(_messages(shape, turns)) + "\n")
                try:
                    cpu, rss, finished = _grade(path, shape, args.timeout)
                except _Refused as e:
                    print(f"{turns:>8} refused by grade: {e}")
                    break
                own = max(cpu - base, 0.0)
                mark = "" if finished else f"  (cut at {args.timeout:.0f} s wall)"
                per = own / turns * 1000
                print(f"{turns:>8} {own:>9.2f} {per:>13.3f} {rss:>8.0f}{mark}", flush=True)
                if not finished:
                    break  # longer ones would only be cut too


if __name__ == "__main__":
    main()
