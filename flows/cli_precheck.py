"""``intake precheck``: find what OSS would reject in a batch of records."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from core.privacy import mask_id

if TYPE_CHECKING:
    from records.report import PrecheckSummary

console = Console()


def _mapping(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        header, sep, field = pair.partition("=")
        if not sep:
            raise typer.BadParameter(f"--map wants 'Judul Kolom=field', not {pair!r}")
        out[header.strip()] = field.strip()
    return out


def precheck(
    source: Annotated[Path | None, typer.Argument(help="CSV, XLSX or JSON file.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write the HTML report here.")] = None,
    findings: Annotated[Path | None, typer.Option(help="Write the findings CSV here.")] = None,
    map_: Annotated[list[str], typer.Option("--map", help="'Column Header=field', repeatable.")]
    = [],  # noqa: B006
    store: Annotated[bool, typer.Option("--store", help="Check the records in the store.")]
    = False,
    status: Annotated[str | None, typer.Option(help="With --store: only this status.")] = None,
    workers: Annotated[int, typer.Option(help="Processes for the checks.")] = 2,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Prefect's logs.")] = False,
) -> None:
    """Check records before OSS; exit code 1 when any has an error-level finding."""
    if (source is None) == (not store):
        console.print("[red]Sebutkan satu berkas SOURCE, atau --store.[/]")
        raise typer.Exit(2)
    from flows.prefect_setup import configure, use_prefect

    through_prefect = use_prefect()  # else in-process: no temporary server to wait for
    configure(verbose=verbose, prefect=through_prefect)
    if through_prefect:
        from flows.precheck import precheck_records as run
    else:
        from records.precheck import run_precheck as run

    summary = run(source=source.resolve() if source else None, mapping=_mapping(map_),
                  status=status if store else None, report=report, findings_csv=findings,
                  workers=workers)
    if summary.input_error:
        console.print(f"[red]✖ {summary.input_error}[/]")
        raise typer.Exit(2)
    _print(summary)
    if report:
        console.print(f"Laporan HTML: {report}")
    if findings:
        console.print(f"Temuan CSV: {findings}")
    if summary.rows_with_errors or summary.rows_refused:
        raise typer.Exit(1)


def _print(s: PrecheckSummary) -> None:
    console.print(f"[bold]{s.rows_in}[/] baris masuk = [bold]{s.rows}[/] rekaman diperiksa + "
                  f"[bold]{s.rows_refused}[/] baris ditolak (tidak terbaca).")
    for r in s.refused:
        console.print(f"  [red]✖ {r.message}[/]")
    if s.rows_refused > len(s.refused):
        console.print(f"  … dan {s.rows_refused - len(s.refused)} baris ditolak lainnya "
                      "(lihat CSV temuan).")
    console.print(f"Diperiksa: [red]{s.rows_with_errors} dengan kesalahan[/], "
                  f"[yellow]{s.rows_with_warnings} dengan peringatan[/], "
                  f"[green]{s.rows_clean} tanpa masalah[/].")
    if s.by_code:
        table = Table(title="Temuan per kode", title_justify="left")
        table.add_column("Kode")
        table.add_column("Jumlah", justify="right")
        for code, n in s.by_code.items():
            table.add_row(code, str(n))
        console.print(table)
    if s.worst:
        console.print("[bold]Baris terburuk[/]")
    for row in s.worst:
        codes = ", ".join(sorted({f.code for f in row.findings if f.severity != "info"}))
        console.print(f"  baris {row.line}: {mask_id(row.values.get('nik'))} "
                      f"{row.values.get('nama') or ''} — {codes}")


def register(app: typer.Typer) -> None:
    """Add ``precheck``."""
    app.command()(precheck)
