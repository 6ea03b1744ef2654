"""Flow ``digitise_archive``: folders and multi-page files of an archive → cases for review.

Pages stream from the sources (never all in memory) into batches of a few pages; each batch is
one task (read, extract, record in the page ledger), run in parallel by the flow's task runner
(threads here, one per core by default; a Dask cluster with ``--dask-address``). A batch holds
whole files, so the pages of a multi-page permit are read together; only a long file is split
(every ``4 × batch_size`` pages, to keep memory flat). The ledger makes a run resumable: a page
whose content hash was processed by the same extractor version is not read again, and a source
file whose case exists is skipped whole. The files of one person (same NIK) become one archive
case; a file without a NIK is a case of its own.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from prefect import flow, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, wait
from pydantic import BaseModel, Field

import extractors
from core.models import FileError, Page
from core.settings import get_settings
from extractors.load import iter_pages
from extractors.pipeline import extract_pages
from extractors.searchable import merge, page_pdf
from records.prefill import prefill
from records.store import PageResult, Store
from validators.rules import check_case, with_findings

SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf"}
SPLIT_FACTOR = 4
"""A file's pages are split over tasks only past ``SPLIT_FACTOR × batch_size`` pages."""
ProgressHook = Callable[[int, int], None]
"""Called with (pages finished so far, pages known so far) from the flow's thread."""
progress_hook: ProgressHook | None = None


class ArchiveSummary(BaseModel):
    """What a run did."""

    files: int = 0
    files_skipped: int = 0
    pages_done: int = 0
    pages_skipped: int = 0
    pages_failed: int = 0
    duplicate_pages: list[str] = Field(default_factory=list)
    cases: list[str] = Field(default_factory=list)
    documents: Counter[str] = Field(default_factory=Counter)
    findings: Counter[str] = Field(default_factory=Counter)
    errors: list[FileError] = Field(default_factory=list)
    searchable_pdfs: list[str] = Field(default_factory=list)
    possible_duplicates: list[list[str]] = Field(default_factory=list)
    """Files of one person (same NIK) found in several folders of the archive."""


