"""Precheck throughput: records per second over a generated batch, and memory boundedness.

Usage: ``.venv/bin/python bench/precheck.py [--records 100000] [--workers 2]``. Generates a
batch (a third of the rows with one defect each), runs the same streaming path as
``intake precheck`` (``records.precheck.run_precheck``: read → check → findings CSV + HTML
report) in a child process per size so the peak RSS of each run is its own, and prints
records/s, peak RSS (the parent process; the workers' own peak is the same size or smaller) and
the sizes of the report and the CSV for a small and the full batch.
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

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from records.precheck import run_precheck
if __name__ == "__main__":
  src, out, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
  start, cpu = time.perf_counter(), time.process_time()
  summary = run_precheck(src, report=out / "report.html", findings_csv=out / "findings.csv",
                         workers=workers)
  seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
  print(json.dumps({"rows": summary.rows_in, "seconds": seconds, "parent_cpu": cpu,
                  "check_cpu": summary.check_cpu_seconds,
                  "errors": summary.rows_with_errors,
                  "report_kb": (out / "report.html").stat().st_size / 1024,
                  "csv_kb": (out / "findings.csv").stat().st_size / 1024,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(batch: Path, out: Path, workers: int) -> dict:
    """One precheck run in a fresh interpreter; returns its measurements."""
    env: dict[str, str] = {}  # the KBLI list shipped in the package (KBLI 2025)
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
        print(f"\n{'records':>10} {'seconds':>8} {'records/s':>10} {'peak RSS MB':>12} "
              f"{'report KB':>10} {'CSV KB':>8}")
        for n, r in results.items():
            print(f"{n:>10,} {r['seconds']:>8.2f} {r['rows'] / r['seconds']:>10,.0f} "
                  f"{r['rss_mb']:>12.0f} {r['report_kb']:>10.0f} {r['csv_kb']:>8.0f}")
        small, big = results[min(results)], results[max(results)]
        reading = big["parent_cpu"] - (big["check_cpu"] if args.workers <= 1 else 0)
        together = reading + big["check_cpu"]  # one worker: the checks ran in the parent
        bound = big["rows"] / (together if args.workers <= 1 else max(reading, together / 2))
        print(f"\nworkers: {args.workers}; bar: >= 50,000 records/s on 2 cores; "
              f"peak RSS {big['rss_mb'] / small['rss_mb']:.2f}x of the "
              f"{min(results):,}-record run")
        print(f"CPU per record ({max(results):,}): reading + merging "
              f"{reading / big['rows'] * 1e6:.1f} µs, checks "
              f"{big['check_cpu'] / big['rows'] * 1e6:.1f} µs, together "
              f"{together / big['rows'] * 1e6:.1f} µs: {bound:,.0f} records/s "
              f"{'on one core' if args.workers <= 1 else 'when two cores are free for it'} "
              "(the wall-clock figure above is lower when other work shares the cores)")


if __name__ == "__main__":
    main()
