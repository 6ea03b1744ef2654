"""The walk-in flow ``intake_case`` and ``intake scan``, ``show``, ``export`` on specimens."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

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
