"""``intake extract``: read the documents in files, with each document's findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from core.models import CANONICAL_FIELDS, ExtractResult
from core.settings import get_settings
from flows.cli_scan import MARKS

console = Console()


def extract_with_findings(path: Path) -> ExtractResult:
    """The documents of ``path``, each with the findings of its own rules."""
    from extractors.pipeline import extract_file
    from validators.rules import with_findings

    result = extract_file(path)
    office = get_settings().office
    result.documents = with_findings(result.documents, office=office)
    return result


def _print(result: ExtractResult) -> None:
    en = get_settings().lang == "en"
    for doc in result.documents:
        table = Table(title=f"{doc.doc_type.value.upper()} — {Path(doc.source).name}, hal. "
                            f"{', '.join(map(str, doc.pages or [doc.page]))} (keyakinan "
                            f"{doc.confidence:.2f})", title_justify="left")
        for col in ("Kolom", "Nilai", "Keyakinan", "Hal."):
            table.add_column(col)
        for name in CANONICAL_FIELDS[doc.doc_type]:
            f = doc.fields.get(name)
            value = f.value if f and f.value else "[dim]—[/]"
            conf = f"{f.confidence:.2f}" if f and f.value else ""
            style = "yellow" if f and f.value and f.confidence < 0.6 else ""
            table.add_row(name, f"[{style}]{value}[/]" if style else value, conf,
                          str(f.page) if f and f.value else "")
        console.print(table)
        for hint in doc.quality_hints:  # the flags with what to do (validators.codes)
            text = hint.message_en if en and hint.message_en else hint.message
            console.print(f"  [yellow]{'Image quality' if en else 'Mutu gambar'}:[/] {text} "
                          f"[dim]({hint.flag})[/]")
        for finding in doc.findings:
            text = finding.message_en if en and finding.message_en else finding.message
            console.print(f"  {MARKS[finding.severity]} [bold]{finding.code}[/] {text}")
    for e in result.errors:
        console.print(f"[red]✖ {e.message}[/] [dim]({e.code})[/]")
    if not result.documents and not result.errors:
        console.print(f"Tidak ada dokumen di {Path(result.source).name}.")


def extract(
    files: Annotated[list[Path], typer.Argument(help="Images (JPEG/PNG/TIFF) or PDFs.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
) -> None:
    """Read every KTP, NPWP card and building permit in the files; exit 1 if all failed."""
    results = [extract_with_findings(path) for path in files]
    if json_out:
        payload = [r.model_dump(mode="json") for r in results]
        typer.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False,
                              indent=2))
    else:
        for r in results:
            _print(r)
    if all(not r.documents and r.errors for r in results):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``extract``."""
    app.command()(extract)

