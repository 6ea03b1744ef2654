"""Flow ``digitise_archive``: folders and multi-page files of an archive → cases for review.

The run itself is plain (:func:`records.archive.run_archive`: files checked by hash against the
store before any page is rendered, pages in batches of whole files, the page ledger, one case per
person). This flow only wires it to Prefect: each batch is one task (read, extract, record in
the ledger), run in parallel by the flow's task runner (threads here, one per core by default;
a Dask cluster with ``--dask-address``), and the run's progress and summary become artifacts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture
from prefect.task_runners import ThreadPoolTaskRunner

from core.messages import file_error
from core.models import FileError, Page
from core.settings import get_settings
from records.archive import ArchiveProgress, ArchiveRun, ArchiveSummary, ProgressHook, run_archive
from records.archive_files import PageRef, extractor_version, load_refs, read_and_record
from records.schemas import PageResult
from records.store import Store

__all__ = ["ArchiveSummary", "digitise_archive", "process_batch"]


@task(cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def process_batch(pages: list[Page], file_shas: dict[str, str], version: str,
                  searchable: Path | None = None) -> list[PageResult]:
    """Read a batch of pages and record them in the ledger (so a crash keeps them)."""
    return read_and_record(pages, file_shas, version, searchable)


@task(cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def process_refs(refs: list[PageRef], file_shas: dict[str, str], version: str,
                 searchable: Path | None = None) -> list[PageResult]:
    """:func:`process_batch` for pages sent by reference (another machine renders them)."""
    pages, failed = load_refs(refs, file_shas)
    return read_and_record(pages, file_shas, version, searchable) + failed


def _in_process() -> bool:
    """Whether the flow's tasks run in this process (threads): pages go as pixels; otherwise
    (a Dask cluster) as references, so no image travels in the task graph."""
    ctx = FlowRunContext.get()
    return ctx is None or isinstance(ctx.task_runner, ThreadPoolTaskRunner)


class _TaskReader:
    """Batches as Prefect tasks, at most ``in_flight`` of them running or waiting."""

    def __init__(self, version: str, searchable: Path | None, in_flight: int) -> None:
        self.version, self.searchable, self.in_flight = version, searchable, in_flight
        self.futures: list[PrefectFuture[list[PageResult]]] = []
        self.by_reference = not _in_process()

    def submit(self, pages: list[Page], file_shas: dict[str, str]) -> None:
        if self.by_reference:
            refs = [PageRef(p.source, p.page, p.sha256) for p in pages]
            self.futures.append(process_refs.submit(refs, file_shas, self.version,
                                                    self.searchable))
            return
        self.futures.append(process_batch.submit(pages, file_shas, self.version,
                                                 self.searchable))

    def finished(self) -> Iterator[list[PageResult] | FileError]:
        while len(self.futures) >= self.in_flight:
            yield self._outcome(self.futures.pop(0))

    def drain(self) -> Iterator[list[PageResult] | FileError]:
        while self.futures:
            yield self._outcome(self.futures.pop(0))

    @staticmethod
    def _outcome(future: PrefectFuture[list[PageResult]]) -> list[PageResult] | FileError:
        future.wait()
        if future.state.is_failed():
            return file_error("batch.failed", "(batch)", detail=str(future.state.message))
        return future.result()


def _with_artifact(hook: ProgressHook | None) -> ProgressHook:
    """The caller's hook, and a progress artifact updated every 20 pages."""
    artifact = create_progress_artifact(0.0, key="archive-progress",
                                        description="Halaman arsip selesai")
    last = [0]

    def report(p: ArchiveProgress) -> None:
        if hook is not None:
            hook(p)
        if p.pages_known and p.pages_finished // 20 != last[0] // 20:
            update_progress_artifact(artifact, 100.0 * p.pages_finished / p.pages_known)
        last[0] = p.pages_finished

    return report


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


@flow(name="digitise_archive")
def digitise_archive(sources: list[Path], batch_size: int = 2, workers: int | None = None,
                     searchable_pdf: Path | None = None,
                     progress: ProgressHook | None = None) -> ArchiveSummary:
    """Read every page under ``sources`` into archive cases; resumable and idempotent.

    ``workers`` (default: the cores of this machine) sets how many batches are in flight; the
    task runner decides how many run at once. With ``searchable_pdf``, a copy of each source
    file is written there as a PDF with an invisible text layer (Tesseract's PDF output).
    ``progress`` is called with an :class:`~records.archive.ArchiveProgress` as pages finish.
    """
    workers = workers or os.cpu_count() or 2
    version = extractor_version()
    store = Store()
    try:
        run = ArchiveRun(store, version, searchable=searchable_pdf,
                         progress=_with_artifact(progress))
        reader = _TaskReader(version, searchable_pdf, in_flight=max(2, 2 * workers))
        summary = run_archive(sources, reader, run, batch_size=batch_size,
                              office=get_settings().office)
    finally:
        store.close()
    _report(summary)
    return summary
