"""The archive run, without Prefect: which files need reading, the page ledger, the cases.

:func:`run_archive` goes through the files of an archive once. Before any page is rendered a
file's SHA-256 is checked against the store: a file that already belongs to an archive case is
skipped, and a file whose every page is in the page ledger (same extractor version) is taken
from the ledger. Only the other files' pages are read, in batches handed to a
:class:`BatchReader` (the flow's task runner, or :class:`InlineReader` in this process). The
files of one person (same NIK) then become one archive case; a file without a NIK is a case of
its own. One unreadable file is one recorded error; the run goes on. The readers are imported
only once a page is read: a re-run of a finished archive checks hashes and nothing more.
Planning and reading the files: :mod:`records.archive_files`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, Field

from core.models import Document, FileError, Page
from extractors.batching import Batcher
from extractors.sources import source_files
from records.archive_files import (
    BatchReader,
    FileAction,
    FilePlan,
    plan_file,
)
from records.assemble import archive_key, assemble_case
from records.grouping import group_by_key
from records.schemas import CaseKind, PageResult, PageStatus
from records.store import Store


class ArchiveSummary(BaseModel):
    """What a run did."""

    files: int = 0
    files_skipped: int = 0
    pages_done: int = 0
    pages_skipped: int = 0
    pages_failed: int = 0
    pages_blank: int = 0
    """Blank pages (the backs of a duplex scan), recognised without OCR (``page.blank``)."""
    duplicate_pages: list[str] = Field(default_factory=list)
    cases: list[str] = Field(default_factory=list)
    documents: Counter[str] = Field(default_factory=Counter)
    findings: Counter[str] = Field(default_factory=Counter)
    errors: list[FileError] = Field(default_factory=list)
    searchable_pdfs: list[str] = Field(default_factory=list)
    possible_duplicates: list[list[str]] = Field(default_factory=list)
    """Files of one person (same NIK) found in several folders of the archive."""


@dataclass
class ArchiveProgress:
    """Where a run stands, as its progress hook sees it."""

    pages_known: int = 0
    """Pages found so far (read, skipped or failed, or still to come back from a batch)."""
    pages_done: int = 0
    pages_skipped: int = 0
    """Pages already in the ledger: not read again."""
    pages_failed: int = 0
    files: int = 0
    files_skipped: int = 0
    """Files that already belong to an archive case: not even opened."""

    @property
    def pages_finished(self) -> int:
        """Pages read, skipped or failed."""
        return self.pages_done + self.pages_skipped + self.pages_failed


ProgressHook = Callable[[ArchiveProgress], None]
"""Called from the run's thread whenever pages or files are finished."""


class SourceFile(NamedTuple):
    """A source file of the run and the ledger keys of its pages."""

    path: Path
    sha256: str
    pages: list[str]


