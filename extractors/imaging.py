"""Find cards and pages on an image, straighten them, flag their quality, clean card crops.

:func:`find_regions` returns one :class:`Region` per ID-1 card (KTP/NPWP) found on the image,
perspective-corrected to 1012×638 and turned upright, or a single ``page`` region (the whole
image, turned upright) when no card is found. Card candidates come from several masks (light
card on a dark table, grey card on white paper, edges of a white card on white paper); a
candidate must be a filled rectangle with the ID-1 aspect ratio (85.6 × 54 mm).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.models import BBox

CARD_SIZE = (1012, 638)
ID1_ASPECT = 85.6 / 54.0


@dataclass(frozen=True)
class Region:
    """A card or page cut out of an image, upright, with the mapping back to page pixels."""

    image: np.ndarray
    kind: str
    bbox: BBox
    homography: np.ndarray
    quality: tuple[str, ...] = ()

    def to_page(self, box: BBox) -> BBox:
        """A box in region coordinates → its axis-aligned bound in page coordinates."""
        x, y, w, h = box
        pts = np.float32([[x, y], [x + w, y], [x + w, y + h], [x, y + h]]).reshape(-1, 1, 2)
        mapped = cv2.perspectiveTransform(pts, self.homography).reshape(-1, 2)
        x0, y0 = np.floor(mapped.min(axis=0))
        x1, y1 = np.ceil(mapped.max(axis=0))
        return int(x0), int(y0), int(x1 - x0), int(y1 - y0)


def _grey(image: np.ndarray) -> np.ndarray:
    """A single-channel copy of ``image``."""
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def _masks(grey: np.ndarray) -> list[np.ndarray]:
    """Foreground masks that may outline cards: light-on-dark, dark-on-light, closed edges."""
    blur = cv2.GaussianBlur(grey, (7, 7), 0)
    _, light = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _, dark = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    k = max(5, min(grey.shape) // 60) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    edges = cv2.dilate(cv2.Canny(blur, 10, 40), kernel)
    nonwhite = cv2.morphologyEx((blur < 235).astype(np.uint8) * 255, cv2.MORPH_CLOSE, kernel)
    border = np.concatenate([blur[:8].ravel(), blur[-8:].ravel(), blur[:, :8].ravel(),
                             blur[:, -8:].ravel()])
    smooth = cv2.GaussianBlur(grey, (41, 41), 0).astype(np.int16)
    differs = (np.abs(smooth - int(np.median(border))) >= 2).astype(np.uint8) * 255
    big = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * k, 2 * k))
    differs = cv2.morphologyEx(cv2.morphologyEx(differs, cv2.MORPH_OPEN, kernel),
                               cv2.MORPH_CLOSE, big)
    thin = cv2.dilate(cv2.Canny(cv2.GaussianBlur(grey, (5, 5), 0), 10, 30), np.ones((3, 3)))
    closed_dark = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, kernel)
    return [light, closed_dark, edges, nonwhite, differs, thin]


def _quad(contour: np.ndarray) -> np.ndarray:
    """Four corners of a card-like contour (polygon fit of its hull, else its min-area rect)."""
    hull = cv2.convexHull(contour)
    approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(approx) == 4:
        return approx.reshape(4, 2).astype(np.float32)
    return cv2.boxPoints(cv2.minAreaRect(contour)).astype(np.float32)


def _card_candidates(mask: np.ndarray, area: float) -> list[tuple[float, np.ndarray]]:
    """(score, corners) of filled rectangles with the ID-1 aspect in one mask."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for c in contours:
        (_, (w, h), _) = cv2.minAreaRect(c)
        if min(w, h) < 1 or w * h < 0.03 * area or w * h > 0.97 * area:
            continue
        aspect = max(w, h) / min(w, h)
        fill = cv2.contourArea(cv2.convexHull(c)) / (w * h)
        if abs(aspect - ID1_ASPECT) > 0.16 or fill < 0.9:
            continue
        out.append((fill - abs(aspect - ID1_ASPECT), _quad(c)))
    return out


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two quads' axis-aligned bounds."""
    ax0, ay0, ax1, ay1 = *a.min(axis=0), *a.max(axis=0)
    bx0, by0, bx1, by1 = *b.min(axis=0), *b.max(axis=0)
    iw, ih = max(0.0, min(ax1, bx1) - max(ax0, bx0)), max(0.0, min(ay1, by1) - max(ay0, by0))
    inter = iw * ih
    union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter
    return inter / union if union else 0.0


