"""Injecting one defect into a consistent case: what is printed wrong, everything else kept."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from faker import Faker
from stdnum import luhn

from samples.defects import DEFECTS
from samples.places import district, random_regency, upper, village

NPWP_PREFIXES = ("07", "08", "09", "24", "25", "26", "47", "48", "49", "57", "58", "77", "78")
BAD_PROVINCES = ("29", "39", "49", "59")
Docs = dict[str, dict[str, Any]]


def make_npwp15(rng: random.Random, kpp: str = "731") -> str:
    """A 15-digit NPWP whose ninth digit is the Luhn check digit of the first eight."""
    body = rng.choice(NPWP_PREFIXES) + f"{rng.randrange(10**6):06d}"
    return body + luhn.calc_check_digit(body) + kpp + "000"


def _other_nik(rng: random.Random, nik: str) -> str:
    while (other := nik[:12] + f"{rng.randint(1, 2999):04d}") == nik:
        pass
    return other


def _shift_birth_date(rng: random.Random, ktp: dict[str, Any]) -> str:
    born = date.fromisoformat(ktp["tanggal_lahir"])
    shifted = born + timedelta(days=rng.choice((-40, -9, 3, 17, 61)))
    if shifted.month == 2 and shifted.day == 29:
        shifted = born + timedelta(days=3)
    ktp["tanggal_lahir"] = shifted.replace(year=born.year).isoformat()
    return f"printed birth date {ktp['tanggal_lahir']}, NIK says {ktp['nik'][6:12]}"


def _impossible_date(rng: random.Random, nik: str) -> tuple[str, str]:
    """The NIK with a DDMM that no calendar has (for either sex): day 32-39, month 13, 30-02."""
    women = 40 if int(nik[6:8]) > 40 else 0
    kind = rng.choice(("day", "month", "feb30"))
    if kind == "day":
        day = rng.randint(32, 39)
        return f"{nik[:6]}{day + women:02d}{nik[8:]}", f"NIK day {day} does not exist"
    if kind == "month":
        return f"{nik[:8]}13{nik[10:]}", "NIK month 13"
    return f"{nik[:6]}{30 + women:02d}02{nik[10:]}", "NIK date 30-02"


def inject_ktp(defect: str, rng: random.Random, docs: Docs) -> str:
    """KTP-level defects; return a note of what was done."""
    ktp = docs["ktp"]
    nik = ktp["nik"]
    if defect == "nik_region_unknown":
        new = rng.choice(BAD_PROVINCES) + nik[2:]
        return _set_nik(docs, new, f"NIK province {new[:2]} exists in no table")
    if defect == "nik_birth_date_mismatch":
        return _shift_birth_date(rng, ktp)
    if defect == "nik_sex_mismatch":
        male = ktp["jenis_kelamin"] == "LAKI-LAKI"
        ktp["jenis_kelamin"] = "PEREMPUAN" if male else "LAKI-LAKI"
        return f"NIK day {nik[6:8]}, card prints {ktp['jenis_kelamin']}"
    if defect == "nik_date_invalid":
        return _set_nik(docs, *_impossible_date(rng, nik))
    if defect == "nik_serial_zero":
        return _set_nik(docs, nik[:12] + "0000", "NIK serial 0000")
    reg = nik[:2] + "." + nik[2:4]
    dist_code, dist_name = district(rng, reg, exclude=f"{reg}.{nik[4:6]}")
    ktp["kecamatan"], ktp["kel_desa"] = upper(dist_name), village(rng, dist_code)
    return f"Kecamatan {ktp['kecamatan']} is not the NIK's district {nik[4:6]}"


def inject_other(defect: str, rng: random.Random, fake: Faker, docs: Docs, office: str) -> str:
    """NPWP and permit defects; return a note of what was done."""
    npwp, permit, nik = docs["npwp"], docs["permit"], docs["ktp"]["nik"]
    if defect == "npwp_check_digit":
        good = make_npwp15(rng)
        npwp["npwp"] = good[:8] + str((int(good[8]) + rng.randint(1, 9)) % 10) + good[9:]
        return f"check digit {npwp['npwp'][8]} instead of {good[8]}"
    if defect == "npwp_nik_mismatch":
        npwp["npwp"] = make_npwp15(rng)
        npwp["nik"] = _other_nik(rng, nik)
        return "NPWP card's NIK line is another NIK"
    if defect == "npwp16_not_nik":
        npwp["npwp"] = _other_nik(rng, nik)
        return "16-digit NPWP is another person's NIK"
    if defect == "npwp_name_other":
        npwp["nama"] = upper(f"{fake.first_name()} {fake.last_name()}")
        return f"NPWP name {npwp['nama']}"
    if defect == "permit_owner_other":
        permit["nama_pemilik"] = upper(f"{fake.first_name()} {fake.last_name()}")
        permit["nik"] = None
        return f"permit owner {permit['nama_pemilik']}"
    if defect == "permit_outside_office":
        return _move_permit(rng, permit, office)
    raise ValueError(f"unknown defect {defect}")


KTP_DEFECTS = frozenset(d.code for d in DEFECTS if d.code.startswith(("nik_", "ktp_")))


def _set_nik(docs: Docs, new: str, note: str) -> str:
    """Put ``new`` everywhere the case prints the applicant's NIK."""
    old = docs["ktp"]["nik"]
    docs["ktp"]["nik"] = new
    if docs["npwp"]["npwp"] == old:
        docs["npwp"]["npwp"] = new
    docs["npwp"]["nik"] = new
    if docs["permit"]["nik"] == old:
        docs["permit"]["nik"] = new
    return note


def _move_permit(rng: random.Random, permit: dict[str, Any], office: str) -> str:
    reg_code, reg_name = random_regency(rng, exclude=office)
    dist_code, dist_name = district(rng, reg_code)
    permit["lokasi_kel_desa"] = village(rng, dist_code)
    permit["lokasi_kecamatan"] = upper(dist_name)
    permit["lokasi_kabupaten_kota"] = upper(reg_name)
    if permit["jenis"] == "PBG":
        parts = permit["nomor"].split("-")
        parts[2] = dist_code.replace(".", "")
        permit["nomor"] = "-".join(parts)
    return f"building in {reg_name} ({reg_code})"


def defect_for(index: int, defect_rate: float) -> str | None:
    """The defect of case ``index`` (1-based): defective cases cycle through every kind."""
    before, upto = int((index - 1) * defect_rate), int(index * defect_rate)
    if upto == before:
        return None
    return DEFECTS[before % len(DEFECTS)].code


def inject(code: str, rng: random.Random, fake: Faker, docs: Docs, office: str) -> str:
    """Alter ``docs`` (printed values) for the defect ``code``; return a note of what was done."""
    if code in KTP_DEFECTS:
        return inject_ktp(code, rng, docs)
    return inject_other(code, rng, fake, docs, office)
