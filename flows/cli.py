"""The ``intake`` command line: one Typer app; each command group lives in its own module."""

from __future__ import annotations

import typer

from flows import (
    cli_archive,
    cli_check,
    cli_extract,
    cli_precheck,
    cli_review,
    cli_samples,
    cli_scan,
)

app = typer.Typer(
    name="intake",
    help="OSS intake: read KTP, NPWP and building permits, check them, prefill the OSS record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (cli_samples, cli_check, cli_extract, cli_scan, cli_archive, cli_precheck,
               cli_review):
    module.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
