"""The scanner hot folder on committed specimens, real OCR and a real store: files written
slowly, duplicated, corrupt, and dropped while the watcher was down or killed (0 lost, 0 read
twice)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from core.models import Document, FileError
from flows.prefect_setup import configure
from flows.watch import REASON_SUFFIX, Watcher, file_sha256, intake_reader
from records.hotfolder import Ledger
from records.store import Store
from tests.office.conftest import SPECIMENS

configure()
OFFICE = "63.11"


class CountingReader:
    """The real intake reader, counting how often each content was read (and its size then)."""

    def __init__(self) -> None:
        self.inner = intake_reader(OFFICE)
        self.calls: Counter[str] = Counter()
        self.sizes: list[int] = []

    def __call__(self, path: Path) -> tuple[list[Document], list[FileError]]:
        self.calls[file_sha256(path)] += 1
        self.sizes.append(path.stat().st_size)
        return self.inner(path)


def _drop(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


def _watcher(root: Path, store: Store, reader: CountingReader, **kw: float) -> Watcher:
    return Watcher(root, store, office=OFFICE, reader=reader, settle=kw.get("settle", 0.2),
                   window=kw.get("window", 30.0))


def _cases(store: Store) -> list[list[str]]:
    """Each case's file names, sorted."""
    return sorted(sorted(f.filename for f in store.get_case(c.id).files)
                  for c in store.list_cases(status=None))


