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


_UNITS = ("satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SPELLED = re.compile(r"\(\s*([a-z][a-z ]*?)\s*\)", re.I)


def spelled_number(text: str) -> int | None:
    """The number an Indonesian number in words says (``tiga`` 3, ``sebelas`` 11, ``dua belas``
    12, ``dua puluh satu`` 21), up to 99; ``None`` when ``text`` is not one whole."""
    words = text.lower().replace("sepuluh", "satu puluh").replace("sebelas", "satu belas").split()
    digit = [_UNITS.index(w) + 1 if w in _UNITS else None for w in words]
    if len(words) == 2 and digit[0] and words[1] == "belas":
        return 10 + digit[0]
    if len(words) in (2, 3) and digit[0] and words[1] == "puluh":
        rest = digit[2] if len(words) == 3 else 0
        return 10 * digit[0] + rest if rest is not None else None
    return digit[0] if len(words) == 1 else None


def floors(text: str) -> str | None:
    """The number of floors: the number in words in brackets after it when it reads as one
    (``: 1 (satu) lantai`` read as ``11 (satu) lantai``, the colon taken for a ``1``, or as
    ``. (satu) lantai``, the ``1`` lost), else the first of the first three words that is a
    number of up to three digits (``: 2 lantai``), else one read as such (``|`` or ``l`` for
    ``1``) after at most two marks of a misread colon (``aa |``)."""
    if (m := _SPELLED.search(" ".join(text.split()[:4]))) \
            and (n := spelled_number(m[1])) is not None:
        return str(n)
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
