"""The approved record as the clerk types it into the OSS portal: in the order and sections of
the OSS form (``records.models.RECORD_FIELDS``), each value in the form OSS takes.

Dates become ``DD-MM-YYYY`` (the portal's date fields), decimals take a comma (``123,5``),
rupiah amounts and identity numbers are digits only, e-mail addresses lower case, and several
KBLI codes are one value each (OSS asks for them one by one, "Detail per KBLI").

>>> oss_value("tanggal_lahir", "1985-08-05")
['05-08-1985']
>>> oss_value("luas_lahan", "123.50")
['123,5']
>>> oss_value("kbli", "47111, 56102")
['47111', '56102']
>>> oss_value("email", "SITI@GMAIL.COM")
['siti@gmail.com']
>>> oss_value("modal_kerja", "Rp 25.000.000")
['25000000']
"""

from __future__ import annotations

import re
from typing import NamedTuple

from records.models import RecordField, Section
from records.store import CaseView

OSS_DATE = "{d}-{m}-{y}"
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DECIMAL = re.compile(r"^\d+\.\d+$")
_MANY = ("kbli",)
"""Record fields that may hold several values OSS takes one at a time."""


def oss_value(name: str, value: str | None, label: str = "") -> list[str]:
    """``value`` of record field ``name`` as OSS takes it (several for a list of KBLI codes)."""
    if not value:
        return []
    value = value.strip()
    if name == "email":  # the desk keeps values upper case; an address is written lower case
        return [value.lower()]
    if name in _MANY:
        return [v for v in re.split(r"[,;\s]+", value) if v]
    if m := _ISO.match(value):
        return [OSS_DATE.format(y=m[1], m=m[2], d=m[3])]
    if name.startswith("modal") or "(Rp)" in label:
        return [re.sub(r"\D", "", value)]
    if _DECIMAL.match(value):
        whole, frac = value.split(".")
        frac = frac.rstrip("0")
        return [f"{whole},{frac}" if frac else whole]
    return [value]


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
        texts = oss_value(spec.name, rv.value, spec.label_id)
        if not texts:
            sections[-1].rows.append(HandoffRow(spec, spec.name, None))
        for i, text in enumerate(texts):
            key = spec.name if len(texts) == 1 else f"{spec.name}-{i + 1}"
            sections[-1].rows.append(HandoffRow(spec, key, text))
    return sections
