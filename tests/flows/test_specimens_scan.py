"""``intake_case`` on every committed specimen case: the record is the truth, defects are found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.models import Severity
from flows.intake import intake_case

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"
CASES = sorted(p.name for p in SPECIMENS.iterdir() if (p / "truth.json").exists())
KEY_FIELDS = (("nik", "ktp", "nik"), ("nama", "ktp", "nama"),
              ("tanggal_lahir", "ktp", "tanggal_lahir"), ("kecamatan", "ktp", "kecamatan"),
              ("pbg_nomor", "permit", "nomor"), ("luas_lahan", "permit", "luas_tanah"),
              ("pbg_luas_bangunan", "permit", "luas_bangunan"))


@pytest.mark.parametrize("case", CASES)
def test_specimen_case(case: str) -> None:
    folder = SPECIMENS / case
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    files = sorted(p for p in folder.iterdir() if p.name != "truth.json")
    result = intake_case(paths=files)
    assert result.errors == []
    findings = [*result.findings, *(f for d in result.documents for f in d.findings)]
    codes = {f.code for f in findings}
    for defect in truth["defects"]:
        assert defect["finding"] in codes, (case, defect)
    if not truth["defects"]:
        assert [f.code for f in findings if f.severity == Severity.ERROR] == []
    for record_field, doc, field in KEY_FIELDS:
        assert result.record.get(record_field) == truth["documents"][doc]["fields"][field], \
            (case, record_field)
