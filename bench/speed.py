"""Speed: our extractor and the walk-in flow against raw Tesseract on the same images, same run.

Usage: ``.venv/bin/python bench/speed.py [--cases 6] [--seed 8888]``

- per KTP image: ``extract_file`` (locate, classify, read every field) vs raw Tesseract on the
  whole image (``ind``, psm 3), median seconds and their ratio (bar: ≤ 1.5), and how many
  times our extractor ran Tesseract per image;
- a three-document walk-in case end to end through the ``intake_case`` flow in a warm process
  vs the sum of raw whole-image Tesseract times of its files (bar: ≤ 1.5), with a breakdown per
  stage measured on the same files;
- the cold start of the CLI (``intake --help``) and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from flows.prefect_setup import configure  # noqa: E402

configure()

from core.models import Page  # noqa: E402
from extractors import tesseract  # noqa: E402
from extractors.load import iter_pages  # noqa: E402
from extractors.pipeline import extract_file, extract_pages  # noqa: E402
from extractors.tesseract import ocr  # noqa: E402
from records.prefill import prefill  # noqa: E402
from records.store import Store  # noqa: E402
from samples.generate import generate  # noqa: E402
from validators.rules import check_case, check_document  # noqa: E402


def _timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def raw_seconds(path: Path) -> float:
    """Raw Tesseract on the whole image of every page of ``path`` (pages loaded first)."""
    pages = [p for p in iter_pages(path) if isinstance(p, Page)]
    return sum(_timed(ocr, p.image, psm=3)[0] for p in pages)


def case_files(folder: Path) -> list[Path]:
    """The document files of a generated case."""
    return sorted(p for p in folder.iterdir() if p.name != "truth.json")


def _counting_tesseract() -> list[int]:
    """Count Tesseract runs from here on (the engine still runs): ``[n]``."""
    count = [0]
    real = tesseract._run

    def run(*args: Any) -> dict[str, list]:
        count[0] += 1
        return real(*args)

    tesseract._run = run  # type: ignore[assignment]
    return count


def bench_ktp(folders: list[Path]) -> None:
    """Per KTP image: ours vs raw, and Tesseract runs per image."""
    ktps = [f / "ktp.jpg" for f in folders if (f / "ktp.jpg").exists()]
    extract_file(ktps[0])  # warm-up: templates, gazetteer
    real, calls = tesseract._run, _counting_tesseract()
    ours = [_timed(extract_file, p)[0] for p in ktps]
    runs, tesseract._run = calls[0], real  # type: ignore[assignment]
    raw = [raw_seconds(p) for p in ktps]
    print(f"KTP images: {len(ktps)}")
    print(f"  ours (extract_file)        median {statistics.median(ours):.2f} s, "
          f"mean {statistics.mean(ours):.2f} s")
    print(f"  raw tesseract, whole image median {statistics.median(raw):.2f} s, "
          f"mean {statistics.mean(raw):.2f} s")
    print(f"  ratio ours/raw (median)    {statistics.median(ours) / statistics.median(raw):.2f}"
          "   (bar ≤ 1.5)")
    print(f"  Tesseract runs per KTP image (ours): {runs / len(ktps):.2f}")


def stages(files: list[Path], office: str = "63.11") -> dict[str, float]:
    """Seconds per stage of the walk-in work, outside Prefect."""
    t: dict[str, float] = {}
    t["load"], pages = _timed(lambda: [p for f in files for p in iter_pages(f)])
    t["locate+classify+extract"], (docs, _errors) = _timed(extract_pages, pages)
    t["validate"], _ = _timed(lambda: [check_document(d, office=office) for d in docs]
                              + [check_case(docs, office=office)])
    t["prefill"], record = _timed(prefill, docs)
    store = Store()
    t["store"], _ = _timed(lambda: store.create_case(
        files=[store.add_file(f) for f in files], documents=docs, findings=[], errors=[],
        record=record))
    store.close()
    return t


def bench_walk_in(folders: list[Path]) -> None:
    """A three-document case through the flow, warm, vs raw Tesseract on its files."""
    from flows.intake import intake_case

    cases = [f for f in folders if (f / "ktp.jpg").exists()]
    intake_case(paths=case_files(cases[0]))  # warm-up: the temporary Prefect server
    flow_times, raw_times = [], []
    for folder in cases[1:]:
        files = case_files(folder)
        flow_times.append(_timed(intake_case, paths=files)[0])
        raw_times.append(sum(raw_seconds(f) for f in files))
    print(f"\nWalk-in cases (KTP + NPWP + permit files): {len(flow_times)}")
    print(f"  intake_case flow, warm     median {statistics.median(flow_times):.2f} s")
    print(f"  raw tesseract, sum of files median {statistics.median(raw_times):.2f} s")
    print(f"  ratio flow/raw (median)    "
          f"{statistics.median(flow_times) / statistics.median(raw_times):.2f}   (bar ≤ 1.5)")
    t = stages(case_files(cases[-1]))
    print("  stages, last case (outside Prefect): "
          + ", ".join(f"{k} {v:.2f} s" for k, v in t.items()))
    print(f"  Prefect overhead, last case: {flow_times[-1] - sum(t.values()):.2f} s")


def bench_cold_start() -> None:
    """Seconds for a fresh ``intake --help`` (imports only)."""
    exe = Path(sys.executable).with_name("intake")
    seconds, _ = _timed(subprocess.run, [str(exe), "--help"], capture_output=True, check=True)
    print(f"\nCLI cold start (intake --help): {seconds:.2f} s; a first flow run in a new "
          "process adds the temporary Prefect server's start (see README).")


def main() -> None:
    """Generate a fresh set and run the three benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=6)
    parser.add_argument("--seed", type=int, default=8888)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folders = generate(Path(tmp), args.cases, args.seed)
        bench_ktp(folders)
        bench_walk_in(folders)
    bench_cold_start()
    print(f"\npeak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