class ArchiveRun:
    """The state of one run: the pages seen, the files met, the counters."""

    def __init__(self, store: Store, version: str, *, searchable: Path | None = None,
                 progress: ProgressHook | None = None) -> None:
        self.store, self.version, self.searchable, self.hook = store, version, searchable, progress
        self.summary = ArchiveSummary()
        self.progress = ArchiveProgress()
        self.seen: dict[str, str] = {}
        self.files: list[SourceFile] = []
        self.file_shas: dict[str, str] = {}

    # -- files and pages --------------------------------------------------------------------
    def plans(self, sources: list[Path]) -> Iterator[FilePlan]:
        """The files to read; skipped, ledger and unreadable files are dealt with here."""
        for path in source_files(sources):
            plan = plan_file(self.store, path, self.version, self.searchable)
            self.summary.files += 1
            self.progress.files += 1
            if plan.action == FileAction.ERROR and plan.error is not None:
                self.summary.errors.append(plan.error)
            elif plan.action == FileAction.SKIP:
                self.summary.files_skipped += 1
                self.progress.files_skipped += 1
            elif plan.action == FileAction.LEDGER:
                pages = [plan.ledger[n].sha256 for n in sorted(plan.ledger)]
                for n in sorted(plan.ledger):
                    self.seen.setdefault(plan.ledger[n].sha256, f"{path} hal. {n}")
                self._skipped(len(pages), known=False)
                self.files.append(SourceFile(path, plan.sha256, pages))
            else:
                self.file_shas[str(path)] = plan.sha256
                yield plan
                continue
            self._report()

    def admit(self, page: Page, shas: list[str]) -> bool:
        """Whether ``page`` must be read: not a duplicate, not in the ledger. Its key is added
        to ``shas`` (the file's pages) unless it is a duplicate."""
        if page.sha256 in self.seen:
            self.summary.duplicate_pages.append(
                f"{page.source} hal. {page.page} = {self.seen[page.sha256]}")
            return False
        self.seen[page.sha256] = f"{page.source} hal. {page.page}"
        shas.append(page.sha256)
        self.progress.pages_known += 1
        if self.store.ledger([page.sha256], self.version):
            if self.searchable is not None:
                from extractors.searchable import page_pdf

                page_pdf(page, self.searchable / ".pages")
            self._skipped(1)
            self._report()
            return False
        return True

    def end_file(self, plan: FilePlan, shas: list[str]) -> None:
        """A file's pages are all queued."""
        if shas:
            self.files.append(SourceFile(plan.path, plan.sha256, shas))

    def collect(self, outcome: list[PageResult] | FileError) -> None:
        """Count a finished batch (or a failed one)."""
        if isinstance(outcome, FileError):
            self.summary.errors.append(outcome)
            return
        for r in outcome:
            if r.status == PageStatus.FAILED:
                self.summary.pages_failed += 1
                self.progress.pages_failed += 1
                self.summary.errors.extend(r.errors)
            else:
                self.summary.pages_done += 1
                self.progress.pages_done += 1
                self.summary.pages_blank += any(e.code == "page.blank" for e in r.errors)
        self._report()

    def error(self, error: FileError) -> None:
        """A file's load error (the rest of the file and the run go on)."""
        self.summary.errors.append(error)

    def _skipped(self, n: int, *, known: bool = True) -> None:
        self.summary.pages_skipped += n
        self.progress.pages_skipped += n
        if not known:
            self.progress.pages_known += n

    def _report(self) -> None:
        if self.hook is not None:
            self.hook(self.progress)

    # -- cases --------------------------------------------------------------------------------
    def store_cases(self, office: str) -> None:
        """One archive case per person (files sharing a NIK); stored once per set of files."""
        docs: dict[str, list[Document]] = {}
        for f in self.files:
            pages = self.store.ledger(f.pages, self.version)
            docs[f.sha256] = [d for sha in f.pages if sha in pages for d in pages[sha].documents]
        groups = group_by_key(self.files,
                              lambda f: {d.value("nik") for d in docs[f.sha256]} - {None})
        for group in groups:
            self._store_case(group, [d for f in group for d in docs[f.sha256]], office)

    def _store_case(self, group: list[SourceFile], documents: list[Document],
                    office: str) -> None:
        ledger = {sha: r for f in group
                  for sha, r in self.store.ledger(f.pages, self.version).items()}
        errors = [e for f in group for sha in f.pages if sha in ledger for e in ledger[sha].errors]
        draft = assemble_case(documents, errors, office=office)
        case_id = self.store.create_case(
            files=[self.store.add_file(f.path) for f in group], documents=draft.documents,
            findings=draft.findings, errors=draft.errors, record=draft.record,
            kind=CaseKind.ARCHIVE, source_key=archive_key(f.sha256 for f in group),
        )
        s = self.summary
        s.cases.append(case_id)
        s.documents.update(Counter(d.doc_type.value for d in draft.documents))
        s.findings.update(Counter(f.code for f in draft.all_findings()))
        if len({str(f.path.parent) for f in group}) > 1:
            s.possible_duplicates.append(sorted(str(f.path) for f in group))

    def write_searchable(self) -> None:
        """One searchable PDF per source file, from its pages' PDFs (page order kept)."""
        if self.searchable is None:
            return
        from extractors.searchable import merge

        for f in self.files:
            pages = [self.searchable / ".pages" / f"{sha}.pdf" for sha in f.pages]
            target = self.searchable / f.path.parent.name / f"{f.path.stem}.pdf"
            if merge(pages, target):
                self.summary.searchable_pdfs.append(str(target))


def run_archive(sources: list[Path], reader: BatchReader, run: ArchiveRun, *, batch_size: int,
                office: str) -> ArchiveSummary:
    """Read every page under ``sources`` into archive cases; resumable and idempotent."""
    batcher: Batcher[Page] = Batcher(batch_size)

    def send(batch: list[Page] | None) -> None:
        if batch:
            reader.submit(batch, {p.source: run.file_shas[p.source] for p in batch})
            for outcome in reader.finished():
                run.collect(outcome)

    for plan in run.plans(sources):
        from extractors.load import iter_pages  # only when a file is read

        shas: list[str] = []
        for item in iter_pages(plan.path):
            if isinstance(item, FileError):
                run.error(item)
            elif run.admit(item, shas):
                send(batcher.add(item))
        send(batcher.end_file())
        run.end_file(plan, shas)
    send(batcher.flush())
    for outcome in reader.drain():
        run.collect(outcome)
    run.store_cases(office)
    run.write_searchable()
    return run.summary
