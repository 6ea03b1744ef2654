"""A document field that could not be read is *tidak terbaca* on the record (issue 13 item 4):
empty, with the document field it should come from and what was read, never a guessed value."""

from __future__ import annotations

import json

import pytest

from core.models import DocType, Document, FieldRead, Severity
from flows import cli_scan
from flows.walkin import CaseResult
from records.export import record_row, to_csv
from records.models import Origin, OssRecord
from records.precheck import check_record
from records.prefill import prefill
from validators.rules import check_case, with_findings

NIK = "6311064508850003"
PARTIAL = "6311072?07032?27"


def _ktp(**changes: FieldRead) -> Document:
    values = {"provinsi": "KALIMANTAN SELATAN", "kabupaten_kota": "BALANGAN", "nik": NIK,
              "nama": "SITI RAHAYU", "tempat_lahir": "PARINGIN", "tanggal_lahir": "1985-08-05",
              "jenis_kelamin": "PEREMPUAN", "alamat": "JL. AHMAD YANI NO. 5",
              "rt_rw": "003/001", "kel_desa": "PARINGIN KOTA", "kecamatan": "PARINGIN",
              "agama": "ISLAM", "status_perkawinan": "KAWIN", "pekerjaan": "WIRASWASTA",
              "kewarganegaraan": "WNI", "berlaku_hingga": "SEUMUR HIDUP"}
    fields = {k: FieldRead(value=v, raw=v, confidence=0.9, bbox=(10, 10 + 30 * i, 300, 24))
              for i, (k, v) in enumerate(values.items())}
    return Document(doc_type=DocType.KTP, source="ktp.jpg", confidence=0.9,
                    fields=fields | changes)


def _unreadable_ktp() -> Document:
    """A KTP whose NIK was read partly, name not at all and place of birth barely (prefilled,
    marked low: only identity numbers need a confident read to be prefilled)."""
    return _ktp(nik=FieldRead(value=PARTIAL, raw="6311072 07032 27", confidence=0.7,
                              bbox=(10, 40, 300, 24)),
                nama=FieldRead(value=None, raw="S!T@ R", bbox=(10, 70, 300, 24)),
                tempat_lahir=FieldRead(value="PARINGIN", raw="P4R1NG1N", confidence=0.2))


def test_unread_fields_carry_their_document_field_and_no_value() -> None:
    record = prefill([_unreadable_ktp()])
    nik, nama, tempat = (record.values[n] for n in ("nik", "nama", "tempat_lahir"))
    assert nik.origin == Origin.UNREAD and nik.unread
    assert nik.value is None and nik.read == PARTIAL  # what was read, ? kept, not the value
    assert nik.source and (nik.source.doc_type, nik.source.field) == (DocType.KTP, "nik")
    assert nik.source.file == "ktp.jpg" and nik.source.bbox == (10, 40, 300, 24)
    assert nama.origin == Origin.UNREAD and nama.value is None and nama.read is None
    # a barely read value that is not an identity number is prefilled, marked by its confidence
    assert tempat.origin == Origin.DOCUMENT and tempat.value == "PARINGIN"
    assert tempat.source and tempat.source.confidence == 0.2 and not tempat.unread
    assert not nik.candidates and not nik.conflict
    assert record.get("nik") is None and record.get("npwp") is None
    # the fields read well are documents' values; the clerk's fields stay empty, not unread
    assert record.values["kecamatan"].origin == Origin.DOCUMENT
    assert record.values["telepon"].origin == Origin.EMPTY and not record.values["telepon"].unread


def test_another_document_that_reads_the_field_gives_the_value() -> None:
    npwp = Document(doc_type=DocType.NPWP, source="npwp.jpg", fields={
        "npwp": FieldRead(value="013121660091000", raw="01.312.166.0-091.000", confidence=0.9),
        "nama": FieldRead(value="SITI RAHAYU", raw="SITI RAHAYU", confidence=0.9),
        "nik": FieldRead(value=NIK, raw=NIK, confidence=0.9)})
    record = prefill([_unreadable_ktp(), npwp])
    nik = record.values["nik"]
    assert nik.origin == Origin.DOCUMENT and nik.value == NIK
    assert nik.source and nik.source.doc_type == DocType.NPWP
    assert [c.value for c in nik.candidates] == [NIK]  # the partial read is no candidate
    assert record.values["nama"].origin == Origin.DOCUMENT  # the NPWP card printed the name


