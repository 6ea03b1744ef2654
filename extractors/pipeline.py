"""From pages to documents: locate, classify, read; one page at a time.

Card regions (KTP, NPWP) are read where they are found. Permit pages are gathered into one
document per decree: the following pages of the same file belong to it (data continue on page
2) unless they carry another decree number, and its fields are read once all its pages are in.
Only lines (text and boxes) are kept between pages, never pixels, so a long PDF streams.

The card finder is the costliest look at a page after Tesseract: a portrait sheet of paper whose
print is taller than a few cards (:attr:`~extractors.blank.Ink.card_heights`, cheap) is read whole
first, and when that read says it is a permit (title, decree number, permit labels) no card is
looked for on it. Otherwise the cards are looked for as on any page, and the page's read is kept
for when none is found, so no page is read whole twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.files import file_sha256 as sha256_of
from core.messages import file_error
from core.models import BBox, DocType, Document, ExtractResult, FileError, Page
from extractors._cardread import card_words
from extractors._casenumbers import reconcile_numbers
from extractors._layout import rows_of
from extractors.blank import ink
from extractors.classify import classify, classify_text
from extractors.imaging import Region, find_regions, whole_card
from extractors.ktp import extract_ktp
from extractors.load import iter_pages
from extractors.npwp import extract_npwp
from extractors.permit import (
    TextLine,
    decree_number,
    extract_permit,
    lines_from_ocr,
    lines_from_words,
)
from extractors.permit_grid import ocr_page
from extractors.permit_page import find_sheet, page_region
from extractors.tesseract import OcrEngineError, OcrResult

CARD_READERS = {DocType.KTP: extract_ktp, DocType.NPWP: extract_npwp}
TEXT_PAGE_HEIGHTS = 3
"""Print covering this many card heights or more (see :attr:`~extractors.blank.Ink.card_heights`):
more than two cards copied one above the other; a permit's first page has 3–5."""
_Read = tuple[list[TextLine], tuple[DocType, float], BBox, list[str]]
"""A page read whole: its lines, what it reads as, its box and quality flags."""


@dataclass
class _Permit:
    """A permit being gathered page by page."""

    source: str
    decree: tuple[str, str] | None
    confidence: float
    bbox: BBox | None
    quality: list[str]
    pages: list[int] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)

    def document(self) -> Document:
        return Document(doc_type=DocType.PERMIT, source=self.source, page=self.pages[0],
                        pages=self.pages, confidence=self.confidence, bbox=self.bbox,
                        fields=extract_permit(self.lines), quality=self.quality)


