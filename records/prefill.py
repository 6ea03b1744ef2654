"""Prefill the OSS record from the documents of one case (pure: no store, no Prefect)."""

from __future__ import annotations

from core.models import Document
from records.models import (
    RECORD_FIELDS,
    Candidate,
    Origin,
    OssRecord,
    RecordField,
    RecordValue,
    Source,
)

_NPWP_NOTE = (
    "NPWP 15 digit di kartu; OSS memakai NPWP 16 digit, untuk orang pribadi sama dengan NIK "
    "(PMK 112/PMK.03/2022)."
)


def _candidates(spec: RecordField, docs: list[Document]) -> list[Candidate]:
    """Every value the documents give for ``spec``, in order of authority."""
    found: list[Candidate] = []
    for doc_type, field_name in spec.sources:
        for doc in docs:
            f = doc.fields.get(field_name)
            if doc.doc_type != doc_type or f is None or not f.value:
                continue
            source = Source(
                doc_type=doc.doc_type,
                field=field_name,
                file=doc.source,
                page=f.page,
                confidence=f.confidence,
                bbox=f.bbox,
            )
            found.append(Candidate(value=f.value, source=source))
    return found


def _npwp16(value: RecordValue, nik: str | None) -> RecordValue:
    """The 16-digit NPWP: a 15-digit card number of an individual becomes the NIK."""
    if value.value is None or len(value.value) != 15 or not nik:
        return value
    return value.model_copy(update={"value": nik, "note": _NPWP_NOTE})


def prefill(docs: list[Document]) -> OssRecord:
    """The record for ``docs``: each value from its most authoritative document, with provenance.

    Values the documents do not give (contact, business name, KBLI) stay empty for the clerk.
    """
    record = OssRecord()
    for spec in RECORD_FIELDS:
        candidates = _candidates(spec, docs)
        if not candidates:
            continue
        chosen = candidates[0]
        record.values[spec.name] = RecordValue(
            value=chosen.value,
            origin=Origin.DOCUMENT,
            source=chosen.source,
            candidates=candidates,
        )
    record.values["npwp"] = _npwp16(record.values["npwp"], record.get("nik"))
    return record

