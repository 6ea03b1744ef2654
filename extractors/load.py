"""Pages from files: JPEG/PNG/TIFF (multi-page too) and PDFs, streamed one page at a time.

A PDF page with a text layer keeps its ``pdfplumber`` words (scaled to the rendered pixels) and
needs no OCR; pages without one are rendered for OCR at the resolution of the scan they hold
when it is 200–300 dpi (rendering a 200 dpi scan at 300 dpi gives Tesseract 2.25 times the
pixels and no more detail), else at 300 dpi (coarser scans read better enlarged). Bad input
never raises: it becomes a :class:`FileError` with the file name and a stable code, and the pages
that can be read still come.

``sha256`` of a page: the file's bytes for a single-image file, the rendered pixels for a page of
a PDF or multi-page TIFF (so the same page found in two files is recognised).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from core.models import FileError, Page
from core.settings import get_settings

OCR_DPI = 300
MIN_SCAN_DPI = 200
"""Scans coarser than this are rendered at ``OCR_DPI``: Tesseract misses small print below it."""
TEXT_DPI = 150
"""Text-layer pages are rendered only for display: a lower resolution is enough."""
_MAGIC = {b"%PDF": "pdf", b"\xff\xd8\xff": "image", b"\x89PNG": "image", b"II*\x00": "image",
          b"MM\x00*": "image", b"GIF8": "image", b"BM": "image", b"RIFF": "image"}
Item = Page | FileError


def _error(path: Path, code: str, message: str, page: int | None = None) -> FileError:
    return FileError(source=str(path), page=page, code=code, message=f"{path.name}: {message}")


def _kind(head: bytes) -> str | None:
    return next((kind for magic, kind in _MAGIC.items() if head.startswith(magic)), None)


def iter_pages(path: Path) -> Iterator[Item]:
    """Every page of ``path`` (or the errors that stopped it), in order."""
    path = Path(path)
    if not path.is_file():
        yield _error(path, "file.not_found", "berkas tidak ditemukan.")
        return
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        yield _error(path, "file.empty", "berkas kosong (0 byte).")
        return
    kind = _kind(head)
    if kind is None:
        yield _error(path, "file.unsupported",
                     "bukan gambar (JPEG/PNG/TIFF) atau PDF — isi berkas tidak cocok dengan "
                     "namanya.")
        return
    yield from (_pdf_pages(path) if kind == "pdf" else _image_pages(path))


def _bgr(img: Image.Image) -> np.ndarray:
    rgb = np.asarray(img.convert("RGB"))
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def _pixels_sha(image: np.ndarray) -> str:
    digest = hashlib.sha256(str(image.shape).encode())
    digest.update(np.ascontiguousarray(image).data)
    return digest.hexdigest()


def _image_pages(path: Path) -> Iterator[Item]:
    settings = get_settings()
    Image.MAX_IMAGE_PIXELS = None  # checked below, before any pixel is decoded
    try:
        with Image.open(path) as img:
            frames = getattr(img, "n_frames", 1)
            file_sha = hashlib.sha256(path.read_bytes()).hexdigest() if frames == 1 else None
            for n, frame in enumerate(ImageSequence.Iterator(img), start=1):
                if n > settings.max_pages:
                    yield _error(path, "file.too_many_pages",
                                 f"{frames} halaman; hanya {settings.max_pages} yang dibaca.")
                    return
                if frame.width * frame.height > settings.max_image_pixels:
                    yield _error(path, "image.too_large",
                                 f"gambar {frame.width}×{frame.height} piksel terlalu besar "
                                 f"(batas {settings.max_image_pixels:,} piksel).", n)
                    continue
                image = _bgr(ImageOps.exif_transpose(frame))
                dpi = float((frame.info.get("dpi") or (OCR_DPI, OCR_DPI))[0] or OCR_DPI)
                yield Page(source=str(path), page=n, sha256=file_sha or _pixels_sha(image),
                           image=image, dpi=dpi)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        yield _error(path, "file.corrupt", f"gambar rusak atau terpotong ({e}).")


def _words(plumber_page: pdfplumber.page.Page, scale: float) -> list[dict]:
    words = plumber_page.extract_words(keep_blank_chars=False, use_text_flow=True)
    return [{"text": w["text"], "x0": w["x0"] * scale, "x1": w["x1"] * scale,
             "top": w["top"] * scale, "bottom": w["bottom"] * scale} for w in words]


def _pdf_pages(path: Path) -> Iterator[Item]:
    settings = get_settings()
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            yield _error(path, "pdf.encrypted",
                         "PDF terkunci kata sandi; buka kuncinya lalu pindai/unggah ulang.")
        else:
            yield _error(path, "file.corrupt", f"PDF rusak ({e}).")
        return
    plumber: pdfplumber.PDF | None = None
    try:
        total = len(doc)
        if total == 0:
            yield _error(path, "file.corrupt", "PDF tanpa halaman.")
            return
        for n in range(1, min(total, settings.max_pages) + 1):
            try:
                if plumber is None and _has_text(doc[n - 1]):
                    plumber = pdfplumber.open(path)  # parsed only for a PDF with a text layer
            except (pdfium.PdfiumError, ValueError) as e:
                yield _error(path, "file.corrupt", f"halaman {n} tidak bisa dibaca ({e}).", n)
                continue
            yield _pdf_page(path, doc, plumber, n)
        if total > settings.max_pages:
            yield _error(path, "pdf.too_many_pages",
                         f"{total} halaman; hanya {settings.max_pages} halaman pertama yang dibaca "
                         "(atur INTAKE_MAX_PAGES, atau pecah berkasnya).")
    finally:
        if plumber is not None:
            plumber.close()
        doc.close()


def _has_text(page: pdfium.PdfPage) -> bool:
    """Whether a PDF page has a text layer (pdfium counts its characters; cheap)."""
    textpage = page.get_textpage()
    try:
        return textpage.count_chars() > 0
    finally:
        textpage.close()


def scan_dpi(page: pdfium.PdfPage) -> float:
    """The resolution to render a page without text at: its largest image's, within bounds."""
    best, dpi = 0.0, float(OCR_DPI)
    for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        width_px, height_px = obj.get_px_size()
        area = (right - left) * (top - bottom)
        if area > best and right > left and top > bottom:
            best = area
            dpi = max(width_px * 72 / (right - left), height_px * 72 / (top - bottom))
    dpi = round(dpi)  # 199.97 from a page size in points is a 200 dpi scan
    return float(min(OCR_DPI, dpi) if dpi >= MIN_SCAN_DPI else OCR_DPI)


