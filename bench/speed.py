"""Speed: our extractor and the walk-in flow against raw Tesseract on the same images, same run.

Usage: ``.venv/bin/python bench/speed.py [--cases 6] [--seed 8888]``

- per KTP image: ``extract_file`` (locate, classify, read every field) vs raw Tesseract on the
  whole image (``ind``, psm 3), median seconds and their ratio (bar: ≤ 1.5), and how many
  times our extractor ran Tesseract per image;
- a three-document walk-in case end to end in a warm process, in-process (``run_case``, what
  ``intake scan`` does without a Prefect server; bar: ≤ 0.7) and through the ``intake_case``
  flow, vs the sum of raw whole-image Tesseract times of its files, with a breakdown per stage
  and Prefect's own overhead per case;
- the cold start: ``intake scan`` of a three-file case in a fresh process vs plain
  ``tesseract`` on the same files (bar: ≤ 1.5), with and without Prefect's temporary server;
- Tesseract runs per document file (KTP, NPWP, permit), and of them the re-reads;
- peak memory.
"""

from __future__ import annotations

import argparse
import atexit
import resource
import shutil
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
    ours = [_wall_cpu(extract_file, p) for p in ktps]
    runs, tesseract._run = calls[0], real  # type: ignore[assignment]
    raw = [_raw_wall_cpu(p) for p in ktps]
    med = statistics.median
    ratio = med(o[0] for o in ours) / med(r[0] for r in raw), \
        med(o[1] for o in ours) / med(r[1] for r in raw)
    print(f"KTP images: {len(ktps)}; wall s / CPU s (user + sys, Tesseract included), median")
    print(f"  ours (extract_file)         {med(o[0] for o in ours):5.2f} / "
          f"{med(o[1] for o in ours):5.2f}")
    print(f"  raw tesseract, whole image  {med(r[0] for r in raw):5.2f} / "
          f"{med(r[1] for r in raw):5.2f}")
    print(f"  ratio ours/raw (median)     wall {ratio[0]:.2f}, CPU {ratio[1]:.2f}   (bar ≤ 1.5)")
    print(f"  Tesseract runs per KTP image (ours): {runs / len(ktps):.2f}")


def bench_runs(folders: list[Path]) -> None:
    """Tesseract runs per file of each kind (``extract_file``), and the re-reads among them
    (single lines, ``--psm 7``)."""
    per: dict[str, list[tuple[int, int]]] = {}
    for folder in folders:
        for path in case_files(folder):
            configs: list[str] = []
            real = tesseract._run

            def run(*args: Any, seen: list[str] = configs, real: Any = real) -> dict[str, list]:
                seen.append(args[2])
                return real(*args)

            tesseract._run = run  # type: ignore[assignment]
            try:
                extract_file(path)
            finally:
                tesseract._run = real  # type: ignore[assignment]
            per.setdefault(path.stem, []).append(
                (len(configs), sum("--psm 7" in c for c in configs)))
    print("\nTesseract runs per file (extract_file), mean over the cases (of them line re-reads):")
    for kind, got in sorted(per.items()):
        print(f"  {kind:<8} {statistics.mean(g[0] for g in got):5.2f}"
              f"  ({statistics.mean(g[1] for g in got):.2f})")


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


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the Tesseract runs; not the
    temporary Prefect server, which runs on)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _wall_cpu(fn: Callable[..., Any], *args: Any) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    cpu = _cpu()
    wall, _ = _timed(fn, *args)
    return wall, _cpu() - cpu


def _raw_wall_cpu(path: Path) -> tuple[float, float]:
    """Raw Tesseract's wall seconds on ``path`` (its OCR calls) and CPU seconds (with the
    loading of its pages, a few ms)."""
    cpu = _cpu()
    wall = raw_seconds(path)
    return wall, _cpu() - cpu


