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
        assert "Daftar lengkap semua temuan ada di berkas CSV f.csv" in page.inner_text(".note")
        with (tmp / "f.csv").open(encoding="utf-8") as fh:
            codes = {r["code"] for r in csv.DictReader(fh)}
        assert page.locator("table").first.locator("tbody tr").count() == len(codes)
        assert sum(d is not None for d in expected.values()) > 0
        page.click("a[href='#nik.serial_zero']")
        section = page.locator("h2[id='nik.serial_zero'] + table tbody tr")
        assert 0 < section.count() <= 20
        assert "*" in section.first.inner_text()  # the NIK is masked
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


def test_a_line_with_an_unclosed_quote_is_refused_not_dropped(tmp_path: Path) -> None:
    source = tmp_path / "u.csv"  # the case of issue 14: 4 data rows, one quote never closed
    source.write_text("nik,nama\n6311021803720803,A\n6311021803720804,\"B\n"
                      "6311021803720805,C\n6311021803720806,D\n", encoding="utf-8")
    result = runner.invoke(app, ["precheck", str(source)])
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "4 baris masuk = 3 rekaman diperiksa + 1 baris ditolak" in output
    assert "Baris 3 tidak bisa dibaca sebagai rekaman" in output and "tanda kutip" in output


def test_the_flow_gives_what_the_command_gives(checked: tuple[Path, dict, object],
                                               tmp_path: Path) -> None:
    from flows.precheck import precheck_records
    from records.precheck import run_precheck

    tmp, _, _ = checked
    through_prefect = precheck_records(source=tmp / "rekaman.csv", workers=1)
    in_process = run_precheck(tmp / "rekaman.csv", workers=1)
    same = {"check_cpu_seconds"}
    assert through_prefect.model_dump(exclude=same) == in_process.model_dump(exclude=same)
    assert through_prefect.rows_in == through_prefect.rows == 120
