"""The approved record as the clerk types it into the OSS portal: in the order and sections of
the OSS form (``records.models.RECORD_FIELDS``), each value in the form OSS takes.

What each field is, and so how it is written, is explicit (:data:`KINDS`); the formats are
``core.formats``' (Indonesian and record numbers and dates, one set of rules):

* dates (``tanggal_lahir``, ``pbg_tanggal``): ``DD-MM-YYYY``, from the record's ISO date or a
  day-first date a clerk typed; never month first;
* areas (m²): a decimal comma, no grouping (``1234,5``), from ``1234.5``, ``1.234,5``,
  ``1.500`` (one thousand five hundred) or ``120,5 m2``;
* rupiah amounts: digits only, from ``Rp 25.000.000``, ``750 juta`` or ``1,5 miliar``
  (``validators.capital``);
* head counts: digits only (``1.200`` → ``1200``);
* identity numbers (NIK, NPWP, BPJS, postal code): digits only, without the printed dots and
  dashes;
* the location point: ``latitude, longitude`` in decimal degrees with a dot (a map's
  coordinates, not a sum: ``-2,3357 115,4696`` → ``-2.3357, 115.4696``);
* e-mail addresses lower case; several KBLI codes one value each (OSS asks for them one by
  one, "Detail per KBLI").

A value that does not read as its kind is given as it stands (the clerk sees and copies what the
record says; the desk's checks already named it).

>>> oss_value("tanggal_lahir", "1985-08-05")
['05-08-1985']
>>> oss_value("luas_lahan", "123.50"), oss_value("luas_lahan", "1.500")
(['123,5'], ['1500'])
>>> oss_value("kbli", "47111, 56102")
['47111', '56102']
>>> oss_value("email", "SITI@GMAIL.COM")
['siti@gmail.com']
>>> oss_value("modal_kerja", "Rp 25.000.000"), oss_value("modal_tetap", "750 JUTA")
(['25000000'], ['750000000'])
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from core.formats import id_date, id_decimal, parse_date, parse_decimal
from records.models import RecordField, Section
from records.store import CaseView
from validators import capital, coordinates

Kind = Literal["date", "area", "rupiah", "count", "digits", "point", "email", "many"]
KINDS: dict[str, Kind] = {
    "tanggal_lahir": "date", "pbg_tanggal": "date",
    "luas_lahan": "area", "pbg_luas_bangunan": "area",
    "modal_tetap": "rupiah", "modal_kerja": "rupiah",
    "tenaga_kerja_laki": "count", "tenaga_kerja_perempuan": "count",
    "nik": "digits", "npwp": "digits", "bpjs_kesehatan": "digits",
    "bpjs_ketenagakerjaan": "digits", "kode_pos": "digits",
    "koordinat": "point", "email": "email", "kbli": "many",
}
"""Record fields written in a form of their own; every other field is copied as it stands."""
_UNIT = re.compile(r"\s*M(?:2|²)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s.\-]")


def _converted(kind: Kind, value: str) -> list[str] | str | None:
    """``value`` as OSS takes it; ``None`` when it does not read as ``kind``."""
    if kind == "email":
        return value.lower()  # the desk keeps values upper case; an address is lower case
    if kind == "many":
        return [v for v in re.split(r"[,;\s]+", value) if v]
    if kind == "date":
        day = parse_date(value)
        return id_date(day) if day else None
    if kind == "rupiah":
        return str(capital.validate(value)) if capital.is_valid(value) else None
    if kind == "point":
        if not coordinates.is_valid(value):
            return None
        lat, lon = coordinates.validate(value)
        return f"{lat}, {lon}"
    if kind == "digits":
        digits = _SEPARATORS.sub("", value)
        return digits if digits.isdigit() else None
    number = parse_decimal(_UNIT.sub("", value))
    if number is None:
        return None
    if kind == "count":
        return str(int(number)) if number == int(number) else None
    return id_decimal(number)


def oss_value(name: str, value: str | None) -> list[str]:
    """``value`` of record field ``name`` as OSS takes it (several for a list of KBLI codes)."""
    if not value or not value.strip():
        return []
    value = value.strip()
    kind = KINDS.get(name)
    converted = _converted(kind, value) if kind else None
    if converted is None:
        return [value]
    return converted if isinstance(converted, list) else [converted]


class HandoffRow(NamedTuple):
    """One value to copy: the field, which of its values, and the text."""

    spec: RecordField
    key: str
    """Unique per value (``kbli-2``): what the page ticks once copied."""
    text: str | None
    """``None``: the field is empty (shown in its place, nothing to copy)."""


class HandoffSection(NamedTuple):
    """One section of the OSS form with its values in order."""

    section: Section
    rows: list[HandoffRow]


def handoff(view: CaseView) -> list[HandoffSection]:
    """The case's record in OSS form order, grouped by the form's sections."""
    sections: list[HandoffSection] = []
    for spec, rv in view.record.ordered():
        if not sections or sections[-1].section != spec.section:
            sections.append(HandoffSection(spec.section, []))
        texts = oss_value(spec.name, rv.value)
        if not texts:
            sections[-1].rows.append(HandoffRow(spec, spec.name, None))
        for i, text in enumerate(texts):
            key = spec.name if len(texts) == 1 else f"{spec.name}-{i + 1}"
            sections[-1].rows.append(HandoffRow(spec, key, text))
    return sections
