"""The same applicant across visits: what the store already holds of them, and adding a visit's
documents to an earlier case (functions over store views; no Prefect).

- :func:`other_cases` turns the store's related cases (same NIK or same source file) into
  ``applicant.other_case`` findings: "Pemohon ini sudah punya kasus 4AEB… dari 12-11-2026,
  status disetujui".
- :func:`second_nib` warns (``applicant.second_nib``) when another approved record of the NIK
  has the same KBLI or the same business location: one NIB per business actor (PP 28/2025).
- :func:`combine` re-checks a case with another visit's documents added: the record prefilled
  again from every document, the clerk's corrections kept, the findings as the store keeps them;
  :func:`merge_case` moves a whole case (a second visit scanned as its own case) into another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.models import Document, Finding
from records.models import FIELDS_BY_NAME, Origin, OssRecord
from records.prefill import prefill
from records.schemas import CaseSummary, CaseView
from records.store import MERGED, Store, StoreError
from validators.codes import make_finding

STATUS_NAMES: dict[str, tuple[str, str]] = {
    "needs_review": ("perlu diperiksa", "needs review"), "submitted": ("diajukan", "submitted"),
    "approved": ("disetujui", "approved"), "rejected": ("ditolak", "rejected"),
    "merged": ("digabung", "merged"),
}
_VIA = {"nik": ("NIK sama", "same NIK"), "file": ("berkas sama", "same file")}
_SPLIT = re.compile(r"[\s,;/]+")
_NOISE = re.compile(r"[^A-Z0-9]+")


def other_cases(related: Iterable[tuple[CaseSummary, str]]) -> list[Finding]:
    """One ``applicant.other_case`` finding per related case (as ``Store.related_cases``)."""
    found = []
    for case, via in related:
        status_id, status_en = STATUS_NAMES.get(case.status, (case.status, case.status))
        found.append(make_finding(
            "applicant.other_case", fields=["nik"], doc_types=[], case_id=case.id,
            date=case.created_at.strftime("%d-%m-%Y"), status_id=status_id,
            status_en=status_en, via_id=_VIA[via][0], via_en=_VIA[via][1]))
    return found


def _kbli(record: OssRecord) -> set[str]:
    return {c for c in _SPLIT.split(record.get("kbli") or "") if c}


def _location(record: OssRecord) -> str:
    street = _NOISE.sub("", (record.get("lokasi_usaha") or "").upper())
    village = _NOISE.sub("", (record.get("lokasi_kel_desa") or "").upper())
    return f"{street}|{village}" if street and village else ""


def second_nib(record: OssRecord, approved: Iterable[tuple[str, OssRecord]]) -> list[Finding]:
    """``applicant.second_nib`` for each other approved record (``(case id, record)``) of the
    same NIK with a KBLI in common or the same business location (street and kelurahan/desa)."""
    found = []
    for case_id, other in approved:
        same = [("KBLI", "KBLI", ["kbli"])] if _kbli(record) & _kbli(other) else []
        if _location(record) and _location(record) == _location(other):
            same.append(("lokasi usaha", "business location", ["lokasi_usaha", "lokasi_kel_desa"]))
        if same:
            found.append(make_finding(
                "applicant.second_nib", fields=["nik", *(f for s in same for f in s[2])],
                doc_types=[], case_id=case_id, same_id=" dan ".join(s[0] for s in same),
                same_en=" and ".join(s[1] for s in same)))
    return found


def merged_record(old: OssRecord, documents: list[Document]) -> OssRecord:
    """The record prefilled from ``documents``, with the clerk's values of ``old`` kept."""
    record = prefill(documents)
    for name, value in old.values.items():
        if value.origin == Origin.CLERK and name in record.values:
            record.values[name] = value
    return record


def _clerk_edits(documents: list[Document], record: OssRecord) -> list[Document]:
    """Copies of ``documents`` where each clerk-typed value replaces its first source field."""
    docs = [d.model_copy(deep=True) for d in documents]
    for name, value in record.values.items():
        spec = FIELDS_BY_NAME.get(name)
        if value.origin != Origin.CLERK or spec is None:
            continue
        for doc_type, field in spec.sources:
            doc = next((d for d in docs if d.doc_type == doc_type), None)
            if doc is not None and field in doc.fields:
                doc.fields[field] = doc.fields[field].model_copy(
                    update={"value": value.value, "confidence": 1.0})
                break
    return docs


def combine(view: CaseView, documents: list[Document],
            office: str) -> tuple[list[Finding], OssRecord]:
    """The findings (as the store keeps them) and the record of ``view`` with ``documents``
    (another visit's, each carrying its own findings) added.

    A case a clerk has edited keeps the whole re-validated list (its documents as corrected);
    otherwise only the case-level findings, the documents carrying their own.
    """
    from validators.business import check_values
    from validators.rules import check_case, with_findings

    every = [*view.documents, *documents]
    record = merged_record(view.record, every)
    checked = with_findings(_clerk_edits(every, record), office=office)
    case_level = check_case(checked, office=office) + check_values(
        {k: v.value for k, v in record.values.items()}, office=office, numbers=True)
    if any(a.action == "edit" for a in view.audit):
        return [f for d in checked for f in d.findings] + case_level, record
    return case_level, record


def merge_case(store: Store, source_id: str, into: str, *, actor: str,
               office: str) -> CaseView:
    """Move case ``source_id`` (another visit of the same applicant) into case ``into``: its
    files and documents added, the record and findings re-checked, ``source_id`` closed as
    merged; audited on both.

    Raises:
        StoreError: the same case, or one already merged.
        CaseNotFoundError: either case does not exist.
    """
    if source_id == into:
        raise StoreError("store.merge_into_itself", case_id=into)
    source, target = store.get_case(source_id), store.get_case(into)
    if source.status == MERGED:
        raise StoreError("store.case_merged", case_id=source_id)
    findings, record = combine(target, source.documents, office)
    return store.add_documents(into, files=source.files, documents=source.documents,
                               findings=findings, errors=source.errors, record=record,
                               actor=actor, merged_from=source_id)


def store_added(view: CaseView, n_files: int, merged_from: str | None = None) -> Finding:
    """The ``applicant.files_added`` notice of ``view`` after a visit was added to it."""
    source = (f" dari kasus {merged_from}", f" from case {merged_from}") if merged_from \
        else ("", "")
    return make_finding("applicant.files_added", fields=[], doc_types=[], case_id=view.id,
                        n=n_files, source_id=source[0], source_en=source[1])
