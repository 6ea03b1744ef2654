"""``intake review`` (the clerk review desk) and ``intake user add``."""

from __future__ import annotations

from pathlib import Path

import typer


def _run_intake(paths: list[Path]) -> str:
    """Run the ``intake_case`` flow on one upload and return the new case id."""
    from flows.prefect_setup import configure, local_run_settings

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

        from flows.prefect_setup import configure
        from review.main import make_app

        configure()  # here, not first in the intake thread (Prefect's settings context)
        uvicorn.run(make_app(intake=_run_intake), host=host, port=port, log_level="warning")

    @user_app.command("add")
    def add(name: str, role: str = typer.Option("clerk", help="clerk | supervisor"),
            password: str = typer.Option(..., prompt=True, hide_input=True,
                                         confirmation_prompt=True)) -> None:
        """Create an account."""
        from records.store import Store
        from review.accounts import AccountError, add_user

        store = Store()
        try:
            add_user(store, name, password, role)
        except AccountError as e:
            typer.echo(str(e), err=True)
            raise typer.Exit(1) from e
        finally:
            store.close()
        typer.echo(f"Pengguna {name} ({role}) dibuat.")

    app.add_typer(user_app, name="user")
