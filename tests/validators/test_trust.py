"""Findings a clerk can trust: unreadable is not a finding, plausibility needs a confident read,
and severity follows the evidence (a confident or corroborated defect is an error)."""

from __future__ import annotations

from core.models import Document, FieldRead, Severity
from tests.validators.test_rules import KTP, NPWP, PERMIT
from validators.codes import CODES
from validators.rules import check_case, check_document, document, with_findings

NIK_SERIAL_ZERO = "6311064508850000"


def read(kind: str, fields: dict[str, str | None], **confidences: float) -> Document:
    """A document as a reader returns it: raw text, 0.95 confidence unless given."""
    doc = document(kind, fields)
    for name, f in doc.fields.items():
        doc.fields[name] = FieldRead(value=f.value, raw=f.value or "",
                                     confidence=confidences.get(name, 0.95))
    return doc


def found(doc: Document) -> list[tuple[str, str]]:
    return [(f.code, f.severity.value) for f in check_document(doc, office="63.11")]


def test_a_field_not_read_is_info_not_a_warning() -> None:
    assert CODES["doc.field_missing"].severity is Severity.INFO
    assert found(read("ktp", {**KTP, "nama": None})) == [("doc.field_missing", "info")]
    assert found(read("npwp", {**NPWP, "npwp": ""})) == [("doc.field_missing", "info")]
    (finding,) = check_document(read("ktp", {**KTP, "nama": None}))
    assert "tidak terbaca" in finding.message


def test_a_nik_with_unreadable_glyphs_says_nothing_but_tidak_terbaca() -> None:
    partial = "63110645088?0003"
    assert found(read("ktp", {**KTP, "nik": partial})) == [("doc.field_missing", "info")]
    docs = [read("ktp", {**KTP, "nik": partial}), read("npwp", NPWP)]
    assert check_case(docs) == []
    npwp = read("npwp", {**NPWP, "npwp": "6311064508850?03", "nik": "??"})
    assert {c for c, _ in found(npwp)} == {"doc.field_missing"}


def test_plausibility_warnings_need_a_confident_read() -> None:
    small_land = {**PERMIT, "luas_tanah": "20"}
    assert found(read("permit", small_land, luas_tanah=0.4)) == []
    assert found(read("permit", small_land)) == [("permit.area_implausible", "warning")]
    assert found(read("ktp", {**KTP, "rt_rw": "000/001"}, rt_rw=0.3)) == []
    assert found(read("ktp", {**KTP, "rt_rw": "000/001"})) == [("ktp.rt_rw_invalid", "warning")]
    future = {**KTP, "tanggal_terbit": "2099-03-02"}
    assert found(read("ktp", future, tanggal_terbit=0.45)) == []
    assert found(read("ktp", future)) == [("ktp.date_implausible", "warning")]


def test_a_rule_whose_input_is_unreadable_says_nothing() -> None:
    assert found(read("ktp", {**KTP, "tanggal_lahir": "05-O8-19B5"})) == []
    assert found(read("permit", {**PERMIT, "tanggal": "l2 Mei"})) == []
    assert found(read("permit", {**PERMIT, "luas_bangunan": "l2O,5"})) == []


def test_a_defect_read_with_confidence_is_an_error() -> None:
    ktp = {**KTP, "nik": NIK_SERIAL_ZERO}
    assert found(read("ktp", ktp, nik=0.9)) == [("nik.serial_zero", "error")]
    assert found(read("ktp", ktp, nik=0.45)) == [("nik.serial_zero", "warning")]


def test_a_defect_two_documents_read_alike_is_an_error() -> None:
    ktp = read("ktp", {**KTP, "nik": NIK_SERIAL_ZERO}, nik=0.45)
    npwp = read("npwp", {**NPWP, "nik": NIK_SERIAL_ZERO, "npwp": "013121660091000"}, nik=0.5)
    checked = with_findings([ktp, npwp], office="63.11")
    assert [(f.code, f.severity.value) for f in checked[0].findings] == \
        [("nik.serial_zero", "error")]
    assert checked[0].fields["nik"].confidence == 0.45  # the read itself is left as it was
    lone = with_findings([ktp], office="63.11")
    assert [f.severity.value for f in lone[0].findings] == ["warning"]
    other = read("npwp", {**NPWP, "nik": "6311064508850001", "npwp": "013121660091000"})
    assert [f.severity.value for f in with_findings([ktp, other])[0].findings] == ["warning"]


def test_typed_values_are_trusted() -> None:
    assert [(f.code, f.severity.value) for f in check_document(
        document("permit", {**PERMIT, "luas_tanah": "20"}))] == \
        [("permit.area_implausible", "warning")]


def test_a_read_below_unreadable_confidence_counts_as_not_read() -> None:
    misread = {**KTP, "nik": "0802806304378806"}  # a wrong NIK read at 0.21
    assert found(read("ktp", misread, nik=0.21)) == [("doc.field_missing", "info")]
    assert check_case([read("ktp", misread, nik=0.21), read("npwp", NPWP)]) == []
    assert found(read("ktp", misread, nik=0.4))[0] == ("nik.region_unknown", "warning")


def test_mismatch_with_a_shaky_printed_place_says_nothing() -> None:
    assert found(read("ktp", {**KTP, "kecamatan": "SANRA"}, kecamatan=0.25)) == []
    assert ("ktp.kecamatan_mismatch", "warning") in \
        found(read("ktp", {**KTP, "kecamatan": "AWAYAN"}))


def test_an_address_read_as_the_name_is_not_another_person() -> None:
    npwp = read("npwp", {**NPWP, "nama": "JL. KUTAI NO. 172 RT 019 RW 011 PARINGIN"})
    assert check_case([read("ktp", KTP), npwp]) == []


def test_the_ktp_whose_nik_was_read_is_the_reference() -> None:
    twice = [read("ktp", {**KTP, "nik": "0802806304378806"}, nik=0.2), read("ktp", KTP),
             read("npwp", NPWP)]
    assert check_case(twice) == []


def test_another_name_no_misread_explains_stays_an_error() -> None:
    ktp = read("ktp", {**KTP, "nama": "WARTA ARDIANTO"}, nama=0.41)
    permit = read("permit", {**PERMIT, "nama_pemilik": "LASMONO FARIDA"})
    assert [(f.code, f.severity.value) for f in check_case([ktp, permit])] == \
        [("cross.owner_mismatch", "error")]
    close = read("permit", {**PERMIT, "nama_pemilik": "WARNO ARDIANTO"})
    assert [(f.code, f.severity.value) for f in check_case([ktp, close])] == \
        [("cross.owner_mismatch", "warning")]


def test_two_poor_reads_agreeing_digit_for_digit_are_evidence() -> None:
    ktp = read("ktp", {**KTP, "nik": NIK_SERIAL_ZERO}, nik=0.25)
    npwp = read("npwp", {**NPWP, "nik": NIK_SERIAL_ZERO, "npwp": "013121660091000"}, nik=0.3)
    assert [(f.code, f.severity.value) for f in with_findings([ktp, npwp])[0].findings] == \
        [("nik.serial_zero", "error")]
    assert [f.code for f in with_findings([ktp])[0].findings] == ["doc.field_missing"]


def test_cross_rules_use_the_corroborated_nik() -> None:
    ktp = read("ktp", KTP, nik=0.25)
    npwp = read("npwp", NPWP, nik=0.25)
    permit = read("permit", {**PERMIT, "nik": "6311064508850011"})
    assert [(f.code, f.severity.value) for f in check_case([ktp, npwp, permit])] == \
        [("cross.owner_nik_mismatch", "error")]
