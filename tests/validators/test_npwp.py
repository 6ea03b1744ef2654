"""NPWP: 15 and 16 digits, Luhn, NIK form, NITKU."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn

from validators import npwp


def codes(number: str) -> list[str]:
    return [p.code for p in npwp.problems(number)]


def test_fifteen_digits_is_legacy_info() -> None:
    assert codes("01.312.166.0-091.000") == ["npwp.legacy_15"]
    assert npwp.to_16("01.312.166.0-091.000") == "0013121660091000"


def test_sixteen_with_leading_zero_uses_luhn_over_ten_digits() -> None:
    assert codes("0013121660091000") == []
    assert codes("0013121661091000") == ["npwp.check_digit"]


def test_sixteen_without_zero_is_a_nik() -> None:
    assert npwp.info("6311064508850003")["kind"] == "nik"
    assert codes("6311064508850000") == ["npwp.nik_invalid"]
    assert codes("9101014508850003")[0] == "nik.region_unknown"  # warning only
    assert npwp.is_valid("9101014508850003")


def test_branch_and_nitku() -> None:
    assert "npwp.branch" in codes("01.312.166.0-091.001")
    assert npwp.is_valid("0013121660091000000001")
    assert npwp.info("0013121660091000000001")["place_of_business"] == "000001"
    assert codes("00131216600910000001") == ["npwp.format"]


_BODIES = st.from_regex(r"[0-9]{8}", fullmatch=True)
_TAILS = st.from_regex(r"[0-9]{6}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(body=_BODIES, tail=_TAILS, position=st.integers(0, 8), delta=st.integers(1, 9))
def test_every_single_digit_change_is_rejected(body: str, tail: str, position: int,
                                               delta: int) -> None:
    good = body + luhn.calc_check_digit(body) + tail
    assert npwp.is_valid(good)
    bad = good[:position] + str((int(good[position]) + delta) % 10) + good[position + 1:]
    assert not npwp.is_valid(bad)
    with pytest.raises(ValueError):
        npwp.validate(bad)


@settings(max_examples=60, deadline=None)
@given(body=_BODIES, tail=_TAILS)
def test_format_round_trips(body: str, tail: str) -> None:
    number = body + luhn.calc_check_digit(body) + tail
    assert npwp.compact(npwp.format(number)) == number
    assert npwp.format(npwp.compact(npwp.format(number))) == npwp.format(number)


@settings(max_examples=500)
@given(st.text(alphabet="0123456789", min_size=1, max_size=16))
def test_the_luhn_check_agrees_with_stdnum(digits: str) -> None:
    assert npwp.luhn_ok(digits) is luhn.is_valid(digits)
