"""The store's tables (SQLAlchemy 2). Schema changes go through Alembic (``records/migrations``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Now, timezone-aware."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of the store."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


class CaseRow(Base):
    """One intake case: a walk-in applicant's files, or a group of archive pages."""

    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("source_key", name="uq_cases_source_key"),
                      # the queue's order within a status (and overall), read from the index
                      Index("ix_cases_status_created", "status", "created_at", "id"),
                      Index("ix_cases_created", "created_at", "id"))

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="walk_in")
    status: Mapped[str] = mapped_column(String(16), default="needs_review", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    applicant_name: Mapped[str | None] = mapped_column(String(200), index=True)
    nik: Mapped[str | None] = mapped_column(String(16), index=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    findings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    n_errors: Mapped[int] = mapped_column(Integer, default=0)
    n_warnings: Mapped[int] = mapped_column(Integer, default=0)
    source_key: Mapped[str | None] = mapped_column(String(100))
    """For archive cases: ``archive:<file sha256>``, so a rerun never stores a case twice."""

    files: Mapped[list[SourceFileRow]] = relationship(
        back_populates="case", order_by="SourceFileRow.id", cascade="all, delete-orphan"
    )
    documents: Mapped[list[DocumentRow]] = relationship(
        back_populates="case", order_by="DocumentRow.id", cascade="all, delete-orphan"
    )
    audit: Mapped[list[AuditRow]] = relationship(
        back_populates="case", order_by="AuditRow.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SourceFileRow(Base):
    """A file of a case, kept by content hash in the data folder."""

    __tablename__ = "source_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    stored_path: Mapped[str] = mapped_column(String(500))

    case: Mapped[CaseRow] = relationship(back_populates="files")


class DocumentRow(Base):
    """A document read from a case's files, with its fields and findings."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(255))
    doc_type: Mapped[str] = mapped_column(String(16))
    page: Mapped[int] = mapped_column(Integer, default=1)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The whole ``Document`` as JSON (fields, bboxes, quality, findings)."""

    case: Mapped[CaseRow] = relationship(back_populates="documents")


class AuditRow(Base):
    """One entry of a case's audit trail: append-only, never edited."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[CaseRow] = relationship(back_populates="audit")


class PageRow(Base):
    """The archive's ledger: one row per page content and extractor version, done or failed.

    A page whose content hash is here with the current extractor version is not read again.
    """

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("sha256", "extractor_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(1000))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    page: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    """``done`` or ``failed``."""
    documents: Mapped[list[Any]] = mapped_column(JSON, default=list)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


@event.listens_for(AuditRow, "before_update")
@event.listens_for(AuditRow, "before_delete")
def _audit_is_append_only(mapper: Any, connection: Any, target: AuditRow) -> None:
    raise PermissionError("The audit log is append-only.")


class UserRow(Base):
    """An account of the review desk: a clerk or a supervisor (password hashed with Argon2)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="clerk")
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WatchFileRow(Base):
    """The scanner hot folder's ledger: one row per file content seen (``flows.watch``).

    A content already here is never read again; ``status`` is ``read`` (documents kept, the
    case not stored yet), ``stored`` (in case ``case_id``) or ``failed`` (moved to ``gagal/``).
    """

    __tablename__ = "watch_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(String(1000))
    """Where the file was first seen, relative to the watched folder."""
    folder: Mapped[str] = mapped_column(String(1000), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), index=True)
    group_id: Mapped[str | None] = mapped_column(String(32), index=True)
    case_id: Mapped[str | None] = mapped_column(String(32), index=True)
    nik: Mapped[str | None] = mapped_column(String(16))
    stored: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The file as copied into the store (``StoredFile``)."""
    documents: Mapped[list[Any]] = mapped_column(JSON, default=list)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reason: Mapped[str | None] = mapped_column(Text)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    """How many more files with this content arrived later (not read again)."""
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CaseChecklistRow(Base):
    """A case's document checklist: the application chosen and the documents a clerk confirmed.

    Documents the readers classify (KTP, NPWP, PBG/IMB) are found from the case's documents;
    the others (land title, drawings) only by a clerk's tick (``records.checklist``).
    """

    __tablename__ = "case_checklists"

    case_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    application: Mapped[str] = mapped_column(String(64))
    confirmed: Mapped[list[Any]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DeskSessionRow(Base):
    """A review-desk session (``review.sessions``); ``id`` is the SHA-256 of the cookie's token."""

    __tablename__ = "desk_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str | None] = mapped_column(String(64), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                index=True)


class MetaRow(Base):
    """Facts about the store itself (``files_dir_id``: the shared scan folder it uses)."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
