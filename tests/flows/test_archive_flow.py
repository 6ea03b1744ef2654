"""``digitise_archive``: killed and restarted, every page once; Dask gives the same records."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import get_settings
from records.store import Store

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"
CARDS = ("case_007", "case_010", "case_013", "case_009")


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Two folders of card scans (one person's cards split over both) and a private store."""
    src = tmp_path / "arsip"
    for i, case in enumerate(CARDS):
        for name in ("ktp.jpg", "npwp.jpg"):
            folder = src / ("kotak-a" if (i + (name == "npwp.jpg")) % 2 else "kotak-b")
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(SPECIMENS / case / name, folder / f"{case}-{name}")
    (src / "kotak-b" / "rusak.pdf").write_bytes(b"%PDF-1.4 broken")
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield src
    get_settings.cache_clear()


def _ledger_rows(data: Path) -> int:
    db = data / "intake.db"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("select count(*) from pages").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _records(store: Store) -> set[tuple[str | None, str | None, int]]:
    cases = [store.get_case(c.id) for c in store.list_cases()]
    return {(c.record.get("nik"), c.record.get("nama"), len(c.documents)) for c in cases}


def test_killed_run_resumes_every_page_once(archive: Path, tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL

    data = tmp_path / "data"
    cmd = [sys.executable, "-m", "flows.cli", "archive", str(archive), "--batch-size", "1"]
    log = tmp_path / "killed-run.log"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
                            env={**os.environ, "INTAKE_DATA_DIR": str(data),
                                 # the session's test server: the killed run starts none
                                 "PREFECT_API_URL": PREFECT_API_URL.value(),
                                 "INTAKE_ALLOW_LOCAL_STORE": "1"})
    deadline = time.monotonic() + 240
    while _ledger_rows(data) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert proc.poll() is None, f"the run ended before it was killed:\n{log.read_text()[-3000:]}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = _ledger_rows(data)
    assert 2 <= done_before < 8

    from flows.archive import digitise_archive

    summary = digitise_archive(sources=[archive], batch_size=2)
    assert summary.pages_skipped == done_before
    assert summary.pages_done + summary.pages_skipped == 8
    assert [e.code for e in summary.errors] == ["file.corrupt"]
    assert _ledger_rows(data) == 8
    store = Store()
    first = _records(store)
    assert len(first) == len(CARDS) and all(n == 2 for _, _, n in first)
    assert len(summary.possible_duplicates) == len(CARDS)  # each person's cards in two folders

    again = digitise_archive(sources=[archive], batch_size=2)
    assert (again.pages_done, again.files_skipped) == (0, 8)
    assert _records(store) == first and len(store.list_cases()) == len(CARDS)
    store.close()


def test_dask_cluster_gives_the_same_records(archive: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from dask.distributed import LocalCluster
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    from flows.archive import digitise_archive

    digitise_archive.with_options(task_runner=ThreadPoolTaskRunner(max_workers=2))(
        sources=[archive], batch_size=2)
    threads = _records(Store())

    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data-dask"))
    get_settings.cache_clear()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        runner = DaskTaskRunner(address=cluster.scheduler_address)
        summary = digitise_archive.with_options(task_runner=runner)(
            sources=[archive], batch_size=2)
    assert summary.pages_done == 8
    assert not [x for x in w if "large graph" in str(x.message)]  # references, not pixels
    assert _records(Store()) == threads


def test_searchable_pdf_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber

    from flows.archive import digitise_archive

    src = tmp_path / "arsip" / "kotak-c"
    src.mkdir(parents=True)
    shutil.copy(SPECIMENS / "case_001" / "permit.tif", src / "izin.tif")
    shutil.copy(SPECIMENS / "case_010" / "ktp.jpg", src / "ktp.jpg")
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    out = tmp_path / "cari"
    summary = digitise_archive(sources=[src.parent], batch_size=2, searchable_pdf=out)
    assert sorted(Path(p).name for p in summary.searchable_pdfs) == ["izin.pdf", "ktp.pdf"]
    with pdfplumber.open(out / "kotak-c" / "izin.pdf") as pdf:
        assert len(pdf.pages) == 2
        assert "PERSETUJUAN" in pdf.pages[0].extract_text()
    get_settings.cache_clear()


def test_a_permits_pages_stay_in_one_task(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches hold whole files: a two-page permit is one document even with one page per task."""
    from flows.archive import digitise_archive

    src = tmp_path / "arsip" / "kotak-d"
    src.mkdir(parents=True)
    shutil.copy(SPECIMENS / "case_001" / "permit.tif", src / "izin.tif")
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    summary = digitise_archive(sources=[src], batch_size=1)
    assert (summary.pages_done, summary.pages_failed, summary.errors) == (2, 0, [])
    assert summary.documents == {"permit": 1}
    store = Store()
    (case,) = [store.get_case(c.id) for c in store.list_cases()]
    assert [d.pages for d in case.documents] == [[1, 2]]
    store.close()
    get_settings.cache_clear()


def test_unreadable_file_is_one_error_and_a_rerun_needs_no_prefect(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One file that cannot be read is one recorded error, the rest is read, exit code 1; a
    re-run of the finished archive checks hashes only, without asking any Prefect server."""
    from flows.archive import digitise_archive

    src = tmp_path / "arsip" / "kotak-e"
    src.mkdir(parents=True)
    shutil.copy(SPECIMENS / "case_010" / "ktp.jpg", src / "ktp.jpg")
    (src / "rusak.jpg").symlink_to("/proc/self/mem")  # exists, but reading it fails (EIO)
    data = tmp_path / "data"
    monkeypatch.setenv("INTAKE_DATA_DIR", str(data))
    get_settings.cache_clear()
    summary = digitise_archive(sources=[src.parent], batch_size=2)
    assert [(e.code, Path(e.source).name) for e in summary.errors] == [
        ("file.unreadable", "rusak.jpg")]
    assert (summary.files, summary.pages_done, len(summary.cases)) == (2, 1, 1)

    env = {**os.environ, "INTAKE_DATA_DIR": str(data), "COLUMNS": "200",
           "PREFECT_API_URL": "http://127.0.0.1:9/api",  # nothing listens there
           "INTAKE_ALLOW_LOCAL_STORE": "1"}
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "archive", str(src.parent)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr  # the unreadable file is still an error
    assert "dilewati karena sudah selesai: 1" in proc.stdout
    assert "file.unreadable" in proc.stdout and "Traceback" not in proc.stderr
    get_settings.cache_clear()
