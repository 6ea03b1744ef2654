"""What the store hands out: cases, files, ledger pages and audit entries as pydantic models,
the states a case and a ledger page can be in, and the conversions from the table rows."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from core.models import Document, FileError, Finding
from records.db import CaseRow, PageRow
from records.models import OssRecord


class CaseStatus(StrEnum):
    """Where a case stands in review."""

    NEEDS_REVIEW = "needs_review"
    SUBMITTED = "submitted"
    """A clerk finished the case and hands it to the supervisor (Kasi)."""
    APPROVED = "approved"
    REJECTED = "rejected"
    MERGED = "merged"
    """Its files were added to another case of the same applicant (not settable by hand)."""


class CaseKind(StrEnum):
    """Where a case came from."""

    WALK_IN = "walk_in"
    ARCHIVE = "archive"


class PageStatus(StrEnum):
    """An archive page in the ledger: read (documents kept) or failed (errors kept)."""

    DONE = "done"
    FAILED = "failed"


class StoredFile(BaseModel):
    """A source file copied into the data folder under its content hash."""

    filename: str
    sha256: str
    size: int
    stored_path: str


class PageResult(BaseModel):
    """One archive page as the ledger keeps it."""

    sha256: str
    source: str
    file_sha256: str
    page: int
    status: PageStatus
    documents: list[Document] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)


class AuditEntry(BaseModel):
    """One line of the audit trail."""

    at: datetime
    actor: str
    action: str
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    note: str | None = None


class CaseSummary(BaseModel):
    """A case as listed in the queue."""

    id: str
    kind: str
    status: str
    created_at: datetime
    updated_at: datetime
    version: int
    applicant_name: str | None
    nik: str | None
    n_errors: int
    n_warnings: int


class CaseView(CaseSummary):
    """A whole case."""

    files: list[StoredFile] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)
    record: OssRecord = Field(default_factory=OssRecord)
    audit: list[AuditEntry] = Field(default_factory=list)


def page_result(row: PageRow) -> PageResult:
    """A ledger row as a :class:`PageResult`."""
    return PageResult(
        sha256=row.sha256, source=row.source, file_sha256=row.file_sha256, page=row.page,
        status=PageStatus(row.status),
        documents=[Document.model_validate(d) for d in row.documents],
        errors=[FileError.model_validate(e) for e in row.errors],
    )


def case_summary(row: CaseRow) -> CaseSummary:
    """A case row as the queue lists it."""
    return CaseSummary(
        id=row.id, kind=row.kind, status=row.status, created_at=row.created_at,
        updated_at=row.updated_at, version=row.version, applicant_name=row.applicant_name,
        nik=row.nik, n_errors=row.n_errors, n_warnings=row.n_warnings,
    )


def case_view(row: CaseRow) -> CaseView:
    """A case row (files, documents and audit loaded) as the whole case."""
    return CaseView(
        **case_summary(row).model_dump(),
        files=[StoredFile(filename=f.filename, sha256=f.sha256, size=f.size,
                          stored_path=f.stored_path) for f in row.files],
        documents=[Document.model_validate(d.data) for d in row.documents],
        findings=[Finding.model_validate(f) for f in row.findings],
        errors=[FileError.model_validate(e) for e in row.errors],
        record=OssRecord.model_validate(row.record),
        audit=[AuditEntry(at=a.at, actor=a.actor, action=a.action, field=a.field,
                          old_value=a.old_value, new_value=a.new_value, note=a.note)
               for a in row.audit],
    )
