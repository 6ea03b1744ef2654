"""The document files of an archive: which files, in which order, and how many pages each has."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from core.settings import get_settings

SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf"})
"""File name endings read from a folder (files named explicitly are read whatever their name)."""


def source_files(sources: list[Path]) -> Iterator[Path]:
    """Every document file under ``sources`` (folders recursively), in a stable order."""
    for source in sources:
        if source.is_dir():
            yield from sorted(p for p in source.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield source


def page_count(path: Path) -> int | None:
    """How many pages :func:`extractors.load.iter_pages` reads from ``path`` (capped at
    ``INTAKE_MAX_PAGES``), without rendering any; ``None`` when the file cannot tell."""
    try:
        with path.open("rb") as fh:
            head = fh.read(5)
        if head.startswith(b"%PDF"):
            doc = pdfium.PdfDocument(str(path))
            try:
                total = len(doc)
            finally:
                doc.close()
        else:
            with Image.open(path) as img:
                total = getattr(img, "n_frames", 1)
    except (OSError, ValueError, SyntaxError, pdfium.PdfiumError, Image.DecompressionBombError):
        return None
    return min(total, get_settings().max_pages) or None
