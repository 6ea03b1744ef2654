"""Card shapes on an image: foreground masks, card-like quads and their corners.

Primitives of the card finder (:mod:`extractors.cardfind`): masks that may outline a card (light
card on a dark table, grey card on white paper, edges of a white card on white paper, and the light
masks with holes filled and table patches opened away: a mottled or light desk), candidates that
are filled rectangles with the ID-1 aspect ratio (85.6 × 54 mm), their corners where lines fitted to
their sides meet (rounded corners, perspective), and the ink and orientation of a card crop.
"""

from __future__ import annotations

import cv2
import numpy as np

CARD_SIZE = (1012, 638)
ID1_ASPECT = 85.6 / 54.0
ASPECT_SLACK = 0.2
"""How far a card's outline may be from the ID-1 aspect: a phone photo taken at an angle
foreshortens the card (1.40 seen for a card tilted away from the camera)."""
LOOSE_SLACK = 0.26
"""The same for the second look, when the first found no card: 1.82 seen for a card turned
sideways to the camera."""

def _grey(image: np.ndarray) -> np.ndarray:
    """A single-channel copy of ``image``."""
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def _masks(grey: np.ndarray, paper: bool = False) -> list[np.ndarray]:
    """Foreground masks that may outline cards: light-on-dark, dark-on-light, closed edges."""
    blur = cv2.GaussianBlur(grey, (7, 7), 0)
    otsu, light = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # a light desk: its bright patches pass Otsu's cut with the card; a cut half-way to the
    # brightest pixels keeps the card alone
    high = (blur > (otsu + float(np.percentile(blur, 99))) / 2).astype(np.uint8) * 255
    _, dark = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    k = max(5, min(grey.shape) // 60) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    canny = cv2.Canny(blur, 10, 40)
    # on paper closed, not dilated: the outline stays on the card's faint edge (a copy)
    edges = cv2.morphologyEx(canny, cv2.MORPH_CLOSE, kernel) if paper else \
        cv2.dilate(canny, kernel)
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
    return [light, closed_dark, edges, nonwhite, differs, thin, _solid_opened(light),
            _solid_opened(high)]


def _solid_opened(mask: np.ndarray, part: int = 15) -> np.ndarray:
    """``mask`` with its holes filled (a card's text and photo) and opened with a disc of a
    ``part``-th of the image: light specks of a table and the bridges that join them to the card
    (texture, glare, a light desk) fall away, the solid card stays."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    solid = np.zeros_like(mask)
    cv2.drawContours(solid, contours, -1, 255, cv2.FILLED)
    # opened at a quarter of the size (a disc this large is slow at full size)
    small = cv2.resize(solid, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    k = max(3, min(small.shape) // part) | 1
    opened = cv2.morphologyEx(small, cv2.MORPH_OPEN,
                              cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    up = cv2.resize(opened, (mask.shape[1], mask.shape[0]), interpolation=cv2.INTER_LINEAR)
    return ((up > 127) * 255).astype(np.uint8)


def _quad(contour: np.ndarray, loose: bool = False) -> np.ndarray:
    """Four corners of a card-like contour: a polygon fit of its hull (a coarser one when the
    fine one has more corners), its sides refitted to the outline; else its min-area rect."""
    hull = cv2.convexHull(contour)
    for eps in (0.02, 0.035) if loose else (0.02,):
        approx = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float32)
            return _refit_sides(contour.reshape(-1, 2).astype(np.float32), quad) if loose \
                else quad
    return cv2.boxPoints(cv2.minAreaRect(contour)).astype(np.float32)


def _refit_sides(points: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """``quad``'s corners moved to where lines fitted to the outline's straight runs meet.

    A polygon fit puts its corners on the outline, which cuts a card's rounded corners (and, on a
    card seen at an angle, shortens it unevenly); the sides' middle parts are straight, so lines
    through them meet at the card's true corners."""
    lines = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        d = b - a
        length = float(np.linalg.norm(d))
        if length < 1:
            return quad
        u = d / length
        rel = points - a
        t = rel @ u
        off = np.abs(rel[:, 0] * u[1] - rel[:, 1] * u[0])
        near = points[(t > 0.15 * length) & (t < 0.85 * length) & (off < 0.04 * length)]
        if len(near) < 2:
            return quad
        vx, vy, x0, y0 = cv2.fitLine(near, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0]), np.array([vx, vy])))
    out = []
    for i in range(4):
        (p, r), (q, s) = lines[i - 1], lines[i]
        den = r[0] * s[1] - r[1] * s[0]
        if abs(den) < 1e-6:
            return quad
        t = ((q[0] - p[0]) * s[1] - (q[1] - p[1]) * s[0]) / den
        out.append(p + t * r)
    refit = np.float32(out)
    size = float(np.linalg.norm(quad[0] - quad[2]))
    if float(np.abs(refit - quad).max()) > 0.08 * size:
        return quad  # the sides are not straight: keep the polygon's corners
    return refit


