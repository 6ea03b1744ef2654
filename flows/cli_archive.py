"""``intake archive``: digitise folders and multi-page files of a paper archive."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

if TYPE_CHECKING:
    from flows.archive import ArchiveSummary

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
    from flows.prefect_setup import configure

    configure(verbose=verbose)
    from flows import archive as module

    missing = [s for s in sources if not s.exists()]
    if missing:
        console.print(f"[red]Tidak ada: {', '.join(map(str, missing))}[/]")
        raise typer.Exit(2)
    workers = workers or os.cpu_count() or 2
    flow_fn = module.digitise_archive.with_options(task_runner=_runner(workers, dask_address))
    columns = (TextColumn("Halaman"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task("arsip", total=None, rate="")

        def hook(done: int, known: int) -> None:
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(bar, completed=done, total=known, rate=f"{done / elapsed:.2f} hal/s")

        module.progress_hook = hook
        try:
            summary = flow_fn(sources=[s.resolve() for s in sources], batch_size=batch_size,
                              workers=workers,
                              searchable_pdf=searchable_pdf.resolve() if searchable_pdf else None)
        finally:
            module.progress_hook = None
    _print_summary(summary)
    if summary.pages_failed or summary.errors:
        raise typer.Exit(1)


def _runner(workers: int, dask_address: str | None) -> object:
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=workers)


def _print_summary(s: ArchiveSummary) -> None:
    table = Table(title="Ringkasan arsip", title_justify="left", show_header=False)
    for label, value in (
        ("Berkas", f"{s.files} (dilewati karena sudah selesai: {s.files_skipped})"),
        ("Halaman selesai", s.pages_done),
        ("Halaman dilewati (sudah diproses)", s.pages_skipped),
        ("Halaman gagal", s.pages_failed),
        ("Halaman duplikat persis", len(s.duplicate_pages)),
        ("Kasus dibuat", len(s.cases)),
        ("PDF dapat dicari", len(s.searchable_pdfs)),
        ("Dokumen", ", ".join(f"{k}: {v}" for k, v in sorted(s.documents.items())) or "—"),
        ("Temuan", ", ".join(f"{k}: {v}" for k, v in sorted(s.findings.items())) or "—"),
        ("Orang sama di beberapa folder", "; ".join(" + ".join(g) for g in s.possible_duplicates)
         or "—"),
    ):
        table.add_row(label, str(value))
    console.print(table)
    for e in s.errors:
        console.print(f"  [red]✖ {e.message}[/] [dim]({e.code})[/]")


def register(app: typer.Typer) -> None:
    """Add ``archive``."""
    app.command()(archive)