def extractor_version() -> str:
    """A hash of the extractors' source: pages are read again when the code changes."""
    digest = hashlib.sha256()
    for path in sorted(Path(extractors.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def source_files(sources: list[Path]) -> Iterator[Path]:
    """Every document file under ``sources`` (folders recursively), in a stable order."""
    for source in sources:
        if source.is_dir():
            yield from sorted(p for p in source.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield source


def _read_batch(pages: list[Page], file_shas: dict[str, str]) -> list[PageResult]:
    """Extract the documents of ``pages`` (grouped by source file); failures stay per page."""
    results: list[PageResult] = []
    by_source: dict[str, list[Page]] = {}
    for page in pages:
        by_source.setdefault(page.source, []).append(page)
    for source, group in by_source.items():
        documents, errors = extract_pages(group)
        for page in group:
            docs = [d for d in documents if d.page == page.page]
            errs = [e for e in errors if e.page in (page.page, None)]
            status = "failed" if errs and not docs else "done"
            results.append(PageResult(sha256=page.sha256, source=source,
                                      file_sha256=file_shas[source], page=page.page,
                                      status=status, documents=docs, errors=errs))
    return results


@task(cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def process_batch(pages: list[Page], file_shas: dict[str, str], version: str,
                  searchable: Path | None = None) -> list[PageResult]:
    """Read a batch of pages and record them in the ledger (so a crash keeps them)."""
    if searchable is not None:
        for page in pages:
            page_pdf(page, searchable / ".pages")
    results = _read_batch(pages, file_shas)
    store = Store()
    try:
        store.record_pages(results, version)
    finally:
        store.close()
    return results


class _Run:
    """The state of one run: batches in flight, pages per file, counters."""

    def __init__(self, store: Store, version: str, batch_size: int, in_flight: int,
                 searchable: Path | None = None) -> None:
        self.store, self.version, self.searchable = store, version, searchable
        self.batch_size, self.max_in_flight = batch_size, in_flight
        self.summary = ArchiveSummary()
        self.batch: list[Page] = []
        self.file_shas: dict[str, str] = {}
        self.futures: list[PrefectFuture[list[PageResult]]] = []
        self.seen: dict[str, str] = {}
        self.known = self.finished = 0
        self.progress_id = create_progress_artifact(0.0, key="archive-progress",
                                                    description="Halaman arsip selesai")

    def add_page(self, page: Page) -> str | None:
        """Queue a page unless it is a duplicate or already in the ledger; returns its sha."""
        if page.sha256 in self.seen:
            self.summary.duplicate_pages.append(
                f"{page.source} hal. {page.page} = {self.seen[page.sha256]}")
            return None
        self.seen[page.sha256] = f"{page.source} hal. {page.page}"
        self.known += 1
        if self.store.ledger([page.sha256], self.version):
            if self.searchable is not None:
                page_pdf(page, self.searchable / ".pages")
            self.summary.pages_skipped += 1
            self._progress(1)
            return page.sha256
        self.batch.append(page)
        if len(self.batch) >= SPLIT_FACTOR * self.batch_size:
            self.submit()  # a long file: its pages go on in the next batch
        return page.sha256

    def end_file(self) -> None:
        """A source file's pages are all queued: send the batch once it is big enough."""
        if len(self.batch) >= self.batch_size:
            self.submit()

    def submit(self) -> None:
        """Send the current batch to the task runner, keeping at most a few in flight."""
        if not self.batch:
            return
        shas = {p.source: self.file_shas[p.source] for p in self.batch}
        self.futures.append(process_batch.submit(self.batch, shas, self.version, self.searchable))
        self.batch = []
        while len(self.futures) >= self.max_in_flight:
            self._collect(self.futures.pop(0))

    def drain(self) -> None:
        """Wait for every batch in flight."""
        self.submit()
        wait(self.futures)
        for future in self.futures:
            self._collect(future)
        self.futures = []

    def _collect(self, future: PrefectFuture[list[PageResult]]) -> None:
        future.wait()
        if future.state.is_failed():
            self.summary.errors.append(FileError(source="(batch)", code="batch.failed",
                                                 message=str(future.state.message)))
            return
        results = future.result()
        for r in results:
            if r.status == "failed":
                self.summary.pages_failed += 1
                self.summary.errors.extend(r.errors)
            else:
                self.summary.pages_done += 1
        self._progress(len(results))

    def _progress(self, n: int) -> None:
        before, self.finished = self.finished, self.finished + n
        if progress_hook is not None:
            progress_hook(self.finished, self.known)
        if before // 20 != self.finished // 20 and self.known:
            update_progress_artifact(self.progress_id, 100.0 * self.finished / self.known)


class _SourceFile(NamedTuple):
    """A source file of the run and the ledger keys of its pages."""

    path: Path
    sha256: str
    pages: list[str]


def _nik_groups(run: _Run, files: list[_SourceFile]) -> list[list[tuple[_SourceFile, list]]]:
    """Files grouped into cases: the files whose documents share a NIK belong together."""
    docs = {}
    for f in files:
        pages = run.store.ledger(f.pages, run.version)
        docs[f.sha256] = [d for sha in f.pages if sha in pages for d in pages[sha].documents]
    parent = {f.sha256: f.sha256 for f in files}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    owner: dict[str, str] = {}
    for f in files:
        for nik in {d.value("nik") for d in docs[f.sha256]} - {None}:
            if nik in owner:
                parent[root(f.sha256)] = root(owner[nik])
            else:
                owner[nik] = f.sha256
    groups: dict[str, list[tuple[_SourceFile, list]]] = {}
    for f in files:
        groups.setdefault(root(f.sha256), []).append((f, docs[f.sha256]))
    return list(groups.values())


def _store_case(run: _Run, group: list[tuple[_SourceFile, list]], office: str) -> None:
    """One archive case for a group of files (stored once: its key is its files' hashes)."""
    key = hashlib.sha256("".join(sorted(f.sha256 for f, _ in group)).encode()).hexdigest()
    ledger = {sha: r for f, _ in group for sha, r in run.store.ledger(f.pages, run.version)
              .items()}
    documents = with_findings([d for _, docs in group for d in docs], office=office)
    errors = [e for f, _ in group for sha in f.pages if sha in ledger for e in ledger[sha].errors]
    findings = check_case(documents, office=office)
    case_id = run.store.create_case(
        files=[run.store.add_file(f.path) for f, _ in group], documents=documents,
        findings=findings, errors=errors, record=prefill(documents), kind="archive",
        source_key=f"archive:{key}",
    )
    run.summary.cases.append(case_id)
    run.summary.documents.update(Counter(d.doc_type.value for d in documents))
    run.summary.findings.update(
        Counter(f.code for f in [*findings, *(f for d in documents for f in d.findings)]))
    folders = {str(f.path.parent) for f, _ in group}
    if len(folders) > 1:
        run.summary.possible_duplicates.append(sorted(str(f.path) for f, _ in group))


def _report(summary: ArchiveSummary) -> None:
    rows = [{"berkas": e.source, "halaman": str(e.page or ""), "kode": e.code,
             "pesan": e.message} for e in summary.errors]
    create_table_artifact(key="archive-failures", table=rows or [{}],
                          description="Halaman/berkas yang gagal dibaca")
    create_markdown_artifact(
        key="archive-summary",
        markdown=(f"# Ringkasan arsip\n\n- berkas: {summary.files} (dilewati "
                  f"{summary.files_skipped})\n- halaman selesai: {summary.pages_done}\n"
                  f"- halaman dilewati (sudah diproses): {summary.pages_skipped}\n"
                  f"- halaman gagal: {summary.pages_failed}\n"
                  f"- halaman duplikat: {len(summary.duplicate_pages)}\n"
                  f"- kasus: {len(summary.cases)}\n- dokumen: {summary.documents}\n"
                  f"- temuan: {summary.findings}\n"),
    )


def _write_searchable(run: _Run, files: list[_SourceFile]) -> None:
    """One searchable PDF per source file, from its pages' PDFs (page order kept)."""
    assert run.searchable is not None
    for f in files:
        pages = [run.searchable / ".pages" / f"{sha}.pdf" for sha in f.pages]
        target = run.searchable / f.path.parent.name / f"{f.path.stem}.pdf"
        if merge(pages, target):
            run.summary.searchable_pdfs.append(str(target))


@flow(name="digitise_archive")
def digitise_archive(sources: list[Path], batch_size: int = 2, workers: int | None = None,
                     searchable_pdf: Path | None = None) -> ArchiveSummary:
    """Read every page under ``sources`` into archive cases; resumable and idempotent.

    ``workers`` (default: the cores of this machine) sets how many batches are in flight; the
    task runner decides how many run at once. With ``searchable_pdf``, a copy of each source
    file is written there as a PDF with an invisible text layer (Tesseract's PDF output).
    """
    workers = workers or os.cpu_count() or 2
    store = Store()
    run = _Run(store, extractor_version(), batch_size, in_flight=max(2, 2 * workers),
               searchable=searchable_pdf)
    office = get_settings().office
    files: list[_SourceFile] = []
    try:
        for path in source_files(sources):
            run.summary.files += 1
            fsha = file_sha256(path) if path.is_file() else ""
            if fsha and store.archived_file(fsha):
                run.summary.files_skipped += 1
                continue
            run.file_shas[str(path)] = fsha
            shas: list[str] = []
            for item in iter_pages(path):
                if isinstance(item, FileError):
                    run.summary.errors.append(item)
                elif (sha := run.add_page(item)) is not None:
                    shas.append(sha)
            run.end_file()
            if shas:
                files.append(_SourceFile(path, fsha, shas))
        run.drain()
        for group in _nik_groups(run, files):
            _store_case(run, group, office)
        if searchable_pdf is not None:
            _write_searchable(run, files)
    finally:
        store.close()
    _report(run.summary)
    return run.summary
