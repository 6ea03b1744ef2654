"""Precheck over a generated batch with known defects: every defect found, no false alarm."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from records.precheck import check_record, check_rows, run_precheck
from records.report import SAMPLES_PER_CODE, ReportWriter
from records.tabular import read_records
from samples.batch import BATCH_DEFECTS, write_batch_csv


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str | None]]:
    path = tmp_path_factory.mktemp("batch") / "records.csv"
    return path, write_batch_csv(path, 480, seed=11)


def test_generated_addresses_carry_one_street_prefix(batch: tuple[Path, dict]) -> None:
    """Faker's ``id_ID`` street names carry their own ``Jl.``/``Gg.``: never ``JL. JL. …``."""
    path, _ = batch
    addresses = [r.values.get("alamat") or "" for r in read_records(path)]
    assert addresses and all(a.startswith("JL. ") for a in addresses if a)
    assert not [a for a in addresses if a.startswith(("JL. JL", "JL. GG", "JL. GANG", "JL. JALAN"))]


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
    assert summary.rows == len(expected) and summary.rows_refused == 0
    assert summary.rows_with_errors + summary.rows_with_warnings >= defective
    assert len(summary.worst) == 10 and summary.worst[0].worst == "error"
    with findings.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["code"] for r in rows} >= set(BATCH_DEFECTS.values())
    assert all("*" in r["nik"] or not r["nik"] for r in rows)
    text = report.read_text(encoding="utf-8")
    assert "Pemeriksaan rekaman sebelum diajukan ke OSS" in text
    assert f"Daftar lengkap semua temuan ada di berkas CSV <b>{findings.name}</b>" in text
    for code, count in summary.by_code.items():
        assert f'<h2 id="{code}"' in text and f"{code} — {count} temuan" in text
    assert not any(r["nik"].isdigit() and r["nik"] in text for r in rows)


def test_fast_path_tallies_what_the_row_path_finds(batch: tuple[Path, dict],
                                                   tmp_path: Path) -> None:
    path, _ = batch
    writer = ReportWriter(str(path), tmp_path / "a.csv", None)
    for row in check_rows(read_records(path)):
        writer.add(row)
    by_row = writer.close()
    by_chunk = run_precheck(path, findings_csv=tmp_path / "b.csv", workers=2)
    same = {"source", "check_cpu_seconds"}
    assert by_chunk.model_dump(exclude=same) == by_row.model_dump(exclude=same)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_report_stays_small_for_a_large_batch(tmp_path: Path) -> None:
    path = tmp_path / "besar.csv"
    write_batch_csv(path, 6000, seed=3)
    report = tmp_path / "r.html"
    summary = run_precheck(path, report=report, findings_csv=tmp_path / "f.csv", workers=1)
    text = report.read_text(encoding="utf-8")
    shown = text.count("<tr><td>") - len(summary.by_code)  # sample rows, not the code table
    assert shown <= SAMPLES_PER_CODE * len(summary.by_code)
    assert sum(summary.by_code.values()) > 4 * shown  # most findings are only in the CSV
    assert len(text) < 150_000 < (tmp_path / "f.csv").stat().st_size
    assert "baris pertama dari" in text and "selebihnya di f.csv" in text
    csv_rows = sum(1 for _ in (tmp_path / "f.csv").open(encoding="utf-8")) - 1
    assert csv_rows == sum(summary.by_code.values())


def test_malformed_csv_lines_are_refused_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text('nik,nama\n6311021803720807,"E\nF"\n6311021803720803,A\n'
                    '6311021803720804,"B\n6311021803720805,C\n\n6311021803720806,D,EXTRA\n'
                    "6311021803720808,G\n", encoding="utf-8")
    summary = run_precheck(path, findings_csv=tmp_path / "f.csv", workers=1)
    # records: "E␤F" (lines 2-3: a quoted line break, one record), A, B (line 5: a quote never
    # closed, which swallows the lines after it), C, D (line 8: a value too many), G; the
    # empty line 7 is no record. Every line after the bad quote is read again on its own.
    assert (summary.rows_in, summary.rows, summary.rows_refused) == (6, 4, 2)
    refused = {r.line: r.message for r in summary.refused}
    assert set(refused) == {5, 8}
    assert "tanda kutip" in refused[5] and "3 nilai" in refused[8]
    (first, *_) = read_records(path)
    assert (first.line, first.values["nama"]) == (2, "E F")
    with (tmp_path / "f.csv").open(encoding="utf-8") as fh:
        lines = {int(r["line"]) for r in csv.DictReader(fh) if r["code"] == "input.csv_malformed"}
    assert lines == {5, 8}


def test_individual_npwp16_must_be_the_nik() -> None:
    values = {"nik": "6311064508850003", "nama": "SITI", "npwp": "6311064508850004",
              "kbli": "47111", "email": "siti@mail.id"}
    assert [f.code for f in check_record(values)] == ["cross.npwp16_not_nik"]
    values["npwp"] = "0013121660091000"  # an entity-style 16-digit number: not a NIK
    assert "cross.npwp16_not_nik" not in [f.code for f in check_record(values)]


