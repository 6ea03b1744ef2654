"""The OSS registration record of an individual (perorangan) UMK applicant, with provenance.

``RECORD_FIELDS`` is the one schema of the record: today's OSS RBA form in its order and sections
(Perban BKPM 4/2021 ps. 19 minimum data and the "Detail per KBLI" of the business plan), each
value's labels, the document fields it is prefilled from (in order of authority: OSS takes
identity from Dukcapil, so the KTP comes first), and the values the form offers. A value no
document carries is filled by the clerk ("diisi petugas"); the rules that check what a clerk
types are :data:`validators.business.FIELD_RULES`. Adding a record field is adding a row here:
the prefill, the desk form, the exports and the README's table of the form follow it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, Field, model_validator

from core.models import BBox, DocType


class Section(StrEnum):
    """The parts of today's OSS RBA form of an individual (perorangan) UMK applicant, in order."""

    IDENTITAS = "identitas"
    """Data pelaku usaha: OSS takes them from Dukcapil by the NIK (Perban BKPM 4/2021 ps. 19)."""
    NPWP = "npwp"
    KONTAK = "kontak"
    USAHA = "usaha"
    """Data usaha, one entry per KBLI ("Detail per KBLI")."""
    LOKASI_USAHA = "lokasi_usaha"
    MODAL_USAHA = "modal_usaha"
    TENAGA_KERJA = "tenaga_kerja"
    JAMINAN_SOSIAL = "jaminan_sosial"
    PERSETUJUAN_BANGUNAN = "persetujuan_bangunan"


class RecordField(NamedTuple):
    """One value of the record: where it goes on the form and where it comes from."""

    name: str
    section: Section
    label_id: str
    label_en: str
    sources: tuple[tuple[DocType, str], ...] = ()
    """Document fields that provide the value, most authoritative first; empty: the clerk's
    ("diisi petugas": no document the applicant brings carries it)."""
    choices: tuple[str, ...] = ()
    """The values the OSS form offers (a clerk may still type another)."""


_K, _N, _P = DocType.KTP, DocType.NPWP, DocType.PERMIT
_S = Section
_YA_TIDAK = ("YA", "TIDAK")

