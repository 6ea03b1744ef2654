"""Prefill the OSS record from the documents of one case (pure: no store, no Prefect)."""

from __future__ import annotations

from core.models import CANONICAL_FIELDS, IDENTITY_NUMBERS, DocType, Document, FieldRead
from records.models import (
    RECORD_FIELDS,
    Candidate,
    Origin,
    OssRecord,
    RecordField,
    RecordValue,
    Source,
)
from validators.rules._common import readable

_NPWP_NOTE = (
    "NPWP 15 digit di kartu; OSS memakai NPWP 16 digit, untuk orang pribadi sama dengan NIK "
    "(PMK 112/PMK.03/2022)."
)

PRINTED: dict[DocType, tuple[str, ...]] = {
    DocType.KTP: CANONICAL_FIELDS[DocType.KTP],
    DocType.NPWP: ("npwp", "nama"),
    DocType.PERMIT: ("nomor", "nama_pemilik"),
}
"""Fields every document of its type prints (the KTP prints all): one of them with nothing
read is *tidak terbaca*. Another field with nothing read and no trace of a read (no raw text,
no box) may simply not be printed there (an NPWP card before PMK 112 has no NIK line)."""


def _printed(doc: Document, field_name: str, f: FieldRead) -> bool:
    """Whether ``doc`` printed field ``field_name`` (its read ``f`` not readable)."""
    return f.value is not None or f.raw is not None or f.bbox is not None \
        or field_name in PRINTED.get(doc.doc_type, ())


def _source(doc: Document, field_name: str, f: FieldRead) -> Source:
    return Source(doc_type=doc.doc_type, field=field_name, file=doc.source, page=f.page,
                  confidence=f.confidence, bbox=f.bbox)


IDENTITY_FIELDS = IDENTITY_NUMBERS
"""Identity numbers go into the record only when read with confidence (never a guess). Other
values read with little confidence are prefilled all the same, marked by their confidence for
the clerk to check; the rules ignore them (:func:`validators.rules._common.readable`)."""


def _usable(doc: Document, field_name: str) -> str | None:
    """The value of ``doc``'s field for the record, or ``None`` (*tidak terbaca*)."""
    if field_name in IDENTITY_FIELDS:
        return readable(doc, field_name)
    value = doc.value(field_name)
    return value if value and "?" not in value else None


def _candidates(spec: RecordField, docs: list[Document]) -> list[Candidate]:
    """Every usable value the documents give for ``spec``, in order of authority."""
    found: list[Candidate] = []
    for doc_type, field_name in spec.sources:
        for doc in docs:
            f = doc.fields.get(field_name)
            value = _usable(doc, field_name) if doc.doc_type == doc_type else None
            if f is None or value is None:
                continue
            found.append(Candidate(value=value, source=_source(doc, field_name, f)))
    return found


def _unread(spec: RecordField, docs: list[Document]) -> RecordValue | None:
    """The value *tidak terbaca*: a document of the case has the field, none could read it.

    The source is the most authoritative such field; ``read`` keeps what it showed (the NIK
    read partly, ``?`` for each unreadable glyph) for the clerk, never as the value. A field
    the document may not print (:data:`PRINTED`) and of which nothing was read is not unread
    (``None``: left for the clerk).
    """
    for doc_type, field_name in spec.sources:
        for doc in docs:
            f = doc.fields.get(field_name)
            if doc.doc_type != doc_type or f is None or not _printed(doc, field_name, f):
                continue
            return RecordValue(origin=Origin.UNREAD, source=_source(doc, field_name, f),
                               read=f.value or None)
    return None


def _npwp16(value: RecordValue, nik: str | None) -> RecordValue:
    """The 16-digit NPWP: a 15-digit card number of an individual becomes the NIK."""
    if value.value is None or len(value.value) != 15 or not nik:
        return value
    return value.model_copy(update={"value": nik, "note": _NPWP_NOTE})


def prefill(docs: list[Document]) -> OssRecord:
    """The record for ``docs``: each value from its most authoritative document, with provenance.

    Values the documents do not give (contact, business name, KBLI) stay empty for the clerk;
    a value its document could not read (:func:`validators.rules._common.readable`) is
    *tidak terbaca* (origin ``unread``): empty, with the field it should come from.
    """
    record = OssRecord()
    for spec in RECORD_FIELDS:
        candidates = _candidates(spec, docs)
        if not candidates:
            record.values[spec.name] = _unread(spec, docs) or RecordValue()
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

