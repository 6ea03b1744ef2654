"""Document and cross-document rules over hand-made documents (synthetic people)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.models import CANONICAL_FIELDS, DocType, Document, FieldRead, Severity
from validators.codes import CODES
from validators.rules import check_case, check_document, document

KTP = {
    "provinsi": "KALIMANTAN SELATAN", "kabupaten_kota": "KABUPATEN BALANGAN",
    "nik": "6311064508850003", "nama": "SITI AMINAH", "tanggal_lahir": "1985-08-05",
    "jenis_kelamin": "PEREMPUAN", "golongan_darah": "O", "rt_rw": "003/001",
    "kel_desa": "BALANG", "kecamatan": "PARINGIN", "agama": "ISLAM",
    "status_perkawinan": "KAWIN", "pekerjaan": "WIRASWASTA", "kewarganegaraan": "WNI",
    "berlaku_hingga": "SEUMUR HIDUP", "tanggal_terbit": "2015-03-02",
}
NPWP = {"npwp": "6311064508850003", "nama": "SITI AMINAH", "nik": "6311064508850003"}
PERMIT = {
    "jenis": "PBG", "nomor": "SK-PBG-631106-12052023-004", "tanggal": "2023-05-12",
    "nama_pemilik": "HJ. SITI AMINAH, S.E.", "nik": "6311064508850003",
    "lokasi_kel_desa": "BALANG", "lokasi_kecamatan": "PARINGIN",
    "lokasi_kabupaten_kota": "KABUPATEN BALANGAN", "luas_bangunan": "120.5",
    "jumlah_lantai": "2", "luas_tanah": "150",
}


def ktp(**changes: str) -> Document:
    return document("ktp", {**KTP, **changes})


def codes(doc: Document) -> list[str]:
    return [f.code for f in check_document(doc, office="63.11")]


def case_codes(**docs: dict) -> list[str]:
    built = [document(kind, fields) for kind, fields in docs.items()]
    return [f.code for f in check_case(built)]


def test_clean_documents_have_no_findings() -> None:
    assert codes(ktp()) == []
    assert codes(document("npwp", NPWP)) == []
    assert codes(document("permit", PERMIT)) == []
    assert case_codes(ktp=KTP, npwp=NPWP, permit=PERMIT) == []


def test_sex_mismatch_is_an_error() -> None:
    (finding,) = check_document(ktp(jenis_kelamin="LAKI-LAKI"))
    assert (finding.code, finding.severity) == ("nik.sex_mismatch", Severity.ERROR)
    assert "PEREMPUAN" in finding.message and "LAKI-LAKI" in finding.message


def test_birth_date_mismatch_is_a_warning() -> None:
    (finding,) = check_document(ktp(tanggal_lahir="1985-08-07"))
    assert (finding.code, finding.severity) == ("nik.birth_date_mismatch", Severity.WARNING)
    assert "05-08-85" in finding.message and "07-08-1985" in finding.message


def test_1920s_and_2020s_births_read_from_the_printed_year() -> None:
    old = ktp(nik="6311060101250001", tanggal_lahir="1925-01-01", jenis_kelamin="LAKI-LAKI")
    assert codes(old) == []
    leap = ktp(nik="6311066902240001", tanggal_lahir="1924-02-29")
    assert codes(leap) == []


def test_header_and_kecamatan_mismatches_are_warnings() -> None:
    found = check_document(ktp(kecamatan="PARINGIN SELATAN", kel_desa="BATU PIRING"))
    assert [(f.code, f.severity) for f in found] == [("ktp.kecamatan_mismatch", Severity.WARNING)]
    moved = check_document(ktp(provinsi="DKI JAKARTA", kabupaten_kota="JAKARTA SELATAN",
                               kecamatan="KEBAYORAN BARU", kel_desa="SENAYAN"))
    assert {f.code for f in moved} == {"ktp.province_mismatch", "ktp.regency_mismatch",
                                       "ktp.kecamatan_mismatch"}


def test_village_must_be_in_the_kecamatan() -> None:
    assert codes(ktp(kel_desa="SENAYAN")) == ["ktp.kel_desa_unknown"]
    assert codes(ktp(kel_desa="BALANQ")) == []  # one OCR slip


def test_enumerations_and_validity() -> None:
    assert codes(ktp(agama="KATOLIK", golongan_darah="-")) == []
    assert codes(ktp(status_perkawinan="NIKAH")) == ["ktp.value_not_allowed"]
    assert codes(ktp(berlaku_hingga="2017-03-02")) == ["ktp.berlaku_date_wni"]
    assert codes(ktp(berlaku_hingga="SEUMURHIDUP?")) == ["ktp.berlaku_invalid"]
    assert codes(ktp(rt_rw="0031001")) == ["ktp.rt_rw_invalid"]


def test_foreigner_card() -> None:
    wna = ktp(kewarganegaraan="JEPANG", jenis_kelamin="FEMALE", agama="BUDDHISM",
              status_perkawinan="MARRIED", pekerjaan="ENGINEER", berlaku_hingga="2099-01-01")
    assert codes(wna) == []
    assert codes(ktp(kewarganegaraan="JEPANG", jenis_kelamin="FEMALE",
                     berlaku_hingga="SEUMUR HIDUP")) == ["ktp.berlaku_invalid"]
    assert codes(ktp(kewarganegaraan="JEPANG", jenis_kelamin="FEMALE",
                     berlaku_hingga="2020-01-01")) == ["ktp.expired"]


def test_low_ocr_confidence_lowers_an_error_to_a_warning() -> None:
    doc = ktp(jenis_kelamin="LAKI-LAKI")
    doc.fields["jenis_kelamin"] = FieldRead(value="LAKI-LAKI", raw="LAKIRLAKI", confidence=0.4)
    (finding,) = check_document(doc)
    assert finding.severity is Severity.WARNING
    assert "jenis_kelamin" in finding.message and "misread" in finding.message_en
    doc.fields["jenis_kelamin"] = FieldRead(value="LAKI-LAKI", raw="LAKI-LAKI", confidence=0.95)
    assert check_document(doc)[0].severity is Severity.ERROR


def test_npwp_card_rules() -> None:
    assert codes(document("npwp", {**NPWP, "npwp": "01.312.166.0-091.000"})) == \
        ["npwp.legacy_15"]
    assert codes(document("npwp", {**NPWP, "npwp": "013121661091000"})) == \
        ["npwp.check_digit", "npwp.legacy_15"]
    assert codes(document("npwp", {**NPWP, "npwp": "6311064508850011"})) == \
        ["npwp.nik_line_mismatch"]


def test_permit_rules() -> None:
    assert codes(document("permit", {**PERMIT, "nomor": "SK-PBG-631107-12052023-004"})) == \
        ["permit.number_district_mismatch"]
    assert codes(document("permit", {**PERMIT, "nomor": "SK-PBG-631106-13052023-004"})) == \
        ["permit.number_date_mismatch"]
    outside = {**PERMIT, "lokasi_kabupaten_kota": "KABUPATEN HULU SUNGAI TENGAH"}
    assert codes(document("permit", outside)) == ["permit.outside_office"]
    assert codes(document("permit", {**PERMIT, "luas_tanah": "20"})) == \
        ["permit.area_implausible"]
    assert codes(document("permit", {**PERMIT, "jumlah_lantai": "0"})) == \
        ["permit.area_implausible"]
    assert codes(document("permit", {**PERMIT, "tanggal": "2019-05-12",
                                     "nomor": "SK-PBG-631106-12052019-004"})) == \
        ["permit.date_implausible"]


def test_permit_office_comes_from_the_argument() -> None:
    found = check_document(document("permit", PERMIT), office="63.72")
    assert [f.code for f in found] == ["permit.outside_office"]


def test_cross_nik_and_npwp16() -> None:
    other = "6311064508850011"
    assert case_codes(ktp=KTP, npwp={**NPWP, "nik": other, "npwp": "013121660091000"}) == \
        ["cross.npwp_nik_mismatch"]
    assert case_codes(ktp=KTP, npwp={**NPWP, "npwp": other}) == ["cross.npwp16_not_nik"]
    assert case_codes(ktp=KTP, permit={**PERMIT, "nik": other}) == ["cross.owner_nik_mismatch"]


def test_names_titles_slips_and_other_people() -> None:
    assert case_codes(ktp=KTP, npwp={**NPWP, "nama": "HJ. SITI AMINAH, S.PD."}) == []
    assert case_codes(ktp=KTP, npwp={**NPWP, "nama": "SlTI AMINAH"}) == ["cross.name_variant"]
    assert case_codes(ktp=KTP, npwp={**NPWP, "nama": "RINA WULANDARI"}) == \
        ["cross.name_mismatch"]
    assert case_codes(ktp=KTP, permit={**PERMIT, "nama_pemilik": "IR. BUDI SANTOSO"}) == \
        ["cross.owner_mismatch"]
    assert case_codes(ktp=KTP, permit={**PERMIT, "nama_pemilik": "PT MAJU JAYA"}) == \
        ["cross.owner_entity"]


_JUNK = st.one_of(st.none(), st.text(max_size=30),
                  st.sampled_from(["6311O64508850003", "29-02-1985", "SK-PBG-999999-99999999-1",
                                   "nan", "-1", "1e9", "KOTA", "000/000", "᭓"]))


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(["ktp", "npwp", "permit"]), data=st.data())
def test_rules_never_crash_on_ocr_junk(kind: str, data: st.DataObject) -> None:
    names = CANONICAL_FIELDS[DocType(kind)]
    fields = {n: data.draw(_JUNK, label=n) for n in names}
    doc = document(kind, fields)
    found = check_document(doc, office="63.11")
    found += check_case([doc, ktp(nama=fields.get("nama") or "X")])
    assert all(f.code in CODES for f in found)


def test_low_confidence_on_either_document_lowers_a_cross_finding() -> None:
    npwp = document("npwp", {**NPWP, "nik": "6311064508850008", "npwp": "013121660091000"})
    npwp.fields["nik"] = FieldRead(value="6311064508850008", raw="6311064508850008", confidence=0.3)
    (finding,) = check_case([ktp(), npwp])
    assert (finding.code, finding.severity) == ("cross.npwp_nik_mismatch", Severity.WARNING)
    assert finding.doc_types == [DocType.KTP, DocType.NPWP]
