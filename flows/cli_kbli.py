"""`intake kbli cari TEKS`: KBLI codes whose title matches what the applicant says they do.

Searches the titles of the configured KBLI version (``INTAKE_KBLI_VERSION``, 2025 by default;
on 2025 the KBLI 2020 titles count too, so "warung makan" still finds its 2025 codes). Exit code
1 when nothing matches.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from core.settings import get_settings
from validators import kbli

app = typer.Typer(help="KBLI: cari kode menurut judul / search codes by title.",
                  no_args_is_help=True)


@app.command("cari")
def cari(
    text: Annotated[str, typer.Argument(help="Kegiatan usaha, mis. 'warung makan'.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Cari kode KBLI menurut judul (search KBLI codes by title)."""
    hits = kbli.search(text, limit=limit)
    english = get_settings().lang == "en"
    if as_json:
        typer.echo(json.dumps(hits, ensure_ascii=False))
    elif hits:
        table = Table(title=f"KBLI {kbli.version_of()}: {text}")
        for header in ("kode", "judul", "skor") if not english else ("code", "title", "score"):
            table.add_column(header)
        for hit in hits:
            title = escape(str(hit["title"]))
            if hit["via"]:
                title += f"\n[dim](KBLI 2020: {escape(str(hit['via']))})[/dim]"
            table.add_row(str(hit["code"]), title, str(hit["score"]))
        Console().print(table)
    if not hits:
        if not as_json:
            typer.echo(f"No KBLI title matches '{text}'." if english else
                       f"Tidak ada judul KBLI yang cocok dengan '{text}'.")
        raise typer.Exit(code=1)


def register(parent: typer.Typer) -> None:
    """Add the `kbli` command group to ``parent``."""
    parent.add_typer(app, name="kbli")
