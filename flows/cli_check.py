"""`intake check KIND VALUE`: one number read out over the phone, checked on the spot.

Prints what the number encodes and its findings (Bahasa Indonesia, English with
``INTAKE_LANG=en``), or with ``--json`` one object ``{"kind", "value", "info", "findings"}``.
Exit code 1 when a finding is an error. The value is shown as typed (the clerk typed it) and
never logged.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from core.models import Finding, Severity
from core.settings import get_settings
from validators.check import check_value

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class Kind(StrEnum):
    """The kinds of value ``intake check`` knows."""

    NIK = "nik"
    NPWP = "npwp"
    NIB = "nib"
    KBLI = "kbli"
    PHONE = "phone"
    EMAIL = "email"
    POSTAL = "postal"


SHOWN_ITEMS = 10
"""Entries of a list value (KBLI candidates) printed in the table; ``--json`` has them all."""


def _cell(item: object, english: bool) -> str:
    """One info value as table text: lists of ``{code, title}`` one per line, then a count."""
    if item is None:
        return ""
    if not isinstance(item, list):
        return escape(str(item))
    lines = [" ".join(str(v) for v in entry.values()) if isinstance(entry, dict) else str(entry)
             for entry in item]
    shown = [escape(line) for line in lines[:SHOWN_ITEMS]]
    rest = len(lines) - len(shown)
    if rest:
        shown.append(f"… {rest} more (--json: all {len(lines)})" if english else
                     f"… dan {rest} lainnya (--json: semua {len(lines)})")
    return "\n".join(shown)


def _render(kind: str, value: str, info: dict, findings: list[Finding], english: bool) -> None:
    console = Console()
    table = Table(title=f"{kind.upper()} {value}", show_header=False)
    for key, item in info.items():
        table.add_row(key, _cell(item, english))
    if info:
        console.print(table)
    if not findings:
        console.print("[green]Tidak ada temuan.[/green]" if not english else "[green]No findings.")
    for f in findings:
        text = f.message_en if english else f.message
        console.print(f"[{_STYLE[f.severity]}]{f.severity.value}[/] {f.code}: {escape(text)}",
                      highlight=False, markup=True)


def check(
    kind: Annotated[Kind, typer.Argument(help="What the value is.")],
    value: Annotated[str, typer.Argument(help="The value as read or typed.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Check one NIK, NPWP, NIB, KBLI code, mobile number, e-mail or postal code."""
    info, findings = check_value(kind.value, value)
    if as_json:
        payload = {"kind": kind.value, "value": value, "info": info,
                   "findings": [f.model_dump(mode="json") for f in findings]}
        typer.echo(json.dumps(payload, ensure_ascii=False))
    else:
        _render(kind.value, value, info, findings, get_settings().lang == "en")
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add the `check` command to ``app``."""
    app.command("check")(check)
