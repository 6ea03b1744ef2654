"""Allowed values of the KTP's enumerated fields (domain.md §1), WNI and WNA cards, and validity.

Foreigners' cards (Kewarganegaraan = a country) print sex, religion, marital status and
occupation in English. Spellings vary across systems, so values are normalised first.
"""

from __future__ import annotations

from core.models import Document, Finding
from validators.rules._common import emit, iso_date, today

SEX = {"LAKI-LAKI": "L", "PEREMPUAN": "P", "MALE": "L", "FEMALE": "P"}
BLOOD = frozenset({"A", "B", "AB", "O", "A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-", "-",
                   "TIDAK TAHU"})
RELIGION_ALIASES = {"KATOLIK": "KATHOLIK", "BUDDHA": "BUDHA", "KONGHUCU": "KHONGHUCU",
                    "KEPERCAYAAN TERHADAP TUHAN YANG MAHA ESA": "KEPERCAYAAN TERHADAP TUHAN YME"}
RELIGION = frozenset({"ISLAM", "KRISTEN", "KATHOLIK", "HINDU", "BUDHA", "KHONGHUCU",
                      "KEPERCAYAAN TERHADAP TUHAN YME", "-"})
RELIGION_EN = frozenset({"ISLAM", "MOSLEM", "MUSLIM", "CHRISTIAN", "CHRISTIANITY", "CATHOLIC",
                         "HINDU", "HINDUISM", "BUDDHIST", "BUDDHISM", "CONFUCIANISM",
                         "CONFUCIAN", "OTHERS"})
MARITAL = frozenset({"BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"})
MARITAL_EN = frozenset({"SINGLE", "MARRIED", "DIVORCED", "WIDOWED", "WIDOW", "WIDOWER"})
PEKERJAAN = frozenset((
    "BELUM/TIDAK BEKERJA", "MENGURUS RUMAH TANGGA", "PELAJAR/MAHASISWA", "PENSIUNAN",
    "PEGAWAI NEGERI SIPIL", "TENTARA NASIONAL INDONESIA", "KEPOLISIAN RI", "PERDAGANGAN",
    "PETANI/PEKEBUN", "PETERNAK", "NELAYAN/PERIKANAN", "INDUSTRI", "KONSTRUKSI",
    "TRANSPORTASI", "KARYAWAN SWASTA", "KARYAWAN BUMN", "KARYAWAN BUMD", "KARYAWAN HONORER",
    "BURUH HARIAN LEPAS", "BURUH TANI/PERKEBUNAN", "BURUH NELAYAN/PERIKANAN",
    "BURUH PETERNAKAN", "PEMBANTU RUMAH TANGGA", "TUKANG CUKUR", "TUKANG LISTRIK",
    "TUKANG BATU", "TUKANG KAYU", "TUKANG SOL SEPATU", "TUKANG LAS/PANDAI BESI",
    "TUKANG JAHIT", "TUKANG GIGI", "PENATA RIAS", "PENATA BUSANA", "PENATA RAMBUT", "MEKANIK",
    "SENIMAN", "TABIB", "PARAJI", "PERANCANG BUSANA", "PENTERJEMAH", "IMAM MASJID", "PENDETA",
    "PASTOR", "WARTAWAN", "USTADZ/MUBALIGH", "JURU MASAK", "PROMOTOR ACARA", "ANGGOTA DPR-RI",
    "ANGGOTA DPD", "ANGGOTA BPK", "PRESIDEN", "WAKIL PRESIDEN", "ANGGOTA MAHKAMAH KONSTITUSI",
    "ANGGOTA KABINET/KEMENTERIAN", "DUTA BESAR", "GUBERNUR", "WAKIL GUBERNUR", "BUPATI",
    "WAKIL BUPATI", "WALIKOTA", "WAKIL WALIKOTA", "ANGGOTA DPRD PROVINSI",
    "ANGGOTA DPRD KABUPATEN/KOTA", "DOSEN", "GURU", "PILOT", "PENGACARA", "NOTARIS", "ARSITEK",
    "AKUNTAN", "KONSULTAN", "DOKTER", "BIDAN", "PERAWAT", "APOTEKER", "PSIKIATER/PSIKOLOG",
    "PENYIAR TELEVISI", "PENYIAR RADIO", "PELAUT", "PENELITI", "SOPIR", "PIALANG",
    "PARANORMAL", "PEDAGANG", "PERANGKAT DESA", "KEPALA DESA", "BIARAWATI", "WIRASWASTA",
    "LAINNYA",
))
"""The Dukcapil (SIAK) occupation list (rikysetiomulyo/id-ktp-occupations)."""
LIFETIME = "SEUMUR HIDUP"


def is_wna(doc: Document) -> bool:
    """Whether the card is a foreigner's (Kewarganegaraan is not WNI)."""
    value = (doc.value("kewarganegaraan") or "WNI").upper().strip()
    return value not in ("WNI", "INDONESIA")


def _allowed(doc: Document) -> dict[str, frozenset[str]]:
    if is_wna(doc):
        return {"jenis_kelamin": frozenset(SEX), "golongan_darah": BLOOD,
                "agama": RELIGION | RELIGION_EN, "status_perkawinan": MARITAL | MARITAL_EN}
    return {"jenis_kelamin": frozenset(("LAKI-LAKI", "PEREMPUAN")), "golongan_darah": BLOOD,
            "agama": RELIGION, "status_perkawinan": MARITAL}


def _normal(name: str, value: str) -> str:
    value = " ".join(value.upper().split())
    return RELIGION_ALIASES.get(value, value) if name == "agama" else value


def check_values(doc: Document) -> list[Finding]:
    """Enumerated fields in their allowed sets; Pekerjaan in the list; Berlaku Hingga."""
    found = []
    for name, allowed in _allowed(doc).items():
        value = doc.value(name)
        if value is None or _normal(name, value) in allowed:
            continue
        shown = ", ".join(sorted(allowed)) if len(allowed) < 9 else f"{len(allowed)} nilai"
        found.append(emit("ktp.value_not_allowed", [(doc, name)], field=name, value=value,
                          allowed=shown))
    job = doc.value("pekerjaan")
    if job and not is_wna(doc) and _normal("pekerjaan", job) not in PEKERJAAN:
        found.append(emit("ktp.pekerjaan_unlisted", [(doc, "pekerjaan")], value=job))
    return found + _validity(doc)


def _validity(doc: Document) -> list[Finding]:
    """WNI: SEUMUR HIDUP, or a date on early cards (still valid); WNA: a date, not past."""
    value = doc.value("berlaku_hingga")
    if not value:
        return []
    value = " ".join(value.upper().split())
    date, wna = iso_date(value), is_wna(doc)
    ref = [(doc, "berlaku_hingga"), (doc, "kewarganegaraan")]
    citizenship = "WNA" if wna else "WNI"
    if not wna and value == LIFETIME:
        return []
    if not wna and date is not None:
        return [emit("ktp.berlaku_date_wni", ref[:1], value=value)]
    if wna and date is not None:
        return [] if date >= today() else [emit("ktp.expired", ref, value=value)]
    reason = ("WNA wajib bertanggal (masa KITAP)", "a foreigner's card needs a date (KITAP)") \
        if wna and value == LIFETIME else ("bukan tanggal atau SEUMUR HIDUP",
                                           "neither a date nor SEUMUR HIDUP")
    return [emit("ktp.berlaku_invalid", ref, value=value, citizenship=citizenship,
                 reason_id=reason[0], reason_en=reason[1])]
