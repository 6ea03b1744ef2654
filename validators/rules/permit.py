"""Building-permit (PBG/IMB) rules: number vs location, the office's regency, areas, dates.

A PBG decree number is ``SK-PBG-<6-digit kecamatan>-<DDMMYYYY>-<NNN>`` (SIMBG); its district
must be the building's. The office only handles buildings of its kabupaten (``INTAKE_OFFICE``).
"""

from __future__ import annotations

import datetime as dt
import re

from core import regions as _regions
from core.models import Document, Finding
from core.settings import get_settings
from validators import nik as nik_mod
from validators.rules._common import emit, iso_date, readable, required, today

PBG_NUMBER = re.compile(r"SK-PBG-(\d{6})-(\d{2})(\d{2})(\d{4})-(\d{3})")
PBG_START = dt.date(2021, 2, 2)
"""PP 16/2021 (PBG replaces IMB) was promulgated on 2 February 2021."""
MAX_AREA = 1_000_000.0
MAX_STOREYS = 100


def check_permit(doc: Document, office: str | None = None) -> list[Finding]:
    """Every permit rule over ``doc``; ``office`` defaults to the ``INTAKE_OFFICE`` setting."""
    office = office or get_settings().office
    found = required(doc, ("nomor", "nama_pemilik"))
    jenis = (doc.value("jenis") or "").upper()
    if jenis and jenis not in ("PBG", "IMB"):
        found.append(emit("permit.jenis_invalid", [(doc, "jenis")], value=jenis))
    found += _location(doc, office)
    if jenis == "PBG":
        found += _number(doc)
    found += _date(doc, jenis or "izin")
    found += _areas(doc)
    found += _nik(doc)
    return found


def _location(doc: Document, office: str) -> list[Finding]:
    """The building in the office's regency, its kecamatan and kel/desa real there."""
    office_name = _regions.region_name(office) or office
    # a kabupaten/kota permits buildings of its own area: without a printed regency, the
    # issuing government of the letterhead (penerbit) tells where the building lies
    where = "lokasi_kabupaten_kota" if doc.value("lokasi_kabupaten_kota") else "penerbit"
    regency = doc.value(where)
    if regency and not _regions.same_place(regency, office_name, level=2):
        return [emit("permit.outside_office", [(doc, where)],
                     printed=regency, office_name=office_name.upper())]
    kecamatan = doc.value("lokasi_kecamatan")
    if not kecamatan:
        return []
    district = _regions.district_by_name(office, kecamatan)
    if district is None:
        code = "permit.location_unknown" if regency else "permit.outside_office"
        params = {"parent": office_name.upper()} if regency else \
            {"office_name": office_name.upper()}
        return [emit(code, [(doc, "lokasi_kecamatan")], printed=kecamatan, **params)]
    kel_desa = doc.value("lokasi_kel_desa")
    if not kel_desa or _regions.village_by_name(district, kel_desa) is not None:
        return []
    return [emit("permit.location_unknown", [(doc, "lokasi_kel_desa")], printed=kel_desa,
                 parent=f"KECAMATAN {kecamatan}")]


def _number(doc: Document) -> list[Finding]:
    value = " ".join((doc.value("nomor") or "").upper().split())
    if not value:
        return []
    match = PBG_NUMBER.fullmatch(value.replace(" ", ""))
    if match is None:
        return [emit("permit.number_format", [(doc, "nomor")], value=value)]
    found = []
    code6, dd, mm, yyyy = match.group(1, 2, 3, 4)
    code = f"{code6[:2]}.{code6[2:4]}.{code6[4:]}"
    code_name = _regions.region_name(code)
    printed = doc.value("lokasi_kecamatan")
    if printed and not (code_name and _regions.same_place(printed, code_name, level=3)):
        found.append(emit("permit.number_district_mismatch",
                          [(doc, "nomor"), (doc, "lokasi_kecamatan")], region=code,
                          code_name=(code_name or "tidak dikenal").upper(), printed=printed))
    issued = iso_date(doc.value("tanggal"))
    if issued and (int(dd), int(mm), int(yyyy)) != (issued.day, issued.month, issued.year):
        found.append(emit("permit.number_date_mismatch", [(doc, "nomor"), (doc, "tanggal")],
                          number_date=f"{dd}-{mm}-{yyyy}", printed=issued.strftime("%d-%m-%Y")))
    return found


def _date(doc: Document, jenis: str) -> list[Finding]:
    value = doc.value("tanggal")
    if not value:
        return []
    date = iso_date(value)
    reason = None
    if date is None:  # not read as a date: nothing to judge
        return []
    if date > today():
        reason = ("di masa depan", "in the future")
    elif jenis == "PBG" and date < PBG_START:
        reason = ("PBG baru ada sejak PP 16/2021", "PBG exists only since PP 16/2021")
    if reason is None:
        return []
    return [emit("permit.date_implausible", [(doc, "tanggal")], jenis=jenis, value=value,
                 reason_id=reason[0], reason_en=reason[1])]


def _number_of(doc: Document, name: str) -> float | None:
    """The number in field ``name``; ``None`` when absent or not read as a number."""
    value = doc.value(name)
    try:
        number = float(value) if value else None
    except ValueError:
        return None
    return None if number is None or number != number else number


def _area_reason(building: float | None, storeys: float | None,
                 land: float | None) -> tuple[str, str] | None:
    for label, v, top in (("luas bangunan", building, MAX_AREA), ("jumlah lantai", storeys,
                          MAX_STOREYS), ("luas tanah", land, MAX_AREA)):
        if v is not None and not 0 < v <= top:
            return f"{label} {v:g} di luar 0-{top:g}", f"{label} {v:g} outside 0-{top:g}"
    if storeys is not None and storeys != int(storeys):
        return "jumlah lantai bukan bilangan bulat", "storeys not a whole number"
    if building and storeys and land and building / storeys > land * 1.05:
        footprint = building / storeys
        return (f"luas dasar {footprint:g} m² > luas tanah {land:g} m²",
                f"footprint {footprint:g} m² > land {land:g} m²")
    return None


def _areas(doc: Document) -> list[Finding]:
    names = ("luas_bangunan", "jumlah_lantai", "luas_tanah")
    reason = _area_reason(*(_number_of(doc, n) for n in names))
    if reason is None:
        return []
    refs = [(doc, n) for n in names if doc.value(n)]
    return [emit("permit.area_implausible", refs, reason_id=reason[0], reason_en=reason[1])]


def _nik(doc: Document) -> list[Finding]:
    value = readable(doc, "nik")
    if not value:
        return []
    try:
        nik_mod.validate(value)
    except ValueError as err:
        code = getattr(err, "code", nik_mod.FORMAT)
        return [emit("permit.nik_invalid", [(doc, "nik")], reason_id=code,
                     reason_en=str(err))]
    return []