def test_a_field_a_document_may_not_print_is_not_unread() -> None:
    """Nothing read and no trace of a read: an optional field (an old NPWP card's NIK line)
    is left to the clerk; a field every such document prints is unread."""
    npwp = Document(doc_type=DocType.NPWP, source="npwp.jpg", fields={
        "npwp": FieldRead(), "nama": FieldRead(value="SITI RAHAYU", confidence=0.9),
        "nik": FieldRead()})
    permit = Document(doc_type=DocType.PERMIT, source="pbg.pdf", fields={
        "nomor": FieldRead(), "lokasi_kel_desa": FieldRead(),
        "nama_pemilik": FieldRead(value="SITI RAHAYU", confidence=0.9)})
    record = prefill([npwp, permit])
    assert record.values["nik"].origin == Origin.EMPTY  # not printed on that card
    assert record.values["lokasi_kel_desa"].origin == Origin.EMPTY
    assert record.values["npwp"].origin == Origin.UNREAD  # every card prints its number
    assert record.values["pbg_nomor"].origin == Origin.UNREAD
    assert record.values["pbg_nomor"].source.file == "pbg.pdf"  # type: ignore[union-attr]


def test_typed_values_are_trusted_and_no_document_means_empty() -> None:
    typed = _ktp(nama=FieldRead(value="SITI RAHAYU"))  # typed: no raw, confidence 0
    assert prefill([typed]).values["nama"].origin == Origin.DOCUMENT
    assert prefill([]).values["nik"].origin == Origin.EMPTY


def test_unread_is_no_finding_about_the_value() -> None:
    docs = with_findings([_unreadable_ktp()], office="63.11")
    found = [f for d in docs for f in d.findings] + check_case(docs, office="63.11")
    about = [f for f in found if {"nik", "nama", "tempat_lahir"} & set(f.fields)]
    assert all(f.severity is Severity.INFO for f in about), [(f.code, f.severity) for f in about]


def test_a_partial_nik_is_never_exported_as_a_value() -> None:
    record = prefill([_unreadable_ktp()])
    row = record_row("K1", record)
    assert row["nik"] == "" and PARTIAL not in to_csv([row])
    # a "?" typed or stored into an identity field is an error of the export's precheck
    found = check_record({"nik": PARTIAL, "nama": "SITI RAHAYU", "npwp": NIK, "kbli": "47111",
                          "email": "siti@example.co.id"})
    assert [(f.code, f.severity) for f in found if "nik" in f.fields] == [
        ("nik.format", Severity.ERROR)]


def test_scan_json_carries_the_unread_provenance() -> None:
    result = CaseResult(case_id="K1", documents=[_unreadable_ktp()],
                        record=prefill([_unreadable_ktp()]))
    nik = json.loads(result.model_dump_json())["record"]["values"]["nik"]
    assert nik["origin"] == "unread" and nik["value"] is None and nik["read"] == PARTIAL
    assert (nik["source"]["doc_type"], nik["source"]["field"]) == ("ktp", "nik")


@pytest.mark.parametrize(("lang", "text"), [
    ("id", "tidak terbaca — ketik dari dokumen aslinya"),
    ("en", "not readable — type it from the original")])
def test_scan_output_says_tidak_terbaca(lang: str, text: str, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from core.settings import get_settings

    monkeypatch.setenv("INTAKE_LANG", lang)
    get_settings.cache_clear()
    monkeypatch.setattr(cli_scan.console, "width", 220)
    try:
        doc = _unreadable_ktp()
        cli_scan.render_case("K1", [doc], [], [], prefill([doc]))
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr().out
    nik_line = next(line for line in out.splitlines() if PARTIAL in line)
    assert text in nik_line and "ktp:nik" in nik_line
    assert out.count(text) == 2  # nik, nama (tempat lahir: prefilled, low confidence)


def test_a_record_stored_with_a_partial_nik_loads_unread() -> None:
    """Prefilled before *tidak terbaca* existed: the ``?`` value was the document's value."""
    stored = prefill([_ktp()]).model_dump(mode="json")
    stored["values"]["nik"]["value"] = PARTIAL
    stored["values"]["nik"]["candidates"][0]["value"] = PARTIAL
    record = OssRecord.model_validate(stored)
    nik = record.values["nik"]
    assert nik.unread and nik.value is None and nik.read == PARTIAL and not nik.candidates
    assert nik.source and nik.source.field == "nik"
    assert record_row("K1", record)["nik"] == ""
    # a clerk's value is the clerk's, checked by the record rules, not rewritten
    stored["values"]["nik"]["origin"] = "clerk"
    assert OssRecord.model_validate(stored).values["nik"].value == PARTIAL
