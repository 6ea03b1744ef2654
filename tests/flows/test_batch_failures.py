"""One file's failure is one recorded error, the rest is read: ``intake scan`` (exit 1, the case
holds the good files), ``intake extract``, and the archive's file plan (an unreadable file, a
folder given as a file). As root every file is readable: ``/proc/self/mem`` answers a read with
an I/O error, a real unreadable file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.settings import get_settings
from flows.cli import app
from records.archive import plan_file
from records.store import Store

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"
runner = CliRunner()


@pytest.fixture
def own_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder (and store) of this test alone: no case of another test is found."""
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("INTAKE_DB_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "data"
    monkeypatch.undo()
    get_settings.cache_clear()


def test_scan_reads_the_good_file_and_exits_1(tmp_path: Path, own_data: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    good = SPECIMENS / "case_007" / "ktp.jpg"
    out = runner.invoke(app, ["scan", "--json", str(good), str(tmp_path / "hilang.jpg"),
                              str(folder)])
    assert out.exit_code == 1, out.output
    payload = json.loads(out.output)
    errors = {e["code"]: e["message"] for e in payload["errors"]}
    assert errors == {"file.not_found": "hilang.jpg: berkas tidak ditemukan.",
                      "file.is_directory": "map: ini folder, bukan berkas (berikan berkasnya, "
                                           "atau gunakan intake archive untuk satu folder)."}
    assert [d["doc_type"] for d in payload["documents"]] == ["ktp"]
    case = Store().get_case(payload["case_id"])
    assert [f.filename for f in case.files] == ["ktp.jpg"] and len(case.errors) == 2
    plain = runner.invoke(app, ["scan", str(SPECIMENS / "case_001" / "ktp.jpg")])  # exit 0
    assert plain.exit_code == 0, plain.output


def test_extract_reads_the_other_files(tmp_path: Path) -> None:
    good = SPECIMENS / "case_007" / "ktp.jpg"
    out = runner.invoke(app, ["extract", "--json", str(tmp_path), str(good)])
    [folder, read] = json.loads(out.output)
    assert folder["errors"][0]["code"] == "file.is_directory"
    assert read["documents"][0]["doc_type"] == "ktp"


def test_archive_plan_records_an_unreadable_file(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'a.db'}", data_dir=tmp_path / "data")
    try:
        plan = plan_file(store, Path("/proc/self/mem"), "v1")
        assert plan.error is not None and plan.error.code == "file.unreadable"
        assert "mem: berkas tidak bisa dibaca" in plan.error.message
    finally:
        store.close()


def test_extract_refuses_a_bomb_and_reads_the_rest(tmp_path: Path) -> None:
    from tests.extractors.test_pixel_budget import png_bomb

    bomb = png_bomb(tmp_path / "bom.png")
    good = SPECIMENS / "case_007" / "ktp.jpg"
    out = runner.invoke(app, ["extract", "--json", str(bomb), str(good)])
    [refused, read] = json.loads(out.output)
    assert [e["code"] for e in refused["errors"]] == ["image.too_large"]
    assert "bom.png: gambar 1,600,000,000 piksel terlalu besar" in refused["errors"][0]["message"]
    assert read["documents"][0]["doc_type"] == "ktp"
