"""Memory against a domain's records file (outsider 27: a 60 MB .jsonl of 420k small records,
within the documented 64 MiB limit, took `run` to 2 GB). Builds a copy of the built-in
ecommerce domain whose `orders` records come from a generated .jsonl of about SIZE_MB, runs
`convsim run` on it in a child process, and prints peak RSS / records-file size, next to the
same run on the domain's own small file. Run by hand: `python bench/domain_memory.py [SIZE_MB]
[N]` (default 10 MB, 2 conversations).
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

LIBRARY = Path(__file__).resolve().parent.parent / "scenarios" / "library"
SCENARIO = "ecommerce/cancel-pending-order.yaml"


def _domain(folder: Path, size_mb: float) -> Path:
    """A library copy whose ecommerce orders are a .jsonl of about `size_mb` (the customers
    and the rest as shipped)."""
    shutil.copytree(LIBRARY, folder / "lib")
    domain_file = folder / "lib" / "domains" / "ecommerce.yaml"
    spec = yaml.safe_load(domain_file.read_text())
    orders = spec["tables"]["orders"]
    kept = orders["records"] if isinstance(orders["records"], list) else []
    customers = [c["customer_id"] for c in spec["tables"]["customers"]["records"]]
    rng = random.Random(7)
    path = domain_file.parent / "orders.jsonl"
    with path.open("w") as out:
        for row in kept:
            out.write(json.dumps(row) + "\n")
        n = 0
        while out.tell() < size_mb * 2**20:
            row = dict(kept[n % len(kept)]) if kept else {}
            row["order_id"] = f"W{3000000 + n}"
            row["customer_id"] = rng.choice(customers)
            out.write(json.dumps(row) + "\n")
            n += 1
    orders["records"] = "orders.jsonl"
    domain_file.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    return path


def _peak_rss_kb(args: list[str]) -> int:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-m", "simulator", *args], check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(after, before)


def main() -> None:
    size_mb = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    n = sys.argv[2] if len(sys.argv) > 2 else "2"
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        small = _peak_rss_kb(
            ["run", str(LIBRARY / SCENARIO), "--n", n, "--seed", "1", "--out", str(base / "a")]
        )
        data = _domain(base, size_mb)
        big = _peak_rss_kb(
            ["run", str(base / "lib" / SCENARIO), "--n", n, "--seed", "1", "--out", str(base / "b")]
        )
        size = data.stat().st_size
        print(f"records file: {size / 2**20:.1f} MiB; run --n {n}")
        print(f"peak RSS: built-in domain {small / 1024:.0f} MiB, big records {big / 1024:.0f} MiB")
        print(f"ratio (peak RSS - built-in run's) / file size: {(big - small) * 1024 / size:.1f}")
        print(f"ratio peak RSS / file size: {big * 1024 / size:.1f}")


if __name__ == "__main__":
    main()
