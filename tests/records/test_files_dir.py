"""One folder of scans for every machine (``INTAKE_FILES_DIR``), and no half-configured machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import get_settings
from records import files
from records.store import Store, StoreError
from tests.records.conftest import BACKENDS, PG_URL, _reset_pg

SCAN = Path(__file__).resolve().parents[2] / "samples" / "specimens" / "case_001" / "ktp.jpg"


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh store URL on each backend; settings re-read, folder checks forgotten."""
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(files, "_checked", set())
    get_settings.cache_clear()
    if request.param == "postgresql":
        assert PG_URL
        _reset_pg(PG_URL)
        yield PG_URL
    else:
        yield f"sqlite:///{tmp_path / 'intake.db'}"
    get_settings.cache_clear()


def _use(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(files, "_checked", set())
    get_settings.cache_clear()


def test_scans_go_to_the_shared_folder_and_another_machine_reads_them(
        url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "share"
    _use(monkeypatch, INTAKE_FILES_DIR=str(shared))
    worker = Store(url, data_dir=tmp_path / "worker")
    stored = worker.add_file(SCAN)
    worker.close()
    assert stored.stored_path == f"{stored.sha256[:2]}/{stored.sha256}"
    assert (shared / stored.stored_path).read_bytes() == SCAN.read_bytes()
    assert (shared / stored.stored_path).stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "worker" / "files").exists()

    desk = Store(url, data_dir=tmp_path / "desk")  # another machine: same store, same share
    assert desk.file_path(stored).read_bytes() == SCAN.read_bytes()
    desk.close()


def test_a_machine_with_another_folder_stops(url: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, INTAKE_FILES_DIR=str(tmp_path / "share"))
    Store(url, data_dir=tmp_path / "a").close()

    _use(monkeypatch, INTAKE_FILES_DIR=str(tmp_path / "not-mounted"))
    with pytest.raises(StoreError) as empty:
        Store(url, data_dir=tmp_path / "b")
    assert empty.value.code == "store.files_dir_empty"
    assert "INTAKE_FILES_DIR" in str(empty.value)

    other = tmp_path / "other-share"
    other.mkdir()
    (other / files.MARKER).write_text("0123456789abcdef\n")
    _use(monkeypatch, INTAKE_FILES_DIR=str(other))
    with pytest.raises(StoreError) as wrong:
        Store(url, data_dir=tmp_path / "c")
    assert wrong.value.code == "store.files_dir_other"


def test_an_unwritable_folder_is_refused(url: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    _use(monkeypatch, INTAKE_FILES_DIR=str(blocked / "files"))
    with pytest.raises(StoreError) as e:
        Store(url, data_dir=tmp_path / "a")
    assert e.value.code == "store.files_dir_unwritable"


def test_a_worker_with_a_server_but_a_local_store_refuses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, PREFECT_API_URL="http://127.0.0.1:4200/api",
         INTAKE_DATA_DIR=str(tmp_path / "data"))
    monkeypatch.delenv("INTAKE_DB_URL", raising=False)
    get_settings.cache_clear()
    with pytest.raises(StoreError) as e:
        Store()
    assert e.value.code == "store.half_configured"
    assert "INTAKE_DB_URL" in str(e.value)

    _use(monkeypatch, INTAKE_ALLOW_LOCAL_STORE="1")
    Store().close()
    get_settings.cache_clear()


def test_a_shared_store_without_a_shared_folder_refuses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # refused before any connection is made: the URL need not answer
    _use(monkeypatch, PREFECT_API_URL="http://127.0.0.1:4200/api",
         INTAKE_DB_URL="postgresql+psycopg://intake@127.0.0.1:5432/intake",
         INTAKE_DATA_DIR=str(tmp_path / "data"))
    monkeypatch.delenv("INTAKE_FILES_DIR", raising=False)
    get_settings.cache_clear()
    with pytest.raises(StoreError) as e:
        Store()
    assert "INTAKE_FILES_DIR" in str(e.value)
    get_settings.cache_clear()
