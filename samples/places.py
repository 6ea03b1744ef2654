"""Real places drawn at random for specimens (Kemendagri codes and names through
:mod:`core.regions`); the names as cards print them come from there too."""

from __future__ import annotations

import random

from core.regions import Region, card_province, card_regency, children, place_name, upper

__all__ = ["card_province", "card_regency", "district", "place_name", "random_regency", "upper",
           "village"]


def random_regency(rng: random.Random, exclude: str | None = None) -> Region:
    """Any kabupaten/kota of Indonesia (code, name), not ``exclude``."""
    while True:
        province = rng.choice(children(None)).code
        regency = rng.choice(children(province))
        if regency.code != exclude:
            return regency


def district(rng: random.Random, regency: str, exclude: str | None = None) -> Region:
    """A kecamatan (code, name) of ``regency``, not ``exclude``."""
    return rng.choice([d for d in children(regency) if d.code != exclude])


def village(rng: random.Random, district: str) -> str:
    """The upper-case name of a kelurahan/desa of ``district``."""
    return upper(rng.choice(children(district)).name)
