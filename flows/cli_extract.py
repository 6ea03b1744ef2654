"""`intake extract`: command-line wrapper (filled in by its issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `extract` command to ``app``."""
