"""KBLI (Klasifikasi Baku Lapangan Usaha Indonesia) 2020 five-digit codes (kelompok).

A code is 5 digits whose first two are a KBLI 2020 division (golongan pokok) of a category
A-U. With a KBLI list configured (setting ``INTAKE_KBLI_FILE``: a CSV ``code,title`` such as the
OSS list of 1,790 codes, where division 92 gambling is absent), the code must be in it; without
a list only the structure is checked, and the findings say so (``kbli.structure_only``).

>>> problems("47111", kbli_file=None)[0].code
'kbli.structure_only'
>>> validate("92000", kbli_file=None)
Traceback (most recent call last):
    ...
validators.exceptions.InvalidComponent: KBLI division 92 does not exist.
>>> category("62019")
'J'
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from core.settings import get_settings
from validators._problems import Problem, compact_digits, passes, raise_first

FORMAT = "kbli.format"
_CATEGORIES = (
    ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
    ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68),
    ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93),
    ("S", 94, 96), ("T", 97, 98), ("U", 99, 99),
)
DIVISIONS = frozenset({
    *range(1, 4), *range(5, 10), *range(10, 34), 35, *range(36, 40), *range(41, 44),
    *range(45, 48), *range(49, 54), 55, 56, *range(58, 64), *range(64, 67), 68,
    *range(69, 76), *range(77, 83), 84, 85, *range(86, 89), 90, 91, 93, *range(94, 97),
    97, 98, 99,
})
"""The 87 divisions of the OSS KBLI 2020 list: the book's, without 92 (gambling)."""
_UNSET = object()


def compact(number: object) -> str:
    """The digits of ``number`` without spaces, dots or dashes."""
    return compact_digits(number, FORMAT)


@lru_cache(maxsize=4)
def load_list(path: Path) -> dict[str, str]:
    """``code → title`` of a KBLI CSV (``code,title``), read once per path."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code"].strip(): row["title"].strip() for row in csv.DictReader(fh)}


def _list(kbli_file: object) -> tuple[dict[str, str] | None, str]:
    path = get_settings().kbli_file if kbli_file is _UNSET else kbli_file
    if path is None:
        return None, ""
    return _resolved(str(path))


@lru_cache(maxsize=8)
def _resolved(path: str) -> tuple[dict[str, str], str]:
    """The list at ``path`` and its file name (resolving a path costs more than a check)."""
    resolved = Path(path).resolve()
    return load_list(resolved), resolved.name


def category(number: object) -> str | None:
    """The category letter (A-U) of a code's division, or ``None``."""
    division = int(compact(number)[:2] or 0)
    return next((c for c, lo, hi in _CATEGORIES if lo <= division <= hi), None)


def problems(number: object, *, kbli_file: object = _UNSET) -> list[Problem]:
    """Every rule ``number`` breaks; ``kbli_file`` defaults to the ``INTAKE_KBLI_FILE`` setting."""
    code = compact(number)
    if len(code) != 5:
        return [Problem(FORMAT, "length", {"value": code})]
    if int(code[:2]) not in DIVISIONS:
        return [Problem("kbli.division_unknown", "component", {"division": code[:2]})]
    known, source = _list(kbli_file)
    if known is None:
        return [Problem("kbli.structure_only", "component", {})]
    if code not in known:
        return [Problem("kbli.unknown", "component", {"value": code, "source": source})]
    return []


def validate(number: object, *, kbli_file: object = _UNSET) -> str:
    """The 5-digit code; raises when malformed, of no division, or absent from the list."""
    raise_first(problems(number, kbli_file=kbli_file))
    return compact(number)


def is_valid(number: object) -> bool:
    """Whether ``number`` is a valid KBLI 2020 code (never raises)."""
    return passes(validate, number)


def format(number: object) -> str:
    """The 5 digits."""
    return compact(number)


def info(number: object, *, kbli_file: object = _UNSET) -> dict[str, str | None]:
    """Category, division and (with a list) the titles of the code and its division."""
    code = validate(number, kbli_file=kbli_file)
    known, source = _list(kbli_file)
    known = known or {}
    return {"code": code, "version": "KBLI 2020", "category": category(code),
            "division": code[:2], "division_title": known.get(code[:2]),
            "title": known.get(code), "source": source or None}