def _card_candidates(mask: np.ndarray, area: float, loose: bool = False
                     ) -> list[tuple[float, np.ndarray]]:
    """(score, corners) of filled rectangles with the ID-1 aspect in one mask."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    out = []
    for c in contours:
        (_, (w, h), _) = cv2.minAreaRect(c)
        if min(w, h) < 1 or w * h < 0.03 * area or w * h > 0.97 * area:
            continue
        aspect = max(w, h) / min(w, h)
        hull = cv2.contourArea(cv2.convexHull(c))
        fill = hull / (w * h)
        quad = _quad(c, loose)
        ratio = 0.72 if loose else 0.8  # a second look accepts a steeper perspective
        if fill < 0.9:  # a card seen at an angle is a trapezoid: measure it on its own corners
            sides = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
            long_, short = sorted(((sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2))[::-1]
            quad_area = cv2.contourArea(quad)
            if not quad_area or not short \
                    or min(sides[0], sides[2]) < ratio * max(sides[0], sides[2]) \
                    or min(sides[1], sides[3]) < ratio * max(sides[1], sides[3]):
                continue  # beyond a mild perspective: a patch of light or shadow, not a card
            aspect, fill = long_ / short, min(hull / quad_area, quad_area / hull)
            fill = 0.9 + (fill - 0.93) if fill >= 0.93 else 0.0  # rounded corners cost ~5 %
        if abs(aspect - ID1_ASPECT) > (LOOSE_SLACK if loose else ASPECT_SLACK) or fill < 0.9:
            continue
        out.append((fill - abs(aspect - ID1_ASPECT), quad))
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


def _sides_on_border(corners: np.ndarray, shape: tuple[int, int]) -> set[str]:
    """The sides (top, right, bottom, left of the card's corners TL, TR, BR, BL) whose both
    ends lie on or beyond one border of an image of ``shape``."""
    h, w = shape
    m = 0.01 * max(h, w)
    near = [(x <= m, y <= m, x >= w - 1 - m, y >= h - 1 - m) for x, y in corners]
    names = ("top", "right", "bottom", "left")
    return {names[i] for i in range(4)
            if any(near[i][k] and near[(i + 1) % 4][k] for k in range(4))}


def _fills_card_image(grey: np.ndarray, quad: np.ndarray) -> bool:
    """True for a quad with three or more corners on the border of a card-shaped image: the card
    fills the image (a flat scan cut to the card), and edges that meet the image border make
    false quads; the whole image is taken as the card instead."""
    h, w = grey.shape
    if abs(w / h - ID1_ASPECT) >= 0.05:
        return False
    m = 0.02 * max(w, h)
    on_border = (quad[:, 0] < m) | (quad[:, 0] > w - 1 - m) | (quad[:, 1] < m) | \
        (quad[:, 1] > h - 1 - m)
    return int(on_border.sum()) >= 3

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


def _corner_ink(card: np.ndarray) -> tuple[float, float]:
    """Ink density of the card's top-left and bottom-right parts (a third of its height, half
    its width): text weighs to the top-left of ID cards."""
    ink = _ink(card)
    h, w = ink.shape
    return float(ink[: h // 3, : w // 2].mean()), float(ink[2 * h // 3:, w // 2:].mean())


def card_upside_down(card: np.ndarray) -> bool:
    """True when the card reads better turned 180°: text weighs to the top-left of ID cards."""
    top_left, bottom_right = _corner_ink(card)
    return bottom_right > top_left * 1.15


def warp_to_card(grey: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The quad (corners in the order given, its first corner the card's top left) warped to
    ``CARD_SIZE``."""
    w, h = CARD_SIZE
    dst = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    return cv2.warpPerspective(grey, cv2.getPerspectiveTransform(np.float32(quad), dst),
                               CARD_SIZE)
