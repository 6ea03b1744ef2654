"""Permit field values from the text read after their labels: areas, floors, NIK, upper text."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from core.formats import parse_decimal, record_decimal
from extractors.normalize import repair_digits, repair_rt_rw, street

_KEL_DESA = re.compile(r"\bKEL\s?[I1L|/\\]{1,2}\s?DESA\b")
"""``KEL/DESA`` as scans read it (the slash taken for an I or a 1)."""
_CENT = Decimal("0.01")


def area(text: str) -> str | None:
    """``1.234,50 m²`` → ``1234.5``; ``206,00 M2`` → ``206``: the first number in ``text``,
    parsed by :func:`core.formats.parse_decimal` after OCR's slips are repaired (spaces inside
    it, a doubled separator ``31.,2``, a stray one after it), to two decimals at most."""
    m = re.search(r"\d[\d.,]*", text.replace(" ", ""))
    cut = re.sub(r"[.,]{2,}", lambda s: s.group(0)[-1], m.group(0)).rstrip(".,") if m else ""
    number = parse_decimal(cut)
    return record_decimal(number.quantize(_CENT, ROUND_HALF_UP)) if number is not None else None


_GLUED_UNIT = re.compile(r"(\d{1,3})(?:LT|LANTAI)", re.I)
_FLOOR_GLYPHS = re.compile(r"[0-9OoIl|!]{1,3}")


def floors(text: str) -> str | None:
    """The number of floors: the first of the first three words that is a number of up to
    three digits (``: 2 (dua) lantai``), else one read as such (``|`` or ``l`` for ``1``) after
    at most two marks of a misread colon (``aa |``)."""
    words = [w.strip(":;.,()") for w in text.split()[:3]]
    for w in words:
        if w.isdigit() and len(w) <= 3:
            return w
        if m := _GLUED_UNIT.fullmatch(w):
            return m[1]  # ``1Lt``: the number read glued to its unit
    for w in words:
        if _FLOOR_GLYPHS.fullmatch(w):
            return repair_digits(w)
        if len(w) > 2:
            return None
    return None


def _upper_text(text: str) -> str:
    """Upper case, single spaces, no separator left at either end (degree dots stay)."""
    return " ".join(text.upper().split()).strip(" :;,|").lstrip(".'`»·“”\"")


def field_value(name: str, text: str) -> str | None:
    """The value of field ``name`` in the text read after its label (``None``: none there)."""
    if name in ("luas_bangunan", "luas_tanah"):
        return area(text)
    if name == "jumlah_lantai":
        return floors(text)
    if name == "nik":
        digits = repair_digits(text)
        if len(digits) != 16 and text.split():  # the next cell's words run on after it
            digits = repair_digits(text.split()[0])
        return digits if len(digits) == 16 else None
    value = _upper_text(text)
    if name in ("alamat_pemilik", "lokasi"):
        value = street(value)
    if name == "alamat_pemilik":
        value = repair_rt_rw(_KEL_DESA.sub("KEL/DESA", value))
    return value or None
