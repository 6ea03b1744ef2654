"""Ruling lines of a page (table borders, underlines, boxes): found, cut into cells, removed.

Tesseract reads a table border as ``|``, ``I``, ``l`` or ``[`` and glues it to the words
beside it, and an underline or a cell's top border makes it lose the letters standing on it.
:func:`find_grid` finds the long horizontal and vertical ink runs of a deskewed page with
OpenCV morphology (an opening with a line-shaped kernel much longer than a letter), the cells
they enclose, and :func:`remove_rulings` paints them over with the paper's tone, so that only
the words reach the OCR; a cell border then reads as the gap it is on the paper, as in the
page's text layer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from core.models import BBox
from extractors.tesseract import OcrResult, ocr

MIN_GLYPH = 8
"""The smallest letter height (pixels) the kernel lengths are scaled from."""
CAP_HEIGHT = 34
"""Capital letters smaller than this (pixels) are enlarged before OCR: at 200 dpi 10–12 pt
print is 22–27 px high, at 150 dpi 16–20 px, and Tesseract then glues a colon to the digit
after it (``: 1`` read as ``11``) and confuses bold digits; measured best among 0 (none) and 34."""
MAX_ENLARGE = 2.5


@dataclass(frozen=True)
class Grid:
    """The ruling lines of a page and the cells they enclose (all in page pixels)."""

    mask: np.ndarray
    """Pixels of the ruling lines (255), slightly widened to take their blurred edges too."""
    cells: tuple[BBox, ...]
    """The boxes closed on four sides by ruling lines, top to bottom, left to right."""

    @property
    def found(self) -> bool:
        """Whether the page has any ruling line."""
        return bool(self.mask.any())

    def cell_of(self, box: BBox) -> int | None:
        """The index of the cell holding the centre of ``box``, or ``None``."""
        cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
        for i, (x, y, w, h) in enumerate(self.cells):
            if x <= cx < x + w and y <= cy < y + h:
                return i
        return None


def ink(grey: np.ndarray) -> np.ndarray:
    """The dark marks of a grey page (255) against its local background (adaptive)."""
    block = max(15, (min(grey.shape) // 40) | 1)
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 block, 15)


def glyph_height(marks: np.ndarray) -> int:
    """The height of the page's capital letters: the upper quartile of the mark heights."""
    _n, _labels, stats, _c = cv2.connectedComponentsWithStats(marks, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    letters = heights[(heights >= MIN_GLYPH) & (heights <= 120) & (widths <= 3 * heights)]
    return int(np.percentile(letters, 75)) if len(letters) else 2 * MIN_GLYPH


def _runs(marks: np.ndarray, length: int, horizontal: bool) -> np.ndarray:
    """The marks that belong to a straight run of at least ``length`` pixels."""
    shape = (length, 1) if horizontal else (1, length)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, shape)
    return cv2.morphologyEx(marks, cv2.MORPH_OPEN, kernel)


def find_grid(grey: np.ndarray, marks: np.ndarray | None = None,
              tall: int | None = None) -> Grid:
    """The ruling lines of the deskewed grey page ``grey`` and the cells they close
    (``marks``/``tall``: its :func:`ink` and :func:`glyph_height` when already known)."""
    marks = ink(grey) if marks is None else marks
    tall = glyph_height(marks) if tall is None else tall
    horizontal = _runs(marks, max(6 * tall, grey.shape[1] // 30), True)
    # longer than the tallest stroke of a letter (``l``, a bracket), shorter than a table row
    vertical = _runs(marks, max(int(1.8 * tall), 3 * MIN_GLYPH), False)
    lines = cv2.bitwise_or(horizontal, vertical)
    mask = cv2.dilate(lines, np.ones((3, 3), np.uint8))
    return Grid(mask, _cells(lines, tall))


def _cells(lines: np.ndarray, tall: int) -> tuple[BBox, ...]:
    """The holes of the ruling lines at least a letter high and wide (a table's cells)."""
    closed = cv2.dilate(lines, np.ones((5, 5), np.uint8))
    contours, hierarchy = cv2.findContours(closed, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return ()
    page_area = lines.shape[0] * lines.shape[1]
    cells = []
    for contour, (_next, _prev, _child, parent) in zip(contours, hierarchy[0], strict=True):
        if parent < 0:
            continue  # an outer outline, not a hole
        x, y, w, h = cv2.boundingRect(contour)
        if h >= tall and w >= tall and w * h < 0.5 * page_area:
            cells.append((int(x), int(y), int(w), int(h)))
    return tuple(sorted(cells, key=lambda b: (b[1], b[0])))


def paper_tone(grey: np.ndarray) -> int:
    """The grey level of the paper (the page's bright majority)."""
    return int(np.percentile(grey, 90))


def remove_rulings(grey: np.ndarray, grid: Grid | None = None) -> np.ndarray:
    """``grey`` with its ruling lines painted over in the paper's tone (a copy)."""
    grid = grid if grid is not None else find_grid(grey)
    if not grid.found:
        return grey
    out = grey.copy()
    out[grid.mask > 0] = paper_tone(grey)
    return out


def ocr_page(image: np.ndarray, psm: int = 4) -> OcrResult:
    """Tesseract on a permit page (one pass): its ruling lines removed, small print enlarged to
    :data:`CAP_HEIGHT` first; word boxes in ``image``'s pixels."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    marks = ink(grey)
    tall = glyph_height(marks)
    clean = remove_rulings(grey, find_grid(grey, marks, tall))
    factor = min(MAX_ENLARGE, CAP_HEIGHT / tall) if tall < CAP_HEIGHT else 1.0
    if factor == 1.0:
        return ocr(clean, psm=psm)
    big = cv2.resize(clean, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return OcrResult(tuple(replace(w, bbox=_shrunk(w.bbox, factor))
                           for w in ocr(big, psm=psm).words))


def _shrunk(box: BBox, factor: float) -> BBox:
    x, y, w, h = (round(v / factor) for v in box)
    return (x, y, w, h)
