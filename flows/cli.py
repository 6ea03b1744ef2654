"""The ``intake`` command line: one Typer app; each command group lives in its own module."""

from __future__ import annotations

import typer

from flows import (
    cli_archive,
    cli_check,
    cli_extract,
    cli_kbli,
    cli_precheck,
    cli_report,
    cli_review,
    cli_samples,
    cli_scan,
    cli_watch,
)

app = typer.Typer(
    name="intake",
    help="OSS intake: read KTP, NPWP and building permits, check them, prefill the OSS record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _settings_first() -> None:
    """Check the ``INTAKE_*`` settings before any command: a wrong one is one line, exit 2
    (a command's ``--help`` still shows)."""
    import sys

    from pydantic import ValidationError

    from core.settings import get_settings
    from flows.settings_error import explain

    if "--help" in sys.argv[1:]:
        return
    try:
        get_settings()
    except ValidationError as e:
        typer.echo(explain(e), err=True)
        raise typer.Exit(2) from None


for module in (cli_samples, cli_check, cli_extract, cli_scan, cli_archive, cli_precheck,
               cli_review, cli_kbli, cli_watch, cli_report):
    module.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