RECORD_FIELDS: tuple[RecordField, ...] = (
    # Data pelaku usaha (from Dukcapil by the NIK; the KTP shows what OSS will find)
    RecordField("nik", _S.IDENTITAS, "NIK", "NIK", ((_K, "nik"), (_N, "nik"), (_P, "nik"))),
    RecordField("nama", _S.IDENTITAS, "Nama Lengkap", "Full name", ((_K, "nama"), (_N, "nama"))),
    RecordField("tempat_lahir", _S.IDENTITAS, "Tempat Lahir", "Place of birth",
                ((_K, "tempat_lahir"),)),
    RecordField("tanggal_lahir", _S.IDENTITAS, "Tanggal Lahir", "Date of birth",
                ((_K, "tanggal_lahir"),)),
    RecordField("jenis_kelamin", _S.IDENTITAS, "Jenis Kelamin", "Sex", ((_K, "jenis_kelamin"),),
                choices=("LAKI-LAKI", "PEREMPUAN")),
    RecordField("alamat", _S.IDENTITAS, "Alamat", "Address", ((_K, "alamat"),)),
    RecordField("rt_rw", _S.IDENTITAS, "RT/RW", "RT/RW", ((_K, "rt_rw"),)),
    RecordField("kel_desa", _S.IDENTITAS, "Kelurahan/Desa", "Village", ((_K, "kel_desa"),)),
    RecordField("kecamatan", _S.IDENTITAS, "Kecamatan", "District", ((_K, "kecamatan"),)),
    RecordField("kabupaten_kota", _S.IDENTITAS, "Kabupaten/Kota", "Regency/City",
                ((_K, "kabupaten_kota"),)),
    RecordField("provinsi", _S.IDENTITAS, "Provinsi", "Province", ((_K, "provinsi"),)),
    # NPWP of the individual: 16 digits, the NIK (PMK 112/2022)
    RecordField("npwp", _S.NPWP, "NPWP (16 digit)", "Tax number (16 digits)", ((_N, "npwp"),)),
    # Kontak: mobile number and/or e-mail
    RecordField("telepon", _S.KONTAK, "Nomor Telepon Seluler", "Mobile number"),
    RecordField("email", _S.KONTAK, "Email", "E-mail"),
    # Data usaha: detail per KBLI
    RecordField("kbli", _S.USAHA, "Kode KBLI", "KBLI codes"),
    RecordField("jenis_kegiatan", _S.USAHA, "Jenis Kegiatan Usaha", "Activity type",
                choices=("UTAMA", "PENDUKUNG", "CABANG ADMINISTRASI", "PENDUKUNG UMKU",
                         "SATU LINI PRODUKSI")),
    RecordField("produk", _S.USAHA, "Produk/Jasa", "Products/services"),
    RecordField("nama_usaha", _S.USAHA, "Nama Usaha", "Business name"),
    RecordField("sudah_beroperasi", _S.USAHA, "Sudah Beroperasi?", "Already operating?",
                choices=_YA_TIDAK),
    # Lokasi usaha: down to RT/RW and kelurahan/desa, with the location point
    RecordField("jenis_lokasi", _S.LOKASI_USAHA, "Jenis Lokasi", "Land or sea",
                choices=("DARAT", "LAUT")),
    RecordField("lokasi_usaha", _S.LOKASI_USAHA, "Alamat Lokasi Usaha", "Business address",
                ((_P, "lokasi"),)),
    RecordField("lokasi_rt_rw", _S.LOKASI_USAHA, "RT/RW Lokasi Usaha", "Business RT/RW"),
    RecordField("lokasi_kel_desa", _S.LOKASI_USAHA, "Kelurahan/Desa Lokasi Usaha",
                "Business village", ((_P, "lokasi_kel_desa"),)),
    RecordField("lokasi_kecamatan", _S.LOKASI_USAHA, "Kecamatan Lokasi Usaha",
                "Business district", ((_P, "lokasi_kecamatan"),)),
    RecordField("lokasi_kabupaten_kota", _S.LOKASI_USAHA, "Kabupaten/Kota Lokasi Usaha",
                "Business regency/city", ((_P, "lokasi_kabupaten_kota"),)),
    RecordField("lokasi_provinsi", _S.LOKASI_USAHA, "Provinsi Lokasi Usaha",
                "Business province"),
    RecordField("kode_pos", _S.LOKASI_USAHA, "Kode Pos Lokasi Usaha", "Business postal code"),
    RecordField("koordinat", _S.LOKASI_USAHA, "Titik Koordinat (lintang, bujur)",
                "Location point (latitude, longitude)"),
    RecordField("luas_lahan", _S.LOKASI_USAHA, "Luas Lahan (m²)", "Land area (m²)",
                ((_P, "luas_tanah"),)),
    # Modal usaha: decides the scale (UMK or not), land and buildings excluded (PP 7/2021 ps. 35)
    RecordField("modal_tetap", _S.MODAL_USAHA,
                "Modal Tetap (Rp, di luar tanah dan bangunan)",
                "Fixed capital (Rp, excluding land and buildings)"),
    RecordField("modal_kerja", _S.MODAL_USAHA, "Modal Kerja (Rp)", "Working capital (Rp)"),
    # Tenaga kerja Indonesia, by sex
    RecordField("tenaga_kerja_laki", _S.TENAGA_KERJA, "Tenaga Kerja Laki-laki (orang)",
                "Male workers"),
    RecordField("tenaga_kerja_perempuan", _S.TENAGA_KERJA, "Tenaga Kerja Perempuan (orang)",
                "Female workers"),
    # Kepesertaan BPJS (OSS enrols the business when the NIB is issued)
    RecordField("bpjs_kesehatan", _S.JAMINAN_SOSIAL, "Nomor BPJS Kesehatan",
                "BPJS health number"),
    RecordField("bpjs_ketenagakerjaan", _S.JAMINAN_SOSIAL, "Nomor BPJS Ketenagakerjaan (KPJ)",
                "BPJS employment number (KPJ)"),
    # Persetujuan bangunan gedung: the permit the applicant brings
    RecordField("pbg_jenis", _S.PERSETUJUAN_BANGUNAN, "Jenis Persetujuan", "Permit type",
                ((_P, "jenis"),), choices=("PBG", "IMB")),
    RecordField("pbg_nomor", _S.PERSETUJUAN_BANGUNAN, "Nomor PBG/IMB", "Permit number",
                ((_P, "nomor"),)),
    RecordField("pbg_tanggal", _S.PERSETUJUAN_BANGUNAN, "Tanggal PBG/IMB", "Permit date",
                ((_P, "tanggal"),)),
    RecordField("pbg_fungsi", _S.PERSETUJUAN_BANGUNAN, "Fungsi Bangunan", "Building use",
                ((_P, "fungsi"),)),
    RecordField("pbg_luas_bangunan", _S.PERSETUJUAN_BANGUNAN, "Luas Bangunan (m²)",
                "Floor area (m²)", ((_P, "luas_bangunan"),)),
)

