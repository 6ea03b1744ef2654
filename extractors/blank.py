"""Blank and near-blank pages, recognised before any OCR (the backs of a duplex scan).

A page is reduced to about 1,000 pixels on its long side; ink is what is clearly darker than the
paper (the paper's level taken from the page's own histogram, so a grey or yellowed sheet and
scanner noise are not ink); specks smaller than a full stop are dropped (connected components),
and so is a margin where scanner edges and punch holes throw shadows. A page is blank when
almost nothing is left: under :data:`MAX_COVERAGE` of its area inked, or only a few marks (a
page number, a scribble, a faint stamp), :data:`MAX_MARKS` components covering under
:data:`MAX_FEW_MARKS_COVERAGE`. A sparse but real page — a KTP photocopied on A4, a one-line
letter — has hundreds of glyphs and a photo, and is not blank.

Pure: NumPy and OpenCV only; a few milliseconds per page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

LONG_SIDE = 1000
"""Pixels of the page's long side for the test, at most (reduced by a whole factor)."""
INK_CONTRAST = 80
"""Grey levels below the paper that count as ink (faint stamps and show-through are lighter)."""
MARGIN = 0.03
"""Share of each side ignored (scanner edges, punch holes, the shadow of a fold)."""
MIN_MARK = 6
"""Smallest component (pixels at :data:`LONG_SIDE`) that counts: smaller is dust."""
MAX_COVERAGE = 0.002
MAX_MARKS = 12
MAX_FEW_MARKS_COVERAGE = 0.01


PAPER_SPREAD = 40
"""Grey levels either side of the paper's level that still count as paper."""
MIN_PAPER_SHARE = 0.9
"""A page is blank only when at least this share of it is paper: a card photographed on a dark
table, or a photo filling the page, is not (their median level is not the paper's)."""
MIN_PAPER_LEVEL = 150
CARD_HEIGHT = 1.2 * 54 / 210
"""The height of a card copied onto the page, as a share of the page's width (54 of 210 mm on A4),
with room for a copy at 103 % tilted by a few degrees."""
MIN_ROW_INK = 0.005
"""Share of a row's pixels that must be ink for the row to hold print (not a speck)."""


@dataclass(frozen=True)
class Ink:
    """What is on a page: the share of its area inked, the number of marks, the paper."""

    coverage: float
    marks: int
    paper_share: float = 1.0
    paper_level: int = 255
    card_heights: int = 0
    """How many windows of a card's height (:data:`CARD_HEIGHT`) it takes to cover every row of
    print, top to bottom: a sheet of one or two copied cards 1–2, a permit's first page 3–5."""

    @property
    def paper(self) -> bool:
        """The page is a sheet of paper (a scan or a copy), not a photo or a dark table."""
        return self.paper_share >= MIN_PAPER_SHARE and self.paper_level >= MIN_PAPER_LEVEL

    @property
    def blank(self) -> bool:
        """Nothing to read on the page."""
        if not self.paper:
            return False
        return self.coverage < MAX_COVERAGE or (
            self.marks <= MAX_MARKS and self.coverage < MAX_FEW_MARKS_COVERAGE)


def _grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def ink(image: np.ndarray) -> Ink:
    """The ink on ``image`` (grey or BGR ``uint8``)."""
    if image.size == 0:
        return Ink(0.0, 0)
    height, width = image.shape[:2]
    dy, dx = round(height * MARGIN), round(width * MARGIN)
    grey = _grey(image[dy:height - dy or height, dx:width - dx or width])
    k = -(-max(height, width) // LONG_SIDE)  # a whole factor: OpenCV's fast area path
    if k > 1:
        h, w = grey.shape[0] // k, grey.shape[1] // k
        grey = cv2.resize(grey[:h * k, :w * k], (w, h), interpolation=cv2.INTER_AREA)
    histogram = np.bincount(grey.ravel(), minlength=256)
    cumulative = np.cumsum(histogram)
    paper = int(np.searchsorted(cumulative, grey.size * 0.5))  # the median level
    low, high = max(0, paper - PAPER_SPREAD), min(255, paper + PAPER_SPREAD)
    share = float(cumulative[high] - (cumulative[low - 1] if low else 0)) / grey.size
    mask = (grey < max(0, paper - INK_CONTRAST)).astype(np.uint8)
    if not mask.any():
        return Ink(0.0, 0, share, paper)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    areas = stats[:count, cv2.CC_STAT_AREA]
    marks = areas >= MIN_MARK
    marks[0] = False  # the background
    kept = areas[marks]
    return Ink(float(kept.sum()) / grey.size, int(kept.size), share, paper,
               _windows(marks[labels], CARD_HEIGHT * width / k))


def _windows(marks: np.ndarray, span: float) -> int:
    """How many windows ``span`` rows tall cover every row of ``marks`` that holds print."""
    rows = np.flatnonzero(np.count_nonzero(marks, axis=1) >= MIN_ROW_INK * marks.shape[1])
    count, i = 0, 0
    while i < len(rows):
        count += 1
        i = int(np.searchsorted(rows, rows[i] + span))
    return count


def is_blank(image: np.ndarray) -> bool:
    """Whether the page ``image`` holds nothing to read (see the module's description)."""
    return ink(image).blank
