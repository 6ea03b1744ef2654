"""The one file-hash helper: a file's SHA-256, streamed (``hashlib.file_digest``)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_sha256(path: Path | str) -> str:
    """The SHA-256 (hex) of the file's bytes, read in chunks.

    Raises:
        OSError: the file cannot be read (missing, a folder, no permission).
    """
    with Path(path).open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
