"""Arrays built once and kept on disk: what a cold process would otherwise compute again.

:func:`cached_arrays` keeps the result of a pure builder (digit templates rendered from fonts,
tables derived from packaged data) as one ``.npz`` file in ``data_dir/cache``, named by the
caller's key (which must change whenever the result would: the builder's inputs and version).
The file is written to a temporary name and renamed (a reader never sees half a file), loaded
with ``allow_pickle=False`` (data only, never code), and any problem reading or writing it
falls back to building in memory: the cache can only save time, never change a result.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from core.private import private_dir
from core.settings import get_settings

log = logging.getLogger("intake.cache")


def file_key(*parts: str | Path | Iterable[str | Path]) -> str:
    """A key from strings and files (each file by its path, size and modification time)."""
    digest = hashlib.sha256()
    flat: list[str | Path] = []
    for part in parts:
        flat.extend([part] if isinstance(part, str | Path) else part)
    for part in flat:
        if isinstance(part, Path):
            try:
                st = part.stat()
                part = f"{part}:{st.st_size}:{st.st_mtime_ns}"
            except OSError:
                part = f"{part}:missing"
        digest.update(str(part).encode() + b"\0")
    return digest.hexdigest()[:20]


def cache_dir() -> Path:
    """``data_dir/cache`` (created ``0700``)."""
    return private_dir(get_settings().data_dir / "cache")


def cached_arrays(name: str, key: str, build: Callable[[], dict[str, np.ndarray]]
                  ) -> dict[str, np.ndarray]:
    """``build()``'s arrays, from ``data_dir/cache/NAME-KEY.npz`` when it is there."""
    try:
        path: Path | None = cache_dir() / f"{name}-{key}.npz"
    except OSError as e:
        log.debug("no cache folder: %s", e)
        path = None
    if path is not None and path.is_file():
        try:
            with np.load(path, allow_pickle=False) as stored:
                return {k: stored[k] for k in stored.files}
        except (OSError, ValueError, KeyError) as e:  # damaged: built and written again
            log.debug("cache %s unreadable: %s", path, e)
    arrays = build()
    if path is not None:
        _write(path, name, arrays)
    return arrays


def _write(path: Path, name: str, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` to ``path`` by a rename; drop the files of earlier keys."""
    tmp: str | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{name}-", suffix=".npz",
                                         delete=False) as fh:
            tmp = fh.name
            np.savez(fh, **arrays)
        Path(tmp).replace(path)
        tmp = None
        for old in path.parent.glob(f"{name}-*.npz"):  # earlier keys: never read again
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as e:
        log.debug("cache %s not written: %s", path, e)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
