"""The store's source files: kept once per content, under their hash, in one folder.

The folder is ``INTAKE_FILES_DIR`` when set (an office with several machines: one shared folder
mounted at the same path on each, deploy/README.md), else ``files`` in the store's data folder.
The store keeps each file's path relative to that folder, so a desk on another machine finds a
scan wherever the share is mounted. A configured folder is checked once per process before it is
used: writable, and the folder this store was set up with (a marker file in it whose id the
store records on first use) — a machine that mounts another folder, or none, stops with a message
instead of scattering scans where no other machine sees them.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from core.files import file_sha256
from core.private import private_dir, private_file, write_private
from core.settings import get_settings
from records.errors import StoreError
from records.schemas import StoredFile

MARKER = ".oss-intake-files"
"""File in a configured folder holding its id, which the store records on first use."""
META_KEY = "files_dir_id"
_checked: set[tuple[str, str]] = set()


def check_files_dir(root: Path, recorded: str | None, record: Callable[[str], None]) -> str:
    """Check ``root`` is writable and is the store's folder; returns the folder's id.

    ``recorded`` is the id the store holds (``None`` before first use: the folder's id is then
    recorded with ``record``).

    Raises:
        StoreError: the folder cannot be written, or is not the one the store was set up with.
    """
    try:
        private_dir(root)
        probe = root / f".probe-{os.getpid()}"
        write_private(probe, b"")
        probe.unlink()
    except OSError as e:
        raise StoreError("store.files_dir_unwritable", root=root,
                         detail=e.strerror or str(e)) from e
    marker = root / MARKER
    if marker.is_file():
        found = marker.read_text().strip()
    elif recorded is None:
        found = uuid.uuid4().hex
        write_private(marker, (found + "\n").encode())
    else:
        raise StoreError("store.files_dir_empty", root=root)
    if recorded is None:
        record(found)
    elif recorded != found:
        raise StoreError("store.files_dir_other", root=root, found=found[:8],
                         recorded=recorded[:8])
    return found


class FileKeeper:
    """Source files kept by content hash (a part of the store)."""

    data_dir: Path
    url: str

    @property
    def files_root(self) -> Path:
        """The folder of the source files."""
        return get_settings().files_dir or self.data_dir / "files"

    def _check_files_root(self, recorded: Callable[[], str | None],
                          record: Callable[[str], None]) -> None:
        """Check a configured folder once per process (see :func:`check_files_dir`)."""
        root = get_settings().files_dir
        if root is None or (self.url, str(root)) in _checked:
            return
        check_files_dir(Path(root), recorded(), record)
        _checked.add((self.url, str(root)))

    def add_file(self, path: Path, filename: str | None = None) -> StoredFile:
        """Copy ``path`` into the files folder under its SHA-256 (once per content)."""
        sha = file_sha256(path)
        relative = f"{sha[:2]}/{sha}"
        target = self.files_root / relative
        if not target.exists():
            private_dir(self.files_root)
            private_dir(target.parent)
            tmp = target.with_name(f"{sha}.{os.getpid()}.part")
            shutil.copyfile(path, tmp)
            private_file(tmp)  # 0600 whatever the umask: an ID scan
            tmp.replace(target)
        return StoredFile(filename=filename or path.name, sha256=sha,
                          size=path.stat().st_size, stored_path=relative)

    def file_path(self, stored: StoredFile) -> Path:
        """Where a stored file lies (paths of older stores, ``files/ab/…``, included)."""
        return self.files_root / stored.stored_path.removeprefix("files/")
