"""Precheck over a generated batch with known defects: every defect found, no false alarm."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from records.precheck import check_record, check_rows
from records.report import ReportWriter
from records.tabular import read_records
from samples.batch import BATCH_DEFECTS, write_batch_csv


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str | None]]:
    path = tmp_path_factory.mktemp("batch") / "records.csv"
    return path, write_batch_csv(path, 480, seed=11)


def test_every_defect_found_and_no_false_alarm(batch: tuple[Path, dict]) -> None:
    path, expected = batch
    caught: dict[str, int] = {}
    for row in check_rows(read_records(path)):
        codes = {f.code for f in row.findings if f.severity != "info"}
        defect = expected[row.line]
        if defect is None:
            assert codes == set(), (row.line, row.values, codes)
        else:
            assert BATCH_DEFECTS[defect] in codes, (row.line, defect, row.values, codes)
            caught[defect] = caught.get(defect, 0) + 1
    assert set(caught) == set(BATCH_DEFECTS)


def test_report_and_findings_csv(batch: tuple[Path, dict], tmp_path: Path) -> None:
    path, expected = batch
    report, findings = tmp_path / "r.html", tmp_path / "f.csv"
    writer = ReportWriter(str(path), findings, report)
    for row in check_rows(read_records(path)):
        writer.add(row)
    summary = writer.close()
    defective = sum(d is not None for d in expected.values())
    assert summary.rows == len(expected)
    assert summary.rows_with_errors + summary.rows_with_warnings >= defective
    assert len(summary.worst) == 10 and summary.worst[0].worst == "error"
    with findings.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["code"] for r in rows} >= set(BATCH_DEFECTS.values())
    assert all("*" in r["nik"] or not r["nik"] for r in rows)
    text = report.read_text(encoding="utf-8")
    assert "Pemeriksaan rekaman sebelum diajukan ke OSS" in text
    assert text.count("<tr class=") == len({int(r["line"]) for r in rows})
    assert not any(r["nik"].isdigit() and r["nik"] in text for r in rows)


def test_individual_npwp16_must_be_the_nik() -> None:
    values = {"nik": "6311064508850003", "nama": "SITI", "npwp": "6311064508850004",
              "kbli": "47111", "email": "siti@mail.id"}
    assert [f.code for f in check_record(values)] == ["cross.npwp16_not_nik"]
    values["npwp"] = "0013121660091000"  # an entity-style 16-digit number: not a NIK
    assert "cross.npwp16_not_nik" not in [f.code for f in check_record(values)]


def test_required_fields() -> None:
    found = check_record({"nik": "6311064508850003", "nama": None})
    missing = [f.fields for f in found if f.code == "record.required_missing"]
    assert missing == [["nama"], ["npwp"], ["kbli"], ["email", "telepon"]]
