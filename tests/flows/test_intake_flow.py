"""The walk-in flow ``intake_case`` and ``intake scan``, ``show``, ``export`` on specimens."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.settings import get_settings
from flows.cli import app
from flows.intake import intake_case
from records.store import Store

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"
runner = CliRunner()


def _files(case: str) -> list[Path]:
    return sorted(p for p in (SPECIMENS / case).iterdir() if p.name != "truth.json")


def _truth(case: str) -> dict:
    return json.loads((SPECIMENS / case / "truth.json").read_text(encoding="utf-8"))


def test_clean_case_record_equals_truth() -> None:
    result = intake_case(paths=_files("case_010"))
    truth = _truth("case_010")["documents"]
    ktp, permit = truth["ktp"]["fields"], truth["permit"]["fields"]
    record = result.record
    assert record.get("nik") == ktp["nik"] and record.get("nama") == ktp["nama"]
    assert record.get("pbg_nomor") == permit["nomor"]
    assert record.get("luas_lahan") == permit["luas_tanah"]
    assert record.values["email"].origin == "empty"
    assert not [f for f in result.findings if f.severity == "error"]
    case = Store().get_case(result.case_id)
    assert case.status == "needs_review" and len(case.files) == 3
    assert {d.doc_type.value for d in case.documents} == {"ktp", "npwp", "permit"}


def test_defect_is_found_end_to_end() -> None:
    result = intake_case(paths=_files("case_014"))  # NPWP card of another person
    codes = {f.code for f in result.findings}
    assert "cross.name_mismatch" in codes
    assert result.record.values["nama"].conflict


def test_corrupt_file_among_good_ones(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 truncated")
    result = intake_case(paths=[*_files("case_003"), broken])
    assert [e.code for e in result.errors] == ["file.corrupt"]
    assert "rusak.jpg" in result.errors[0].message
    assert len(result.documents) == 3
    case = Store().get_case(result.case_id)
    assert case.errors[0].source.endswith("rusak.jpg")
    assert {f.filename for f in case.files} >= {"ktp.jpg", "npwp.jpg", "permit.pdf", "rusak.jpg"}


def test_scan_show_export_cli() -> None:
    out = runner.invoke(app, ["scan", "--json", *map(str, _files("case_006"))])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    assert {"case_id", "documents", "findings", "errors", "record"} <= set(payload)
    case_id = payload["case_id"]
    assert any(f["code"] == "nik.date_invalid"
               for d in payload["documents"] for f in d["findings"])
    shown = runner.invoke(app, ["show", case_id])
    assert shown.exit_code == 0 and case_id in shown.output
    assert "nik.date_invalid" in shown.output
    exported = runner.invoke(app, ["export", case_id, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(exported.output)))
    assert rows[0]["case_id"] == case_id
    assert list(rows[0])[:3] == ["case_id", "nik", "nama"]
    missing = runner.invoke(app, ["show", "NOPE"])
    assert missing.exit_code == 2 and "tidak ada" in missing.output


@pytest.fixture
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A store of this test only, which the flow opens too (``Store()`` from the settings)."""
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INTAKE_DB_URL", f"sqlite:///{tmp_path / 'intake.db'}")
    get_settings.cache_clear()
    store = Store()
    yield store
    store.close()
    monkeypatch.undo()
    get_settings.cache_clear()


def test_the_same_applicant_across_visits(own_store: Store) -> None:
    ktp, npwp, permit = _files("case_009")
    first = runner.invoke(app, ["scan", "--json", str(ktp), str(npwp)])
    assert first.exit_code == 0, first.output
    first_id = json.loads(first.output)["case_id"]
    again = runner.invoke(app, ["scan", str(npwp), str(ktp)])  # the same files: no second case
    assert again.exit_code == 0, again.output
    assert f"Kasus {first_id} (sudah ada), tidak dibuat kasus baru." in again.output
    assert "applicant.same_files" in again.output
    assert len(own_store.list_cases()) == 1
    visit = runner.invoke(app, ["scan", str(permit), str(ktp)])  # next week, with the permit
    second_id = own_store.list_cases()[-1].id
    assert second_id != first_id
    day = own_store.get_case(first_id).created_at.strftime("%d-%m-%Y")
    text = " ".join(visit.output.split())
    assert (f"Pemohon ini sudah punya kasus {first_id} dari {day}, status perlu diperiksa "
            "(NIK sama).") in text
    assert f"intake scan --add-to {first_id} {permit} {ktp}" in text
    added = runner.invoke(app, ["scan", "--add-to", first_id.lower(), str(permit), str(ktp)])
    assert added.exit_code == 0, added.output
    assert f"berkas dari kasus {second_id} ditambahkan ke kasus {first_id}" in " ".join(
        added.output.split())
    case = own_store.get_case(first_id)
    assert sorted(f.filename for f in case.files) == ["ktp.jpg", "npwp.jpg", "permit.pdf"]
    assert case.record.get("pbg_nomor") == _truth("case_009")["documents"]["permit"]["fields"][
        "nomor"]
    assert own_store.get_case(second_id).status == "merged"
    n_docs = len(case.documents)
    once_more = runner.invoke(app, ["scan", "--add-to", first_id, str(ktp)])  # it has that file
    assert "applicant.same_files" in once_more.output
    assert len(own_store.get_case(first_id).documents) == n_docs
    missing = runner.invoke(app, ["scan", "--add-to", "NOPE", str(ktp)])
    assert missing.exit_code == 2 and "tidak ada" in missing.output
