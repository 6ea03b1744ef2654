"""``intake report --month 2026-11``: the monthly report (``records.monthly``) on the terminal,
with the CSV and the two charts (SVG) written beside it when asked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def report(
    month: Annotated[str | None, typer.Option(
        help="YYYY-MM (default: the previous month, office time).")] = None,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write the CSV here.")] = None,
    svg_dir: Annotated[Path | None, typer.Option(
        "--svg", help="Write the charts (minggu-YYYY-MM.svg, temuan-YYYY-MM.svg) here.")] = None,
) -> None:
    """The monthly report: cases received and decided, time to approval, findings, per clerk."""
    from core.settings import get_settings
    from records.monthly import build_report, findings_svg, previous_month, to_csv, weeks_svg
    from records.store import Store

    store = Store()
    try:
        r = build_report(store.engine, month or previous_month())
    except ValueError as e:
        console.print(f"[red]{e}[/]")
        raise typer.Exit(2) from e
    finally:
        store.close()
    median = "—" if r.median_hours_to_approval is None else f"{r.median_hours_to_approval} jam"
    console.print(f"[bold]Laporan bulanan {r.month}[/] ({r.timezone})")
    console.print(f"Diterima {r.received} · disetujui {r.approved} · ditolak {r.rejected} · "
                  f"belum diputus {r.open} · median sampai disetujui {median}")
    weeks = Table("minggu", "hari", "diterima", "disetujui", "ditolak", title_justify="left")
    for w in r.weeks:
        weeks.add_row(str(w.n), f"{w.first_day}-{w.last_day}", str(w.received), str(w.approved),
                      str(w.rejected))
    console.print(weeks)
    shares = Table("keluhan", "kasus", "porsi", title_justify="left")
    for s in r.shares:
        shares.add_row(s.label_id, str(s.cases), f"{s.share * 100:.1f}%")
    console.print(shares)
    codes = Table("kode temuan", "tingkat", "kasus", "porsi", title_justify="left")
    for c in r.codes:
        codes.add_row(c.code, c.severity, str(c.cases), f"{c.share * 100:.1f}%")
    console.print(codes)
    clerks = Table("petugas", "kasus", "koreksi", "diajukan", "disetujui", "ditolak")
    for k in r.clerks:
        clerks.add_row(k.name, str(k.cases), str(k.edits), str(k.submitted), str(k.approved),
                       str(k.rejected))
    console.print(clerks)
    for x in r.rejections:
        console.print(f"  ditolak {x.case_id} ({x.actor}): {x.reason}")
    if csv_out:
        csv_out.write_text(to_csv(r), encoding="utf-8")
        console.print(f"CSV: {csv_out}")
    if svg_dir:
        svg_dir.mkdir(parents=True, exist_ok=True)
        en = get_settings().lang == "en"
        labels = ({"received": "received", "approved": "approved", "rejected": "rejected",
                   "week": "wk", "title": "Cases per week"} if en else
                  {"received": "diterima", "approved": "disetujui", "rejected": "ditolak",
                   "week": "mg", "title": "Kasus per minggu"})
        (svg_dir / f"minggu-{r.month}.svg").write_text(weeks_svg(r, labels), encoding="utf-8")
        (svg_dir / f"temuan-{r.month}.svg").write_text(
            findings_svg(r, "Findings by code" if en else "Temuan per kode"), encoding="utf-8")
        console.print(f"Grafik: {svg_dir}")


def register(app: typer.Typer) -> None:
    """Add ``report``."""
    app.command()(report)
