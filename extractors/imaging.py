"""Find cards and pages on an image, straighten them, flag their quality, clean card crops.

:func:`find_regions` returns one :class:`Region` per ID-1 card (KTP/NPWP) found on the image,
perspective-corrected to 1012×638 and turned upright, or a single ``page`` region (the whole
image, deskewed, its text lines horizontal) when no card is found. Cards are found by
:mod:`extractors.cardfind`.
No OCR here: whether a page reads upside down is told by its OCR (:meth:`Region.turned`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from core.models import BBox
from extractors.cardfind import a4_page, card_fills, find_card_quads
from extractors.cardshape import (
    CARD_SIZE,
    ID1_ASPECT,
    _grey,
    _ink,
    _order_corners,
    card_upside_down,
)

__all__ = ["CARD_SIZE", "Region", "card_upside_down", "clean_card", "find_regions", "photo_box",
           "quality_flags", "upright_page", "whole_card", "whole_page"]


@dataclass(frozen=True)
class Region:
    """A card or page cut out of an image, upright, with the mapping back to page pixels."""

    image: np.ndarray
    kind: str
    bbox: BBox
    homography: np.ndarray
    quality: tuple[str, ...] = ()

    def turned(self) -> Region:
        """The same region turned by 180°, its homography following."""
        h, w = self.image.shape[:2]
        flip = np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], np.float64)
        return Region(cv2.rotate(self.image, cv2.ROTATE_180), self.kind, self.bbox,
                      self.homography @ flip, self.quality)

    def to_page(self, box: BBox) -> BBox:
        """A box in region coordinates → its axis-aligned bound in page coordinates."""
        x, y, w, h = box
        pts = np.float32([[x, y], [x + w, y], [x + w, y + h], [x, y + h]]).reshape(-1, 1, 2)
        mapped = cv2.perspectiveTransform(pts, self.homography).reshape(-1, 2)
        x0, y0 = np.floor(mapped.min(axis=0))
        x1, y1 = np.ceil(mapped.max(axis=0))
        return int(x0), int(y0), int(x1 - x0), int(y1 - y0)

def _warp_card(image: np.ndarray, quad: np.ndarray, oriented: bool = False
               ) -> tuple[np.ndarray, np.ndarray]:
    """The card cut out at 1012×638, upright, and the region→page homography; ``oriented``:
    ``quad``'s first corner is the card's top left (the finder told it), else it is tested."""
    src = np.float32(quad) if oriented else _order_corners(quad)
    w, h = CARD_SIZE
    dst = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    card = cv2.warpPerspective(image, cv2.getPerspectiveTransform(src, dst), CARD_SIZE,
                               flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    if not oriented and card_upside_down(card):
        src = np.roll(src, 2, axis=0)
        card = cv2.warpPerspective(image, cv2.getPerspectiveTransform(src, dst), CARD_SIZE,
                                   flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    return card, cv2.getPerspectiveTransform(dst, src)


def quality_flags(region: np.ndarray, source_width: float, *, card: bool = True
                  ) -> tuple[str, ...]:
    """Quality flags: blurred, dark, glare, low_resolution, photocopy (reported, not fatal).

    ``photocopy`` is a card's only (``card``): KTP and NPWP cards are printed in colour, so a
    card without colour is a copy; a permit is printed black on white and its grey scan is the
    original's.
    """
    grey = _grey(region)
    flags = []
    sharp = cv2.Laplacian(cv2.resize(grey, CARD_SIZE), cv2.CV_64F).var()
    if sharp < 60:
        flags.append("blurred")
    if grey.mean() < 90:
        flags.append("dark")
    grey_only = region.ndim == 2 or cv2.cvtColor(region, cv2.COLOR_BGR2HSV)[..., 1].mean() < 12
    if not grey_only and (grey >= 252).mean() > 0.03 and grey.mean() < 225:
        flags.append("glare")
    if source_width < 600:
        flags.append("low_resolution")
    if grey_only and card:
        flags.append("photocopy")
    return tuple(flags)


def _profile_score(ink: np.ndarray) -> float:
    """How strongly text lines run horizontally: variance of the row sums."""
    return float(ink.sum(axis=1).astype(np.float64).var())


def _rotate(img: np.ndarray, angle: float, fill: int = 255) -> tuple[np.ndarray, np.ndarray]:
    """``img`` rotated by ``angle`` degrees (canvas grown to fit) and the 3×3 forward matrix."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out = cv2.warpAffine(img, m, (nw, nh), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=(fill, fill, fill))
    return out, np.vstack([m, [0, 0, 1]])


