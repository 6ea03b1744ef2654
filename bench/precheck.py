"""Precheck throughput: records per second over a generated batch, and memory boundedness.

Usage: ``.venv/bin/python bench/precheck.py [--records 100000] [--workers 2]``. Generates a
batch (a third of the rows with one defect each), runs the same streaming path as
``intake precheck`` (read → check → findings CSV + HTML report) in a child process per size so
the peak RSS of each run is its own, and prints records/s and peak RSS for a small and the full
batch.
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

REPO = Path(__file__).resolve().parents[1]
KBLI = REPO.parent / "shared" / "data" / "kbli2020.csv"

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from records.precheck import check_rows
from records.report import ReportWriter
from records.tabular import read_records
src, out, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
start = time.perf_counter()
writer = ReportWriter(str(src), out / "findings.csv", out / "report.html")
for row in check_rows(read_records(src), workers=workers):
    writer.add(row)
summary = writer.close()
seconds = time.perf_counter() - start
print(json.dumps({"rows": summary.rows, "seconds": seconds,
                  "errors": summary.rows_with_errors,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(batch: Path, out: Path, workers: int) -> dict:
    """One precheck run in a fresh interpreter; returns its measurements."""
    env = {"INTAKE_KBLI_FILE": str(KBLI)} if KBLI.is_file() else {}
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(batch), str(out), str(workers)],
                          capture_output=True, text=True, check=True, cwd=REPO,
                          env={**os.environ, **env})
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    """Generate, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from samples.batch import write_batch_csv

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        results = {}
        for n in sorted({min(10_000, args.records), args.records}):
            batch = root / f"batch-{n}.csv"
            t = time.perf_counter()
            write_batch_csv(batch, n, seed=2026)
            print(f"generated {n:,} records in {time.perf_counter() - t:.1f} s")
            results[n] = run(batch, root, args.workers)
        print(f"\n{'records':>10} {'seconds':>8} {'records/s':>10} {'peak RSS MB':>12}")
        for n, r in results.items():
            print(f"{n:>10,} {r['seconds']:>8.2f} {r['rows'] / r['seconds']:>10,.0f} "
                  f"{r['rss_mb']:>12.0f}")
        small, big = results[min(results)], results[max(results)]
        print(f"\nworkers: {args.workers}; bar: >= 10,000 records/s on 2 cores; "
              f"peak RSS {big['rss_mb'] / small['rss_mb']:.2f}x of the "
              f"{min(results):,}-record run")


if __name__ == "__main__":
    main()
