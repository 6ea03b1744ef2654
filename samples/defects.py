"""The defects the generator injects, and the finding each must raise in the validators.

One table, read by the generator, the validators' tests and the benchmarks.
"""

from __future__ import annotations

from typing import NamedTuple


class Defect(NamedTuple):
    """One kind of defect: what is printed wrong, and the finding that catches it."""

    code: str
    finding: str
    doc_types: tuple[str, ...]
    fields: tuple[str, ...]
    description: str


DEFECTS: tuple[Defect, ...] = (
    Defect("nik_region_unknown", "nik.region_unknown", ("ktp",), ("nik",),
           "NIK region code (PPKKCC) that exists in no Kemendagri table"),
    Defect("nik_birth_date_mismatch", "nik.birth_date_mismatch", ("ktp",),
           ("nik", "tanggal_lahir"), "printed birth date differs from the NIK's DDMMYY"),
    Defect("nik_sex_mismatch", "nik.sex_mismatch", ("ktp",), ("nik", "jenis_kelamin"),
           "printed Jenis Kelamin differs from the NIK's sex (day + 40 for women)"),
    Defect("nik_date_invalid", "nik.date_invalid", ("ktp",), ("nik",),
           "NIK date that cannot exist (day 32-39, month 13 or 30-02)"),
    Defect("nik_serial_zero", "nik.serial_zero", ("ktp",), ("nik",), "NIK serial 0000"),
    Defect("npwp_check_digit", "npwp.check_digit", ("npwp",), ("npwp",),
           "15-digit NPWP with a wrong check digit"),
    Defect("npwp_nik_mismatch", "cross.npwp_nik_mismatch", ("ktp", "npwp"), ("nik",),
           "the NPWP card's NIK line is another NIK than the KTP's"),
    Defect("npwp16_not_nik", "cross.npwp16_not_nik", ("ktp", "npwp"), ("nik", "npwp"),
           "an individual's 16-digit NPWP is a valid NIK, but not the KTP's"),
    Defect("npwp_name_other", "cross.name_mismatch", ("ktp", "npwp"), ("nama",),
           "the NPWP card carries another person's name"),
    Defect("permit_owner_other", "cross.owner_mismatch", ("ktp", "permit"),
           ("nama", "nama_pemilik"), "the permit's owner is another person"),
    Defect("permit_outside_office", "permit.outside_office", ("permit",),
           ("lokasi_kabupaten_kota",), "the building lies outside the office's kabupaten"),
    Defect("ktp_kecamatan_mismatch", "ktp.kecamatan_mismatch", ("ktp",), ("nik", "kecamatan"),
           "the KTP's Kecamatan is not the district of the NIK"),
)

BY_CODE: dict[str, Defect] = {d.code: d for d in DEFECTS}
