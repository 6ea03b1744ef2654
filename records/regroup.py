"""Cases assembled from documents already read, and regrouped: a file moved to another case.

A case is its files, the documents read from them (each with its own findings), the
cross-document findings and the prefilled record. The hot folder reads each file once and keeps
its documents, so putting files together — or moving one to another case, or splitting it off —
needs no second reading: :func:`assemble` (the shared ``records.assemble``) checks the documents
and prefills the record again. Values a clerk already typed stay (the clerk's, not the
documents'). Adding a whole visit to a case is ``records.visits.merge_case``.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from sqlalchemy.orm import Session, selectinload

from core.models import Document, FileError, Finding, Severity
from records.assemble import assemble_case
from records.db import AuditRow, CaseRow, DocumentRow, SourceFileRow, utcnow
from records.models import Origin, OssRecord
from records.store import CaseNotFoundError, ConflictError, Store, StoredFile, StoreError


def assemble(documents: list[Document], office: str,
             keep: OssRecord | None = None) -> tuple[list[Document], list[Finding], OssRecord]:
    """``documents`` checked, the cross-document findings and the prefilled record — the one
    assembly of every case (``records.assemble.assemble_case``).

    With ``keep``, every value a clerk typed in that record is kept over the prefilled one.
    """
    draft = assemble_case(documents, [], office=office)
    record = draft.record
    if keep is not None:
        for name, value in keep.values.items():
            if value.origin == Origin.CLERK and name in record.values:
                record.values[name] = value
    return draft.documents, draft.findings, record


def _name(source: str) -> str:
    """The file name a document or error names (its ``source`` may be a whole path)."""
    return PurePath(source).name


def _counts(documents: list[Document], findings: list[Finding]) -> tuple[int, int]:
    every = [f for d in documents for f in d.findings] + findings
    return (sum(f.severity == Severity.ERROR for f in every),
            sum(f.severity == Severity.WARNING for f in every))


def _load(s: Session, case_id: str) -> CaseRow:
    row = s.get(CaseRow, case_id, options=[selectinload(CaseRow.files),
                                           selectinload(CaseRow.documents)])
    if row is None:
        raise CaseNotFoundError(case_id)
    return row


def _fill(row: CaseRow, files: list[StoredFile], documents: list[Document],
          errors: list[FileError], office: str) -> None:
    documents, findings, record = assemble(documents, office,
                                           OssRecord.model_validate(row.record))
    row.files = [SourceFileRow(**f.model_dump()) for f in files]
    row.documents = [DocumentRow(source=d.source, doc_type=d.doc_type.value, page=d.page,
                                 confidence=d.confidence, data=d.model_dump(mode="json"))
                     for d in documents]
    row.findings = [f.model_dump(mode="json") for f in findings]
    row.errors = [e.model_dump(mode="json") for e in errors]
    row.record = record.model_dump(mode="json")
    row.applicant_name, row.nik = record.get("nama"), record.get("nik")
    row.n_errors, row.n_warnings = _counts(documents, findings)
    row.updated_at = utcnow()


def _contents(row: CaseRow) -> tuple[list[StoredFile], list[Document], list[FileError]]:
    files = [StoredFile(filename=f.filename, sha256=f.sha256, size=f.size,
                        stored_path=f.stored_path) for f in row.files]
    return (files, [Document.model_validate(d.data) for d in row.documents],
            [FileError.model_validate(e) for e in row.errors])


def move_file(store: Store, case_id: str, index: int, target: str | None, *, actor: str,
              office: str, expected_version: int | None = None) -> str:
    """Move the ``index``-th file of ``case_id`` (with what was read from it) to ``target``.

    ``target`` ``None`` splits the file off into a new case. Both cases must still be under
    review; a case left without files keeps its audit trail. Returns the target case id. With
    ``expected_version``, a source case changed since raises :class:`ConflictError`, checked
    inside the transaction that moves the file.
    """
    with Session(store.engine, expire_on_commit=False) as s, s.begin():
        src = _load(s, case_id)
        if expected_version is not None and src.version != expected_version:
            raise ConflictError(case_id, expected_version, src.version)
        if not 0 <= index < len(src.files):
            raise StoreError("store.no_such_file", case_id=case_id, number=index + 1)
        dst = _load(s, target) if target else None
        for row in (src, dst):
            if row is not None and row.status != "needs_review":
                raise StoreError("store.file_case_closed", case_id=row.id)
        if dst is not None and dst.id == src.id:
            raise StoreError("store.same_case")
        files, documents, errors = _contents(src)
        moved = files.pop(index)
        mine = [d for d in documents if _name(d.source) == moved.filename]
        their_errors = [e for e in errors if _name(e.source) == moved.filename]
        if dst is None:
            dst = CaseRow(id=uuid.uuid4().hex[:12].upper(), kind=src.kind, status="needs_review",
                          record=OssRecord().model_dump(mode="json"), findings=[], errors=[],
                          n_errors=0, n_warnings=0)
            dst.files, dst.documents = [], []
            dst.audit = [AuditRow(actor=actor, action="created",
                                  note=f"dipisah dari kasus {src.id}")]
            s.add(dst)
        to_files, to_docs, to_errors = _contents(dst)
        _fill(src, files, [d for d in documents if _name(d.source) != moved.filename],
              [e for e in errors if _name(e.source) != moved.filename], office)
        _fill(dst, [*to_files, moved], to_docs + mine, to_errors + their_errors, office)
        src.audit.append(AuditRow(actor=actor, action="regroup",
                                  note=f"{moved.filename} → kasus {dst.id}"))
        dst.audit.append(AuditRow(actor=actor, action="regroup",
                                  note=f"{moved.filename} ← kasus {src.id}"))
        return dst.id

