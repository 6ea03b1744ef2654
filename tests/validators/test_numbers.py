"""NIB, phone, e-mail, postal code; and every module against OCR junk."""

from __future__ import annotations

import importlib

import pytest

from validators import email, nib, phone, postal_code

NUMBER_MODULES = ("nik", "npwp", "nib", "kbli", "phone", "email", "postal_code")
JUNK = (None, "", 0, object(), "᭓", "3²", "O0O0")


@pytest.mark.parametrize("name", NUMBER_MODULES)
def test_junk_is_never_valid(name: str) -> None:
    module = importlib.import_module(f"validators.{name}")
    for value in JUNK:
        assert module.is_valid(value) is False, (name, value)


def test_nib() -> None:
    assert nib.is_valid("9120001234567") and not nib.is_valid("91200012345678")


@pytest.mark.parametrize("number", ["081234567890", "+62 812-3456-7890", "0899 1234 5678",
                                    "6285712345678"])
def test_mobile_numbers(number: str) -> None:
    assert phone.is_valid(number)


@pytest.mark.parametrize("number", ["0215551234", "08123", "+6012345678", "0812345678901234"])
def test_not_mobile_numbers(number: str) -> None:
    assert not phone.is_valid(number)


def test_email_typo_is_a_warning_not_an_error() -> None:
    assert email.is_valid("budi@gmial.com")
    assert email.info("budi@gmial.com")["suggestion"] == "gmail.com"
    assert email.info("budi@yahoo.co.id")["suggestion"] is None
    assert not email.is_valid("budi@")


def test_postal_code_in_region() -> None:
    assert postal_code.is_valid("71662")
    assert [p.code for p in postal_code.problems("71662", region="63.11.06.2005")] == []
    assert [p.code for p in postal_code.problems("71662", region="31.74")] == \
        ["postal.region_mismatch"]
    assert [p.code for p in postal_code.problems("99999")] == ["postal.unknown"]
