"""What the document rules share: findings weighed by the evidence of the reads, dates.

How much a finding says follows how the values were read (issue 13, "findings a clerk can
trust"):

- a field not read, read with unreadable glyphs (``?``) or below :data:`UNREADABLE`
  confidence is *tidak terbaca*: ``doc.field_missing`` (info) for a key field, and the rules
  that need it say nothing;
- a plausibility warning (:data:`PLAUSIBILITY`: dates, areas, RT/RW, places, allowed values,
  the NIK against the printed region and date) speaks only about values read with confidence
  (>= :data:`LOW_CONFIDENCE`) or typed;
- an error on a value read with low confidence is lowered to a warning, unless another
  document of the case printed the same identity number (two independent reads agreeing:
  :func:`corroborate`); a defect read with confidence stays an error.
"""

from __future__ import annotations

import datetime as dt
import re

from core.models import CANONICAL_FIELDS, DocType, Document, FieldRead, Finding, Severity
from validators._problems import Problem
from validators.codes import LOW_CONFIDENCE_NOTE, make_finding

LOW_CONFIDENCE = 0.6
"""A read field below this confidence makes an error-level finding that used it a warning, and
silences the plausibility warnings about it."""
UNREADABLE = 0.3
"""A read field below this confidence counts as not read (*tidak terbaca*): no rule uses it."""
PLAUSIBILITY = frozenset({
    "ktp.date_implausible", "ktp.holder_too_young", "ktp.rt_rw_invalid", "ktp.value_not_allowed",
    "ktp.berlaku_invalid", "ktp.kecamatan_unknown", "ktp.kel_desa_unknown",
    "ktp.province_mismatch", "ktp.regency_mismatch", "ktp.kecamatan_mismatch",
    "nik.birth_date_mismatch",
    "permit.jenis_invalid", "permit.number_format", "permit.number_date_mismatch",
    "permit.location_unknown", "permit.date_implausible", "permit.area_implausible",
})
"""Warnings that a value looks implausible: worth a clerk's look only if the value was read
with confidence (a misread date or area is not a defect of the document)."""
CORROBORATED = 0.9
"""The confidence of an identity number that another independent read printed digit for digit
alike (two misreads agreeing on 16 digits are far less likely than one)."""
IDENTITY_NUMBERS = (("ktp", "nik"), ("npwp", "nik"), ("npwp", "npwp"), ("permit", "nik"))
"""Where a case prints the applicant's NIK (an individual's 16-digit NPWP is the NIK)."""
_SEPARATORS = re.compile(r"[\s.\-/]+")

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


def unread(doc: Document, name: str) -> bool:
    """Whether field ``name`` was read so poorly (< :data:`UNREADABLE`) that it counts as not
    read; typed values never are."""
    f = doc.fields.get(name)
    return f is not None and f.value is not None and uncertain(doc, name) \
        and f.confidence < UNREADABLE


def emit(code: str, refs: list[Ref], *, severity: Severity | None = None,
         misread_explains: bool = True, **params: object) -> Finding:
    """A finding about ``refs``; an error on a low-confidence field becomes a warning, unless
    the caller knows no misread could explain it (``misread_explains=False``)."""
    finding = make_finding(code, fields=[name for _, name in refs],
                           doc_types=[d.doc_type for d, _ in refs], severity=severity, **params)
    shaky = list(dict.fromkeys(name for d, name in refs if uncertain(d, name)))
    if finding.severity is not Severity.ERROR or not shaky or not misread_explains:
        return finding
    note_id, note_en = (n.format(fields=", ".join(shaky)) for n in LOW_CONFIDENCE_NOTE)
    return finding.model_copy(update={"severity": Severity.WARNING,
                                      "message": finding.message + note_id,
                                      "message_en": finding.message_en + note_en})


def emit_problems(problems: list[Problem], refs: list[Ref]) -> list[Finding]:
    """One finding per number-module problem, about ``refs``."""
    return [emit(p.code, refs, severity=p.severity, **p.params) for p in problems]


def readable(doc: Document, name: str) -> str | None:
    """The value of field ``name``; ``None`` when not read, holding unreadable glyphs (``?``)
    or read below :data:`UNREADABLE` confidence."""
    value = doc.value(name)
    return value if value and "?" not in value and not unread(doc, name) else None


def required(doc: Document, names: tuple[str, ...]) -> list[Finding]:
    """``doc.field_missing`` (info) for each of ``names`` without a readable value."""
    return [emit("doc.field_missing", [(doc, n)], field=n) for n in names
            if not readable(doc, n)]


def trusted(doc: Document, findings: list[Finding]) -> list[Finding]:
    """``findings`` without those resting on a read that counts as not read, and without the
    plausibility warnings that rest on a low-confidence read."""
    kept = []
    for f in findings:
        if f.code == "doc.field_missing":
            kept.append(f)
        elif any(unread(doc, name) for name in f.fields):
            continue
        elif f.code not in PLAUSIBILITY or f.severity is Severity.ERROR \
                or not any(uncertain(doc, name) for name in f.fields):
            kept.append(f)
    return kept


def _identity_digits(doc: Document, name: str) -> str | None:
    value = doc.value(name)
    value = value if value and "?" not in value else None
    digits = _SEPARATORS.sub("", value) if value else ""
    return digits if len(digits) == 16 and digits.isascii() and digits.isdigit() else None


def corroborate(doc: Document, docs: list[Document]) -> Document:
    """``doc`` as evidence: an identity number that other reads of the case (another document,
    or the NPWP card's other line) printed alike gets the confidence of independent reads
    agreeing: ``1 - Π(1 - c)``, at least :data:`CORROBORATED`, even for reads that alone
    count as unreadable. The stored reads are not changed (a copy is returned)."""
    raised: dict[str, FieldRead] = {}
    for kind, name in IDENTITY_NUMBERS:
        digits = _identity_digits(doc, name) if doc.doc_type.value == kind else None
        if digits is None or not uncertain(doc, name):
            continue
        doubt, agreeing = 1.0 - doc.fields[name].confidence, False
        for other in docs:
            for other_kind, other_name in IDENTITY_NUMBERS:
                if other_kind != other.doc_type.value or (other is doc and other_name == name):
                    continue
                if _identity_digits(other, other_name) == digits:
                    doubt *= 1.0 - other.fields[other_name].confidence
                    agreeing = True
        if agreeing:
            confidence = max(1.0 - doubt, CORROBORATED)
            raised[name] = doc.fields[name].model_copy(update={"confidence": confidence})
    if not raised:
        return doc
    return doc.model_copy(update={"fields": {**doc.fields, **raised}})


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
