"""The case store: SQLite file by default, PostgreSQL by URL; source files kept by content hash.

The first :class:`Store` a process opens on a database brings its schema up to date with
Alembic (:func:`records.engine.ensure_schema`: once per process, not per store). Cases carry a
version number (optimistic locking): an update names the version it was based on, and a stale
one raises :class:`ConflictError` instead of overwriting another clerk's change. Every change of
a record value and every status change is appended to the case's audit log.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import Session, defer, selectinload, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from core.models import Document, FileError, Finding, Severity
from core.private import private_dir, private_sqlite
from core.settings import Settings, get_settings
from records.db import AuditRow, CaseRow, DocumentRow, MetaRow, SourceFileRow, utcnow
from records.engine import ensure_schema, make_engine, migrate
from records.errors import CaseNotFoundError, ConflictError, StoreError
from records.files import META_KEY, FileKeeper
from records.models import Origin, OssRecord
from records.pages import PageLedger
from records.schemas import (
    AuditEntry,
    CaseKind,
    CaseStatus,
    CaseSummary,
    CaseView,
    PageResult,
    PageStatus,
    StoredFile,
    case_summary,
    case_view,
)

__all__ = ["MERGED", "STATUSES", "AuditEntry", "CaseKind", "CaseNotFoundError", "CaseStatus",
           "CaseSummary", "CaseView", "ConflictError", "PageResult", "PageStatus", "Store",
           "StoreError", "StoredFile", "make_engine", "migrate"]

STATUSES = tuple(s for s in CaseStatus if s != CaseStatus.MERGED)
"""The statuses a clerk can set (``submitted``: finished, handed to the supervisor/Kasi)."""
MERGED = CaseStatus.MERGED
"""A case whose files were added to another case of the same applicant (set by
:meth:`Store.add_documents` only, never by hand)."""


def _refuse_half_configured(url: str, settings: Settings) -> None:
    """A process that talks to a Prefect server shares its cases and scans, or stops.

    With ``PREFECT_API_URL`` set (workers of an office deployment, a desk beside them), a local
    SQLite store or a private files folder would hold cases no other machine sees.
    """
    if not os.environ.get("PREFECT_API_URL") or settings.allow_local_store:
        return
    if url.startswith("sqlite"):
        raise StoreError("store.half_configured", missing="INTAKE_DB_URL")
    if settings.files_dir is None:
        raise StoreError("store.half_configured", missing="INTAKE_FILES_DIR")


def _counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(f.severity == Severity.ERROR for f in findings)
    return errors, sum(f.severity == Severity.WARNING for f in findings)


def _all_findings(documents: list[Document], findings: list[Finding]) -> list[Finding]:
    return [f for d in documents for f in d.findings] + list(findings)


_SUMMARY_ONLY = (defer(CaseRow.record), defer(CaseRow.findings), defer(CaseRow.errors))
"""Lists of cases need only their summary columns: the JSON columns stay unread (and undecoded)."""

class Store(FileKeeper, PageLedger):
    """The case store of one database and one data folder."""

    def __init__(self, url: str | None = None, *, data_dir: Path | None = None) -> None:
        settings = get_settings()
        self.data_dir = private_dir(Path(data_dir or settings.data_dir))  # 0700: ID scans
        self.url = url or (settings.database_url if data_dir is None
                           else settings.db_url or f"sqlite:///{self.data_dir / 'intake.db'}")
        _refuse_half_configured(self.url, settings)
        private_sqlite(self.url)
        self.engine = make_engine(self.url)
        ensure_schema(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self._check_files_root(lambda: self._meta(META_KEY), lambda v: self._set_meta(META_KEY, v))

    def _meta(self, key: str) -> str | None:
        with self._session() as s:
            row = s.get(MetaRow, key)
            return row.value if row else None

    def _set_meta(self, key: str, value: str) -> None:
        with self._session.begin() as s:
            s.merge(MetaRow(key=key, value=value))

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # -- cases ---------------------------------------------------------------------------
    def create_case(
        self,
        *,
        files: list[StoredFile],
        documents: list[Document],
        findings: list[Finding],
        errors: list[FileError],
        record: OssRecord,
        kind: str = CaseKind.WALK_IN,
        actor: str = "system",
        source_key: str | None = None,
    ) -> str:
        """Store a new case (status ``needs_review``) and return its id.

        With a ``source_key`` (archive cases), a case already stored under that key is returned
        instead of storing a second one.
        """
        if source_key is not None and (existing := self.case_by_key(source_key)) is not None:
            return existing
        case_id = uuid.uuid4().hex[:12].upper()
        n_err, n_warn = _counts(_all_findings(documents, findings))
        row = CaseRow(
            id=case_id, kind=kind, status=CaseStatus.NEEDS_REVIEW,
            applicant_name=record.get("nama"), nik=record.get("nik"),
            record=record.model_dump(mode="json"),
            findings=[f.model_dump(mode="json") for f in findings],
            errors=[e.model_dump(mode="json") for e in errors],
            n_errors=n_err, n_warnings=n_warn, source_key=source_key,
        )
        row.files = [SourceFileRow(**f.model_dump()) for f in files]
        row.documents = [
            DocumentRow(source=d.source, doc_type=d.doc_type.value, page=d.page,
                        confidence=d.confidence, data=d.model_dump(mode="json"))
            for d in documents
        ]
        row.audit = [AuditRow(actor=actor, action="created", note=f"{len(files)} berkas")]
        with self._session.begin() as s:
            s.add(row)
        return case_id

    def case_by_key(self, source_key: str) -> str | None:
        """The id of the case stored under ``source_key``, if any."""
        with self._session() as s:
            return s.scalar(select(CaseRow.id).where(CaseRow.source_key == source_key))

    def _load(self, s: Session, case_id: str, *, lock: bool = False) -> CaseRow:
        """The case row with its files, documents and audit; ``lock``: row-locked until the
        transaction ends (PostgreSQL ``FOR UPDATE``; SQLite serialises writers itself)."""
        row = s.get(CaseRow, case_id, with_for_update=lock or None,
                    options=[selectinload(CaseRow.files), selectinload(CaseRow.documents),
                             selectinload(CaseRow.audit)])
        if row is None:
            raise CaseNotFoundError(case_id)
        return row

    def get_case(self, case_id: str) -> CaseView:
        """The whole case ``case_id``."""
        with self._session() as s:
            return case_view(self._load(s, case_id))

    def list_cases(
        self, *, status: str | None = None, search: str | None = None, limit: int = 200,
        offset: int = 0,
    ) -> list[CaseSummary]:
        """Cases, oldest first within a status; ``search`` matches name or NIK; ``offset``
        cases skipped (a page of the queue)."""
        q = select(CaseRow).options(*_SUMMARY_ONLY).order_by(CaseRow.created_at, CaseRow.id) \
            .offset(max(0, offset)).limit(limit)
        if status:
            q = q.where(CaseRow.status == status)
        if search:
            term = f"%{search.strip().upper()}%"
            q = q.where(or_(CaseRow.applicant_name.ilike(term), CaseRow.nik.like(term)))
        with self._session() as s:
            return [case_summary(r) for r in s.scalars(q)]

    def records(self, status: str | None = None) -> list[tuple[str, OssRecord]]:
        """``(case id, record)`` of every case (in ``status``), oldest first, no limit."""
        q = select(CaseRow.id, CaseRow.record).order_by(CaseRow.created_at, CaseRow.id)
        if status:
            q = q.where(CaseRow.status == status)
        with self._session() as s:
            return [(case_id, OssRecord.model_validate(record))
                    for case_id, record in s.execute(q)]

    def update_record(
        self,
        case_id: str,
        changes: dict[str, str | None],
        *,
        actor: str,
        expected_version: int,
        documents: list[Document] | None = None,
        findings: list[Finding] | None = None,
    ) -> CaseView:
        """Apply a clerk's corrections (audited) and the re-validated findings."""
        with self._session.begin() as s:
            row = self._checked(s, case_id, expected_version)
            record = OssRecord.model_validate(row.record)
            for name, new in changes.items():
                if name not in record.values:
                    raise StoreError("store.unknown_field", field=name)
                old = record.values[name].value
                if old == new:
                    continue
                record.values[name] = record.values[name].model_copy(
                    update={"value": new, "origin": Origin.CLERK, "note": f"diubah oleh {actor}"}
                )
                row.audit.append(AuditRow(actor=actor, action="edit", field=name,
                                          old_value=old, new_value=new))
            row.record = record.model_dump(mode="json")
            row.applicant_name, row.nik = record.get("nama"), record.get("nik")
            if findings is not None:
                docs = documents if documents is not None else []
                row.findings = [f.model_dump(mode="json") for f in findings]
                row.n_errors, row.n_warnings = _counts(_all_findings(docs, findings))
            row.updated_at = utcnow()
            return self._flush(s, row, case_id, expected_version)

    def set_status(
        self, case_id: str, status: str, *, actor: str, expected_version: int,
        reason: str | None = None,
    ) -> CaseView:
        """Approve or reject a case (or send it back to review), with the reason audited."""
        if status not in STATUSES:
            raise StoreError("store.unknown_status", status=status, choices=", ".join(STATUSES))
        with self._session.begin() as s:
            row = self._checked(s, case_id, expected_version)
            row.audit.append(AuditRow(actor=actor, action="status", field="status",
                                      old_value=row.status, new_value=status, note=reason))
            row.status, row.updated_at = status, utcnow()
            return self._flush(s, row, case_id, expected_version)

    # -- the applicant across visits ----------------------------------------------------------
    def case_holding(self, shas: Iterable[str]) -> str | None:
        """The newest case (not merged) whose files are exactly the files ``shas``."""
        wanted = set(shas)
        if not wanted:
            return None
        q = (select(SourceFileRow.case_id).join(CaseRow)
             .where(SourceFileRow.sha256.in_(wanted), CaseRow.status != MERGED)
             .group_by(SourceFileRow.case_id, CaseRow.created_at)
             .having(func.count(distinct(SourceFileRow.sha256)) == len(wanted))
             .order_by(CaseRow.created_at.desc()))
        with self._session() as s:
            for case_id in s.scalars(q):
                held = s.scalars(select(SourceFileRow.sha256)
                                 .where(SourceFileRow.case_id == case_id))
                if set(held) == wanted:
                    return case_id
        return None

    def related_cases(self, *, nik: str | None, shas: Iterable[str] = (),
                      exclude: str | None = None) -> list[tuple[CaseSummary, str]]:
        """The applicant's other cases, oldest first, each with why: ``nik`` (the same NIK) or
        ``file`` (one of the same source files); merged cases are left out."""
        wanted = set(shas)
        by_file = select(SourceFileRow.case_id).where(SourceFileRow.sha256.in_(wanted))
        conds = ([CaseRow.nik == nik] if nik else []) + ([CaseRow.id.in_(by_file)] if wanted
                                                         else [])
        if not conds:
            return []
        q = select(CaseRow).where(or_(*conds), CaseRow.status != MERGED) \
            .order_by(CaseRow.created_at, CaseRow.id)
        if exclude:
            q = q.where(CaseRow.id != exclude)
        with self._session() as s:
            return [(case_summary(r), "nik" if nik and r.nik == nik else "file")
                    for r in s.scalars(q)]

    def applicants(self, niks: Iterable[str]) -> dict[str, list[CaseSummary]]:
        """Every case (merged ones left out) of each NIK, oldest first: the queue's groups."""
        wanted = {n for n in niks if n}
        if not wanted:
            return {}
        q = select(CaseRow).options(*_SUMMARY_ONLY) \
            .where(CaseRow.nik.in_(wanted), CaseRow.status != MERGED) \
            .order_by(CaseRow.created_at, CaseRow.id)
        found: dict[str, list[CaseSummary]] = {}
        with self._session() as s:
            for r in s.scalars(q):
                found.setdefault(r.nik or "", []).append(case_summary(r))
        return found

    def approved_records(self, nik: str, *, exclude: str | None = None
                         ) -> list[tuple[str, OssRecord]]:
        """``(case id, record)`` of the approved cases of ``nik``, oldest first."""
        q = select(CaseRow.id, CaseRow.record).where(CaseRow.nik == nik,
                                                     CaseRow.status == CaseStatus.APPROVED)
        if exclude:
            q = q.where(CaseRow.id != exclude)
        with self._session() as s:
            return [(i, OssRecord.model_validate(r))
                    for i, r in s.execute(q.order_by(CaseRow.created_at))]

    def add_documents(
        self, case_id: str, *, files: list[StoredFile], documents: list[Document],
        findings: list[Finding], errors: list[FileError], record: OssRecord, actor: str,
        merged_from: str | None = None,
    ) -> CaseView:
        """Add another visit's files and documents to ``case_id``, with the re-validated
        findings and record (audited); an approved or rejected case goes back to review. With
        ``merged_from``, that case is closed as merged into this one in the same transaction."""
        with self._session.begin() as s:
            row = self._load(s, case_id)
            if row.status == MERGED or merged_from == case_id:
                raise StoreError("store.case_merged", case_id=case_id)
            # checked here, in this transaction: another clerk may have merged it meanwhile
            other = self._load(s, merged_from, lock=True) if merged_from is not None else None
            if other is not None and other.status == MERGED:
                raise StoreError("store.case_merged", case_id=merged_from)
            known = {f.sha256 for f in row.files}
            row.files += [SourceFileRow(**f.model_dump()) for f in files if f.sha256 not in known]
            row.documents += [
                DocumentRow(source=d.source, doc_type=d.doc_type.value, page=d.page,
                            confidence=d.confidence, data=d.model_dump(mode="json"))
                for d in documents]
            row.errors = [*row.errors, *(e.model_dump(mode="json") for e in errors)]
            row.record = record.model_dump(mode="json")
            row.applicant_name, row.nik = record.get("nama"), record.get("nik")
            row.findings = [f.model_dump(mode="json") for f in findings]
            every = [Document.model_validate(d.data) for d in row.documents]
            edited = any(a.action == "edit" for a in row.audit)
            row.n_errors, row.n_warnings = _counts(
                findings if edited else _all_findings(every, findings))
            note = f"{len(files)} berkas" + (f" dari kasus {merged_from}" if merged_from else "")
            row.audit.append(AuditRow(actor=actor, action="files_added", note=note))
            if row.status in ("approved", "rejected"):  # new documents: decided again
                row.audit.append(AuditRow(actor=actor, action="status", field="status",
                                          old_value=row.status, new_value="needs_review",
                                          note="berkas kunjungan baru ditambahkan"))
                row.status = "needs_review"
            row.updated_at = utcnow()
            if other is not None:
                other.audit.append(AuditRow(actor=actor, action="status", field="status",
                                            old_value=other.status, new_value=MERGED,
                                            note=f"digabung ke kasus {case_id}"))
                other.status, other.updated_at = MERGED, utcnow()
            s.flush()
            return case_view(row)

    def _checked(self, s: Session, case_id: str, expected_version: int) -> CaseRow:
        row = self._load(s, case_id)
        if row.version != expected_version:
            raise ConflictError(case_id, expected_version, row.version)
        if row.status == MERGED:  # its files live in another case now; nothing to change here
            raise StoreError("store.case_merged", case_id=case_id)
        return row

    def _flush(self, s: Session, row: CaseRow, case_id: str, expected: int) -> CaseView:
        try:
            s.flush()
        except StaleDataError as e:
            raise ConflictError(case_id, expected, expected + 1) from e
        return case_view(row)

