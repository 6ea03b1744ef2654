"""What the document rules share: building findings (lowered on low OCR confidence), dates."""

from __future__ import annotations

import datetime as dt

from core.models import CANONICAL_FIELDS, DocType, Document, FieldRead, Finding, Severity
from validators._problems import Problem
from validators.codes import LOW_CONFIDENCE_NOTE, make_finding

LOW_CONFIDENCE = 0.6
"""A read field below this confidence makes an error-level finding that used it a warning."""

Ref = tuple[Document, str]
"""A field of a document that a rule used."""


def uncertain(doc: Document, name: str) -> bool:
    """Whether field ``name`` was *read* (OCR) with low confidence.

    A field without raw text and with confidence 0 was typed or given as truth: it is trusted.
    """
    f = doc.fields.get(name)
    if f is None or f.value is None:
        return False
    was_read = f.raw is not None or f.confidence > 0
    return was_read and f.confidence < LOW_CONFIDENCE


def emit(code: str, refs: list[Ref], *, severity: Severity | None = None,
         **params: object) -> Finding:
    """A finding about ``refs``; an error on a low-confidence field becomes a warning."""
    finding = make_finding(code, fields=[name for _, name in refs],
                           doc_types=[d.doc_type for d, _ in refs], severity=severity, **params)
    shaky = list(dict.fromkeys(name for d, name in refs if uncertain(d, name)))
    if finding.severity is not Severity.ERROR or not shaky:
        return finding
    note_id, note_en = (n.format(fields=", ".join(shaky)) for n in LOW_CONFIDENCE_NOTE)
    return finding.model_copy(update={"severity": Severity.WARNING,
                                      "message": finding.message + note_id,
                                      "message_en": finding.message_en + note_en})


def emit_problems(problems: list[Problem], refs: list[Ref]) -> list[Finding]:
    """One finding per number-module problem, about ``refs``."""
    return [emit(p.code, refs, severity=p.severity, **p.params) for p in problems]


def required(doc: Document, names: tuple[str, ...]) -> list[Finding]:
    """``doc.field_missing`` for each of ``names`` without a value."""
    return [emit("doc.field_missing", [(doc, n)], field=n) for n in names if not doc.value(n)]


def iso_date(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` as a date, or ``None`` (also for anything else)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def today() -> dt.date:
    """Today's date (one place to change in tests)."""
    return dt.date.today()


def document(doc_type: DocType | str, fields: dict[str, str | None], *, source: str = "truth",
             confidence: float = 1.0) -> Document:
    """A :class:`Document` from plain values (truth, a typed record): no raw text, confidence 1.

    >>> document("ktp", {"nik": "6311064508850003"}).value("nik")
    '6311064508850003'
    """
    kind = DocType(doc_type)
    known = set(CANONICAL_FIELDS[kind]) or set(fields)
    return Document(doc_type=kind, source=source, confidence=1.0,
                    fields={k: FieldRead(value=v, confidence=confidence)
                            for k, v in fields.items() if k in known})


def documents_from_case(case: dict) -> list[Document]:
    """The documents of a ``samples.truth.build_case`` dict (``documents: {ktp: {fields}}``)."""
    return [document(kind, body["fields"], source=f"{case.get('case_id', 'case')}/{kind}")
            for kind, body in case["documents"].items()]
