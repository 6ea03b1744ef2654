"""Archive throughput and memory: ``digitise_archive`` vs raw Tesseract, same pages, same workers.

Usage: ``.venv/bin/python bench/archive.py [--pages 1000] [--small 200] [--workers 2]``

Builds an archive from generated cases (cards, sheets, multi-page permits as PDFs and TIFFs),
adds corrupt files and exact duplicates, then in fresh processes:

1. ``intake archive`` on the first ``--small`` pages and on all ``--pages`` pages: pages/s, CPU
   utilisation and peak RSS of each run (bar: the big run's RSS within 20 % of the small one's);
2. raw Tesseract (whole page, ``ind``, psm 3) on the same pages with the same number of threads
   (bar: our pages/s ≥ 0.85 × raw).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractors.load import iter_pages  # noqa: E402
from extractors.models import Page  # noqa: E402
from samples.generate import generate_case  # noqa: E402

_RAW = """
import json, resource, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from extractors.load import iter_pages
from extractors.models import Page
from extractors.tesseract import ocr
files, workers = [Path(p) for p in json.loads(sys.argv[1])], int(sys.argv[2])
def pages():
    for f in files:
        yield from (p for p in iter_pages(f) if isinstance(p, Page))
start, cpu0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
n = 0
with ThreadPoolExecutor(workers) as pool:
    for _ in pool.map(lambda p: ocr(p.image, psm=3), pages()):
        n += 1
wall = time.perf_counter() - start
c = resource.getrusage(resource.RUSAGE_CHILDREN)
s = resource.getrusage(resource.RUSAGE_SELF)
cpu = c.ru_utime + c.ru_stime - cpu0.ru_utime - cpu0.ru_stime + s.ru_utime + s.ru_stime
print(json.dumps({"pages": n, "seconds": wall, "cpu": cpu,
                  "rss_mb": s.ru_maxrss / 1024}))
"""


def build(root: Path, pages: int) -> list[Path]:
    """Files of about ``pages`` pages (with 2 % corrupt files and 2 % exact duplicates)."""
    files: list[Path] = []
    count, index = 0, 0
    work = root / "gen"
    while count < pages:
        index += 1
        folder = generate_case(work, 99, index)
        box = root / "arsip" / f"kotak-{index % 7:02d}"
        box.mkdir(parents=True, exist_ok=True)
        for f in sorted(folder.iterdir()):
            if f.name == "truth.json":
                continue
            target = box / f"{folder.name}-{f.name}"
            shutil.copy(f, target)
            files.append(target)
            count += sum(isinstance(p, Page) for p in iter_pages(target))
        if index % 50 == 0:
            bad = box / f"{folder.name}-rusak.pdf"
            bad.write_bytes(b"%PDF-1.4 truncated")
            dup = box / f"{folder.name}-salinan-{files[-1].name}"
            shutil.copy(files[-1], dup)
            files += [bad, dup]
        shutil.rmtree(folder)
    return files


def run_archive(files: list[Path], data: Path, workers: int) -> dict:
    """``intake archive`` on ``files`` in a fresh process: seconds, CPU seconds, peak RSS."""
    src = data / "src"
    src.mkdir(parents=True)
    for f in files:
        (src / f.parent.name).mkdir(exist_ok=True)
        os.link(f, src / f.parent.name / f.name)
    env = {**os.environ, "INTAKE_DATA_DIR": str(data)}
    cmd = [sys.executable, "-c",
           "import resource, sys, time; from flows.cli import app; t = time.perf_counter()\n"
           "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
           "s, c = resource.getrusage(resource.RUSAGE_SELF), "
           "resource.getrusage(resource.RUSAGE_CHILDREN)\n"
           "print('BENCH', time.perf_counter() - t, s.ru_utime + s.ru_stime + c.ru_utime "
           "+ c.ru_stime, s.ru_maxrss / 1024)",
           "archive", str(src), "--workers", str(workers)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env, check=True)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("BENCH"))
    _, seconds, cpu, rss = line.split()
    return {"seconds": float(seconds), "cpu": float(cpu), "rss_mb": float(rss)}


def run_raw(files: list[Path], workers: int) -> dict:
    """Raw Tesseract on every page of ``files`` with ``workers`` threads, in a fresh process."""
    out = subprocess.run([sys.executable, "-c", _RAW, json.dumps([str(f) for f in files]),
                          str(workers)], capture_output=True, text=True, cwd=REPO, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Build, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        files = build(root, args.pages)
        n_pages = sum(isinstance(p, Page) for f in files for p in iter_pages(f))
        print(f"archive: {len(files)} files, {n_pages} readable pages "
              f"(built in {time.perf_counter() - t:.0f} s)")
        small = files[: max(1, len(files) * args.small // max(1, n_pages))]
        results = {"small": run_archive(small, root / "d-small", args.workers),
                   "full": run_archive(files, root / "d-full", args.workers)}
        raw = run_raw(files, args.workers)
    full = results["full"]
    ours_rate = n_pages / full["seconds"]
    raw_rate = raw["pages"] / raw["seconds"]
    print(f"\n{'run':<28} {'seconds':>8} {'pages/s':>8} {'CPU use':>8} {'peak RSS MB':>12}")
    print(f"{'intake archive, full':<28} {full['seconds']:>8.0f} {ours_rate:>8.2f} "
          f"{full['cpu'] / full['seconds'] / os.cpu_count():>8.0%} {full['rss_mb']:>12.0f}")
    print(f"{'intake archive, small':<28} {results['small']['seconds']:>8.0f} {'':>8} {'':>8} "
          f"{results['small']['rss_mb']:>12.0f}")
    print(f"{'raw tesseract, same pages':<28} {raw['seconds']:>8.0f} {raw_rate:>8.2f} "
          f"{raw['cpu'] / raw['seconds'] / os.cpu_count():>8.0%} {raw['rss_mb']:>12.0f}")
    print(f"\nthroughput ours/raw: {ours_rate / raw_rate:.2f} (bar ≥ 0.85); peak RSS full/small: "
          f"{full['rss_mb'] / results['small']['rss_mb']:.2f} (bar ≤ 1.20); "
          f"workers: {args.workers}")


if __name__ == "__main__":
    main()