def _fresh_store() -> None:
    """An empty store for the next run: a store that holds the files answers their case
    without reading them, which would time nothing."""
    import os

    from core.settings import get_settings

    folder = tempfile.mkdtemp(prefix="speed-store-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["INTAKE_DATA_DIR"] = folder
    get_settings.cache_clear()


def _both(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, float]:
    """Wall and CPU seconds of one call (CPU holds when other work shares the cores), on an
    empty store."""
    _fresh_store()
    cpu = _cpu()
    wall, _ = _timed(fn, *args, **kwargs)
    return wall, _cpu() - cpu


def _step_times(files: list[Path]) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds of each step of ``run_case`` on ``files`` (an empty store), and
    ``other``: the rest of the case (the store's lookup of known files, orchestration)."""
    from flows.walkin import PLAIN, Steps, run_case

    spent: dict[str, tuple[float, float]] = {}

    def timed(name: str, fn: Callable[..., T]) -> Callable[..., T]:
        def step(*args: Any, **kwargs: Any) -> T:
            cpu = _cpu()
            wall, out = _timed(fn, *args, **kwargs)
            spent[name] = (wall, _cpu() - cpu)
            return out
        return step

    steps = Steps(**{name: timed(name, getattr(PLAIN, name))
                     for name in ("load", "extract", "assemble", "store")})
    total = _both(run_case, files, steps)
    spent["other"] = (total[0] - sum(v[0] for v in spent.values()),
                      total[1] - sum(v[1] for v in spent.values()))
    return spent


def bench_walk_in(folders: list[Path]) -> None:
    """A three-document case in a warm process, in-process and through the flow, vs raw."""
    from flows.intake import intake_case
    from flows.walkin import run_case

    cases = [f for f in folders if (f / "ktp.jpg").exists()]
    intake_case(paths=case_files(cases[0]))  # warm-up: the temporary Prefect server
    _fresh_store()
    run_case(case_files(cases[0]))
    flow, plain, raw, overhead = [], [], [], []
    for folder in cases[1:]:
        files = case_files(folder)
        raw.append(_both(lambda fs=files: sum(raw_seconds(f) for f in fs)))
        plain.append(_both(run_case, files))
        flow.append(_both(intake_case, paths=files))
        _fresh_store()
        t = stages(files)
        overhead.append(flow[-1][0] - sum(t.values()))
    med = statistics.median
    raw_wall, raw_cpu = med(r[0] for r in raw), med(r[1] for r in raw)
    print(f"\nWalk-in cases (KTP + NPWP + permit files): {len(flow)}; wall s / CPU s, median")
    for label, runs in (("in-process steps (run_case)", plain),
                        ("intake_case flow (Prefect)", flow)):
        wall, cpu = med(r[0] for r in runs), med(r[1] for r in runs)
        print(f"  {label:<28} {wall:6.2f} / {cpu:5.2f}   ratio to raw: wall "
              f"{wall / raw_wall:.2f}, CPU {cpu / raw_cpu:.2f}   (bar ≤ 0.7)")
    print(f"  {'raw tesseract, sum of files':<28} {raw_wall:6.2f} / {raw_cpu:5.2f}")
    print("  stages, last case (outside Prefect): "
          + ", ".join(f"{k} {v:.2f} s" for k, v in t.items()))
    print(f"  Prefect overhead per case (flow − stages, wall), median: {med(overhead):.2f} s")
    steps = [_step_times(case_files(folder)) for folder in cases[1:]]
    print("  run_case steps, wall s / CPU s, median over the cases: " + ", ".join(
        f"{k} {med(s[k][0] for s in steps):.2f} / {med(s[k][1] for s in steps):.2f}"
        for k in steps[0]))
    print("  the case's own overhead (assemble + store + other), CPU median: "
          f"{med(sum(s[k][1] for k in ('assemble', 'store', 'other')) for s in steps):.3f} s"
          "   (bar < 0.1 s)")


def _children_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and its children) of one command."""
    cpu = _children_cpu()
    wall = _timed(subprocess.run, cmd, capture_output=True, check=True, env=env)[0]
    return wall, _children_cpu() - cpu


def _add(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(r[0] for r in runs), sum(r[1] for r in runs)


def _copies(files: list[Path], folder: Path) -> list[str]:
    """Copies of ``files`` with a few random bytes after their end: new content for the store
    (which answers files it holds without reading them), the same pixels for the readers."""
    import os

    folder.mkdir(parents=True)
    out = []
    for f in files:
        target = folder / f.name
        target.write_bytes(f.read_bytes() + os.urandom(16))
        out.append(str(target))
    return out


def bench_cold_start(folders: list[Path], runs: int = 3, with_prefect: bool = True) -> None:
    """``intake scan`` of a three-file case in a fresh process vs plain ``tesseract`` on them.

    Plain Tesseract: the ``tesseract`` command on each file (``-l ind --psm 3``), one process
    per file, as someone would run it by hand. Ours: with no Prefect server (the default, the
    steps in-process) and with ``INTAKE_PREFECT=always`` (Prefect's temporary server). Each run
    gets new copies of the files (new content, the same pixels), so every scan really reads;
    one warm-up run each first (it creates the store and Prefect's database); then the
    commands in turn, so both see the same machine load.
    """
    import os

    exe = str(Path(sys.executable).with_name("intake"))
    originals = case_files(folders[0])
    with tempfile.TemporaryDirectory() as data:
        base = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env = {**base, "INTAKE_DATA_DIR": data, "OMP_THREAD_LIMIT": "1"}
        always = {**env, "INTAKE_PREFECT": "always"}
        n = iter(range(10_000))

        def scan(environ: dict[str, str]) -> tuple[float, float]:
            files = _copies(originals, Path(data) / f"in-{next(n)}")
            return _run([exe, "scan", *files], environ)

        def plain() -> tuple[float, float]:
            files = _copies(originals, Path(data) / f"in-{next(n)}")
            return _add([_run(["tesseract", f, "-", "-l", "ind", "--psm", "3"], env)
                         for f in files])

        scan(env)
        if with_prefect:
            scan(always)
        ours, prefect, raw = [], [], []
        for _ in range(runs):
            raw.append(plain())
            ours.append(scan(env))
            if with_prefect:
                prefect.append(scan(always))
    med = statistics.median
    raw_wall, raw_cpu = med(r[0] for r in raw), med(r[1] for r in raw)
    print(f"\nCold start: `intake scan` of one three-file case in a fresh process ({runs} runs, "
          "store at head); wall s / CPU s (user + sys), median")
    print(f"  plain tesseract on its files        {raw_wall:6.2f} / {raw_cpu:5.2f}")
    rows = [("intake scan (no Prefect server)", ours, "(bar ≤ 1.5)")]
    if with_prefect:
        rows.append(("intake scan, INTAKE_PREFECT=always", prefect, "(Prefect's server)"))
    for label, got, note in rows:
        wall, cpu = med(r[0] for r in got), med(r[1] for r in got)
        pairs = [o[0] / r[0] for o, r in zip(got, raw, strict=True)]
        print(f"  {label:<35} {wall:6.2f} / {cpu:5.2f}   ratio wall {wall / raw_wall:.2f} "
              f"(pairs {min(pairs):.2f}–{max(pairs):.2f}), CPU {cpu / raw_cpu:.2f}   {note}")


def main() -> None:
    """Generate a fresh set and run the three benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=6)
    parser.add_argument("--seed", type=int, default=8888)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--no-prefect", action="store_true",
                        help="skip the runs through Prefect's temporary server (slow to start)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folders = generate(Path(tmp), args.cases, args.seed)
        bench_ktp(folders)
        bench_runs(folders)
        bench_walk_in(folders)
        bench_cold_start(folders, args.cold_runs, with_prefect=not args.no_prefect)
    print(f"\npeak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
