"""The scanner hot folder's ledger in the store: every file content seen, read once.

One row per SHA-256. A row is written once the file has been read (its documents kept, the file
copied into the store) or has failed; the case it belongs to is stored afterwards under the key
``watch:<group id>``, so a restart at any point neither loses a file nor stores a case twice.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.models import Document, FileError
from records.db import WatchFileRow, utcnow
from records.store import Store, StoredFile


class WatchEntry(BaseModel):
    """One file content of the hot folder."""

    sha256: str
    path: str
    folder: str = ""
    size: int = 0
    status: str
    """``read``, ``stored`` or ``failed``."""
    group_id: str | None = None
    case_id: str | None = None
    nik: str | None = None
    stored: StoredFile | None = None
    documents: list[Document] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)
    reason: str | None = None
    copies: int = 0
    seen_at: datetime | None = None


def new_group_id() -> str:
    """A fresh group id."""
    return uuid.uuid4().hex[:16]


def _entry(row: WatchFileRow) -> WatchEntry:
    return WatchEntry(
        sha256=row.sha256, path=row.path, folder=row.folder, size=row.size, status=row.status,
        group_id=row.group_id, case_id=row.case_id, nik=row.nik,
        stored=StoredFile.model_validate(row.stored) if row.stored else None,
        documents=[Document.model_validate(d) for d in row.documents or []],
        errors=[FileError.model_validate(e) for e in row.errors or []],
        reason=row.reason, copies=row.copies, seen_at=row.seen_at,
    )


class Ledger:
    """The hot folder's ledger on ``store``'s database."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _session(self) -> Session:
        return Session(self.store.engine, expire_on_commit=False)

    def get(self, sha256: str) -> WatchEntry | None:
        """The entry of this content, if it was seen before."""
        with self._session() as s:
            row = s.scalar(select(WatchFileRow).where(WatchFileRow.sha256 == sha256))
            return _entry(row) if row is not None else None

    def add(self, entry: WatchEntry) -> bool:
        """Record a file read or failed; ``False`` when its content was already there."""
        row = WatchFileRow(
            sha256=entry.sha256, path=entry.path, folder=entry.folder, size=entry.size,
            status=entry.status, group_id=entry.group_id, nik=entry.nik,
            stored=entry.stored.model_dump() if entry.stored else None,
            documents=[d.model_dump(mode="json") for d in entry.documents],
            errors=[e.model_dump(mode="json") for e in entry.errors], reason=entry.reason,
            copies=0, seen_at=utcnow(), done_at=utcnow() if entry.status == "failed" else None,
        )
        try:
            with self._session() as s, s.begin():
                s.add(row)
        except IntegrityError:
            return False
        return True

    def count_copy(self, sha256: str) -> None:
        """One more file with a content already seen."""
        with self._session() as s, s.begin():
            s.execute(update(WatchFileRow).where(WatchFileRow.sha256 == sha256)
                      .values(copies=WatchFileRow.copies + 1))

    def unstored(self) -> list[WatchEntry]:
        """Files read whose case is not stored yet (a restart finishes them), oldest first."""
        q = select(WatchFileRow).where(WatchFileRow.status == "read").order_by(WatchFileRow.id)
        with self._session() as s:
            return [_entry(r) for r in s.scalars(q)]

    def group(self, group_id: str) -> list[WatchEntry]:
        """Every file of one group, in arrival order."""
        q = select(WatchFileRow).where(WatchFileRow.group_id == group_id) \
            .order_by(WatchFileRow.id)
        with self._session() as s:
            return [_entry(r) for r in s.scalars(q)]

    def forget_failed(self) -> list[WatchEntry]:
        """Drop the failed entries (to read those files again, fixed); returns them."""
        failed = self.entries("failed")
        with self._session() as s, s.begin():
            s.execute(delete(WatchFileRow).where(WatchFileRow.status == "failed"))
        return failed

    def merge_groups(self, target: str, others: list[str]) -> None:
        """The files of groups ``others`` (not stored yet) belong to group ``target``."""
        if not others:
            return
        with self._session() as s, s.begin():
            s.execute(update(WatchFileRow).where(WatchFileRow.group_id.in_(others),
                                                 WatchFileRow.status == "read")
                      .values(group_id=target))

    def mark_stored(self, group_id: str, case_id: str) -> None:
        """The group's files are in case ``case_id``."""
        with self._session() as s, s.begin():
            s.execute(update(WatchFileRow).where(WatchFileRow.group_id == group_id)
                      .values(status="stored", case_id=case_id, done_at=utcnow()))

    def entries(self, status: str | None = None) -> list[WatchEntry]:
        """Every entry (of ``status``), oldest first."""
        q = select(WatchFileRow).order_by(WatchFileRow.id)
        if status:
            q = q.where(WatchFileRow.status == status)
        with self._session() as s:
            return [_entry(r) for r in s.scalars(q)]

    def case_of_nik(self, nik: str, since: datetime) -> str | None:
        """The newest hot-folder case of ``nik`` stored since ``since``, if any."""
        q = (select(WatchFileRow.case_id)
             .where(WatchFileRow.nik == nik, WatchFileRow.status == "stored",
                    WatchFileRow.done_at >= since)
             .order_by(WatchFileRow.id.desc()).limit(1))
        with self._session() as s:
            return s.scalar(q)