RECORD_FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in RECORD_FIELDS)
FIELDS_BY_NAME: dict[str, RecordField] = {f.name: f for f in RECORD_FIELDS}


class Origin(StrEnum):
    """Where a record value came from."""

    DOCUMENT = "document"
    CLERK = "clerk"
    EMPTY = "empty"
    """Not printed on any document: to be filled by the clerk."""
    UNREAD = "unread"
    """Printed on a document of the case but not read (*tidak terbaca*: no value, unreadable
    glyphs ``?`` or too low a confidence, :func:`validators.rules._common.readable`): the
    clerk types it from the original; ``source`` names the document field."""


class Source(BaseModel):
    """The document field a value was read from."""

    doc_type: DocType
    field: str
    file: str
    page: int = 1
    confidence: float = 0.0
    bbox: BBox | None = None


class Candidate(BaseModel):
    """One document's value for a record field."""

    value: str
    source: Source


class RecordValue(BaseModel):
    """A record value with its provenance; disagreeing sources are kept side by side."""

    value: str | None = None
    origin: Origin = Origin.EMPTY
    source: Source | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    """Every document value that was read for this field (the chosen one included)."""
    note: str | None = None
    read: str | None = None
    """With origin ``unread``: what the document showed (``6311072?07032?27``, ``?`` for each
    unreadable glyph), a hint for the clerk and never the value."""

    @property
    def unread(self) -> bool:
        """True when the document printing this value could not be read (*tidak terbaca*)."""
        return self.origin == Origin.UNREAD

    @property
    def conflict(self) -> bool:
        """True when the documents disagree on this value."""
        return len({c.value for c in self.candidates}) > 1


class OssRecord(BaseModel):
    """The prefilled OSS registration record of an individual applicant."""

    person_type: str = "perorangan"
    values: dict[str, RecordValue] = Field(
        default_factory=lambda: {name: RecordValue() for name in RECORD_FIELD_NAMES}
    )

    @model_validator(mode="after")
    def _every_field(self) -> OssRecord:
        """A record stored under an older form gets the fields added since, empty; a document
        value holding unreadable glyphs (``?``, prefilled before *tidak terbaca* existed) is
        unread, never a value to export."""
        for name in RECORD_FIELD_NAMES:
            self.values.setdefault(name, RecordValue())
        for name, rv in self.values.items():
            if rv.origin == Origin.DOCUMENT and rv.value is not None and "?" in rv.value:
                self.values[name] = rv.model_copy(update={
                    "value": None, "origin": Origin.UNREAD, "read": rv.value,
                    "candidates": [c for c in rv.candidates if "?" not in c.value]})
        return self

    def get(self, name: str) -> str | None:
        """The value of record field ``name``."""
        return self.values[name].value

    def ordered(self) -> list[tuple[RecordField, RecordValue]]:
        """Every field with its value, in the order of the OSS form."""
        return [(f, self.values.get(f.name, RecordValue())) for f in RECORD_FIELDS]
