"""KTP rules: the NIK against what the card prints, allowed values, validity, places.

domain.md §1, §2 and §8 rules 1-8. A NIK keeps the region and birth date of its first
registration, so mismatches with the header, the Kecamatan or the printed date are warnings;
a sex mismatch is an error.
"""

from __future__ import annotations

import datetime as dt
import re

from core import regions as _regions
from core.models import Document, Finding
from validators import nik as nik_mod
from validators._problems import Problem
from validators.rules import _ktp_values as values
from validators.rules._common import emit, emit_problems, iso_date, readable, required, today

_RT_RW = re.compile(r"\d{3}/\d{3}")


def check_ktp(doc: Document, office: str | None = None) -> list[Finding]:
    """Every KTP rule over ``doc`` (``office`` is unused: a KTP may come from anywhere)."""
    del office
    found = required(doc, ("nik", "nama"))
    found += values.check_values(doc)
    found += _dates(doc)
    found += _rt_rw(doc)
    found += _nik(doc)
    found += _places(doc)
    return found


def _nik(doc: Document) -> list[Finding]:
    raw = readable(doc, "nik")
    if not raw:
        return []
    try:
        problems = nik_mod.problems(raw)
    except ValueError as err:
        problems = [Problem(nik_mod.FORMAT, "format", getattr(err, "params", {"value": raw}))]
    found = emit_problems(problems, [(doc, "nik")])
    if any(p.code == nik_mod.FORMAT for p in problems):
        return found
    nik = nik_mod.compact(raw)
    found += _sex(doc, nik)
    if not any(p.code == "nik.date_invalid" for p in problems):
        found += _birth_date(doc, nik)
    found += _nik_regions(doc, nik)
    return found


def _sex(doc: Document, nik: str) -> list[Finding]:
    printed = (doc.value("jenis_kelamin") or "").upper()
    day = int(nik[6:8])
    if printed not in values.SEX or not (1 <= day <= 31 or 41 <= day <= 71):
        return []
    female = day > 40
    if values.SEX[printed] == ("P" if female else "L"):
        return []
    return [emit("nik.sex_mismatch", [(doc, "nik"), (doc, "jenis_kelamin")], day=nik[6:8],
                 nik_sex_id="PEREMPUAN" if female else "LAKI-LAKI",
                 nik_sex_en="a woman" if female else "a man", printed=printed)]


def _birth_date(doc: Document, nik: str) -> list[Finding]:
    printed = iso_date(doc.value("tanggal_lahir"))
    if printed is None:
        return []
    day, month, _ = nik_mod.day_month(nik)
    if (day, month, int(nik[10:12])) == (printed.day, printed.month, printed.year % 100):
        return []
    return [emit("nik.birth_date_mismatch", [(doc, "nik"), (doc, "tanggal_lahir")],
                 nik_date=f"{day:02d}-{month:02d}-{nik[10:12]}",
                 printed=printed.strftime("%d-%m-%Y"))]


def _nik_regions(doc: Document, nik: str) -> list[Finding]:
    """NIK province/regency vs the header, NIK district vs the printed Kecamatan (warnings)."""
    checks = (("provinsi", nik[:2], 1, "ktp.province_mismatch"),
              ("kabupaten_kota", f"{nik[:2]}.{nik[2:4]}", 2, "ktp.regency_mismatch"),
              ("kecamatan", f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}", 3, "ktp.kecamatan_mismatch"))
    found = []
    for name, code, level, finding in checks:
        printed, official = doc.value(name), _regions.region_name(code)
        if not printed or not official or _regions.same_place(printed, official, level=level):
            continue
        found.append(emit(finding, [(doc, "nik"), (doc, name)], nik_name=official.upper(),
                          printed=printed))
    return found


def _header_regency(doc: Document) -> str | None:
    """The code of the kabupaten/kota printed in the header (the holder's residence)."""
    province = _regions.province_by_name(doc.value("provinsi") or "")
    if province is None:
        return None
    return _regions.regency_by_name(province, doc.value("kabupaten_kota") or "")


def _places(doc: Document) -> list[Finding]:
    """The Kecamatan is a district of the header's regency, the Kel/Desa a village of it."""
    regency, kecamatan = _header_regency(doc), doc.value("kecamatan")
    if regency is None or not kecamatan:
        return []
    district = _regions.district_by_name(regency, kecamatan)
    if district is None:
        return [emit("ktp.kecamatan_unknown", [(doc, "kecamatan"), (doc, "kabupaten_kota")],
                     printed=kecamatan, regency=_regions.region_name(regency))]
    kel_desa = doc.value("kel_desa")
    if not kel_desa or _regions.village_by_name(district, kel_desa) is not None:
        return []
    return [emit("ktp.kel_desa_unknown", [(doc, "kel_desa"), (doc, "kecamatan")],
                 printed=kel_desa, district=_regions.region_name(district))]


def _dates(doc: Document) -> list[Finding]:
    found = []
    born = iso_date(doc.value("tanggal_lahir"))
    issued = iso_date(doc.value("tanggal_terbit"))
    for name, date in (("tanggal_lahir", born), ("tanggal_terbit", issued)):
        if date is not None and date > today():  # a date not read as one says nothing
            found.append(_implausible(doc, name, "di masa depan", "in the future"))
    if born and issued and issued < born:
        found.append(_implausible(doc, "tanggal_terbit", "sebelum lahir", "before birth"))
    elif born and issued:
        found += _too_young(doc, born, issued)
    return found


def _implausible(doc: Document, name: str, reason_id: str, reason_en: str) -> Finding:
    return emit("ktp.date_implausible", [(doc, name)], field=name, value=doc.value(name),
                reason_id=reason_id, reason_en=reason_en)


def _too_young(doc: Document, born: dt.date, issued: dt.date) -> list[Finding]:
    age = issued.year - born.year - ((issued.month, issued.day) < (born.month, born.day))
    status = (doc.value("status_perkawinan") or "").upper()
    if age >= 17 or status not in ("BELUM KAWIN", "SINGLE"):
        return []
    return [emit("ktp.holder_too_young",
                 [(doc, "tanggal_lahir"), (doc, "tanggal_terbit"), (doc, "status_perkawinan")],
                 age=age)]


def _rt_rw(doc: Document) -> list[Finding]:
    value = doc.value("rt_rw")
    if not value:
        return []
    if _RT_RW.fullmatch(value) and "000" not in value.split("/"):
        return []
    return [emit("ktp.rt_rw_invalid", [(doc, "rt_rw")], value=value)]
