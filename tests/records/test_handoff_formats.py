"""The hand-off's number and date formats (``records.handoff``, ``core.formats``): every way the
office or the readers write a value gives the one form OSS takes (hypothesis for the numbers)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.formats import id_date, id_decimal, parse_date, parse_decimal, record_decimal
from records.handoff import KINDS, oss_value
from records.models import RECORD_FIELD_NAMES, RECORD_FIELDS

AMOUNTS = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False,
                      allow_infinity=False)
"""What the record holds for an area: non-negative, at most two decimals (the readers')."""


def _grouped(whole: int, sep: str) -> str:
    return f"{whole:,}".replace(",", sep)


def _spellings(d: Decimal) -> dict[str, str]:
    """``d`` as the record keeps it, and as Indonesians and English speakers write it."""
    whole, _, frac = f"{d:f}".partition(".")
    frac = frac.rstrip("0")
    spelled = {"record": f"{d:f}", "indonesian": _grouped(int(whole), ".") + (f",{frac}" if frac
                                                                            else ""),
               "indonesian_plain": whole + (f",{frac}" if frac else "")}
    if frac:  # "1,500" without a fraction is one and a half here: a comma is the decimal point
        spelled["english"] = _grouped(int(whole), ",") + f".{frac}"
    return spelled


@given(AMOUNTS)
def test_every_spelling_of_a_number_reads_the_same(d: Decimal) -> None:
    for how, text in _spellings(d).items():
        assert parse_decimal(text) == d, (how, text)


@given(AMOUNTS)
def test_an_area_goes_to_oss_with_a_decimal_comma_and_no_grouping(d: Decimal) -> None:
    for field in ("luas_lahan", "pbg_luas_bangunan"):
        for text in _spellings(d).values():
            [out] = oss_value(field, text)
            assert out == id_decimal(d) and "." not in out
            assert parse_decimal(out) == d  # and reads back as the same number
    assert oss_value("luas_lahan", f"{_spellings(d)['indonesian']} M2") == [id_decimal(d)]


@given(st.text(max_size=20))
def test_any_text_is_a_number_or_none_never_an_exception(text: str) -> None:
    parsed = parse_decimal(text)
    assert parsed is None or parsed >= 0


@pytest.mark.parametrize(("typed", "read"), [
    ("1.500", Decimal(1500)), ("1.5", Decimal("1.5")), ("120.50", Decimal("120.50")),
    ("1.234,5", Decimal("1234.5")), ("1 234,5", Decimal("1234.5")), ("1,5", Decimal("1.5")),
    ("12.345.678", Decimal(12345678)), ("1,234.5", Decimal("1234.5")),
    ("1.2.3", None), ("1,2,3", None), ("12,34.5", None), ("1.", None), ("-4", None),
    ("12 m²", None), ("", None), ("1.23.456", None),
])
def test_the_rules_on_the_awkward_cases(typed: str, read: Decimal | None) -> None:
    assert parse_decimal(typed) == read


@given(st.integers(min_value=0, max_value=10**13))
def test_a_rupiah_amount_goes_as_digits(amount: int) -> None:
    for text in (str(amount), f"Rp {_grouped(amount, '.')}", f"RP{_grouped(amount, '.')},00"):
        assert oss_value("modal_kerja", text) == [str(amount)], text


def test_rupiah_in_words_and_what_is_no_amount() -> None:
    assert oss_value("modal_tetap", "750 JUTA") == ["750000000"]  # was "750"
    assert oss_value("modal_tetap", "1,5 MILIAR") == ["1500000000"]  # was "15"
    assert oss_value("modal_kerja", "SEKITAR 2 JUTA") == ["SEKITAR 2 JUTA"]  # as it stands


@given(st.integers(min_value=0, max_value=100_000))
def test_a_head_count_goes_as_digits(n: int) -> None:
    assert oss_value("tenaga_kerja_laki", _grouped(n, ".")) == [str(n)]
    assert oss_value("tenaga_kerja_perempuan", str(n)) == [str(n)]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_spelling_of_a_date_goes_day_first(day: date) -> None:
    want = f"{day.day:02d}-{day.month:02d}-{day.year}"
    spellings = [day.isoformat(), want, f"{day.day}/{day.month}/{day.year}",
                 f"{day.day:02d}.{day.month:02d}.{day.year}"]
    for text in spellings:
        assert parse_date(text) == day and id_date(day) == want
        assert oss_value("tanggal_lahir", text) == [want] == oss_value("pbg_tanggal", text)


@pytest.mark.parametrize("typed", ["31-02-2020", "08/31/1985", "05-08-85", "SEUMUR HIDUP"])
def test_what_is_no_day_first_date_stays_as_it_stands(typed: str) -> None:
    assert parse_date(typed) is None and oss_value("tanggal_lahir", typed) == [typed]


def test_identity_numbers_point_email_and_kbli() -> None:
    assert oss_value("npwp", "09.254.294.3-407.000") == ["092542943407000"]
    assert oss_value("nik", "6311 0645 0885 0003") == ["6311064508850003"]
    assert oss_value("nik", "63110645088?0003") == ["63110645088?0003"]  # uncertain: as it is
    assert oss_value("koordinat", "-2,3357 115,4696") == ["-2.3357, 115.4696"]
    assert oss_value("koordinat", "DI BELAKANG PASAR") == ["DI BELAKANG PASAR"]
    assert oss_value("email", "SITI@GMAIL.COM") == ["siti@gmail.com"]
    assert oss_value("kbli", "47111; 56102 10710") == ["47111", "56102", "10710"]
    assert oss_value("nama", "2024-01-05") == ["2024-01-05"]  # not a date field: as it stands
    assert oss_value("luas_lahan", "  ") == [] and oss_value("luas_lahan", None) == []


def test_every_field_of_a_kind_is_named_as_that_kind() -> None:
    assert set(KINDS) <= set(RECORD_FIELD_NAMES)
    for spec in RECORD_FIELDS:
        label = spec.label_id
        expected = ("date" if label.startswith("Tanggal") else "area" if "(m²)" in label
                    else "rupiah" if "(Rp" in label else "count" if "(orang)" in label else None)
        if expected:
            assert KINDS.get(spec.name) == expected, spec.name


@given(AMOUNTS)
def test_the_record_form_of_a_number_reads_back_and_is_what_the_area_reader_writes(
        d: Decimal) -> None:
    from extractors.permit_values import area

    out = record_decimal(d)
    assert "," not in out and parse_decimal(out) == d
    assert not (("." in out) and out.endswith("0"))
    assert area(f"{_spellings(d)['indonesian']} m²") == out
