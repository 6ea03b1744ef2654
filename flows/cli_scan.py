"""``intake scan``, ``intake show`` and ``intake export``: one walk-in case from files to record."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from core.models import Document, FileError, Finding, Severity
from core.privacy import mask_id
from core.settings import get_settings
from records.export import field_marks, record_row, to_csv, to_json
from records.models import OssRecord
from records.store import CaseNotFoundError, CaseView, Store

console = Console()
MARKS = {Severity.ERROR: "[red]✖[/]", Severity.WARNING: "[yellow]⚠[/]", Severity.INFO: "[blue]i[/]"}


class ExportFormat(StrEnum):
    """Export formats."""

    JSON = "json"
    CSV = "csv"


def _message(f: Finding) -> str:
    return f.message_en if get_settings().lang == "en" and f.message_en else f.message


def render_case(case_id: str, documents: list[Document], findings: list[Finding],
                errors: list[FileError], record: OssRecord) -> None:
    """Print a case: the record with sources and marks, then findings and file errors."""
    every = [f for d in documents for f in d.findings] + findings
    marks = field_marks(every)
    table = Table(title=f"Rekaman OSS — kasus {case_id}", title_justify="left")
    for col in ("", "Kolom", "Nilai", "Sumber", "Keyakinan"):
        table.add_column(col)
    for spec, value in record.ordered():
        source = value.source
        src = f"{source.doc_type.value}:{source.field}" if source else "[dim]diisi petugas[/]"
        if value.conflict:
            src += " [yellow](sumber berbeda)[/]"
        conf = f"{source.confidence:.2f}" if source else ""
        shown = value.value or "[dim]—[/]"
        table.add_row(MARKS.get(marks.get(spec.name), ""), spec.label_id, shown, src, conf)
    console.print(table)
    console.print("[bold]Temuan[/]" if every else "Tidak ada temuan.")
    for f in sorted(every, key=lambda f: ["error", "warning", "info"].index(f.severity)):
        console.print(f"  {MARKS[f.severity]} [bold]{f.code}[/] {_message(f)}")
    for e in errors:
        console.print(f"  [red]✖ {e.message}[/] [dim]({e.code})[/]")
    console.print(f"Kasus [bold]{case_id}[/] disimpan, status: perlu diperiksa.")


def scan(
    files: Annotated[list[Path], typer.Argument(help="The files of one applicant.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Prefect's logs.")] = False,
) -> None:
    """Read one applicant's files, check them, prefill the OSS record and store the case."""
    from flows.prefect_setup import configure

    configure(verbose=verbose)
    from flows.intake import intake_case

    result = intake_case(paths=[p.resolve() for p in files])
    if json_out:
        typer.echo(result.model_dump_json(indent=2))
        return
    render_case(result.case_id, result.documents, result.findings, result.errors, result.record)


def _load_case(case_id: str) -> CaseView:
    store = Store()
    try:
        return store.get_case(case_id.upper())
    except CaseNotFoundError as e:
        console.print(f"[red]{e}[/]")
        raise typer.Exit(2) from e
    finally:
        store.close()


def show(case_id: Annotated[str, typer.Argument(help="Case id printed by scan.")]) -> None:
    """Print a stored case."""
    case = _load_case(case_id)
    render_case(case.id, case.documents, case.findings, case.errors, case.record)
    console.print(f"Status: {case.status} · versi {case.version} · NIK {mask_id(case.nik)}")


def export(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="json or csv.")] = ExportFormat.JSON,
) -> None:
    """Print a case's record in OSS form order, as JSON or CSV."""
    case = _load_case(case_id)
    rows = [record_row(case.id, case.record)]
    typer.echo(to_csv(rows) if fmt == ExportFormat.CSV else to_json(rows), nl=False)


def register(app: typer.Typer) -> None:
    """Add ``scan``, ``show`` and ``export``."""
    app.command()(scan)
    app.command()(show)
    app.command()(export)
