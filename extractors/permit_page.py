"""A sheet of paper photographed on a table: its outline, cut out flat and evenly lit.

A phone photo of a permit shows the A4 sheet at an angle, with perspective, on a darker
surface, lit unevenly. :func:`find_sheet` finds the bright quadrilateral of a sheet's shape,
warps it to an upright rectangle at its own resolution, and divides out the uneven light, so
Tesseract reads it like a scan. A scan or a sheet that fills the frame has no such outline:
``None``, and the page is read whole.
"""

from __future__ import annotations

import cv2
import numpy as np

from extractors.imaging import Region, quality_flags, upright_page, whole_page

A4_ASPECT = 297 / 210
SHEET_ASPECTS = (1.15, 1.7)
"""Long/short side ratios accepted for a sheet seen at an angle (A4 is 1.41, folio 1.53)."""


def _order(quad: np.ndarray) -> np.ndarray:
    s, d = quad.sum(axis=1), np.diff(quad, axis=1).ravel()
    return np.float32([quad[np.argmin(s)], quad[np.argmin(d)], quad[np.argmax(s)],
                       quad[np.argmax(d)]])


def _sheet_quad(grey: np.ndarray) -> np.ndarray | None:
    """Corners of the largest bright sheet-shaped outline (in ``grey``'s pixels), or ``None``."""
    scale = 900.0 / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    area = float(small.shape[0] * small.shape[1])
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        a = cv2.contourArea(c)
        if a < 0.15 * area or a > 0.92 * area:
            continue
        approx = cv2.approxPolyDP(cv2.convexHull(c), 0.02 * cv2.arcLength(c, True), True)
        quad = approx.reshape(-1, 2).astype(np.float32) if len(approx) == 4 else \
            cv2.boxPoints(cv2.minAreaRect(c)).astype(np.float32)
        quad = _order(quad)
        sides = [np.linalg.norm(quad[i] - quad[(i + 1) % 4]) for i in range(4)]
        short, long = min(sides[0], sides[2], sides[1], sides[3]), max(sides)
        if short < 1 or not SHEET_ASPECTS[0] <= long / short <= SHEET_ASPECTS[1]:
            continue
        if a / (cv2.contourArea(quad) or 1) < 0.9:
            continue
        return quad / scale
    return None


def even_light(grey: np.ndarray) -> np.ndarray:
    """``grey`` divided by its blurred background: paper white everywhere, ink kept."""
    background = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    background = cv2.GaussianBlur(background, (0, 0), 25)
    flat = cv2.divide(grey, np.maximum(background, 1), scale=255)
    return np.clip(flat, 0, 255).astype(np.uint8)


def find_sheet(image: np.ndarray) -> Region | None:
    """The photographed sheet on ``image`` as an upright ``page`` region, or ``None``."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    quad = _sheet_quad(grey)
    if quad is None:
        return None
    top, right = np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[1])
    bottom, left = np.linalg.norm(quad[2] - quad[3]), np.linalg.norm(quad[3] - quad[0])
    w, h = max(top, bottom), max(left, right)  # a sheet on its side: upright_page turns it
    size = (round(float(w)), round(float(h)))
    dst = np.float32([[0, 0], [size[0] - 1, 0], [size[0] - 1, size[1] - 1], [0, size[1] - 1]])
    warp = cv2.getPerspectiveTransform(quad, dst)
    flat = cv2.warpPerspective(grey, warp, size, flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
    flat = cv2.cvtColor(even_light(flat), cv2.COLOR_GRAY2BGR)
    page, upright = upright_page(flat)
    homography = np.linalg.inv(warp) @ upright
    x0, y0 = np.floor(quad.min(axis=0)).astype(int)
    x1, y1 = np.ceil(quad.max(axis=0)).astype(int)
    bbox = (int(max(0, x0)), int(max(0, y0)), int(x1 - max(0, x0)), int(y1 - max(0, y0)))
    return Region(page, "page", bbox, homography,
                  quality_flags(page, float(size[0]), card=False))


def page_region(image: np.ndarray) -> Region:
    """The photographed sheet on ``image`` cut out flat, else the whole image as the page."""
    return find_sheet(image) or whole_page(image)
