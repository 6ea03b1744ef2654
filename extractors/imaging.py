"""Find cards and pages on an image, straighten them, flag their quality, clean card crops.

:func:`find_regions` returns one :class:`Region` per ID-1 card (KTP/NPWP) found on the image,
perspective-corrected to 1012×638 and turned upright, or a single ``page`` region (the whole
image, deskewed, its text lines horizontal) when no card is found. Card candidates come from
several masks (light card on a dark table, grey card on white paper, edges of a white card on
white paper, and the light masks with holes filled and table patches opened away: a mottled or
light desk); a candidate must be a filled rectangle with the ID-1 aspect ratio (85.6 × 54 mm),
its corners where lines fitted to its sides meet (rounded corners, perspective).
On an A4 photocopy a white card shows no edge: it is found from its block of text, tilt and all.
No OCR here: whether a page reads upside down is told by its OCR (:meth:`Region.turned`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from core.models import BBox

CARD_SIZE = (1012, 638)
ID1_ASPECT = 85.6 / 54.0
ASPECT_SLACK = 0.2
"""How far a card's outline may be from the ID-1 aspect: a phone photo taken at an angle
foreshortens the card (1.40 seen for a card tilted away from the camera)."""
LOOSE_SLACK = 0.26
"""The same for the second look, when the first found no card: 1.82 seen for a card turned
sideways to the camera."""


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


def _grey(image: np.ndarray) -> np.ndarray:
    """A single-channel copy of ``image``."""
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def _masks(grey: np.ndarray) -> list[np.ndarray]:
    """Foreground masks that may outline cards: light-on-dark, dark-on-light, closed edges."""
    blur = cv2.GaussianBlur(grey, (7, 7), 0)
    otsu, light = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # a light desk: its bright patches pass Otsu's cut with the card; a cut half-way to the
    # brightest pixels keeps the card alone
    high = (blur > (otsu + float(np.percentile(blur, 99))) / 2).astype(np.uint8) * 255
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


def find_card_quads(grey: np.ndarray) -> list[np.ndarray]:
    """Corners of every card found, best candidates first, overlapping duplicates dropped."""
    area = float(grey.shape[0] * grey.shape[1])
    masks = _masks(grey)

    def look(masks: list[np.ndarray], loose: bool) -> list[tuple[float, np.ndarray]]:
        return [c for m in masks for c in _card_candidates(m, area, loose)
                if _edge_ink(grey, c[1]) < 0.2 and not _fills_card_image(grey, c[1])]

    # first look: the plain masks, strict shape; a second look only where it found nothing
    # (the card joined to a light or mottled desk, a steep angle): solid masks, sides refitted
    cands = look(masks[:6], False) or look(masks, True) or look(
        [_solid_opened(masks[0], 8), _solid_opened(masks[-1], 8)], True)
    cands.sort(key=lambda c: c[0], reverse=True)
    kept: list[np.ndarray] = []
    for _, quad in cands:
        if all(_iou(quad, k) < 0.3 for k in kept):
            kept.append(quad)
    if len(kept) <= 1:
        kept += _text_block_cards(grey, kept)
    if not kept:  # a sheet fed sideways: its text runs vertically
        h = grey.shape[0]
        for quad in _text_block_cards(cv2.rotate(grey, cv2.ROTATE_90_CLOCKWISE), []):
            kept.append(np.float32([[y, h - 1 - x] for x, y in quad]))
    return sorted(kept, key=lambda q: (q[:, 1].min() // 200, q[:, 0].min()))


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


def _text_block_cards(grey: np.ndarray, found: list[np.ndarray]) -> list[np.ndarray]:
    """On an A4 sheet, card-sized blocks of text beside the cards already found (a white NPWP
    card photocopied on white paper shows no edge).

    The ink outside the found cards is closed into lines, the lines into blocks (gaps smaller
    than a card's line spacing); each block's minimum-area rectangle gives the card's tilt, and
    a box of the found card's size is laid over it, less the card's printed margin.
    """
    h, w = grey.shape
    if not 1.3 < max(h, w) / min(h, w) < 1.5:
        return []
    cw = min(h, w) * 85.6 / 210.0  # a card copied at 100 % on A4 is 85.6 of its 210 mm
    ch = cw / ID1_ASPECT
    ink = _ink(cv2.GaussianBlur(grey, (5, 5), 0))
    for quad in found:
        centre = quad.mean(axis=0)
        cv2.fillConvexPoly(ink, ((quad - centre) * 1.04 + centre).astype(np.int32), 0)
    k = max(9, int(cw / 25)) | 1
    lines = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    lines = cv2.morphologyEx(lines, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    # the NPWP card's rows lie further apart than the KTP's
    reach = 0.22
    blocks = cv2.dilate(lines, np.ones((max(3, int(reach * ch)) | 1, k), np.uint8))
    n, labels = cv2.connectedComponents(blocks)
    out: list[np.ndarray] = []
    inked = int((lines > 0).sum())
    covered = 0
    for i in range(1, n):
        block = (labels == i) & (lines > 0)
        pts = cv2.findNonZero(block.astype(np.uint8))
        if pts is None:
            continue
        quad = _card_over_text(_order_corners(cv2.boxPoints(cv2.minAreaRect(pts))), cw, ch)
        if quad is not None and all(_iou(quad, q) < 0.2 for q in found + out) and (
                found or _isolated(lines, quad, 0.12 * ch)):
            out.append(quad)
            covered += int(block.sum())
    if not found and covered < 0.8 * inked:
        return []  # a page of text (a permit) has blocks of a card's size too: not cards
    return out


def _isolated(lines: np.ndarray, quad: np.ndarray, reach: float) -> bool:
    """True when no text lies within ``reach`` outside ``quad``: a card copied on a sheet stands
    alone, a block of a permit's text has paragraphs above or below it."""
    centre = quad.mean(axis=0)
    grow = 1.0 + reach / float(np.linalg.norm(quad[0] - centre))
    inner = np.zeros(lines.shape, np.uint8)
    outer = np.zeros(lines.shape, np.uint8)
    cv2.fillConvexPoly(inner, quad.astype(np.int32), 1)
    cv2.fillConvexPoly(outer, ((quad - centre) * grow + centre).astype(np.int32), 1)
    ring = (outer > 0) & (inner == 0)
    return bool(ring.any()) and float((lines[ring] > 0).mean()) < 0.01


def _card_over_text(text: np.ndarray, cw: float, ch: float) -> np.ndarray | None:
    """A ``cw`` × ``ch`` card laid over a block of printed text (corners TL, TR, BR, BL), with
    the text at the card's printed margin where it fits; ``None`` if the block is no card's."""
    u, v = text[1] - text[0], text[3] - text[0]
    tw, th = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    if not (0.55 * cw <= tw <= 1.05 * cw and 0.5 * ch <= th <= 1.05 * ch):
        return None
    u, v = u / tw, v / th
    ox, oy = min(0.024 * cw, max(0.0, cw - tw)), min(0.022 * ch, max(0.0, ch - th))
    if th < 0.8 * ch:  # rows of the card missing from the block (or the card upside down):
        oy = (ch - th) / 2  # lay the card centred over the text
    origin = text[0] - ox * u - oy * v
    return np.float32([origin, origin + cw * u, origin + cw * u + ch * v, origin + ch * v])


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


def upright_page(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The page deskewed and turned by a multiple of 90° so that its text lines run
    horizontally, and the region→page homography. Whether it then reads upside down is
    told by the OCR of the page (see :meth:`Region.turned`): text read upside down comes back
    with low confidence."""
    angle = _page_angle(image)
    page, fwd = _rotate(image, angle) if angle else (image, np.eye(3))
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
