"""Whether this process has the memory a domain's records need, asked before they are read.

A run holds a domain's records several times over (the template database, one copy per
conversation in flight, the records as text for the checks, the indexes variables are drawn
from), and reading the data file takes more for a moment. Past the memory a process is given
(`ulimit -v`, a container's limit, what the machine has free), the allocation that fails may
be one in a compiled extension that aborts with no Python error to turn into a message
(outsider 27: a 60 MB records file under a 2 GB cap). So a data file whose expected cost does
not fit is refused before it is read, in one line naming the file, its size and the memory
left, instead of running until something dies.
"""

from __future__ import annotations

import resource
from pathlib import Path

__all__ = ["NEEDED_PER_BYTE", "memory_left", "too_big_for_memory"]

# Peak memory of `convsim run --n 2` per byte of a records file, over a run without it
# (bench/domain_memory.py), rounded up for what a longer run and more conversations add.
NEEDED_PER_BYTE = 24


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _read_int(path: str) -> int | None:
    try:
        text = Path(path).read_text(encoding="ascii").split()[0]
    except (OSError, IndexError):
        return None
    return int(text) if text.isdigit() else None


def memory_left() -> tuple[int, str] | None:
    """The bytes this process may still take, and what limits it; None when unknown."""
    found: list[tuple[int, str]] = []
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    size = _status_kib("VmSize")
    if soft != resource.RLIM_INFINITY and size is not None:
        found.append((soft - size * 1024, f"ulimit -v {soft // 1024}"))
    limit = _read_int("/sys/fs/cgroup/memory.max")
    current = _read_int("/sys/fs/cgroup/memory.current")
    if limit is not None and current is not None:
        found.append((limit - current, "the container's memory limit"))
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    found.append((int(line.split()[1]) * 1024, "the machine's free memory"))
                    break
    except (OSError, ValueError, IndexError):
        pass
    return min(found) if found else None


def too_big_for_memory(size: int) -> str | None:
    """Why a data file of `size` bytes cannot be run in the memory left, or None."""
    left = memory_left()
    need = size * NEEDED_PER_BYTE
    if left is None or need <= left[0]:
        return None
    mib = 1 << 20
    return (
        f"{size / mib:.1f} MiB of records needs about {need / mib:,.0f} MiB of memory to run, "
        f"and this process has {max(left[0], 0) / mib:,.0f} MiB left ({left[1]}); use a "
        "smaller data file (fewer records), or give convsim more memory"
    )
