"""Personal data on disk: folders ``0700``, files ``0600``, whatever the process's umask.

The data folder holds the store (``intake.db``), every ID scan and the uploads; on a shared
office PC other accounts must not read them. These helpers set the mode explicitly (an umask of
``022`` would leave files world-readable).
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) if needed and make it ``0700``; returns it."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make the existing file ``path`` ``0600``; returns it."""
    path.chmod(FILE_MODE)
    return path


def touch_private(path: Path) -> Path:
    """Create ``path`` empty as ``0600`` unless it exists (then only its mode is set)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    return private_file(path)


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new or truncated ``path`` created ``0600`` from the start."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return private_file(path)


def private_sqlite(url: str) -> None:
    """For a SQLite file URL: create the database file ``0600`` before SQLite does (its
    ``-wal``/``-shm`` files take the database's mode); other URLs are left alone."""
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return
    path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    if path.parent.is_dir():
        touch_private(path)