@settings(max_examples=300, deadline=None)
@given(digits=st.one_of(
    st.sampled_from(["6311064508850003", "0311064508850003", "6311064508850000",
                     "6311069408850003", "9101010101800001", "6311064513850003"]),
    st.builds(lambda head, tail: head + tail,
              st.sampled_from(["631106", "630904", "910101", "001106", "631194"]),
              st.text(alphabet="0123456789", min_size=9, max_size=11))),
       dotted=st.booleans())
def test_an_npwp_typed_as_the_nik_has_the_npwp_rules_findings(digits: str, dotted: bool) -> None:
    """The NPWP that is the record's NIK is not checked again when the NIK has no finding:
    the findings are still exactly the NIK's and the NPWP's rules' own."""
    from validators.check import findings_for

    number = f"{digits[:6]}.{digits[6:]}" if dotted else digits
    values = {"nik": number, "nama": "SITI", "npwp": number, "kbli": "47111",
              "email": "siti@mail.id"}
    assert check_record(values) == findings_for("nik", number) + findings_for("npwp", number)


def test_required_fields() -> None:
    found = check_record({"nik": "6311064508850003", "nama": None})
    missing = [f.fields for f in found if f.code == "record.required_missing"]
    assert missing == [["nama"], ["npwp"], ["kbli"], ["email", "telepon"]]


@settings(max_examples=300, deadline=None)
@given(prefix=st.sampled_from(["0", "+62", "62", "", "+1", "00"]),
       digits=st.text(alphabet="0123456789", min_size=6, max_size=14),
       sep=st.sampled_from(["", " ", "-"]))
def test_the_mobile_shortcut_agrees_with_phonenumbers(prefix: str, digits: str, sep: str) -> None:
    from records.precheck import _phone
    from validators.check import findings_for

    value = prefix + sep.join([digits[:4], digits[4:]])
    assert _phone(value) == findings_for("phone", value)


@settings(max_examples=200, deadline=None)
@given(local=st.from_regex(r"[a-z0-9._+-]{1,20}", fullmatch=True),
       domain=st.sampled_from(["gmail.com", "gmial.com", "mail.id", "yaho.co.id", "x..com",
                               "-bad.id", "desa.go.id", "localhost"]))
def test_the_domain_memo_agrees_with_email_validator(local: str, domain: str) -> None:
    from records.precheck import _email
    from validators.check import findings_for

    value = f"{local}@{domain}"
    for _ in range(2):  # the second call comes from the memo
        assert _email(value) == findings_for("email", value)


@settings(max_examples=200, deadline=None)
@given(name=st.text(alphabet=st.sampled_from(list('AB ,;"\'=+-@\t\r\nÉ')), max_size=12),
       nik=st.sampled_from([None, "", "6311064508850003", "63.11.06 450885", "12"]))
def test_findings_csv_lines_are_what_csv_writer_writes(name: str, nik: str | None) -> None:
    import io

    from core.privacy import mask_id, mask_text
    from records.export import safe_cell
    from records.report import Tally

    values = {"nik": nik, "nama": name, "npwp": "6311064508850004", "kbli": "92000"}
    findings = check_record(values)
    tally = Tally()
    tally.add_values(7, values, findings)
    expected = io.StringIO()
    csv.writer(expected).writerows(
        [7, mask_id(nik), safe_cell(name), f.code, f.severity.value, " ".join(f.fields),
         safe_cell(mask_text(f.message)), safe_cell(mask_text(f.message_en))] for f in findings)
    assert tally.finish().csv_text == expected.getvalue()


def test_small_chunks_and_both_worker_starts_give_the_same_output(
        batch: tuple[Path, dict], tmp_path: Path) -> None:
    """Chunks of 50 rows (sample rows of a code come from the first chunks only), in this
    process, in forked workers and, while another thread runs, in workers of a fork server:
    the same CSV, summary and report as the row path."""
    import threading

    from records.precheck import tally_records
    from records.tabular import read_items

    path, _ = batch
    writer = ReportWriter(str(path), tmp_path / "rows.csv", tmp_path / "rows.html")
    for row in check_rows(read_records(path)):
        writer.add(row)
    expected = writer.close().model_dump(exclude={"check_cpu_seconds"})

    def report(name: str) -> str:  # without the time it was made and the CSV's name
        text = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        return re.sub(r"dibuat [0-9-]+ [0-9:]+", "", text.replace(f"{name}.csv", "*.csv"))

    stop = threading.Event()
    for name, workers, threaded in (("one", 1, False), ("forked", 2, False),
                                    ("server", 2, True)):
        other = threading.Thread(target=stop.wait, daemon=True)
        if threaded:
            other.start()
        try:
            writer = ReportWriter(str(path), tmp_path / f"{name}.csv", tmp_path / f"{name}.html")
            columns, items = read_items(path)
            for tally in tally_records(columns, items, workers=workers, chunk=50):
                writer.add_tally(tally)
            got = writer.close().model_dump(exclude={"check_cpu_seconds"})
        finally:
            stop.set()
            if threaded:
                other.join()
            stop.clear()
        assert got == expected, name
        assert (tmp_path / f"{name}.csv").read_bytes() == (tmp_path / "rows.csv").read_bytes()
        assert report(name) == report("rows"), name