def test_file_written_slowly_is_read_once_when_complete(sqlite_store: Store,
                                                        tmp_path: Path) -> None:
    root, reader = tmp_path / "scan", CountingReader()
    root.mkdir()
    data = (SPECIMENS / "case_003" / "ktp.jpg").read_bytes()
    target = root / "ktp.jpg"

    def write_slowly() -> None:
        with target.open("wb") as fh:
            for i in range(0, len(data), len(data) // 6 + 1):
                fh.write(data[i:i + len(data) // 6 + 1])
                fh.flush()
                time.sleep(0.25)

    w = _watcher(root, sqlite_store, reader, settle=0.6)
    writer = threading.Thread(target=write_slowly)
    writer.start()
    while writer.is_alive():
        w.poll()
        time.sleep(0.05)
    w.drain(interval=0.1)
    assert reader.sizes == [len(data)]  # read once, and only when whole
    assert _cases(sqlite_store) == [["ktp.jpg"]]
    assert (root / "selesai" / "ktp.jpg").read_bytes() == data and not target.exists()


def test_groups_duplicates_and_failures(store: Store, tmp_path: Path) -> None:
    root, reader = tmp_path / "scan", CountingReader()
    c3, c6 = SPECIMENS / "case_003", SPECIMENS / "case_006"
    _drop(c3 / "ktp.jpg", root / "meja1" / "ktp.jpg")
    _drop(c3 / "npwp.jpg", root / "meja1" / "npwp.jpg")
    _drop(c6 / "ktp.jpg", root / "meja2" / "scan0001.jpg")
    _drop(c6 / "npwp.jpg", root / "meja2" / "scan0002.jpg")
    _drop(c6 / "ktp.jpg", root / "meja2" / "scan0003.jpg")  # the same content again
    _drop(c3 / "permit.pdf", root / "permit.pdf")  # another folder, the same NIK
    (root / "meja2" / "rusak.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    (root / "meja1" / "scan.jpg.part").write_bytes(b"still being written")
    tally = _watcher(root, store, reader).drain(interval=0.1)

    assert (tally.read, tally.duplicates, tally.failed, tally.cases) == (5, 1, 1, 2)
    assert max(reader.calls.values()) == 1 and len(reader.calls) == 6
    assert _cases(store) == [["ktp.jpg", "npwp.jpg", "permit.pdf"],
                                              ["scan0001.jpg", "scan0002.jpg"]]
    reason = (root / "gagal" / "meja2" / f"rusak.pdf{REASON_SUFFIX}").read_text()
    assert "rusak.pdf" in reason and len(reason.splitlines()) >= 2
    assert (root / "meja1" / "scan.jpg.part").exists()  # a temporary file is left alone
    assert sorted(p.name for p in (root / "selesai" / "meja2").iterdir()) == [
        "scan0001.jpg", "scan0002.jpg", "scan0003.jpg"]
    assert [e.copies for e in Ledger(store).entries() if e.path == "meja2/scan0001.jpg"] == [1]

    # after a restart: the failed file put back is not retried, a known content not re-read
    shutil.copyfile(root / "gagal" / "meja2" / "rusak.pdf", root / "meja2" / "rusak.pdf")
    _drop(c3 / "ktp.jpg", root / "meja1" / "lagi.jpg")
    again = _watcher(root, store, reader).drain(interval=0.1)
    assert (again.read, again.duplicates, again.cases) == (0, 1, 0)
    assert max(reader.calls.values()) == 1 and len(store.list_cases(status=None)) == 2
    assert (root / "gagal" / "meja2" / "rusak-2.pdf").exists()

    # asked to: the failed files are put back and read again (and fail again, with a reason)
    retry = _watcher(root, store, reader)
    assert retry.retry_failed() == 2 and not list((root / "gagal").rglob(f"*{REASON_SUFFIX}"))
    assert retry.drain(interval=0.1).failed == 1  # the two copies: one content, read once more
    assert max(reader.calls.values()) == 2 and len(list((root / "gagal").rglob("*.pdf"))) == 2


def test_a_restart_loses_and_repeats_nothing(sqlite_store: Store, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    store, root, reader = sqlite_store, tmp_path / "scan", CountingReader()
    c3, c6 = SPECIMENS / "case_003", SPECIMENS / "case_006"
    _drop(c3 / "ktp.jpg", root / "ktp.jpg")
    _drop(c3 / "npwp.jpg", root / "npwp.jpg")
    first = _watcher(root, store, reader)
    while first.tally.read < 2:
        first.poll()
        time.sleep(0.05)
    del first  # stopped with its group open: read, not yet a case
    assert store.list_cases(status=None) == []
    _drop(c3 / "permit.pdf", root / "permit.pdf")  # dropped while the watcher was down

    # killed after a file was entered in the ledger, before it was moved
    calls = {"n": 0}
    real_move = Watcher._move

    def crash_once(self: Watcher, path: Path, rel: Path, to: str) -> Path:
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyboardInterrupt
        return real_move(self, path, rel, to)

    monkeypatch.setattr(Watcher, "_move", crash_once)
    second = _watcher(root, store, reader)
    with pytest.raises(KeyboardInterrupt):
        while True:
            second.poll()
            time.sleep(0.05)
    assert (root / "permit.pdf").exists()

    # killed after the case was stored, before the ledger knew
    real_mark = Ledger.mark_stored

    def crash_mark(self: Ledger, group_id: str, case_id: str) -> None:
        monkeypatch.setattr(Ledger, "mark_stored", real_mark)
        raise KeyboardInterrupt

    monkeypatch.setattr(Ledger, "mark_stored", crash_mark)
    with pytest.raises(KeyboardInterrupt):
        _watcher(root, store, reader).drain(interval=0.1)
    assert len(store.list_cases(status=None)) == 1

    _drop(c6 / "ktp.jpg", root / "meja2" / "ktp.jpg")
    _watcher(root, store, reader, window=0.0).drain(interval=0.1)
    assert _cases(store) == [["ktp.jpg"], ["ktp.jpg", "npwp.jpg", "permit.pdf"]]
    assert max(reader.calls.values()) == 1 and len(reader.calls) == 4
    assert {e.status for e in Ledger(store).entries()} == {"stored"}
    assert sorted(p.name for p in root.iterdir()) == ["meja2", "selesai"]


def test_killed_command_then_once(sqlite_store: Store, tmp_path: Path) -> None:
    """``intake watch`` killed (SIGKILL) while files arrive; ``--once`` afterwards finishes."""
    root = tmp_path / "scan"
    root.mkdir()
    env = {**os.environ, "INTAKE_DB_URL": sqlite_store.url,
           "INTAKE_DATA_DIR": str(sqlite_store.data_dir), "OMP_THREAD_LIMIT": "1"}
    cmd = [sys.executable, "-m", "flows.cli", "watch", str(root), "--settle", "0.3",
           "--window", "60", "--interval", "0.2"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        c3 = SPECIMENS / "case_003"
        _drop(c3 / "ktp.jpg", root / "ktp.jpg")
        deadline = time.time() + 60
        while not (root / "selesai" / "ktp.jpg").exists() and time.time() < deadline:
            time.sleep(0.1)
        _drop(c3 / "npwp.jpg", root / "npwp.jpg")
        time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=20)
    assert (root / "selesai" / "ktp.jpg").exists()
    _drop(c3 / "permit.pdf", root / "permit.pdf")
    done = subprocess.run([*cmd[:5], "--once", "--settle", "0.3"], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    assert "Traceback" not in done.stderr
    assert _cases(sqlite_store) == [["ktp.jpg", "npwp.jpg", "permit.pdf"]]
    assert len(Ledger(sqlite_store).entries("stored")) == 3
    assert sorted(p.name for p in (root / "selesai").iterdir()) == [
        "ktp.jpg", "npwp.jpg", "permit.pdf"]


def test_the_desk_watches_the_folder_of_its_setting(sqlite_store: Store, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from core.settings import get_settings
    from flows.watch import watch_from_settings

    root = tmp_path / "scan"
    for name, value in (("WATCH_DIR", str(root)), ("WATCH_WINDOW", "0"), ("WATCH_SETTLE", "0.2"),
                        ("DB_URL", sqlite_store.url), ("DATA_DIR", str(sqlite_store.data_dir))):
        monkeypatch.setenv(f"INTAKE_{name}", value)
    get_settings.cache_clear()
    try:
        stop = watch_from_settings()
        assert stop is not None and root.is_dir()
        _drop(SPECIMENS / "case_003" / "ktp.jpg", root / "ktp.jpg")
        deadline = time.time() + 60
        while not sqlite_store.list_cases() and time.time() < deadline:
            time.sleep(0.2)
        stop.set()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert _cases(sqlite_store) == [["ktp.jpg"]]
    assert watch_from_settings() is None  # not set: no thread


def test_a_later_file_of_the_same_nik_joins_its_case(sqlite_store: Store,
                                                     tmp_path: Path) -> None:
    root, reader = tmp_path / "scan", CountingReader()
    c6 = SPECIMENS / "case_006"
    _drop(c6 / "ktp.jpg", root / "meja1" / "ktp.jpg")
    assert _watcher(root, sqlite_store, reader, window=0.0).drain(interval=0.1).cases == 1
    _drop(c6 / "npwp.jpg", root / "meja2" / "npwp.jpg")  # forgotten, scanned later elsewhere
    later = _watcher(root, sqlite_store, reader, window=0.0).drain(interval=0.1)
    assert (later.cases, later.added) == (0, 1)
    assert _cases(sqlite_store) == [["ktp.jpg", "npwp.jpg"]]
    case = sqlite_store.get_case(sqlite_store.list_cases()[0].id)
    assert case.record.get("npwp") and case.audit[-1].action == "files_added"


def test_another_nik_within_the_window_starts_another_case(sqlite_store: Store,
                                                           tmp_path: Path) -> None:
    root, reader = tmp_path / "scan", CountingReader()
    _drop(SPECIMENS / "case_003" / "npwp.jpg", root / "scan0001.jpg")
    _drop(SPECIMENS / "case_006" / "ktp.jpg", root / "scan0002.jpg")  # the next applicant
    _drop(SPECIMENS / "case_006" / "permit.pdf", root / "scan0003.pdf")
    assert _watcher(root, sqlite_store, reader).drain(interval=0.1).cases == 2
    assert _cases(sqlite_store) == [["scan0001.jpg"],
                                                     ["scan0002.jpg", "scan0003.pdf"]]
