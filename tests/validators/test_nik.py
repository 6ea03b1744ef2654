"""NIK number rules: structure, women's +40, calendar, serial, regions old and new."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.models import Severity
from samples.truth import make_nik
from validators import nik

BALANGAN_PARINGIN = "631106"


def codes(number: str) -> list[str]:
    return [p.code for p in nik.problems(number)]


def test_woman_day_plus_forty() -> None:
    info = nik.info("6311064508850003")
    assert (info["sex"], info["birth_date"], info["district"]) == ("P", "1985-08-05", "Paringin")
    assert nik.info("6311060508850003")["sex"] == "L"


@pytest.mark.parametrize("digits", ["290200", "690200", "290296", "690224"])
def test_29_february_of_leap_years_is_valid(digits: str) -> None:
    assert nik.is_valid(f"{BALANGAN_PARINGIN}{digits}0001")


@pytest.mark.parametrize("digits", ["290201", "690299", "310485", "320185", "000185", "011385"])
def test_impossible_dates(digits: str) -> None:
    assert codes(f"{BALANGAN_PARINGIN}{digits}0001") == ["nik.date_invalid"]


def test_serial_zero() -> None:
    assert codes("6311064508850000") == ["nik.serial_zero"]
    with pytest.raises(ValueError, match="0000"):
        nik.validate("6311064508850000")


def test_century_from_printed_year() -> None:
    assert nik.birth_date("6311060101250001", year=1925) == dt.date(1925, 1, 1)
    assert nik.birth_date("6311060101250001", year=2025) == dt.date(2025, 1, 1)
    assert nik.birth_date("6311060101250001", year=1985) is None


def test_unknown_province_is_an_error() -> None:
    (problem,) = nik.problems("2911064508850003")
    assert (problem.code, problem.level) == ("nik.region_unknown", Severity.ERROR)
    assert not nik.is_valid("6300064508850003")


def test_pre_split_papua_code_is_a_warning_and_valid() -> None:
    (problem,) = nik.problems("9101014508850003")
    assert (problem.code, problem.level) == ("nik.region_unknown", Severity.WARNING)
    assert "Merauke" in str(problem.params["reason_en"])
    assert nik.is_valid("9101014508850003")
    assert nik.info("9101014508850003")["regency"] == "Kabupaten Merauke (kini 93.01)"


def test_new_provinces_are_known() -> None:
    assert codes("9301014508850003") == []
    assert codes("6571014508850003") == []  # Kota Tarakan, missing from stdnum's table


def test_wrong_length_and_junk() -> None:
    assert codes("631106450885000") == ["nik.format"]
    with pytest.raises(ValueError):
        nik.compact("6311O64508850003")


_DISTRICTS = st.sampled_from(["63.11.01", "63.11.06", "31.74.07", "35.72.03", "93.01.01",
                              "96.71.01", "11.01.01", "65.71.01"])


@settings(max_examples=150, deadline=None)
@given(district=_DISTRICTS, born=st.dates(dt.date(1920, 1, 1), dt.date(2009, 12, 31)),
       female=st.booleans(), serial=st.integers(1, 9999))
def test_every_generated_nik_is_valid(district: str, born: dt.date, female: bool,
                                      serial: int) -> None:
    number = make_nik(district, born, female, serial)
    assert nik.validate(number) == number
    assert nik.birth_date(number, born.year) == born
    assert nik.info(number)["sex"] == ("P" if female else "L")


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"6311[0-9]{2}(0[1-9]|[12][0-9]|4[1-9]|[56][0-9])(0[1-9]|1[0-2])"
                     r"[0-9]{2}[0-9]{3}[1-9]", fullmatch=True))
def test_format_round_trips(number: str) -> None:
    assert nik.compact(nik.format(number)) == number
    assert nik.format(nik.compact(nik.format(number))) == nik.format(number)


def test_a_read_is_taken_as_read_only_with_a_kecamatan_that_exists() -> None:
    # 63.11.06 Paringin exists; 63.11.94 does not (a 0 read as 9): valid for OSS, a warning,
    # but a reader shows it as uncertain for the clerk to confirm
    assert nik.read_plausible("6311064508850001")
    assert nik.is_valid("6311944508850001") and not nik.read_plausible("6311944508850001")
    assert nik.read_plausible("9101010101800001")  # a regency retired by the Papua split
    assert not nik.read_plausible("6311064508850000")  # invalid stays invalid
    assert not nik.read_plausible("63110645088500")
    # the digit reader marks a glyph it could not read with ?: not plausible, never an error
    assert not nik.read_plausible("6311042308732?78")
    assert not nik.read_plausible("????????????????") and not nik.read_plausible("")


@settings(max_examples=200, deadline=None)
@given(district=_DISTRICTS, born=st.dates(dt.date(1920, 1, 1), dt.date(2009, 12, 31)),
       female=st.booleans(), serial=st.integers(1, 9999))
def test_every_generated_nik_is_a_plausible_read(district: str, born: dt.date, female: bool,
                                                 serial: int) -> None:
    assert nik.read_plausible(make_nik(district, born, female, serial))