def _render_dpi(page: pdfium.PdfPage, words: list[dict]) -> float:
    """Text-layer pages at ``TEXT_DPI`` (display only), scans at :func:`scan_dpi`."""
    return float(TEXT_DPI) if words else scan_dpi(page)


def page_dpi(path: Path, page: pdfium.PdfPage, n: int) -> float:
    """The resolution :func:`iter_pages` renders page ``n`` (``page``) of the PDF ``path`` at,
    so that boxes read on it can be drawn on another rendering of the page."""
    words: list[dict] = []
    if _has_text(page):
        with pdfplumber.open(path) as plumber:
            words = _words(plumber.pages[n - 1], TEXT_DPI / 72)
    return _render_dpi(page, words)


def _bitmap_bgr(bitmap: pdfium.PdfBitmap) -> np.ndarray:
    """A rendered page as BGR pixels (pdfium renders BGR/BGRA/BGRX or grey)."""
    pixels = bitmap.to_numpy()
    if bitmap.mode == "L":
        return cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR)
    if bitmap.mode in ("BGRA", "BGRX"):
        return cv2.cvtColor(pixels, cv2.COLOR_BGRA2BGR)
    if bitmap.mode == "RGB":
        return cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR)
    return np.ascontiguousarray(pixels)


def _pdf_page(path: Path, doc: pdfium.PdfDocument, plumber: pdfplumber.PDF | None,
              n: int) -> Item:
    try:
        page = doc[n - 1]
        words = _words(plumber.pages[n - 1], TEXT_DPI / 72) if plumber is not None else []
        dpi = _render_dpi(page, words)
        image = _bitmap_bgr(page.render(scale=dpi / 72))
    except (pdfium.PdfiumError, ValueError, KeyError) as e:
        return _error(path, "file.corrupt", f"halaman {n} tidak bisa dibaca ({e}).", n)
    return Page(source=str(path), page=n, sha256=_pixels_sha(image), image=image,
                words=words or None, dpi=dpi)
