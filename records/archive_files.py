"""Which archive files and pages need reading, and reading them into the page ledger.

A file is judged by its SHA-256 before any page is rendered (:func:`plan_file`); batches of
pages are read by a :class:`BatchReader` — the archive flow's task runner, or
:class:`InlineReader` in this process — and recorded in the ledger at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple, Protocol

import extractors
from core.files import file_sha256
from core.messages import file_error
from core.models import FileError, Page
from extractors.sources import page_count, source_files
from records.schemas import PageResult, PageStatus
from records.store import Store


class FileAction(StrEnum):
    """What a run does with a source file, decided from its hash before any page is rendered."""

    SKIP = "skip"
    """It belongs to an archive case already."""
    LEDGER = "ledger"
    """Every page is in the page ledger: its documents come from there."""
    READ = "read"
    """Its pages are rendered (those in the ledger are not read again)."""
    ERROR = "error"
    """It cannot be read at all."""


class FilePlan(NamedTuple):
    """A source file and what the run does with it."""

    path: Path
    sha256: str
    action: FileAction
    ledger: dict[int, PageResult]
    error: FileError | None = None


class BatchReader(Protocol):
    """Reads batches of pages and records them in the ledger, a few batches at a time."""

    def submit(self, pages: list[Page], file_shas: dict[str, str]) -> None:
        """Start reading a batch."""

    def finished(self) -> Iterator[list[PageResult] | FileError]:
        """Batches finished since the last call (a failed batch as one error)."""

    def drain(self) -> Iterator[list[PageResult] | FileError]:
        """Wait for every batch still in flight."""


def extractor_version() -> str:
    """A hash of the extractors' source: pages are read again when the code changes."""
    digest = hashlib.sha256()
    for path in sorted(Path(extractors.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_batch(pages: list[Page], file_shas: dict[str, str]) -> list[PageResult]:
    """Extract the documents of ``pages`` (grouped by source file); failures stay per page."""
    from extractors.pipeline import extract_pages  # the readers load only if a page is read
    results: list[PageResult] = []
    by_source: dict[str, list[Page]] = {}
    for page in pages:
        by_source.setdefault(page.source, []).append(page)
    for source, group in by_source.items():
        documents, errors = extract_pages(group)
        for page in group:
            docs = [d for d in documents if d.page == page.page]
            errs = [e for e in errors if e.page in (page.page, None)]
            blank = bool(errs) and all(e.code == "page.blank" for e in errs)  # read: nothing
            status = PageStatus.FAILED if errs and not docs and not blank else PageStatus.DONE
            results.append(PageResult(sha256=page.sha256, source=source,
                                      file_sha256=file_shas[source], page=page.page,
                                      status=status, documents=docs, errors=errs))
    return results


class PageRef(NamedTuple):
    """A page by reference: where it lies and what it holds (sent instead of its pixels)."""

    source: str
    page: int
    sha256: str


def load_refs(refs: list[PageRef], file_shas: dict[str, str]) -> tuple[list[Page],
                                                                      list[PageResult]]:
    """The pages ``refs`` name, rendered here; a page that cannot be (the file moved, changed
    or is not mounted on this machine) is a failed :class:`PageResult`, not a lost page."""
    from extractors.load import iter_pages

    pages: list[Page] = []
    failed: list[PageResult] = []
    by_source: dict[str, dict[int, PageRef]] = {}
    for ref in refs:
        by_source.setdefault(ref.source, {})[ref.page] = ref
    for source, wanted in by_source.items():
        errors: list[FileError] = []
        for item in iter_pages(Path(source), only=frozenset(wanted)):
            if isinstance(item, FileError):
                errors.append(item)
            elif item.sha256 == wanted[item.page].sha256:
                pages.append(item)
                del wanted[item.page]
        for ref in wanted.values():
            errs = [e for e in errors if e.page in (ref.page, None)] or [
                file_error("file.changed", source, page=ref.page)]
            failed.append(PageResult(sha256=ref.sha256, source=source,
                                     file_sha256=file_shas[source], page=ref.page,
                                     status=PageStatus.FAILED, errors=errs))
    return pages, failed


def read_and_record(pages: list[Page], file_shas: dict[str, str], version: str,
                    searchable: Path | None = None) -> list[PageResult]:
    """Read a batch and record it in the ledger at once (so a crash keeps it)."""
    if searchable is not None:
        from extractors.searchable import page_pdf

        for page in pages:
            page_pdf(page, searchable / ".pages")
    results = read_batch(pages, file_shas)
    store = Store()
    try:
        store.record_pages(results, version)
    finally:
        store.close()
    return results


class InlineReader:
    """A :class:`BatchReader` that reads each batch at once, in this process."""

    def __init__(self, version: str, searchable: Path | None = None) -> None:
        self.version, self.searchable = version, searchable
        self.done: list[list[PageResult]] = []

    def submit(self, pages: list[Page], file_shas: dict[str, str]) -> None:
        """Read the batch now."""
        self.done.append(read_and_record(pages, file_shas, self.version, self.searchable))

    def finished(self) -> Iterator[list[PageResult] | FileError]:
        """The batches read since the last call."""
        done, self.done = self.done, []
        yield from done

    def drain(self) -> Iterator[list[PageResult] | FileError]:
        """Nothing is in flight."""
        return self.finished()


def plan_file(store: Store, path: Path, version: str, searchable: Path | None = None) -> FilePlan:
    """What to do with ``path``, from its hash and the store (no page is rendered)."""
    try:
        sha = file_sha256(path)
    except FileNotFoundError:
        return FilePlan(path, "", FileAction.ERROR, {}, file_error("file.not_found", path))
    except OSError as e:
        return FilePlan(path, "", FileAction.ERROR, {},
                        file_error("file.unreadable", path, detail=e.strerror or str(e)))
    if store.archived_file(sha):
        return FilePlan(path, sha, FileAction.SKIP, {})
    ledger = store.file_ledger(sha, version)
    count = page_count(path) if ledger else None
    complete = count is not None and all(n in ledger for n in range(1, count + 1))
    if complete and searchable is not None:
        complete = all((searchable / ".pages" / f"{ledger[n].sha256}.pdf").exists()
                       for n in range(1, count + 1))
    return FilePlan(path, sha, FileAction.LEDGER if complete else FileAction.READ, ledger)


def needs_reading(sources: list[Path], store: Store, version: str,
                  searchable: Path | None = None) -> bool:
    """Whether any file under ``sources`` has pages to render (else no task runner is needed)."""
    return any(plan_file(store, p, version, searchable).action == FileAction.READ
               for p in source_files(sources))
