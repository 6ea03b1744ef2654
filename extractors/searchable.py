"""Searchable PDFs: the pages of a source file as images with Tesseract's invisible text layer."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from core.models import Page
from extractors.tesseract import searchable_pdf


def page_pdf(page: Page, folder: Path) -> Path:
    """Write ``page`` as a one-page searchable PDF named by its hash (once); return its path."""
    target = folder / f"{page.sha256}.pdf"
    if not target.exists() and page.image is not None:
        data = searchable_pdf(page.image)
        if data:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(target)
    return target


def merge(pages: list[Path], target: Path) -> bool:
    """One PDF of the given page PDFs in order; ``False`` when a page is missing."""
    if not pages or not all(p.exists() for p in pages):
        return False
    out = pdfium.PdfDocument.new()
    try:
        for path in pages:
            src = pdfium.PdfDocument(str(path))
            try:
                out.import_pages(src)
            finally:
                src.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        out.save(str(target))
    finally:
        out.close()
    return True
