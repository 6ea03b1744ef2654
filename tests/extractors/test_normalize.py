"""Tests of the shared normalisation helpers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.normalize import (
    MONTHS,
    clean_text,
    parse_date,
    repair_digits,
    repair_rt_rw,
    snap_enum,
)

_LETTERS = {"0": "O", "1": "I", "8": "B", "5": "S", "2": "Z", "6": "G"}


@given(st.text(alphabet="0123456789", min_size=1, max_size=20), st.randoms())
def test_repair_digits_undoes_confusions(digits: str, rnd) -> None:
    noisy = "".join(_LETTERS.get(d, d) if rnd.random() < 0.5 else d for d in digits)
    assert repair_digits(noisy + " .-") == digits


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_parse_date_formats(d: date) -> None:
    month = list(MONTHS)[d.month - 1]
    assert parse_date(f"{d.day:02d}-{d.month:02d}-{d.year}") == d.isoformat()
    assert parse_date(f"{d.day}/{d.month}/{d.year}") == d.isoformat()
    assert parse_date(f"Senin, {d.day} {month.title()} {d.year}") == d.isoformat()


def test_parse_date_rejects_garbage() -> None:
    assert parse_date("31-02-2020") is None
    assert parse_date("") is None
    assert parse_date("12 Xyzzy 2020") is None
    assert parse_date("12 Marit 2020") == "2020-03-12"


def test_snap_enum_and_clean_text() -> None:
    assert snap_enum("LAKI-LAK1", ("LAKI-LAKI", "PEREMPUAN"))[0] == "LAKI-LAKI"
    assert snap_enum("qqqq", ("LAKI-LAKI", "PEREMPUAN")) == (None, 0.0)
    assert clean_text("  jl.  merdeka  no 5 ;") == "JL. MERDEKA NO. 5"


@pytest.mark.parametrize(("text", "expected"), [
    ("JL, MERDEKA NO,5", "JL. MERDEKA NO. 5"),            # the dots read as commas
    ("JL: MERDEKA GG; MAWAR NO.12", "JL. MERDEKA GG. MAWAR NO. 12"),
    ("JL MERDEKA NO 5", "JL. MERDEKA NO. 5"),              # the dots lost
    ("JL-DR. SUTOMO", "JL. DR. SUTOMO"),                   # the dot read as a dash
    ("KEL, SUNGAI KEC , PARINGIN", "KEL. SUNGAI KEC. PARINGIN"),
    ("SHM NO. 00123", "SHM NO. 00123"),                    # already right: left alone
    ("JLN NOVITA GGS", "JLN NOVITA GGS"),                  # only the abbreviations as words
    ("NO", "NO"),
])
def test_clean_text_repairs_address_abbreviations(text: str, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("KOMPLEK SIMBOLON PERMA!", "KOMPLEK SIMBOLON PERMAI"),  # a capital I read as "!"
    ("S!MBOLON", "SIMBOLON"),
    ("NO. 5 !", "NO. 5"),                                   # a lone mark: not a letter
])
def test_clean_text_reads_an_exclamation_mark_in_a_word_as_i(text: str, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("JL. -LASWI-GG. WADI NO. 89", "JL. LASWI GG. WADI NO. 89"),  # speckle read as dashes
    ("JL. KH-AHMAD DAHLAN", "JL. KH-AHMAD DAHLAN"),                # a dash inside a name stays
    ("RT 01 - RW 02", "RT 01 - RW 02"),
])
def test_clean_text_drops_dashes_glued_to_a_word_start(text: str, expected: str) -> None:
    assert clean_text(text) == expected


@given(st.text(alphabet="JLGNOKEabc .,:;-/|!0123456789", max_size=40))
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@pytest.mark.parametrize(("text", "expected"), [
    ("DUSUN X RT 025 RW O11 MUARA", "DUSUN X RT 025 RW 011 MUARA"),
    ("JL. A NO. 5 RT 0S5 RW 0l1 KEL", "JL. A NO. 5 RT 055 RW 011 KEL"),
    ("RT 12 RW 3", "RT 12 RW 3"),          # not three characters: left as read
    ("KARTONO RW OKE", "KARTONO RW OKE"),  # letters that are no digit confusions stay
    ("RAJASA RT 017 RW OL1 GALUMBANG", "RAJASA RT 017 RW 011 GALUMBANG"),  # upper-case l
    ("NO. 34 AT 018 RW 008 MAMANTANG", "NO. 34 RT 018 RW 008 MAMANTANG"),  # RT a letter off
    ("NO. 34 RT 018 RN OO8 HALONG", "NO. 34 RT 018 RW 008 HALONG"),        # RW a letter off
    ("BLOK AT 018 KAV 008", "BLOK AT 018 KAV 008"),  # no RW after it: not the RT label
])
def test_repair_rt_rw(text: str, expected: str) -> None:
    assert repair_rt_rw(text) == expected


def test_a_speck_glued_after_an_abbreviation_is_dropped() -> None:
    """``NO.-180``: a copy's speck read as a dash between the abbreviation's dot and the
    number; a dash between words still stands."""
    assert clean_text("JL. MOCH. TOHA NO.-180") == "JL. MOCH. TOHA NO. 180"
    assert clean_text("GG.-MAWAR 3") == "GG. MAWAR 3"
    assert clean_text("JL. SUKA - MAJU") == "JL. SUKA - MAJU"