class _Reader:
    """The state of one pass over pages: documents so far, the permit being gathered."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.errors: list[FileError] = []
        self.permit: _Permit | None = None
        self._whole_read = False
        self._read: _Read | None = None

    def page(self, page: Page) -> None:
        found = len(self.documents)
        if page.words:
            lines = lines_from_words(page.words, page.page)
            self._page_text(page, lines, classify_text("\n".join(ln.text for ln in lines)),
                            None, [])
        else:
            look = ink(page.image)
            if look.blank:  # a blank back of a duplex scan: nothing to read
                self.errors.append(file_error("page.blank", page.source, page.page))
                return
            self._whole_read = False
            self._read = None
            height, width = page.image.shape[:2]
            if (look.paper and height > 1.2 * width and look.card_heights >= TEXT_PAGE_HEIGHTS
                    and self._whole(page)[1][0] == DocType.PERMIT):
                self._read_whole(page)  # a permit's page of text: no card is looked for
            else:
                self._cards(page, found)
        gathering = self.permit is not None and page.page in self.permit.pages
        if len(self.documents) == found and not gathering:
            self.errors.append(file_error("page.no_document", page.source, page.page))

    def _cards(self, page: Page, found: int) -> None:
        """Every card found on the page read; the page read whole where none is."""
        regions = find_regions(page.image)
        height, width = page.image.shape[:2]
        for region in regions:
            if region.kind == "card":
                self._card(page, region)
                continue
            # a whole page found by find_regions is already upright: only look for a sheet
            self._read_whole(page, lambda r=region: find_sheet(page.image) or r)
            gathering = self.permit is not None and page.page in self.permit.pages
            if (len(self.documents) == found and not gathering and width > height
                    and self._read is not None and self._read[1][0] != DocType.PERMIT):
                # no document read and no outline found (a card on a dark-edged bed, cut
                # loosely): a landscape image may be the card itself, scanned with its bed
                self._card(page, whole_card(page.image))
        if (len(self.documents) == found and not self._whole_read
                and all(r.kind == "card" for r in regions)):
            # only unknown "cards" (a corner of a scan, a frame, blocks of a card's own text):
            # a landscape image may be the card itself, scanned with its bed; else the page
            if regions and width > height:
                self._card(page, whole_card(page.image))
            if len(self.documents) == found and not self._whole_read:
                self._read_whole(page)

    def _whole(self, page: Page, region: Callable[[], Region] | None = None) -> _Read:
        """The page read whole (its photographed sheet, or the page upright), once per page."""
        if self._read is None:
            self._read = self._ocr_page(page, region() if region else page_region(page.image))
        return self._read

    def _read_whole(self, page: Page, region: Callable[[], Region] | None = None) -> None:
        self._whole_read = True
        lines, kind, bbox, quality = self._whole(page, region)
        self._page_text(page, list(lines), kind, bbox, list(quality))

    def _card(self, page: Page, region: Region) -> None:
        words = card_words(region)
        doc_type, conf = classify(region, "\n".join(r.text for r in rows_of(words)))
        if doc_type == DocType.UNKNOWN:  # read upside down? (its ink fooled the turn test)
            turned = region.turned()
            again = card_words(turned)
            kind = classify(turned, "\n".join(r.text for r in rows_of(again)))
            if kind[0] in CARD_READERS:
                region, words, (doc_type, conf) = turned, again, kind
        if doc_type == DocType.PERMIT or (doc_type == DocType.UNKNOWN
                                          and _share(region, page) > 0.25):
            # a block of a page's text taken for a card: read the whole page instead
            self._read_whole(page)
            return
        reader = CARD_READERS.get(doc_type)
        if reader is not None:
            self.documents.append(Document(
                doc_type=doc_type, source=page.source, page=page.page, pages=[page.page],
                confidence=conf, bbox=region.bbox, fields=reader(region, page.page, words),
                quality=list(region.quality)))

    @staticmethod
    def _ocr_page(page: Page, region: Region) -> _Read:
        """The page region read (turned when it reads upside down) and classified."""
        read = ocr_page(region.image)
        if _mean_conf(read.result) < 0.6:  # upside down? (read upright, pages score above 0.9)
            turned = region.turned()
            again = ocr_page(turned.image)
            if _mean_conf(again.result) > _mean_conf(read.result) + 0.1:
                region, read = turned, again
        kind = classify(region, read.result.text)
        lines = lines_from_ocr(read.result, region.to_page, page.page, read.cells)
        return lines, kind, region.bbox, list(region.quality)

    def _page_text(self, page: Page, lines: list[TextLine], kind: tuple[DocType, float],
                   bbox: BBox | None, quality: list[str]) -> None:
        doc_type, conf = kind
        decree = decree_number("\n".join(ln.text for ln in lines))
        current = self.permit
        continues = current is not None and current.source == page.source and (
            decree is None or current.decree is None or decree == current.decree)
        if continues and current is not None:
            current.pages.append(page.page)
            current.lines += lines
            current.decree = current.decree or decree
            return
        if doc_type != DocType.PERMIT:
            return
        self.flush()
        self.permit = _Permit(page.source, decree, conf, bbox, quality, [page.page], lines)

    def flush(self) -> None:
        if self.permit is not None:
            self.documents.append(self.permit.document())
            self.permit = None


def _share(region: Region, page: Page) -> float:
    """The share of the page's area that the region's box covers."""
    height, width = page.image.shape[:2]
    return region.bbox[2] * region.bbox[3] / float(width * height)


def _mean_conf(result: OcrResult) -> float:
    """Mean confidence of the words longer than two characters (0 for none)."""
    confs = [w.conf for w in result.words if len(w.text) > 2]
    return sum(confs) / len(confs) if confs else 0.0


def extract_pages(items: Iterable[Page | FileError]) -> tuple[list[Document], list[FileError]]:
    """The documents on ``items`` (pages, or load errors passed through), in reading order."""
    reader = _Reader()
    for item in items:
        if isinstance(item, FileError):
            reader.errors.append(item)
            continue
        if reader.permit is not None and reader.permit.source != item.source:
            reader.flush()
        try:
            reader.page(item)
        except OcrEngineError as e:
            reader.errors.append(file_error("ocr.failed", item.source, item.page, detail=e))
    reader.flush()
    return reconcile_numbers(reader.documents), reader.errors


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or ``None`` if it cannot be read."""
    try:
        return sha256_of(path)
    except OSError:
        return None


def extract_file(path: Path) -> ExtractResult:
    """Every document in one file, and every problem met, as the ``intake extract`` contract."""
    documents, errors = extract_pages(iter_pages(path))
    return ExtractResult(source=str(path), sha256=file_sha256(path), documents=documents,
                         errors=errors)
