"""The ``intake`` command line: one Typer app; each command group lives in its own module.

The command modules are imported when their command runs (or for the help listing), not all
at start: ``intake scan`` does not pay for the imports of ``samples``, ``check`` or ``archive``.
"""

from __future__ import annotations

import importlib

import click
import typer
from typer.core import TyperGroup

COMMANDS = {
    "samples": "cli_samples", "check": "cli_check", "extract": "cli_extract",
    "scan": "cli_scan", "show": "cli_scan", "export": "cli_scan", "archive": "cli_archive",
    "precheck": "cli_precheck", "review": "cli_review", "user": "cli_review",
    "kbli": "cli_kbli", "watch": "cli_watch", "report": "cli_report",
}
"""Command name → the ``flows`` module whose ``register`` adds it (in help order)."""


class LazyCommands(TyperGroup):
    """The ``intake`` group: a command's module is imported the first time it is asked for."""

    def _load(self, module: str) -> None:
        commands = typer.Typer()
        importlib.import_module(f"flows.{module}").register(commands)
        for name, command in typer.main.get_group(commands).commands.items():
            self.commands.setdefault(name, command)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, its module imported on first use."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self._load(COMMANDS[cmd_name])
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, in :data:`COMMANDS` order (imports every command module)."""
        for module in dict.fromkeys(COMMANDS.values()):
            if not all(n in self.commands for n, m in COMMANDS.items() if m == module):
                self._load(module)
        return [n for n in COMMANDS if n in self.commands]


app = typer.Typer(
    name="intake",
    help="OSS intake: read KTP, NPWP and building permits, check them, prefill the OSS record.",
    cls=LazyCommands,
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


if __name__ == "__main__":  # pragma: no cover
    app()
