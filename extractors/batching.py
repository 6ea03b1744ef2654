"""Pages into batches for parallel reading: whole files together, a long file split.

A batch holds whole files, so the pages of a multi-page permit are read together; only a file
longer than ``split_factor × size`` pages is split (memory stays flat). Plain and synchronous:
the archive flow hands each batch :meth:`Batcher.add`/:meth:`Batcher.end_file` return to its task
runner.

>>> b = Batcher(size=2, split_factor=2)
>>> [b.add(n) for n in (1, 2, 3)], b.end_file()
([None, None, None], [1, 2, 3])
>>> b.add(4), b.end_file(), b.flush()
(None, None, [4])
>>> [b.add(n) for n in range(5)]
[None, None, None, [0, 1, 2, 3], None]
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")
SPLIT_FACTOR = 4
"""A file's pages are split over batches only past ``SPLIT_FACTOR × size`` pages."""


class Batcher(Generic[T]):
    """Collects pages; returns a batch when one is ready."""

    def __init__(self, size: int, split_factor: int = SPLIT_FACTOR) -> None:
        self.size, self.limit = max(1, size), max(1, size) * split_factor
        self.pending: list[T] = []

    def add(self, page: T) -> list[T] | None:
        """Queue a page; a batch when the current file is long enough to be split."""
        self.pending.append(page)
        return self.flush() if len(self.pending) >= self.limit else None

    def end_file(self) -> list[T] | None:
        """The current file's pages are all queued: a batch once it is big enough."""
        return self.flush() if len(self.pending) >= self.size else None

    def flush(self) -> list[T]:
        """Whatever is queued (possibly nothing)."""
        batch, self.pending = self.pending, []
        return batch
