"""The finding-code table: complete, documented, CODES.md current."""

from __future__ import annotations

from pathlib import Path

from samples.defects import DEFECTS
from validators.codes import CODES, CODES_MD, codes_markdown

FIXED = ("nik.region_unknown", "nik.birth_date_mismatch", "nik.sex_mismatch",
         "nik.date_invalid", "nik.serial_zero", "npwp.check_digit", "cross.npwp_nik_mismatch",
         "cross.npwp16_not_nik", "cross.name_mismatch", "cross.owner_mismatch",
         "permit.outside_office", "ktp.kecamatan_mismatch")


def test_fixed_codes_exist() -> None:
    assert set(FIXED) <= set(CODES)
    assert CODES["nik.birth_date_mismatch"].severity == "warning"
    assert CODES["nik.sex_mismatch"].severity == "error"


def test_defect_table_maps_onto_codes() -> None:
    assert {d.finding for d in DEFECTS} <= set(CODES)


def test_readme_carries_the_code_table() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = codes_markdown().split("\n", 2)[2]
    assert table in readme, "README's finding-code table is stale: paste validators/CODES.md"


def test_codes_md_is_current() -> None:
    assert CODES_MD.read_text(encoding="utf-8") == codes_markdown(), \
        "run: python -c 'from validators.codes import write_markdown; write_markdown()'"
