"""The archive's page ledger: one row per page content and extractor version, done or failed.

A page (or a whole file, by its hash) found here with the current extractor version is not
read again; a file already in an archive case is not opened at all.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from records.db import CaseRow, PageRow, SourceFileRow
from records.schemas import CaseKind, PageResult, page_result


class PageLedger:
    """The ledger part of the store."""

    _session: sessionmaker[Session]

    def archived_file(self, sha256: str) -> bool:
        """Whether a file with this content already belongs to an archive case."""
        q = select(SourceFileRow.id).join(CaseRow).where(
            SourceFileRow.sha256 == sha256, CaseRow.kind == CaseKind.ARCHIVE).limit(1)
        with self._session() as s:
            return s.scalar(q) is not None

    def ledger(self, shas: list[str], version: str) -> dict[str, PageResult]:
        """The pages among ``shas`` already processed by extractor ``version``."""
        if not shas:
            return {}
        q = select(PageRow).where(PageRow.sha256.in_(set(shas)),
                                  PageRow.extractor_version == version)
        with self._session() as s:
            return {r.sha256: page_result(r) for r in s.scalars(q)}

    def file_ledger(self, file_sha256: str, version: str) -> dict[int, PageResult]:
        """The pages of the file ``file_sha256`` already processed by extractor ``version``,
        by page number (read before any page of the file is rendered)."""
        q = select(PageRow).where(PageRow.file_sha256 == file_sha256,
                                  PageRow.extractor_version == version)
        with self._session() as s:
            return {r.page: page_result(r) for r in s.scalars(q)}

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

