"""``intake review`` (the clerk review desk) and ``intake user add|password|disable``."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from records.store import Store

T = TypeVar("T")


def _read_password(from_stdin: bool) -> str:
    """The password from one line of stdin, or asked twice without echo (getpass)."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Kata sandi: ")
        if getpass.getpass("Ulangi kata sandi: ") != password:
            typer.echo("Kedua kata sandi tidak sama; akun tidak diubah.", err=True)
            raise typer.Exit(1)
    if not password:
        typer.echo("Kata sandi kosong; akun tidak diubah.", err=True)
        raise typer.Exit(1)
    return password


def _account_call(action: Callable[[Store], T]) -> T:
    """Run ``action`` on the settings' store; an :class:`AccountError` exits 1 with its message."""
    from records.store import Store
    from review.accounts import AccountError

    store = Store()
    try:
        return action(store)
    except AccountError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(1) from e
    finally:
        store.close()


def _run_intake(paths: list[Path]) -> str:
    """Run the ``intake_case`` flow on one upload and return the new case id."""
    from flows.prefect_setup import configure, local_run_settings, use_prefect

    if not use_prefect():  # no Prefect server: the flow's steps in-process, no server start
        from flows.walkin import run_case

        return run_case(paths).case_id
    configure()
    from flows.intake import intake_case

    with local_run_settings():
        return intake_case(paths).case_id


def register(app: typer.Typer) -> None:
    """Add the review commands to the ``intake`` app."""
    user_app = typer.Typer(help="Akun meja periksa (petugas, supervisor).", no_args_is_help=True)

    @app.command("review")
    def review(host: str = "127.0.0.1", port: int = 8080) -> None:
        """Start the review desk (http://HOST:PORT)."""
        import uvicorn

        from flows.prefect_setup import configure, use_prefect
        from review.main import make_app

        # here, not first in the intake thread (Prefect's settings context)
        configure(prefect=use_prefect())
        from flows.watch import watch_from_settings

        watch_from_settings()  # INTAKE_WATCH_DIR: the scanner hot folder, in a thread
        uvicorn.run(make_app(intake=_run_intake), host=host, port=port, log_level="warning")

    @user_app.command("add")
    def add(name: str, role: str = typer.Option("clerk", help="clerk | supervisor"),
            password_stdin: bool = typer.Option(
                False, "--password-stdin",
                help="Baca kata sandi dari stdin (satu baris), bukan ditanyakan.")) -> None:
        """Create an account; the password is asked twice (never given as an argument)."""
        from review.accounts import add_user

        password = _read_password(password_stdin)
        _account_call(lambda store: add_user(store, name, password, role))
        typer.echo(f"Pengguna {name} ({role}) dibuat.")

    @user_app.command("password")
    def password(name: str, password_stdin: bool = typer.Option(
            False, "--password-stdin", help="Baca kata sandi dari stdin (satu baris).")) -> None:
        """Give an account a new password; its desk sessions end at once."""
        from review.accounts import set_password

        new = _read_password(password_stdin)
        ended = _account_call(lambda store: set_password(store, name, new))
        typer.echo(f"Kata sandi {name} diganti; {ended} sesi diakhiri.")

    @user_app.command("disable")
    def disable(name: str) -> None:
        """Disable an account; its desk sessions end at once."""
        from review.accounts import set_active

        ended = _account_call(lambda store: set_active(store, name, active=False))
        typer.echo(f"Pengguna {name} dinonaktifkan; {ended} sesi diakhiri.")

    app.add_typer(user_app, name="user")
