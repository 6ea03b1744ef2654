"""The document images of a case with the read fields outlined on them.

A field's ``bbox`` is ``(x, y, w, h)`` in the pixels of the page as the extractor saw it: an image
file at its own size (after EXIF rotation), a PDF page at the resolution ``extractors.load``
renders it at (``page_dpi``: 150 dpi with a text layer, else the scan's own 200–300 dpi).
The desk shows a smaller rendering of the same page and lays an SVG over it whose ``viewBox``
is that pixel size, so boxes scale with it.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageOps

from core.models import IDENTITY_NUMBERS, SURE_NUMBER, Document, Finding, Severity
from extractors.load import OCR_DPI, ImageTooLargeError, check_pixels, open_image, page_dpi
from records.store import CaseView, Store, StoredFile

LOW_CONFIDENCE = 0.7
"""Below this OCR confidence a field is marked for a second look (an identity number below
:data:`core.models.SURE_NUMBER`: see :func:`box_mark`)."""
DISPLAY_WIDTH = 1400
"""Width in pixels of the page images sent to the browser."""
_RANK = {"error": 0, "warning": 1, "low": 2, "ok": 3}


def box_mark(field: str, confidence: float) -> str:
    """``low`` for a field read with too little confidence to be taken as it is, else ``ok``:
    an identity number below the readers' sure bar, any other field below
    :data:`LOW_CONFIDENCE`."""
    bar = SURE_NUMBER if field in IDENTITY_NUMBERS else LOW_CONFIDENCE
    return "low" if confidence < bar else "ok"


class ScanError(LookupError):
    """No such page image in the case (or one over the pixel budget: never decoded)."""


@dataclass(frozen=True)
class Box:
    """One read field outlined on a page."""

    key: str
    """``doc_type:field``, as record rows and findings name it."""
    label: str
    value: str
    confidence: float
    mark: str
    """``error``, ``warning``, ``low`` (confidence) or ``ok``."""
    x: int
    y: int
    w: int
    h: int


@dataclass
class ScanPage:
    """One page of one stored file, with the boxes of every document read on it."""

    file_index: int
    filename: str
    page: int
    width: int
    height: int
    doc_types: list[str] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    missing: str | None = None
    """Where the file should be when it cannot be reached (the shared folder not mounted…)."""


def field_key(doc_type: str, name: str) -> str:
    """How a document field is named on the page (``ktp:nik``)."""
    return f"{doc_type}:{name}"


def finding_keys(finding: Finding, doc_types: list[str]) -> list[str]:
    """The document fields a finding concerns (every document when it names none)."""
    docs = [d.value for d in finding.doc_types] or doc_types
    return [field_key(d, name) for d in docs for name in finding.fields]


def field_severities(findings: list[Finding], doc_types: list[str]) -> dict[str, str]:
    """The worst finding severity per document field (``ktp:nik`` → ``error``)."""
    marks: dict[str, str] = {}
    for f in findings:
        if f.severity == Severity.INFO:
            continue
        for key in finding_keys(f, doc_types):
            if _RANK[f.severity.value] < _RANK.get(marks.get(key, "ok"), 3):
                marks[key] = f.severity.value
    return marks


def _file_index(files: list[StoredFile], source: str) -> int | None:
    name = Path(source).name
    return next((i for i, f in enumerate(files) if f.filename == name), None)


def scan_pages(store: Store, view: CaseView, findings: list[Finding]) -> list[ScanPage]:
    """Every page of the case's files that holds a document, boxes included, in file order."""
    doc_types = sorted({d.doc_type.value for d in view.documents})
    severities = field_severities(findings, doc_types)
    pages: dict[tuple[int, int], ScanPage] = {}
    for doc in view.documents:
        index = _file_index(view.files, doc.source)
        if index is None:
            continue
        for n in doc.pages or [doc.page]:
            _page(store, view, pages, index, n).doc_types.append(doc.doc_type.value)
        for box_page, box in _boxes(doc, severities):
            _page(store, view, pages, index, box_page).boxes.append(box)
    return [pages[k] for k in sorted(pages) if pages[k].width or pages[k].missing]


def _page(store: Store, view: CaseView, pages: dict[tuple[int, int], ScanPage], index: int,
          n: int) -> ScanPage:
    if (index, n) not in pages:
        stored = view.files[index]
        path = store.file_path(stored)
        missing = None if path.is_file() else str(path)
        try:
            width, height = (0, 0) if missing else page_size(path, n)
        except ScanError:
            width = height = 0
        pages[index, n] = ScanPage(index, stored.filename, n, width, height, missing=missing)
    return pages[index, n]


def _boxes(doc: Document, severities: dict[str, str]) -> list[tuple[int, Box]]:
    out = []
    for name, f in doc.fields.items():
        if f.bbox is None or f.value is None:
            continue
        key = field_key(doc.doc_type.value, name)
        mark = severities.get(key) or box_mark(name, f.confidence)
        x, y, w, h = f.bbox
        out.append((f.page, Box(key, name, f.value, f.confidence, mark, x, y, w, h)))
    return out


def _is_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"%PDF"


@lru_cache(maxsize=256)
def page_size(path: Path, n: int) -> tuple[int, int]:
    """The pixel size of page ``n`` of ``path`` as the extractor read it."""
    try:
        if _is_pdf(path):
            doc = pdfium.PdfDocument(str(path))
            try:
                pdf_page = doc[n - 1]
                scale = page_dpi(path, pdf_page, n) / 72
                w, h = pdf_page.get_width(), pdf_page.get_height()
            finally:
                doc.close()
            return math.ceil(w * scale), math.ceil(h * scale)  # as pypdfium2's render does
        with open_image(path) as img:
            img.seek(n - 1)
            check_pixels(img.width, img.height)
            turned = (img.getexif().get(0x0112) or 1) in (5, 6, 7, 8)  # EXIF: 90° or 270°
            return (img.height, img.width) if turned else (img.width, img.height)
    except ImageTooLargeError as e:
        raise ScanError(f"{path.name} page {n}: {e}") from e
    except (OSError, EOFError, IndexError, ValueError, pdfium.PdfiumError) as e:
        raise ScanError(f"{path.name} page {n}") from e


@lru_cache(maxsize=32)
def render_page(path: Path, n: int, width: int = DISPLAY_WIDTH) -> bytes:
    """Page ``n`` of ``path`` as a JPEG at most ``width`` pixels wide."""
    try:
        if _is_pdf(path):
            doc = pdfium.PdfDocument(str(path))
            try:
                pdf_page = doc[n - 1]
                scale = min(width / pdf_page.get_width(), OCR_DPI / 72)
                check_pixels(pdf_page.get_width() * scale, pdf_page.get_height() * scale)
                img = pdf_page.render(scale=scale).to_pil()
            finally:
                doc.close()
        else:
            with open_image(path) as src:  # the header's size, checked before decoding
                src.seek(n - 1)
                check_pixels(src.width, src.height)
                src.draft("RGB", (width, width))  # a JPEG decodes at 1/2…1/8 scale: less memory
                img = ImageOps.exif_transpose(src)
                img.thumbnail((width, width * 4))
    except ImageTooLargeError as e:
        raise ScanError(f"{path.name} page {n}: {e}") from e
    except (OSError, EOFError, IndexError, ValueError, pdfium.PdfiumError) as e:
        raise ScanError(f"{path.name} page {n}") from e
    out = io.BytesIO()
    img.convert("RGB").save(out, "JPEG", quality=82)
    return out.getvalue()
