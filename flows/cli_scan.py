"""``intake scan``, ``intake show`` and ``intake export``: one walk-in case from files to record."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from core.models import Document, FileError, Finding, Severity
from core.privacy import mask_id
from core.settings import get_settings
from records.export import field_marks, record_row, to_csv, to_json
from records.models import OssRecord
from records.store import CaseNotFoundError, CaseView, Store

if TYPE_CHECKING:
    from flows.walkin import CaseResult

console = Console()
NOT_FAILURES = frozenset({"page.no_document", "page.blank"})
"""Error codes that are no failure of a file (a blank back page): ``scan`` still exits 0."""
UNREAD_ID = "tidak terbaca — ketik dari dokumen aslinya"
UNREAD_EN = "not readable — type it from the original"
MARKS = {Severity.ERROR: "[red]✖[/]", Severity.WARNING: "[yellow]⚠[/]", Severity.INFO: "[blue]i[/]"}


class ExportFormat(StrEnum):
    """Export formats."""

    JSON = "json"
    CSV = "csv"


def _say(text_id: str, text_en: str) -> str:
    return text_en if get_settings().lang == "en" else text_id


def _message(f: Finding) -> str:
    return f.message_en if get_settings().lang == "en" and f.message_en else f.message


def render_case(case_id: str, documents: list[Document], findings: list[Finding],
                errors: list[FileError], record: OssRecord, *, closing: str | None = None) -> None:
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
        conf = f"{source.confidence:.2f}" if source and (source.confidence or not value.unread) \
            else ""
        shown = value.value or "[dim]—[/]"
        if value.unread:  # tidak terbaca: never a finding, the clerk types it
            shown = f"[magenta]{_say(UNREAD_ID, UNREAD_EN)}[/]"
            if value.read:
                shown += " " + _say(f"(terbaca: {escape(value.read)})",
                                    f"(read: {escape(value.read)})")
        table.add_row(MARKS.get(marks.get(spec.name), ""), spec.label_id, shown, src, conf)
    console.print(table)
    console.print("[bold]Temuan[/]" if every else "Tidak ada temuan.")
    for f in sorted(every, key=lambda f: ["error", "warning", "info"].index(f.severity)):
        console.print(f"  {MARKS[f.severity]} [bold]{f.code}[/] {_message(f)}")
    for e in errors:
        console.print(f"  [red]✖ {e.message}[/] [dim]({e.code})[/]")
    if closing is None:
        closing = f"Kasus [bold]{case_id}[/] disimpan, status: perlu diperiksa."
    console.print(closing)


def render_notices(result: CaseResult, files: list[Path]) -> None:
    """What the store knows of the applicant, and how to add these files to an earlier case."""
    if not result.notices:
        return
    console.print(_say("[bold]Pemohon ini[/]", "[bold]This applicant[/]"))
    for f in result.notices:
        console.print(f"  {MARKS.get(f.severity, '')} [bold]{f.code}[/] {_message(f)}")
    if result.existing or not any(f.code == "applicant.other_case" for f in result.notices):
        return
    store = Store()
    try:
        case = store.get_case(result.case_id)
        related = store.related_cases(nik=case.nik, shas=[f.sha256 for f in case.files],
                                      exclude=case.id)
    finally:
        store.close()
    if related:
        names = " ".join(str(p) for p in files)
        command = f"[bold]intake scan --add-to {related[-1][0].id} {names}[/]"
        console.print(_say(f"  Tambahkan berkas ini ke kasus itu (kasus {case.id} digabung ke "
                           f"sana): {command}", f"  Add these files to that case instead (case "
                           f"{case.id} is merged into it): {command}"))


def scan(
    files: Annotated[list[Path], typer.Argument(help="The files of one applicant.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Prefect's logs.")] = False,
    add_to: Annotated[str | None, typer.Option(
        "--add-to", metavar="CASE",
        help="Add the files to this earlier case of the applicant instead of a new case.")
    ] = None,
) -> None:
    """Read one applicant's files, check them, prefill the OSS record and store the case.

    Files already stored answer their case (no second case); the applicant's other cases
    (same NIK or file) are named. A file that cannot be read is one error in the case, the
    others are read; the exit code is then 1.
    """
    from flows.prefect_setup import configure, use_prefect

    configure(verbose=verbose, prefect=use_prefect())
    from flows.walkin import intake  # through Prefect with a server, else in-process

    target = add_to.strip().upper() if add_to else None
    if target is not None:
        _load_case(target)  # exit 2 with a message when it does not exist
    result = intake([p.resolve() for p in files], add_to=target)
    failed = [e for e in result.errors if e.code not in NOT_FAILURES]
    if json_out:
        typer.echo(result.model_dump_json(indent=2))
        if failed:
            raise typer.Exit(1)
        return
    closing = None
    if result.existing:
        closing = _say(f"Kasus [bold]{result.case_id}[/] (sudah ada), tidak dibuat kasus baru.",
                       f"Case [bold]{result.case_id}[/] (already stored), no new case made.")
    render_case(result.case_id, result.documents, result.findings, result.errors, result.record,
                closing=closing)
    render_notices(result, files)
    if failed:  # the other files are in the case; say so in the exit code too
        raise typer.Exit(1)


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
    from flows.visits import notices
    from records.visits import STATUS_NAMES

    case = _load_case(case_id)
    edited = any(a.action == "edit" for a in case.audit)
    own = [f for d in case.documents for f in d.findings] if edited else []
    status = STATUS_NAMES.get(case.status, (case.status, case.status))
    render_case(case.id, case.documents, [f for f in case.findings if f not in own], case.errors,
                case.record, closing=f"Kasus [bold]{case.id}[/], status: {status[0]}.")
    store = Store()
    try:
        found = notices(store, case)
    finally:
        store.close()
    for f in found:
        console.print(f"  {MARKS.get(f.severity, '')} [bold]{f.code}[/] {_message(f)}")
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
