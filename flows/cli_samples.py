"""`intake samples`: write synthetic specimen cases (documents + truth.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from samples.generate import generate_case
from samples.truth import BALANGAN, build_case


def summary(truth: dict[str, Any]) -> str:
    """One line per case: files with form and degradation, then defects."""
    files = ", ".join(f"{f['file']} ({f['form']}/{f['degradation']}"
                      f"{', ' + str(f['pages']) + ' p.' if f['pages'] > 1 else ''})"
                      for f in truth["files"])
    defects = ", ".join(d["code"] for d in truth["defects"]) or "no defect"
    return f"{truth['case_id']}: {files}; {defects}"


def samples(
    out: Annotated[Path, typer.Option(help="Folder to write case_001/ … into.")],
    cases: Annotated[int, typer.Option(min=1, max=9999, help="Number of cases.")] = 12,
    seed: Annotated[int, typer.Option(help="Seed: same seed, same files.")] = 2026,
    office: Annotated[str, typer.Option(help="Kemendagri code of the office's kabupaten.")]
    = BALANGAN,
    defect_rate: Annotated[float, typer.Option(min=0.0, max=1.0,
                                               help="Share of cases with one defect.")] = 1 / 3,
) -> None:
    """Generate synthetic KTP / NPWP / permit cases with ground truth (no real people)."""
    try:
        build_case(seed, 1, office)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--office") from e
    console = Console()
    columns = (TextColumn("[bold]samples"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("cases", total=cases)
        for index in range(1, cases + 1):
            folder = generate_case(out, seed, index, office=office, defect_rate=defect_rate)
            truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
            progress.console.print(summary(truth), highlight=False, soft_wrap=True)
            progress.advance(task)
    console.print(f"{cases} cases written to {out} (seed {seed})", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the `samples` command to ``app``."""
    app.command("samples")(samples)
