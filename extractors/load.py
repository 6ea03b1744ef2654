"""Pages from files: JPEG/PNG/TIFF (multi-page too) and PDFs, streamed one page at a time.

A PDF page with a text layer keeps its ``pdfplumber`` words (scaled to the rendered pixels) and
needs no OCR; pages without one are rendered for OCR at the resolution of the scan they hold
when it is 200–300 dpi (rendering a 200 dpi scan at 300 dpi gives Tesseract 2.25 times the
pixels and no more detail), else at 300 dpi (coarser scans read better enlarged). Bad input
never raises: it becomes a :class:`FileError` with the file name and a stable code, and the pages
that can be read still come.

``sha256`` of a page: the file's bytes for a single-image file, the rendered pixels for a page of
a PDF or multi-page TIFF (so the same page found in two files is recognised).

One pixel budget (``INTAKE_MAX_IMAGE_PIXELS``) holds for every image decoded or PDF page rendered,
here and in the desk (``review.scans``): :func:`open_image` and :func:`check_pixels` refuse a
larger one from its header, before a pixel is decoded (a 280 KB PNG can declare 40,000 × 40,000
pixels: 4.8 GB decoded). PIL's own process-wide guard is left as it is.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Container, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from core.files import file_sha256
from core.messages import file_error, text
from core.models import FileError, Page
from core.settings import get_settings
from extractors.rulings import cell_of, page_rules

if TYPE_CHECKING:  # imported where a PDF has a text layer: a cold scan of scans does without
    import pdfplumber

OCR_DPI = 300
MIN_SCAN_DPI = 200
"""Scans coarser than this are rendered at ``OCR_DPI``: Tesseract misses small print below it."""
TEXT_DPI = 150
"""Text-layer pages are rendered only for display: a lower resolution is enough."""
_MAGIC = {b"%PDF": "pdf", b"\xff\xd8\xff": "image", b"\x89PNG": "image", b"II*\x00": "image",
          b"MM\x00*": "image", b"GIF8": "image", b"BM": "image", b"RIFF": "image"}
Item = Page | FileError


class ImageTooLargeError(ValueError):
    """An image or PDF page over the pixel budget (code ``image.too_large``), refused unread.

    ``key`` and ``params`` name its message in :mod:`core.messages`.
    """

    def __init__(self, key: str, **params: Any) -> None:
        params.setdefault("limit", f"{get_settings().max_image_pixels:,}")
        super().__init__(text(key, name="", **params).removeprefix(": "))
        self.key, self.params = key, params

    def error(self, path: Path, page: int | None = None) -> FileError:
        """This refusal as the :class:`FileError` of ``path`` (page ``page``)."""
        if page is not None and self.key == "image.too_large":
            return file_error("image.too_large:page", path, page, **self.params)
        return file_error(self.key, path, page, **self.params)


def check_pixels(width: float, height: float) -> None:
    """Raise :class:`ImageTooLargeError` when ``width`` × ``height`` is over the pixel budget."""
    w, h = int(width), int(height)
    if w * h > get_settings().max_image_pixels:
        raise ImageTooLargeError("image.too_large", width=w, height=h)


@contextmanager
def open_image(path: Path) -> Iterator[Image.Image]:
    """``Image.open(path)`` (lazy: only the header is read) with its size within the budget.

    PIL's own guard (a size twice its ``MAX_IMAGE_PIXELS``, raised inside ``open``) becomes the
    same error.
    """
    try:
        with warnings.catch_warnings():  # PIL warns past its own limit; we refuse just below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
    except Image.DecompressionBombError as e:
        m = re.search(r"\((\d+) pixels\)", str(e))
        pixels = f"{int(m.group(1)):,}" if m else "?"
        raise ImageTooLargeError("image.too_large:pixels", pixels=pixels) from e
    with img:
        check_pixels(img.width, img.height)
        yield img


def _kind(head: bytes) -> str | None:
    return next((kind for magic, kind in _MAGIC.items() if head.startswith(magic)), None)


def iter_pages(path: Path, only: Container[int] | None = None) -> Iterator[Item]:
    """Every page of ``path`` (or the errors that stopped it), in order.

    With ``only``, just those page numbers are rendered (a batch of a long file read elsewhere).
    """
    path = Path(path)
    if path.is_dir():
        yield file_error("file.is_directory", path)
        return
    if not path.is_file():
        yield file_error("file.not_found", path)
        return
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        yield file_error("file.empty", path)
        return
    kind = _kind(head)
    if kind is None:
        yield file_error("file.unsupported", path)
        return
    yield from (_pdf_pages(path, only) if kind == "pdf" else _image_pages(path, only))


def _bgr(img: Image.Image) -> np.ndarray:
    rgb = np.asarray(img.convert("RGB"))
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def _pixels_sha(image: np.ndarray) -> str:
    digest = hashlib.sha256(str(image.shape).encode())
    digest.update(np.ascontiguousarray(image).data)
    return digest.hexdigest()


def _image_pages(path: Path, only: Container[int] | None = None) -> Iterator[Item]:
    settings = get_settings()
    try:
        with open_image(path) as img:
            frames = getattr(img, "n_frames", 1)
            file_sha = file_sha256(path) if frames == 1 else None
            for n, frame in enumerate(ImageSequence.Iterator(img), start=1):
                if n > settings.max_pages:
                    yield file_error("file.too_many_pages", path, pages=frames,
                                     limit=settings.max_pages)
                    return
                if only is not None and n not in only:
                    continue
                try:
                    check_pixels(frame.width, frame.height)  # each frame has its own size
                except ImageTooLargeError as e:
                    yield e.error(path, n if frames > 1 else None)
                    continue
                image = _bgr(ImageOps.exif_transpose(frame))
                dpi = float((frame.info.get("dpi") or (OCR_DPI, OCR_DPI))[0] or OCR_DPI)
                yield Page(source=str(path), page=n, sha256=file_sha or _pixels_sha(image),
                           image=image, dpi=dpi)
    except ImageTooLargeError as e:
        yield e.error(path)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        yield file_error("file.corrupt:image", path, detail=e)


def _words(plumber_page: pdfplumber.page.Page, scale: float) -> list[dict]:
    """The page's words in pixels; a word in a ruled table cell has its ``cell`` (the cell's
    top-left corner, :mod:`extractors.rulings`)."""
    words = plumber_page.extract_words(keep_blank_chars=False, use_text_flow=True)
    vertical, horizontal = page_rules(plumber_page)
    out = []
    for w in words:
        word = {"text": w["text"], "x0": w["x0"] * scale, "x1": w["x1"] * scale,
                "top": w["top"] * scale, "bottom": w["bottom"] * scale}
        if horizontal and (cell := cell_of(w, vertical, horizontal)):
            word["cell"] = (cell[0] * scale, cell[1] * scale)
        out.append(word)
    return out


def _pdf_pages(path: Path, only: Container[int] | None = None) -> Iterator[Item]:
    settings = get_settings()
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            yield file_error("pdf.encrypted", path)
        else:
            yield file_error("file.corrupt:pdf", path, detail=e)
        return
    plumber: pdfplumber.PDF | None = None
    try:
        total = len(doc)
        if total == 0:
            yield file_error("file.corrupt:no_pages", path)
            return
        for n in range(1, min(total, settings.max_pages) + 1):
            if only is not None and n not in only:
                continue
            try:
                if plumber is None and _has_text(doc[n - 1]):
                    import pdfplumber

                    plumber = pdfplumber.open(path)  # parsed only for a PDF with a text layer
            except (pdfium.PdfiumError, ValueError) as e:
                yield file_error("file.corrupt:page", path, n, detail=e)
                continue
            yield _pdf_page(path, doc, plumber, n)
        if total > settings.max_pages and only is None:
            yield file_error("pdf.too_many_pages", path, pages=total, limit=settings.max_pages)
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
        import pdfplumber

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
        check_pixels(page.get_width() * dpi / 72, page.get_height() * dpi / 72)
        image = _bitmap_bgr(page.render(scale=dpi / 72))
    except ImageTooLargeError as e:
        return e.error(path, n)
    except (pdfium.PdfiumError, ValueError, KeyError) as e:
        return file_error("file.corrupt:page", path, n, detail=e)
    return Page(source=str(path), page=n, sha256=_pixels_sha(image), image=image,
                words=words or None, dpi=dpi)