def _edge_ink(grey: np.ndarray, quad: np.ndarray) -> float:
    """Ink density of a thin ring just inside the quad: cards have a clear margin there,
    a block of text merged by the masks (a permit paragraph, a table) has not."""
    dst = np.float32([[0, 0], [CARD_SIZE[0] - 1, 0], [CARD_SIZE[0] - 1, CARD_SIZE[1] - 1],
                      [0, CARD_SIZE[1] - 1]])
    warp = cv2.getPerspectiveTransform(_order_corners(quad), dst)
    ink = _ink(cv2.warpPerspective(grey, warp, CARD_SIZE))
    ring = np.zeros(ink.shape, bool)
    a, b = 6, 14
    ring[a:b, a:-a] = ring[-b:-a, a:-a] = ring[a:-a, a:b] = ring[a:-a, -b:-a] = True
    return float(ink[ring].mean())


def find_card_quads(grey: np.ndarray) -> list[np.ndarray]:
    """Corners of every card found, best candidates first, overlapping duplicates dropped."""
    area = float(grey.shape[0] * grey.shape[1])
    cands = [c for m in _masks(grey) for c in _card_candidates(m, area)
             if _edge_ink(grey, c[1]) < 0.2]
    cands.sort(key=lambda c: c[0], reverse=True)
    kept: list[np.ndarray] = []
    for _, quad in cands:
        if all(_iou(quad, k) < 0.3 for k in kept):
            kept.append(quad)
    if len(kept) == 1:
        kept += _text_block_cards(grey, kept)
    return sorted(kept, key=lambda q: (q[:, 1].min() // 200, q[:, 0].min()))


def _text_block_cards(grey: np.ndarray, found: list[np.ndarray]) -> list[np.ndarray]:
    """On an A4 sheet, card-sized blocks of text beside the cards already found (a white NPWP
    card photocopied on white paper shows no edge): a box of the found card's size placed
    at the block's top-left, less the card's printed margin."""
    h, w = grey.shape
    if not found or not 1.3 < h / w < 1.5:
        return []
    side = _order_corners(found[0])
    cw, ch = float(np.linalg.norm(side[1] - side[0])), float(np.linalg.norm(side[3] - side[0]))
    ink = _ink(cv2.GaussianBlur(grey, (5, 5), 0))
    k = max(9, int(cw / 25)) | 1
    blobs = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    blobs = cv2.morphologyEx(blobs, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(blobs * 255, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    rects = [cv2.boundingRect(c) for c in contours]
    rects = [r for r in rects if all(_iou(_rect_quad(r), q) < 0.1 for q in found)]
    out: list[np.ndarray] = []
    for x, y, bw, bh in _group_blocks(sorted(rects, key=lambda r: (r[1], r[0])), cw, ch):
        if not (0.55 * cw <= bw <= 1.02 * cw and 0.5 * ch <= bh <= 1.02 * ch):
            continue
        quad = _rect_quad((int(x - 0.024 * cw), int(y - 0.022 * ch), int(cw), int(ch)))
        if all(_iou(quad, q) < 0.2 for q in found + out):
            out.append(quad)
    return out


def _rect_quad(rect: tuple[int, int, int, int]) -> np.ndarray:
    """The four corners of an ``(x, y, w, h)`` rectangle."""
    x, y, w, h = rect
    return np.float32([[x, y], [x + w, y], [x + w, y + h], [x, y + h]])


def _group_blocks(rects: list[tuple[int, int, int, int]], cw: float, ch: float
                  ) -> list[tuple[int, int, int, int]]:
    """Greedily merge text blocks (top to bottom) while their union still fits one card."""
    groups: list[list[int]] = []
    for x, y, w, h in rects:
        for g in groups:
            x0, y0 = min(g[0], x), min(g[1], y)
            x1, y1 = max(g[0] + g[2], x + w), max(g[1] + g[3], y + h)
            if x1 - x0 <= 1.02 * cw and y1 - y0 <= 1.02 * ch:
                g[:] = [x0, y0, x1 - x0, y1 - y0]
                break
        else:
            groups.append([x, y, w, h])
    return [tuple(g) for g in groups]  # type: ignore[misc]


def _order_corners(quad: np.ndarray) -> np.ndarray:
    """Corners ordered top-left, top-right, bottom-right, bottom-left, long side on top."""
    s, d = quad.sum(axis=1), np.diff(quad, axis=1).ravel()
    tl, br, tr, bl = quad[np.argmin(s)], quad[np.argmax(s)], quad[np.argmin(d)], quad[np.argmax(d)]
    ordered = np.float32([tl, tr, br, bl])
    if np.linalg.norm(tr - tl) < np.linalg.norm(bl - tl):
        ordered = np.roll(ordered, -1, axis=0)  # portrait: the left side becomes the top
    return ordered


def _ink(img: np.ndarray) -> np.ndarray:
    """Dark-text mask of an image (adaptive threshold), text = 1."""
    grey = _grey(img)
    mask = cv2.adaptiveThreshold(grey, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 31, 15)
    return mask


def card_upside_down(card: np.ndarray) -> bool:
    """True when the card reads better turned 180°: text weighs to the top-left of ID cards."""
    ink = _ink(card)
    h, w = ink.shape
    top_left = float(ink[: h // 3, : w // 2].mean())
    bottom_right = float(ink[2 * h // 3:, w // 2:].mean())
    return bottom_right > top_left * 1.15


def _warp_card(image: np.ndarray, quad: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The card cut out at 1012×638, upright, and the region→page homography."""
    src = _order_corners(quad)
    w, h = CARD_SIZE
    dst = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    card = cv2.warpPerspective(image, cv2.getPerspectiveTransform(src, dst), CARD_SIZE,
                               flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    if card_upside_down(card):
        src = np.roll(src, 2, axis=0)
        card = cv2.warpPerspective(image, cv2.getPerspectiveTransform(src, dst), CARD_SIZE,
                                   flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    return card, cv2.getPerspectiveTransform(dst, src)


def quality_flags(region: np.ndarray, source_width: float) -> tuple[str, ...]:
    """Quality flags: blurred, dark, glare, low_resolution, photocopy (reported, not fatal)."""
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
    if grey_only:
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


def _page_angle(image: np.ndarray) -> float:
    """The rotation (multiple of 90° plus a small skew) that makes text lines horizontal."""
    small = cv2.resize(_grey(image), None, fx=600 / max(image.shape[:2]),
                       fy=600 / max(image.shape[:2]), interpolation=cv2.INTER_AREA)
    ink = _ink(small)
    best, best_angle = -1.0, 0.0
    for base in (0.0, 90.0):
        for skew in np.arange(-6.0, 6.5, 0.5):
            rotated, _ = _rotate(ink * 255, base + skew, fill=0)
            score = _profile_score(rotated > 127)
            if score > best:
                best, best_angle = score, base + skew
    return best_angle


def _ocr_conf(img: np.ndarray) -> float:
    """Mean word confidence of a quick OCR of a strip (used to tell 0° from 180°)."""
    from extractors.tesseract import ocr

    h = img.shape[0]
    strip = img[h // 8: h // 8 + h // 4]
    scale = min(1.0, 1000 / strip.shape[1])
    strip = cv2.resize(strip, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    words = [w for w in ocr(strip, psm=6).words if len(w.text) > 2]
    return float(np.mean([w.conf for w in words])) if words else 0.0


def upright_page(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The page deskewed and turned upright, and the region→page homography."""
    angle = _page_angle(image)
    page, fwd = _rotate(image, angle) if angle else (image, np.eye(3))
    flipped = cv2.rotate(page, cv2.ROTATE_180)
    if _ocr_conf(flipped) > _ocr_conf(page) + 0.1:
        h, w = page.shape[:2]
        flip = np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], np.float64)
        page, fwd = flipped, flip @ fwd
    return page, np.linalg.inv(fwd)


def find_regions(image: np.ndarray) -> list[Region]:
    """Every card on ``image`` as a ``card`` region, else the whole page as one ``page`` region."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    h, w = image.shape[:2]
    regions = []
    for quad in find_card_quads(_grey(image)):
        card, homography = _warp_card(image, quad)
        x0, y0 = np.floor(quad.min(axis=0)).astype(int)
        x1, y1 = np.ceil(quad.max(axis=0)).astype(int)
        bbox = (int(max(0, x0)), int(max(0, y0)), int(min(w, x1) - max(0, x0)),
                int(min(h, y1) - max(0, y0)))
        width = float(np.linalg.norm(_order_corners(quad)[1] - _order_corners(quad)[0]))
        regions.append(Region(card, "card", bbox, homography, quality_flags(card, width)))
    if regions:
        return regions
    if abs(w / h - ID1_ASPECT) < 0.05:
        quad = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
        card, homography = _warp_card(image, quad)
        return [Region(card, "card", (0, 0, w, h), homography, quality_flags(card, float(w)))]
    return [whole_page(image)]


def whole_page(image: np.ndarray) -> Region:
    """The whole image as one upright ``page`` region."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    h, w = image.shape[:2]
    page, homography = upright_page(image)
    return Region(page, "page", (0, 0, w, h), homography, quality_flags(page, float(w)))


def clean_card(card: np.ndarray) -> np.ndarray:
    """A grey card crop with the light guilloche/colour background pushed to white."""
    grey = _grey(card)
    background = cv2.morphologyEx(grey, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    norm = cv2.divide(grey, background, scale=255)
    return cv2.normalize(norm, None, 0, 255, cv2.NORM_MINMAX)
