"""``intake precheck`` end to end: the flow, the CLI's exit codes, the HTML report in Chromium."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from samples.batch import BATCH_DEFECTS, write_batch_csv

runner = CliRunner()


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, object]:
    tmp = tmp_path_factory.mktemp("precheck")
    batch = tmp / "rekaman.csv"
    expected = write_batch_csv(batch, 120, seed=5)
    result = runner.invoke(app, ["precheck", str(batch), "--report", str(tmp / "r.html"),
                                 "--findings", str(tmp / "f.csv")])
    return tmp, expected, result


def test_cli_summary_and_exit_code(checked: tuple[Path, dict, object]) -> None:
    tmp, _, result = checked
    assert result.exit_code == 1, result.output
    assert "120 rekaman diperiksa" in result.output
    assert "Traceback" not in result.output
    with (tmp / "f.csv").open(encoding="utf-8") as fh:
        codes = {r["code"] for r in csv.DictReader(fh)}
    assert codes >= set(BATCH_DEFECTS.values())


def test_clean_batch_exits_zero(tmp_path: Path) -> None:
    clean = tmp_path / "bersih.csv"
    clean.write_text("No. KTP;Nama Pemilik;NPWP;Email;KBLI\n"
                     "6311064508850003;SITI AMINAH;6311064508850003;siti@mail.id;47111\n")
    result = runner.invoke(app, ["precheck", str(clean)])
    assert result.exit_code == 0, result.output
    assert "0 dengan kesalahan" in result.output


def test_missing_columns_are_explained(tmp_path: Path) -> None:
    bad = tmp_path / "salah.csv"
    bad.write_text("Nama,Email\nSITI,siti@mail.id\n")
    result = runner.invoke(app, ["precheck", str(bad)])
    assert result.exit_code == 2
    assert "Kolom wajib tidak ditemukan: nik" in result.output


def test_report_in_chromium(checked: tuple[Path, dict, object]) -> None:
    from playwright.sync_api import sync_playwright

    tmp, expected, _ = checked
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto((tmp / "r.html").as_uri())
        rows = page.locator("tbody tr")
        total = rows.count()
        assert total >= sum(d is not None for d in expected.values())
        page.select_option("#code", "nik.serial_zero")
        visible = page.locator("tbody tr:not([hidden])")
        assert 0 < visible.count() < total
        assert "nik.serial_zero" in visible.first.inner_text()
        page.select_option("#code", "")
        page.select_option("#sev", "error")
        page.screenshot(path=str(tmp / "report.png"))
        browser.close()


def test_store_records(tmp_path: Path) -> None:
    from core.models import DocType, Document, FieldRead
    from records.prefill import prefill
    from records.store import Store

    store = Store()
    ktp = Document(doc_type=DocType.KTP, source="ktp.jpg", fields={
        "nik": FieldRead(value="6311064508850000", confidence=0.9),
        "nama": FieldRead(value="SITI AMINAH", confidence=0.9)})
    case_id = store.create_case(files=[], documents=[ktp], findings=[], errors=[],
                                record=prefill([ktp]))
    store.close()
    result = runner.invoke(app, ["precheck", "--store", "--findings", str(tmp_path / "f.csv")])
    assert result.exit_code == 1, result.output
    with (tmp_path / "f.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {"nik.serial_zero", "record.required_missing"} <= {r["code"] for r in rows}
    assert case_id  # the case was read from the store
