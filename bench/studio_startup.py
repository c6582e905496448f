"""Seconds from `convsim studio` to the printed address and to the first page.

A newcomer's clock starts at the command: what counts is when the browser shows the
Scenarios page, not when Python finishes importing. Run it on an idle machine, a few times:

    python bench/studio_startup.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds(pid: int) -> float:
    """User + system CPU the process has used so far (Linux /proc): on a loaded machine the
    wall clock measures the neighbours too."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def once(workspace: Path) -> tuple[float, float, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "studio", str(workspace), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        printed = time.perf_counter() - start
        url = line.rsplit(" on ", 1)[1].strip()
        with urllib.request.urlopen(url + "/", timeout=120) as answer:
            answer.read()
        return printed, time.perf_counter() - start, cpu_seconds(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    printed: list[float] = []
    page: list[float] = []
    cpu: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            a, b, c = once(Path(tmp))
            printed.append(a)
            page.append(b)
            cpu.append(c)
            print(f"address printed {a:.2f} s, first page {b:.2f} s (CPU {c:.2f} s)", flush=True)
    print(
        f"median of {args.repeat}: address {statistics.median(printed):.2f} s, "
        f"first page {statistics.median(page):.2f} s (CPU {statistics.median(cpu):.2f} s); "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
