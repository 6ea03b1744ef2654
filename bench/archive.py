"""Archive throughput and memory: ``digitise_archive`` vs raw Tesseract, same pages, same workers.

Usage: ``.venv/bin/python bench/archive.py [--pages 1000] [--small 200] [--workers CORES]
[--chunk 100]``

Builds an archive from generated cases (cards, sheets, multi-page permits as PDFs and TIFFs),
adds corrupt files and exact duplicates, and splits it into chunks of about ``--chunk`` pages.
Two long-lived processes then take the chunks in turn, alternating which goes first, so that
other load on a shared machine falls on both alike:

- **ours**: ``digitise_archive`` (thread runner, ``--workers`` threads), one flow run per chunk
  against one store and ledger, as an archive is run box by box;
- **raw**: Tesseract on the same pages (same loader, so the same pixels; whole page, ``ind``,
  psm 3, one call per page), ``--workers`` threads, pages streamed.

Printed: pages/s, CPU utilisation (CPU seconds of the process, its Tesseract children and, for
ours, the local Prefect server, ÷ wall seconds ÷ cores) and peak RSS of each side, the ratio
(bar: ours ≥ 0.85 × raw), and the peak RSS of ours after its first ``--small`` pages vs after
all pages (bar: within 20 %).
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

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from samples.generate import generate_case  # noqa: E402


def page_count(path: Path) -> int:
    """Pages of a file without rendering them (0 for a file that cannot be opened)."""
    import pypdfium2 as pdfium
    from PIL import Image

    try:
        if path.read_bytes()[:4] == b"%PDF":
            doc = pdfium.PdfDocument(str(path))
            try:
                return len(doc)
            finally:
                doc.close()
        with Image.open(path) as img:
            return getattr(img, "n_frames", 1)
    except (OSError, ValueError, pdfium.PdfiumError):
        return 0


def build(root: Path, pages: int) -> list[tuple[Path, int]]:
    """Files (with their page counts) of about ``pages`` pages: 2 % corrupt, 2 % duplicated."""
    files: list[tuple[Path, int]] = []
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
            files.append((target, page_count(target)))
            count += files[-1][1]
        if index % 50 == 0:
            bad = box / f"{folder.name}-rusak.pdf"
            bad.write_bytes(b"%PDF-1.4 truncated")
            last, n = files[-1]
            dup = box / f"{folder.name}-salinan-{last.name}"
            shutil.copy(last, dup)
            files += [(bad, 0), (dup, n)]
        shutil.rmtree(folder)
    return files


def chunks(files: list[tuple[Path, int]], size: int) -> list[tuple[list[Path], int]]:
    """Consecutive groups of whole files of about ``size`` pages each."""
    out: list[tuple[list[Path], int]] = []
    group: list[Path] = []
    n = 0
    for path, pages in files:
        group.append(path)
        n += pages
        if n >= size:
            out.append((group, n))
            group, n = [], 0
    if group:
        out.append((group, n))
    return out


def tree_cpu(proc: psutil.Process) -> float:
    """CPU seconds of a process, its finished children and its live descendants."""
    t = proc.cpu_times()
    total = t.user + t.system + t.children_user + t.children_system
    for child in proc.children(recursive=True):
        try:
            c = child.cpu_times()
            total += c.user + c.system
        except psutil.NoSuchProcess:
            continue
    return total


def peak_rss_mb(proc: psutil.Process) -> float:
    """The process's peak resident set (``VmHWM``) in MB."""
    status = Path(f"/proc/{proc.pid}/status").read_text()
    line = next(ln for ln in status.splitlines() if ln.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


class Side:
    """One long-lived bench process (``ours`` or ``raw``) fed chunk by chunk over a pipe."""

    def __init__(self, kind: str, workers: int, data: Path) -> None:
        env = {**os.environ, "INTAKE_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1"}
        self.kind = kind
        self.popen = subprocess.Popen(
            [sys.executable, __file__, "--serve", kind, "--workers", str(workers)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env)
        self.proc = psutil.Process(self.popen.pid)
        self.seconds = self.cpu = 0.0
        self.pages = 0
        self._call(None)  # wait until imported and ready

    def _call(self, files: list[Path] | None) -> dict:
        assert self.popen.stdin is not None and self.popen.stdout is not None
        self.popen.stdin.write(json.dumps(files and [str(f) for f in files]) + "\n")
        self.popen.stdin.flush()
        line = self.popen.stdout.readline()
        if not line:
            raise RuntimeError(f"bench process '{self.kind}' ended early")
        return json.loads(line)

    def run(self, files: list[Path], pages: int) -> None:
        """Process one chunk, adding its wall and CPU seconds."""
        cpu = tree_cpu(self.proc)
        t = time.perf_counter()
        self._call(files)
        self.seconds += time.perf_counter() - t
        self.cpu += tree_cpu(self.proc) - cpu
        self.pages += pages

    def close(self) -> None:
        """End the process."""
        assert self.popen.stdin is not None
        self.popen.stdin.close()
        self.popen.wait(timeout=120)


def _serve(kind: str, workers: int) -> None:
    """The body of a bench process: read a JSON list of files per line, answer when done."""
    handle = _serve_ours(workers) if kind == "ours" else _serve_raw(workers)
    for line in sys.stdin:
        files = json.loads(line)
        result = handle([Path(f) for f in files]) if files else {}
        print(json.dumps(result), flush=True)


def _serve_ours(workers: int):
    from flows.prefect_setup import configure

    configure()
    from prefect.task_runners import ThreadPoolTaskRunner

    from flows.archive import digitise_archive

    flow_fn = digitise_archive.with_options(task_runner=ThreadPoolTaskRunner(workers))

    def handle(files: list[Path]) -> dict:
        summary = flow_fn(sources=files, workers=workers)
        return {"done": summary.pages_done, "failed": summary.pages_failed}

    return handle


def _serve_raw(workers: int):
    from concurrent.futures import Future, ThreadPoolExecutor

    from core.models import Page
    from extractors.load import iter_pages
    from extractors.tesseract import ocr

    pool = ThreadPoolExecutor(workers)

    def handle(files: list[Path]) -> dict:
        in_flight: list[Future] = []
        n = 0
        for f in files:
            for page in iter_pages(f):
                if isinstance(page, Page):
                    in_flight.append(pool.submit(ocr, page.image, psm=3))
                    n += 1
                while len(in_flight) >= 2 * workers:  # pages streamed, a few in memory
                    in_flight.pop(0).result()
        for fut in in_flight:
            fut.result()
        return {"done": n}

    return handle


def main() -> None:
    """Build, run both sides chunk by chunk, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument("--serve", choices=["ours", "raw"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve, args.workers)
        return
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        files = build(root, args.pages)
        n_pages = sum(n for _, n in files)
        print(f"archive: {len(files)} files, {n_pages} pages (built in "
              f"{time.perf_counter() - t:.0f} s); workers: {args.workers}; cores: {cores}",
              flush=True)
        ours, raw = Side("ours", args.workers, root / "data"), Side("raw", args.workers, root)
        rss_small = 0.0
        for i, (group, pages) in enumerate(chunks(files, args.chunk)):
            for side in (raw, ours) if i % 2 == 0 else (ours, raw):
                side.run(group, pages)
            if not rss_small and ours.pages >= args.small:
                rss_small = peak_rss_mb(ours.proc)
            print(f"  chunk {i + 1}: {ours.pages} pages; ours {ours.pages / ours.seconds:.2f} "
                  f"pages/s, raw {raw.pages / raw.seconds:.2f} pages/s", flush=True)
        rss = {s.kind: peak_rss_mb(s.proc) for s in (ours, raw)}
        ours.close()
        raw.close()
    print(f"\n{'run':<30} {'seconds':>8} {'pages/s':>8} {'CPU use':>8} {'peak RSS MB':>12}")
    for label, side in (("intake archive (ours)", ours), ("raw tesseract, same pages", raw)):
        print(f"{label:<30} {side.seconds:>8.0f} {side.pages / side.seconds:>8.2f} "
              f"{side.cpu / side.seconds / cores:>8.0%} {rss[side.kind]:>12.0f}")
    ratio = (ours.pages / ours.seconds) / (raw.pages / raw.seconds)
    print(f"\nthroughput ours/raw: {ratio:.2f} (bar ≥ 0.85)")
    print(f"peak RSS of ours after {args.small} pages: {rss_small:.0f} MB, after {ours.pages} "
          f"pages: {rss['ours']:.0f} MB, ratio {rss['ours'] / rss_small:.2f} (bar ≤ 1.20)")


if __name__ == "__main__":
    main()
