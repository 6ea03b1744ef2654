"""The OSS registration record of an individual (perorangan) applicant, with provenance.

``RECORD_FIELDS`` is the one schema of the record: the order a clerk types the values into the OSS
form, their section and labels, and the document fields each value is prefilled from (in order of
authority: OSS takes identity from Dukcapil, so the KTP comes first). Adding a record field is
adding a row there.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, Field

from core.models import BBox, DocType


class Section(StrEnum):
    """The parts of the OSS form, in order."""

    IDENTITAS = "identitas"
    NPWP = "npwp"
    KONTAK = "kontak"
    USAHA = "usaha"
    PERSETUJUAN_BANGUNAN = "persetujuan_bangunan"


class RecordField(NamedTuple):
    """One value of the record: where it goes on the form and where it comes from."""

    name: str
    section: Section
    label_id: str
    label_en: str
    sources: tuple[tuple[DocType, str], ...] = ()
    """Document fields that provide the value, most authoritative first; empty: the clerk's."""


_K, _N, _P = DocType.KTP, DocType.NPWP, DocType.PERMIT

RECORD_FIELDS: tuple[RecordField, ...] = (
    RecordField("nik", Section.IDENTITAS, "NIK", "NIK", ((_K, "nik"), (_N, "nik"), (_P, "nik"))),
    RecordField(
        "nama", Section.IDENTITAS, "Nama Lengkap", "Full name",
        ((_K, "nama"), (_N, "nama")),
    ),
    RecordField("tempat_lahir", Section.IDENTITAS, "Tempat Lahir", "Place of birth",
                ((_K, "tempat_lahir"),)),
    RecordField("tanggal_lahir", Section.IDENTITAS, "Tanggal Lahir", "Date of birth",
                ((_K, "tanggal_lahir"),)),
    RecordField("jenis_kelamin", Section.IDENTITAS, "Jenis Kelamin", "Sex",
                ((_K, "jenis_kelamin"),)),
    RecordField("alamat", Section.IDENTITAS, "Alamat", "Address", ((_K, "alamat"),)),
    RecordField("rt_rw", Section.IDENTITAS, "RT/RW", "RT/RW", ((_K, "rt_rw"),)),
    RecordField("kel_desa", Section.IDENTITAS, "Kelurahan/Desa", "Village", ((_K, "kel_desa"),)),
    RecordField("kecamatan", Section.IDENTITAS, "Kecamatan", "District", ((_K, "kecamatan"),)),
    RecordField("kabupaten_kota", Section.IDENTITAS, "Kabupaten/Kota", "Regency/City",
                ((_K, "kabupaten_kota"),)),
    RecordField("provinsi", Section.IDENTITAS, "Provinsi", "Province", ((_K, "provinsi"),)),
    RecordField("npwp", Section.NPWP, "NPWP (16 digit)", "Tax number (16 digits)",
                ((_N, "npwp"),)),
    RecordField("email", Section.KONTAK, "Email", "E-mail"),
    RecordField("telepon", Section.KONTAK, "Nomor Telepon Seluler", "Mobile number"),
    RecordField("nama_usaha", Section.USAHA, "Nama Usaha", "Business name"),
    RecordField("kbli", Section.USAHA, "Kode KBLI", "KBLI codes"),
    RecordField("lokasi_usaha", Section.USAHA, "Alamat Lokasi Usaha", "Business address",
                ((_P, "lokasi"),)),
    RecordField("lokasi_kel_desa", Section.USAHA, "Kelurahan/Desa Lokasi Usaha",
                "Business village", ((_P, "lokasi_kel_desa"),)),
    RecordField("lokasi_kecamatan", Section.USAHA, "Kecamatan Lokasi Usaha",
                "Business district", ((_P, "lokasi_kecamatan"),)),
    RecordField("lokasi_kabupaten_kota", Section.USAHA, "Kabupaten/Kota Lokasi Usaha",
                "Business regency/city", ((_P, "lokasi_kabupaten_kota"),)),
    RecordField("kode_pos", Section.USAHA, "Kode Pos Lokasi Usaha", "Business postal code"),
    RecordField("luas_lahan", Section.USAHA, "Luas Lahan (m²)", "Land area (m²)",
                ((_P, "luas_tanah"),)),
    RecordField("pbg_jenis", Section.PERSETUJUAN_BANGUNAN, "Jenis Persetujuan", "Permit type",
                ((_P, "jenis"),)),
    RecordField("pbg_nomor", Section.PERSETUJUAN_BANGUNAN, "Nomor PBG/IMB", "Permit number",
                ((_P, "nomor"),)),
    RecordField("pbg_tanggal", Section.PERSETUJUAN_BANGUNAN, "Tanggal PBG/IMB", "Permit date",
                ((_P, "tanggal"),)),
    RecordField("pbg_fungsi", Section.PERSETUJUAN_BANGUNAN, "Fungsi Bangunan", "Building use",
                ((_P, "fungsi"),)),
    RecordField("pbg_luas_bangunan", Section.PERSETUJUAN_BANGUNAN, "Luas Bangunan (m²)",
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

    def get(self, name: str) -> str | None:
        """The value of record field ``name``."""
        return self.values[name].value

    def ordered(self) -> list[tuple[RecordField, RecordValue]]:
        """Every field with its value, in the order of the OSS form."""
        return [(f, self.values.get(f.name, RecordValue())) for f in RECORD_FIELDS]
