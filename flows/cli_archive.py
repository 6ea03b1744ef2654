"""``intake archive``: digitise folders and multi-page files of a paper archive."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from core.messages import text

if TYPE_CHECKING:
    from records.archive import ArchiveProgress, ArchiveSummary, ProgressHook

console = Console()


def archive(
    sources: Annotated[list[Path], typer.Argument(help="Folders, PDFs, TIFFs, images.")],
    workers: Annotated[int | None, typer.Option(
        help="Pages read in parallel (threads); default: one per core.")] = None,
    batch_size: Annotated[int, typer.Option(
        help="Pages per task (whole files; a long file is split every 4 × K pages).")] = 2,
    searchable_pdf: Annotated[Path | None, typer.Option(
        help="Also write each source as a searchable PDF into this folder.")] = None,
    dask_address: Annotated[str | None, typer.Option(
        help="Run the tasks on an existing Dask cluster, e.g. tcp://host:8786.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Prefect's logs.")] = False,
) -> None:
    """Read every page into archive cases (resumable: finished pages are not read again)."""
    missing = [s for s in sources if not s.exists()]
    if missing:
        console.print(f"[red]{text('archive.missing', paths=', '.join(map(str, missing)))}[/]")
        raise typer.Exit(2)
    sources = [s.resolve() for s in sources]
    searchable = searchable_pdf.resolve() if searchable_pdf else None
    workers = workers or os.cpu_count() or 2
    columns = (TextColumn(text("archive.progress")), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[skipped]}"),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task("arsip", total=None, rate="", skipped="")

        def hook(p: ArchiveProgress) -> None:
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(bar, completed=p.pages_finished, total=p.pages_known,
                            rate=text("archive.rate", rate=p.pages_done / elapsed),
                            skipped=text("archive.skipped", pages=p.pages_skipped,
                                         files=p.files_skipped))

        summary = _without_reading(sources, searchable, batch_size, hook)
        if summary is None:
            from flows.prefect_setup import configure

            configure(verbose=verbose)
            from flows.archive import digitise_archive

            flow_fn = digitise_archive.with_options(task_runner=_runner(workers, dask_address))
            summary = flow_fn(sources=sources, batch_size=batch_size, workers=workers,
                              searchable_pdf=searchable, progress=hook)
    _print_summary(summary)
    if summary.pages_failed or summary.errors:
        raise typer.Exit(1)


def _without_reading(sources: list[Path], searchable: Path | None, batch_size: int,
                     hook: ProgressHook) -> ArchiveSummary | None:
    """The run done here when no page needs reading (a re-run of a finished archive): no task
    runner, no Prefect server; ``None`` when pages must be read."""
    from core.settings import get_settings
    from records.archive import ArchiveRun, run_archive
    from records.archive_files import InlineReader, extractor_version, needs_reading
    from records.store import Store

    version = extractor_version()
    store = Store()
    try:
        if needs_reading(sources, store, version, searchable):
            return None
        run = ArchiveRun(store, version, searchable=searchable, progress=hook)
        return run_archive(sources, InlineReader(version, searchable), run,
                           batch_size=batch_size, office=get_settings().office)
    finally:
        store.close()


def _runner(workers: int, dask_address: str | None) -> object:
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=workers)


def _print_summary(s: ArchiveSummary) -> None:
    table = Table(title=text("archive.title"), title_justify="left", show_header=False)
    for key, value in (
        ("files", text("archive.files_value", files=s.files, skipped=s.files_skipped)),
        ("pages_done", s.pages_done),
        ("pages_skipped", s.pages_skipped),
        ("pages_failed", s.pages_failed),
        ("pages_blank", s.pages_blank),
        ("duplicates", len(s.duplicate_pages)),
        ("cases", len(s.cases)),
        ("searchable", len(s.searchable_pdfs)),
        ("documents", ", ".join(f"{k}: {v}" for k, v in sorted(s.documents.items())) or "—"),
        ("findings", ", ".join(f"{k}: {v}" for k, v in sorted(s.findings.items())) or "—"),
        ("same_person", "; ".join(" + ".join(g) for g in s.possible_duplicates) or "—"),
    ):
        table.add_row(text(f"archive.{key}"), str(value))
    console.print(table)
    for e in s.errors:
        console.print(f"  [red]✖ {e.message}[/] [dim]({e.code})[/]")


def register(app: typer.Typer) -> None:
    """Add ``archive``."""
    app.command()(archive)
