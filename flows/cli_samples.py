"""`intake samples`: command-line wrapper (filled in by its issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `samples` command to ``app``."""
