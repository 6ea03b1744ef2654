"""The shared data models of the pipeline: ``Page``, ``FieldRead``, ``Document``, ``Finding``.

Every layer (extractors, validators, records, flows, review) speaks these models; each is
defined here once. The canonical field names of each document type are listed once, in
``CANONICAL_FIELDS``: adding a field is adding a name there.

Field values are normalised strings (upper case, single spaces, ISO dates ``YYYY-MM-DD``,
identifiers as digits only) or ``None`` when the field was not printed or not read.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field


class DocType(StrEnum):
    """What a document is."""

    KTP = "ktp"
    NPWP = "npwp"
    PERMIT = "permit"
    UNKNOWN = "unknown"


CANONICAL_FIELDS: dict[DocType, tuple[str, ...]] = {
    DocType.KTP: (
        "provinsi",
        "kabupaten_kota",
        "nik",
        "nama",
        "tempat_lahir",
        "tanggal_lahir",
        "jenis_kelamin",
        "golongan_darah",
        "alamat",
        "rt_rw",
        "kel_desa",
        "kecamatan",
        "agama",
        "status_perkawinan",
        "pekerjaan",
        "kewarganegaraan",
        "berlaku_hingga",
        "tempat_terbit",
        "tanggal_terbit",
    ),
    DocType.NPWP: ("npwp", "nama", "nik", "alamat", "kpp", "tanggal_terdaftar"),
    DocType.PERMIT: (
        "jenis",
        "nomor",
        "tanggal",
        "penerbit",
        "nama_pemilik",
        "nik",
        "alamat_pemilik",
        "lokasi",
        "lokasi_kel_desa",
        "lokasi_kecamatan",
        "lokasi_kabupaten_kota",
        "fungsi",
        "luas_bangunan",
        "jumlah_lantai",
        "luas_tanah",
        "nomor_sertifikat",
    ),
    DocType.UNKNOWN: (),
}


class Severity(StrEnum):
    """How bad a finding is: ``error`` blocks OSS, ``warning`` needs a look, ``info`` informs."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


BBox = tuple[int, int, int, int]
"""``(x, y, width, height)`` in the page's pixel coordinates."""


SURE_NUMBER = 0.8
"""An identity number (NIK, NPWP) read with at least this confidence is taken as read; below it,
it is shown uncertain: the desk marks it for the clerk to check against the card (the readers
give a number with a glyph filled by a second reader 0.7, one they could not read whole less)."""
IDENTITY_NUMBERS = ("nik", "npwp")
"""The fields, on documents and on the record, that hold identity numbers."""


class FieldRead(BaseModel):
    """One printed field as read: normalised value, raw OCR text, confidence and place."""

    value: str | None = None
    raw: str | None = None
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    bbox: BBox | None = None
    page: int = 1


class Finding(BaseModel):
    """One thing a validator found, with a stable dotted ``code`` (see ``validators.codes``)."""

    code: str
    severity: Severity
    fields: list[str] = Field(default_factory=list)
    message: str
    """Bahasa Indonesia, with the values that disagree."""
    message_en: str = ""
    doc_types: list[DocType] = Field(default_factory=list)
    """The documents the fields belong to (several for cross-document findings)."""


class QualityHint(BaseModel):
    """A quality flag of a document with what the clerk should do about it."""

    flag: str
    message: str
    """Bahasa Indonesia: ``foto buram — ulangi pemotretan, …``."""
    message_en: str = ""


class Document(BaseModel):
    """One document (a KTP, an NPWP card, a permit) found in a file."""

    doc_type: DocType
    source: str
    page: int = 1
    pages: list[int] = Field(default_factory=list)
    """Every page the document spans (permits continue on page 2); ``[page]`` if empty."""
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    bbox: BBox | None = None
    """Where on the page the card or sheet was found."""
    fields: dict[str, FieldRead] = Field(default_factory=dict)
    quality: list[str] = Field(default_factory=list)
    """Quality flags of the region: ``blurred``, ``dark``, ``glare``, ``low_resolution``…"""
    quality_hints: list[QualityHint] = Field(default_factory=list)
    """One hint per flag of ``quality``, set with the findings (``validators.codes``)."""
    findings: list[Finding] = Field(default_factory=list)

    def value(self, name: str) -> str | None:
        """The normalised value of field ``name``, or ``None`` when absent or unread."""
        f = self.fields.get(name)
        return f.value if f is not None else None


class Page(BaseModel):
    """One page of an input file: its pixels, its PDF text layer if any, and its identity."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    source: str
    page: int = 1
    sha256: str
    image: np.ndarray | None = None
    """BGR ``uint8`` pixels (OpenCV order); ``None`` only for text-layer pages not rendered."""
    words: list[dict[str, Any]] | None = None
    """The PDF text layer as ``pdfplumber`` words (``text``, ``x0``, ``top``…) scaled to pixels."""
    dpi: float = 300.0


class FileError(BaseModel):
    """A file or page that could not be processed, recorded with its name; never fatal."""

    source: str
    page: int | None = None
    code: str
    message: str


class ExtractResult(BaseModel):
    """What ``intake extract FILE --json`` prints: the contract of ``design.md``."""

    source: str
    sha256: str | None = None
    documents: list[Document] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)
