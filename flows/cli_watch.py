"""``intake watch DIR``: the scanner hot folder (see ``flows.watch``)."""

from __future__ import annotations

import contextlib
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer


def watch(
    folder: Annotated[Path, typer.Argument(help="The folder the scanner saves into.")],
    window: Annotated[float | None, typer.Option(
        help="Seconds: files arriving within this of each other make one case "
             "(default INTAKE_WATCH_WINDOW, 60).")] = None,
    settle: Annotated[float | None, typer.Option(
        help="Seconds a file must stop growing before it is read (default 2).")] = None,
    interval: Annotated[float, typer.Option(help="Seconds between two passes.")] = 1.0,
    once: Annotated[bool, typer.Option(
        "--once", help="Read what is there, store every group, and stop.")] = False,
    retry_failed: Annotated[bool, typer.Option(
        "--retry-failed", help="Put the files of gagal/ back and read them again.")] = False,
) -> None:
    """Watch a scanner's folder: each new file becomes part of a case for review."""
    from core.settings import get_settings
    from flows.prefect_setup import configure

    configure()
    from flows.watch import Watcher
    from records.store import Store

    if not folder.is_dir():
        typer.echo(f"Folder {folder} tidak ada.", err=True)
        raise typer.Exit(2)
    settings = get_settings()
    store = Store()
    watcher = Watcher(folder, store, office=settings.office,
                      window=settings.watch_window if window is None else window,
                      settle=settings.watch_settle if settle is None else settle,
                      echo=typer.echo)
    try:
        if retry_failed:
            typer.echo(f"{watcher.retry_failed()} berkas dari gagal/ dibaca lagi.")
        if once:
            t = watcher.drain(interval=min(interval, 0.5))
        else:
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            typer.echo(f"Mengawasi {folder.resolve()} (Ctrl+C untuk berhenti)…")
            with contextlib.suppress(KeyboardInterrupt):
                watcher.run(stop, interval=interval)
            t = watcher.tally
    finally:
        store.close()
    typer.echo(f"{t.read} berkas dibaca, {t.duplicates} duplikat, {t.failed} gagal; "
               f"{t.cases} kasus baru, {t.added} ditambahkan ke kasus yang ada.")


def register(app: typer.Typer) -> None:
    """Add ``watch``."""
    app.command()(watch)