LONG_MARK = 0.2
"""A mark longer than this share of the page's long side is a frame, a rule or a table grid,
not text: left out of the line profile (the long sides of a portrait page's frame would
otherwise make it read best turned sideways)."""


def _text_ink(ink: np.ndarray) -> np.ndarray:
    """``ink`` without its long marks (:data:`LONG_MARK`), or as it is when they are all."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    long = np.flatnonzero(np.maximum(stats[1:n, 2], stats[1:n, 3]) > LONG_MARK * max(ink.shape))
    if long.size == 0 or long.size == n - 1:
        return ink
    keep = np.ones(n, dtype=bool)
    keep[long + 1] = False
    keep[0] = False
    return keep[labels].astype(ink.dtype)


def _page_angle(image: np.ndarray) -> float:
    """The rotation (multiple of 90° plus a small skew) that makes text lines horizontal."""
    small = cv2.resize(_grey(image), None, fx=600 / max(image.shape[:2]),
                       fy=600 / max(image.shape[:2]), interpolation=cv2.INTER_AREA)
    ink = _text_ink(_ink(small))
    turns = []  # per way round: the skew whose rows are sharpest, and its share of line gaps
    for base in (0.0, 90.0):
        best, best_angle, gaps = -1.0, base, 0.0
        for skew in np.arange(-6.0, 6.5, 0.5):
            rotated, _ = _rotate(ink * 255, base + skew, fill=0)
            score = _profile_score(rotated > 127)
            if score > best:
                best, best_angle, gaps = score, base + skew, _line_gaps(rotated > 127)
        turns.append((gaps, best, best_angle))
    (gaps0, score0, angle0), (gaps90, score90, angle90) = turns
    if abs(gaps0 - gaps90) > LINE_GAPS_APART:
        return angle0 if gaps0 > gaps90 else angle90
    return angle0 if score0 >= score90 else angle90


LINE_GAPS_APART = 0.05
"""How much more of one way round's rows must be line gaps for that way to win outright; closer
than this (dense small print whose gaps blur at the profile's scale), the sharper rows win."""


def _line_gaps(ink: np.ndarray) -> float:
    """The share of the rows between the first and the last inked one that are (nearly) empty.

    Read across its lines, text leaves a gap between every two lines (about half the rows);
    read down the page, a column is empty only where no line has ink at all — the gutter of
    a two-column text, the spaces of lines that repeat one another. The variance of the row
    sums alone cannot tell the two apart on a page of short, indented lines in its left half
    (a decree's numbered fields): its columns differ as much as its rows, and it read best
    turned sideways.
    """
    profile = ink.sum(axis=1)
    inked = np.flatnonzero(profile)
    if inked.size == 0:
        return 0.0
    span = profile[inked[0]:inked[-1] + 1]
    return float((span <= 0.02 * span.max()).mean())


def upright_page(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The page deskewed and turned by a multiple of 90° so that its text lines run
    horizontally, and the region→page homography. Whether it then reads upside down is
    told by the OCR of the page (see :meth:`Region.turned`): text read upside down comes back
    with low confidence."""
    angle = _page_angle(image)
    page, fwd = _rotate(image, angle) if angle else (image, np.eye(3))
    return page, np.linalg.inv(fwd)


def find_regions(image: np.ndarray) -> list[Region]:
    """Every card on ``image`` as a ``card`` region, else the whole page as one ``page`` region.
    A card on a bilevel image (a 1-bit copy) is softened (:func:`smoothed`)."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    h, w = image.shape[:2]
    regions = []
    grey = _grey(image)
    off = abs(w / h - ID1_ASPECT)
    oriented = a4_page(grey)  # the finder turned the cards on a page (find_card_quads)
    quads = find_card_quads(grey, paper=oriented)
    soft = bool(quads) and bilevel(grey)
    if (not quads and oriented and off >= LOOSE_CUT
            and card_fills(grey)):  # one card scanned, cut too loosely to be taken whole
        oriented, quads = False, find_card_quads(grey, paper=False)
    for quad in quads:
        card, homography = _warp_card(image, quad, oriented)
        if soft:
            card = smoothed(card)
        x0, y0 = np.floor(quad.min(axis=0)).astype(int)
        x1, y1 = np.ceil(quad.max(axis=0)).astype(int)
        bbox = (int(max(0, x0)), int(max(0, y0)), int(min(w, x1) - max(0, x0)),
                int(min(h, y1) - max(0, y0)))
        width = float(np.linalg.norm(_order_corners(quad)[1] - _order_corners(quad)[0]))
        regions.append(Region(card, "card", bbox, homography, quality_flags(card, width)))
    if regions:
        return regions
    if off < LOOSE_CUT:  # a scan cut around one card: levelled unless cut to the card's shape
        return [_whole_card(image, level=off >= 0.05, soft=bilevel(grey))]
    return [whole_page(image)]


LOOSE_CUT = 0.15
"""How far from the ID-1 aspect a landscape image may be and still be a scan cut loosely around
one card (a white card on the scanner's white lid shows no outline): it is taken whole, its
tilt straightened. What it holds is told by its text (a photo of something else is no card)."""


def _whole_card(image: np.ndarray, *, level: bool, soft: bool) -> Region:
    """The whole ``image`` as one card; with ``level`` (a card cut loosely) turned first so that
    its text lines run level; ``soft``: the image is bilevel (:func:`smoothed`)."""
    h, w = image.shape[:2]
    angle = _page_angle(image) if level else 0.0
    angle = angle if abs(angle) <= 6 else 0.0  # text running down: not a card's layout
    turned, fwd = _rotate(image, angle) if angle else (image, np.eye(3))
    th, tw = turned.shape[:2]
    quad = np.float32([[0, 0], [tw - 1, 0], [tw - 1, th - 1], [0, th - 1]])
    card, homography = _warp_card(turned, quad)
    if soft:
        card = smoothed(card)
    return Region(card, "card", (0, 0, w, h), np.linalg.inv(fwd) @ homography,
                  quality_flags(card, float(w)))


BILEVEL_EDGE = 0.5
"""An image is bilevel (a 1-bit scan or copy) when fewer than this share of the pixels along
its ink's edges are grey: an anti-aliased print, a grey scan or a photo has grey edges
(0.77–1.0 on the seen conditions), a 1-bit page none, or a few where a PDF viewer resampled
it (at most 0.33)."""
BILEVEL_BLUR = 1.0
"""The blur (sigma, card pixels) that gives a bilevel card back the grey edges of print:
Tesseract reads thresholded glyphs, their jagged edges and strokes broken a pixel wide, worse
than the same glyphs softened (``NAJMUDIN`` read ``NA)JMUDIN``, ``S. PARMAN`` read ``5. PARMAN``;
seen 1-bit copies, 16 applicants: 375 → 381 of 391 fields)."""


def bilevel(grey: np.ndarray) -> bool:
    """Whether a grey image is black and white only, without grey edges (:data:`BILEVEL_EDGE`)."""
    dark = (grey < 128).astype(np.uint8)
    kernel = np.ones((3, 3), np.uint8)
    edge = cv2.dilate(dark, kernel) != cv2.erode(dark, kernel)
    if not edge.any():
        return False
    grey_edge = (grey[edge] > 15) & (grey[edge] < 240)
    return float(grey_edge.mean()) < BILEVEL_EDGE


def smoothed(card: np.ndarray) -> np.ndarray:
    """A card cut out of a bilevel image with the grey edges of print put back
    (:data:`BILEVEL_BLUR`)."""
    return cv2.GaussianBlur(card, (0, 0), BILEVEL_BLUR)


def whole_card(image: np.ndarray) -> Region:
    """The whole ``image`` as one card, its tilt straightened (a card scanned with its bed
    around it, where no outline was found)."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    return _whole_card(image, level=True, soft=bilevel(_grey(image)))


def whole_page(image: np.ndarray) -> Region:
    """The whole image as one upright ``page`` region."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    h, w = image.shape[:2]
    page, homography = upright_page(image)
    return Region(page, "page", (0, 0, w, h), homography,
                  quality_flags(page, float(w), card=False))


def clean_card(card: np.ndarray) -> np.ndarray:
    """A grey card crop with the light guilloche/colour background pushed to white."""
    grey = _grey(card)
    background = cv2.morphologyEx(grey, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    norm = cv2.divide(grey, background, scale=255)
    return cv2.normalize(norm, None, 0, 255, cv2.NORM_MINMAX)


def photo_box(card: np.ndarray) -> BBox | None:
    """The holder's photo on a card (a large dark block in its right half), if there is one.

    Text strokes are thin, so an opening with a kernel of 1/25 of the card's width leaves only
    solid dark areas; the KTP photo (red or blue backdrop, dark silhouette) is one, the NPWP card
    has none.
    """
    grey = _grey(card)
    h, w = grey.shape
    dark = (grey < min(150.0, 0.65 * float(np.median(grey)))).astype(np.uint8)
    k = max(3, w // 25)
    solid = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(solid)
    blocks = [stats[i] for i in range(1, n)
              if stats[i][4] > 0.02 * w * h and stats[i][0] > 0.5 * w]
    if not blocks:
        return None
    x, y, bw, bh, _ = max(blocks, key=lambda s: s[4])
    return int(x), int(y), int(bw), int(bh)
