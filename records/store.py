"""The case store: SQLite file by default, PostgreSQL by URL; source files kept by content hash.

Opening a :class:`Store` brings the schema up to date with Alembic. Cases carry a version number
(optimistic locking): an update names the version it was based on, and a stale one raises
:class:`ConflictError` instead of overwriting another clerk's change. Every change of a record
value and every status change is appended to the case's audit log.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from pydantic import BaseModel, Field
from sqlalchemy import create_engine, event, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from core.models import Document, FileError, Finding, Severity
from core.settings import get_settings
from records.db import AuditRow, CaseRow, DocumentRow, PageRow, SourceFileRow, utcnow
from records.models import Origin, OssRecord

STATUSES = ("needs_review", "approved", "rejected")
_MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(RuntimeError):
    """A store operation that cannot be done as asked."""


class CaseNotFoundError(StoreError):
    """No case with that id."""


class ConflictError(StoreError):
    """The case changed since the caller read it (another clerk saved first)."""

    def __init__(self, case_id: str, expected: int, actual: int) -> None:
        super().__init__(
            f"Kasus {case_id} sudah diubah orang lain (versi {actual}, bukan {expected}); "
            "muat ulang lalu ulangi perubahan."
        )
        self.case_id, self.expected, self.actual = case_id, expected, actual


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
    status: str
    """``done`` or ``failed``."""
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


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(f.severity == Severity.ERROR for f in findings)
    return errors, sum(f.severity == Severity.WARNING for f in findings)


def _all_findings(documents: list[Document], findings: list[Finding]) -> list[Finding]:
    return [f for d in documents for f in d.findings] + list(findings)


class Store:
    """The case store of one database and one data folder."""

    def __init__(self, url: str | None = None, *, data_dir: Path | None = None) -> None:
        settings = get_settings()
        self.data_dir = Path(data_dir or settings.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.url = url or settings.db_url or f"sqlite:///{self.data_dir / 'intake.db'}"
        self.engine = make_engine(self.url)
        migrate(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # -- files ---------------------------------------------------------------------------
    def add_file(self, path: Path, filename: str | None = None) -> StoredFile:
        """Copy ``path`` into the data folder under its SHA-256 (once per content)."""
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        sha = digest.hexdigest()
        target = self.data_dir / "files" / sha[:2] / sha
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".part")
            shutil.copyfile(path, tmp)
            tmp.replace(target)
        return StoredFile(
            filename=filename or path.name, sha256=sha, size=path.stat().st_size,
            stored_path=str(target.relative_to(self.data_dir)),
        )

    def file_path(self, stored: StoredFile) -> Path:
        """Where a stored file lies."""
        return self.data_dir / stored.stored_path

    # -- cases ---------------------------------------------------------------------------
    def create_case(
        self,
        *,
        files: list[StoredFile],
        documents: list[Document],
        findings: list[Finding],
        errors: list[FileError],
        record: OssRecord,
        kind: str = "walk_in",
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
            id=case_id, kind=kind, status="needs_review",
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

    def archived_file(self, sha256: str) -> bool:
        """Whether a file with this content already belongs to an archive case."""
        q = select(SourceFileRow.id).join(CaseRow).where(
            SourceFileRow.sha256 == sha256, CaseRow.kind == "archive").limit(1)
        with self._session() as s:
            return s.scalar(q) is not None

    def case_by_key(self, source_key: str) -> str | None:
        """The id of the case stored under ``source_key``, if any."""
        with self._session() as s:
            return s.scalar(select(CaseRow.id).where(CaseRow.source_key == source_key))

    # -- archive page ledger -----------------------------------------------------------------
    def ledger(self, shas: list[str], version: str) -> dict[str, PageResult]:
        """The pages among ``shas`` already processed by extractor ``version``."""
        if not shas:
            return {}
        q = select(PageRow).where(PageRow.sha256.in_(set(shas)),
                                  PageRow.extractor_version == version)
        with self._session() as s:
            return {r.sha256: _page_result(r) for r in s.scalars(q)}

    def record_pages(self, results: list[PageResult], version: str) -> int:
        """Add processed pages to the ledger; a page already there is left as it is.

        Returns how many were new.
        """
        new = 0
        for r in results:
            row = PageRow(sha256=r.sha256, extractor_version=version, source=r.source,
                          file_sha256=r.file_sha256, page=r.page, status=r.status,
                          documents=[d.model_dump(mode="json") for d in r.documents],
                          errors=[e.model_dump(mode="json") for e in r.errors])
            try:
                with self._session.begin() as s:
                    s.add(row)
                new += 1
            except IntegrityError:
                continue
        return new

    def _load(self, s: Session, case_id: str) -> CaseRow:
        row = s.get(CaseRow, case_id, options=[selectinload(CaseRow.files),
                                               selectinload(CaseRow.documents),
                                               selectinload(CaseRow.audit)])
        if row is None:
            raise CaseNotFoundError(f"Kasus {case_id} tidak ada.")
        return row

    def get_case(self, case_id: str) -> CaseView:
        """The whole case ``case_id``."""
        with self._session() as s:
            return _view(self._load(s, case_id))

    def list_cases(
        self, *, status: str | None = None, search: str | None = None, limit: int = 200
    ) -> list[CaseSummary]:
        """Cases, oldest first within a status; ``search`` matches name or NIK."""
        q = select(CaseRow).order_by(CaseRow.created_at).limit(limit)
        if status:
            q = q.where(CaseRow.status == status)
        if search:
            term = f"%{search.strip().upper()}%"
            q = q.where(or_(CaseRow.applicant_name.ilike(term), CaseRow.nik.like(term)))
        with self._session() as s:
            return [_summary(r) for r in s.scalars(q)]

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
                    raise StoreError(f"Kolom {name} tidak ada di rekaman OSS.")
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
            raise StoreError(f"Status {status!r} tidak dikenal; pilih {', '.join(STATUSES)}.")
        with self._session.begin() as s:
            row = self._checked(s, case_id, expected_version)
            row.audit.append(AuditRow(actor=actor, action="status", field="status",
                                      old_value=row.status, new_value=status, note=reason))
            row.status, row.updated_at = status, utcnow()
            return self._flush(s, row, case_id, expected_version)

    def _checked(self, s: Session, case_id: str, expected_version: int) -> CaseRow:
        row = self._load(s, case_id)
        if row.version != expected_version:
            raise ConflictError(case_id, expected_version, row.version)
        return row

    def _flush(self, s: Session, row: CaseRow, case_id: str, expected: int) -> CaseView:
        try:
            s.flush()
        except StaleDataError as e:
            raise ConflictError(case_id, expected, expected + 1) from e
        return _view(row)


def _page_result(row: PageRow) -> PageResult:
    return PageResult(
        sha256=row.sha256, source=row.source, file_sha256=row.file_sha256, page=row.page,
        status=row.status, documents=[Document.model_validate(d) for d in row.documents],
        errors=[FileError.model_validate(e) for e in row.errors],
    )


def _summary(row: CaseRow) -> CaseSummary:
    return CaseSummary(
        id=row.id, kind=row.kind, status=row.status, created_at=row.created_at,
        updated_at=row.updated_at, version=row.version, applicant_name=row.applicant_name,
        nik=row.nik, n_errors=row.n_errors, n_warnings=row.n_warnings,
    )


def _view(row: CaseRow) -> CaseView:
    return CaseView(
        **_summary(row).model_dump(),
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
