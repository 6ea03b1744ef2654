"""Find every card on an image: card-shaped outlines, and on an A4 sheet blocks of card text.

:func:`find_card_quads` takes the outlines of :mod:`extractors.cardshape` (a strict first look, a
looser second one where it found nothing). On an A4 photocopy a white card shows no edge: it is
found from its block of text, tilt and all, laid the right way round (its printed margin lies
beside the text's start, wherever the card is upside down); blocks that stand apart on one card
(its photo, its last rows) are grouped while they fit on one card.

On a copy the card's light background fades into the paper: of two outlines of one card the
outer one (its faint edge) is kept, or the one of a card's size where the other is not (it took
in the text of a card close by); a skewed outline is squared (a flat page has no perspective)
and turned to the tilt of the card's rows, and an outline that hugs the print is grown until no
text touches its sides (never into a card found beside it). Two cards that touch are one blob
of two cards' size in the masks: where no card is found, such blobs are parted across their
middle. A block of text is laid at the tilt its rows stand sharpest at, and a card laid over it
is slid off a card it reaches into. On an image cut to the card, no smaller card is looked for
inside it. On a photo, an outline that frames a smaller card (a photo shown in a screenshot)
gives way to the card found inside it. Last, every card on a copy has its sides moved onto its
faint edge, where the grey of its background steps to the paper's (:func:`_to_edges`): a card
laid over its text, or an outline that followed its print, is cut where the card ends.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np

from extractors.cardshape import (
    ID1_ASPECT,
    _card_candidates,
    _corner_ink,
    _edge_ink,
    _fills_card_image,
    _ink,
    _iou,
    _masks,
    _order_corners,
    _sides_on_border,
    _solid_opened,
    card_upside_down,
    warp_to_card,
)

PREVIEW_SIDE = 800
"""Long side (px) of the preview an A4 page is first searched on: about 70 dpi, where a card is
still 290 px wide. A page with no card there (a permit) is done with at a tenth of the cost of a
search at full size; where the preview holds a card, the page is searched at full size."""


CUT_EDGE_INK = 0.35
"""The ink a card's margin ring may hold on an A4 page where one of its sides lies on the page's
edge: a card pushed against the edge of the copier's glass is cut there through its text
(elsewhere a ring with a fifth of ink is a block of a page's text)."""

PAPER_CARD_SHARE = 0.2
"""The largest share of an A4 page a card covers: a card copied enlarged to 165 %. A larger
card-shaped outline on a page is a framed block of a permit's text, or the sheet itself on
the scanner's lid."""


def find_card_quads(grey: np.ndarray, paper: bool | None = None) -> list[np.ndarray]:
    """Corners of every card found, best candidates first, overlapping duplicates dropped. On an
    A4 page (:func:`a4_page`) the corners come the card's way round, its top left first: a card
    laid over its text is turned by where its text lies, which a test of the crop cannot tell.

    An A4 page larger than :data:`PREVIEW_SIDE` is first searched on a preview: no card there,
    no card on the page. A photo is searched on the preview where its full size shows none.
    ``paper`` overrides :func:`a4_page`."""
    paper = a4_page(grey) if paper is None else paper
    if paper:
        f = min(1.0, PREVIEW_SIDE / max(grey.shape))
        if f < 0.8 and not _find_quads(cv2.resize(grey, None, fx=f, fy=f,
                                                  interpolation=cv2.INTER_AREA), paper):
            return []
        kept = _find_quads(grey, paper)  # the card's faint edge, where the copy shows one
        return [_to_edges(grey, q, kept[:i] + kept[i + 1:]) for i, q in enumerate(kept)]
    if max(grey.shape) <= 1.25 * PREVIEW_SIDE:
        return _find_quads(grey, paper) if paper else _unframed(grey, _find_quads(grey, paper))
    f = PREVIEW_SIDE / max(grey.shape)
    preview = cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    # a photo: where the full size finds no card (its outline broken up by the table's texture
    # or JPEG blocks), the preview, smoother, may
    return _unframed(grey, _find_quads(grey, paper) or [
        np.float32((q + 0.5) / f - 0.5) for q in _find_quads(preview, paper)])


FRAMED_SHARE = (0.2, 0.5)
"""The share of a card-shaped outline a card found inside it covers where the outline is a frame
round the card (a photo shown in a screenshot of the chat, a sheet under the card: 0.31–0.34 on
the seen screenshots); a card's own print outlines smaller blocks (its photo: 0.15, a block of
rows: 0.05)."""


def _margin_grey(grey: np.ndarray, quad: np.ndarray) -> float:
    """The mean grey of a thin ring just inside ``quad``: a card's light margin, or what lies
    inside a frame's edge (a table, a screen's black)."""
    card = warp_to_card(grey, quad)
    ring = np.zeros(card.shape[:2], bool)
    a, b = 6, 24
    ring[a:b, a:-a] = ring[-b:-a, a:-a] = ring[a:-a, a:b] = ring[a:-a, -b:-a] = True
    return float(card[ring].mean())


def _unframed(grey: np.ndarray, quads: list[np.ndarray]) -> list[np.ndarray]:
    """``quads`` found on a photo, each outline that frames a card (:data:`FRAMED_SHARE`, the
    card's margin lighter than what lies inside the frame's edge) replaced by the card found
    inside it. The masks are cut over the whole image: a card on a
    dark table shown in a light screenshot lies in a hole of the screen's light blob, and only
    the photo's frame is outlined; inside the frame the card stands out on its table."""
    out = []
    h, w = grey.shape[:2]
    for quad in quads:
        x0, y0 = np.floor(quad.min(axis=0)).astype(int)
        x1, y1 = np.ceil(quad.max(axis=0)).astype(int)
        inset = round(0.02 * max(x1 - x0, y1 - y0))  # the frame's own edge left out
        x0, y0 = max(0, x0 + inset), max(0, y0 + inset)
        x1, y1 = min(w, x1 - inset), min(h, y1 - inset)
        inner = ([q + np.float32([x0, y0]) for q in _find_quads(grey[y0:y1, x0:x1], False)]
                 if x1 - x0 > 64 and y1 - y0 > 64 else [])
        least, most = FRAMED_SHARE
        inner = [q for q in inner
                 if least < cv2.contourArea(q) / cv2.contourArea(quad) < most
                 and _margin_grey(grey, q) > 1.25 * _margin_grey(grey, quad) + 10]
        out += inner or [quad]
    return out


def _find_quads(grey: np.ndarray, paper: bool) -> list[np.ndarray]:
    """:func:`find_card_quads` at the image's own size."""
    area = float(grey.shape[0] * grey.shape[1])
    masks = _masks(grey, paper)

    largest = PAPER_CARD_SHARE * area if paper else area

    def look(masks: list[np.ndarray], loose: bool) -> list[tuple[float, np.ndarray]]:
        return [c for m in masks for c in _card_candidates(m, area, loose)
                if cv2.contourArea(c[1]) <= largest and not _fills_card_image(grey, c[1])
                and _edge_ink(grey, c[1]) < (CUT_EDGE_INK if paper and _sides_on_border(
                    _order_corners(c[1]), grey.shape[:2]) else 0.2)]

    # first look: the plain masks, strict shape; where it found nothing, on a copy the masks
    # with blobs of two cards parted (two cards that touch); then (the card joined to a light or
    # mottled desk, a steep angle) solid masks, sides refitted
    cands = look(masks[:6], False) or (paper and look(
        [_parted(m, grey.shape) for m in masks[:6]], False)) or look(masks, True) or look(
        [_solid_opened(masks[0], 8), _solid_opened(masks[-1], 8)], True)
    cands.sort(key=lambda c: c[0], reverse=True)
    kept: list[np.ndarray] = []
    for _, quad in cands:
        same = [i for i, k in enumerate(kept) if _iou(quad, k) >= 0.3]
        if not same:
            kept.append(quad)
        elif paper and (_encloses(quad, kept[same[0]])
                        or _nearer_card_size(quad, kept[same[0]], grey.shape)):
            kept[same[0]] = quad  # the card's edge around its printed content
    h, w = grey.shape[:2]
    if abs(w / h - ID1_ASPECT) < 0.05:  # the image is a card: a smaller "card" is part of it
        kept = [q for q in kept if cv2.contourArea(q) > 0.5 * area]
    if paper:  # a flat copy: a card is a rectangle, and its print fades into the paper
        kept = [_card_shaped(grey, grow_to_margins(grey, _levelled(grey, _squared(q)),
                                                   others=kept[:i] + kept[i + 1:]))
                for i, q in enumerate(kept)]
    if len(kept) <= 1:
        kept += _text_block_cards(grey, kept)
    if not kept:  # a sheet fed sideways: its text runs vertically
        h = grey.shape[0]
        for quad in _text_block_cards(cv2.rotate(grey, cv2.ROTATE_90_CLOCKWISE), []):
            kept.append(np.float32([[y, h - 1 - x] for x, y in quad]))
    return sorted(kept, key=lambda q: (q[:, 1].min() // 200, q[:, 0].min()))


OUTLINE_ASPECT_SLACK = 0.08
"""How far (a share of the ID-1 aspect) an outline on a flat copy may be from the card's shape:
a card copied flat keeps its 85.6 × 54 mm; an outline further off (1.83 seen) followed the
print of a white card, not its edge, and lost its margins (most of all the KTP's bottom one)."""


def _card_shaped(grey: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """``quad`` on an A4 copy, its first corner the card's top left; where it is no card's
    shape (:data:`OUTLINE_ASPECT_SLACK`), the card laid over it as over a block of its text
    (:func:`_card_round_text`)."""
    q = _order_corners(quad)
    w, h = float(np.linalg.norm(q[1] - q[0])), float(np.linalg.norm(q[3] - q[0]))
    if h and abs(w / h / ID1_ASPECT - 1) > OUTLINE_ASPECT_SLACK:
        cw = min(grey.shape[:2]) * 85.6 / 210.0  # a card copied at 100 % on A4
        card = _card_round_text(grey, q, cw, cw / ID1_ASPECT)
        if card is not None:
            return card
    return np.roll(q, 2, axis=0) if card_upside_down(warp_to_card(grey, q)) else q


def _parted(mask: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``mask`` with every blob the size of two cards laid end to end or side by side cut in two
    across its middle: two cards that touch on a copy (or lie closer than the masks' closing)
    are one blob, each half a card (on one copy both cards have the same size)."""
    cw = min(shape[:2]) * 85.6 / 210.0  # a card copied at 100 % on A4
    ch = cw / ID1_ASPECT
    out = mask.copy()
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for c in contours:
        (cx, cy), (a, b), _ = rect = cv2.minAreaRect(c)
        long_, short = max(a, b), min(a, b)
        if long_ * short < 1.5 * cw * ch:
            continue
        for length, width in ((2 * ch, cw), (2 * cw, ch)):  # stacked, side by side
            if 0.9 * length <= long_ <= 1.05 * length + 0.3 * ch and \
                    0.9 * width <= short <= 1.8 * width:
                box = cv2.boxPoints(rect)
                sides = [box[(i + 1) % 4] - box[i] for i in range(2)]
                across = min(sides, key=lambda v: float(np.linalg.norm(v)))
                centre = np.array([cx, cy])
                ends = [centre + t * across * 0.6 for t in (-1, 1)]
                cv2.line(out, tuple(int(v) for v in ends[0]), tuple(int(v) for v in ends[1]), 0,
                         max(3, int(0.01 * cw)))
                break
    return out


def a4_page(grey: np.ndarray) -> bool:
    """True for a copy or scan of an A4 page: its proportions (1:1.414) and white paper all
    along its border (a photo of a card on a table has the table there)."""
    h, w = grey.shape[:2]
    if not 1.38 < max(h, w) / min(h, w) < 1.45:
        return False
    border = np.concatenate([grey[:10].ravel(), grey[-10:].ravel(), grey[:, :10].ravel(),
                             grey[:, -10:].ravel()])
    return float(np.percentile(border, 10)) > 200


CARD_SCAN_SHARE = 0.5
"""A card-shaped outline covering more than this share of a landscape image is a card scanned
on its own, cut loosely (the scanner's preview box) to about A4's proportions: no A4 page holds
a card this large (:data:`PAPER_CARD_SHARE`), and a portrait page's framed block of the card's
shape covers at most 45 % of it."""


def card_fills(grey: np.ndarray) -> bool:
    """A landscape image that is mostly one card (:data:`CARD_SCAN_SHARE`), looked for on a
    small copy (the strict outline look, the card's aspect within 0.1): where an image of A4's
    proportions (:func:`a4_page`) shows no card as a page would, it is searched as a scan of
    one card (``find_card_quads(grey, paper=False)``)."""
    h, w = grey.shape[:2]
    if w <= h:
        return False
    f = 400 / w
    small = cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    area = float(small.shape[0] * small.shape[1])
    for mask in _masks(small)[:6]:
        for _, quad in _card_candidates(mask, area):
            (_, (qw, qh), _) = cv2.minAreaRect(quad)
            if (qw * qh > CARD_SCAN_SHARE * area and qh and qw
                    and abs(max(qw, qh) / min(qw, qh) - ID1_ASPECT) < 0.1):
                return True
    return False


def _squared(quad: np.ndarray) -> np.ndarray:
    """The rectangle around ``quad`` when its corners are not right angles (a mask that
    followed a faded part of the card gives a skewed outline): a card on a flat page has no
    perspective."""
    q = _order_corners(quad)
    sides = [q[(i + 1) % 4] - q[i] for i in range(4)]
    cos = [abs(float(np.dot(sides[i], sides[i - 1]))) /
           (float(np.linalg.norm(sides[i]) * np.linalg.norm(sides[i - 1])) or 1.0)
           for i in range(4)]
    if max(cos) < np.sin(np.radians(1.5)):
        return quad
    return cv2.boxPoints(cv2.minAreaRect(q.reshape(-1, 1, 2))).astype(np.float32)


def _nearer_card_size(quad: np.ndarray, other: np.ndarray, shape: tuple[int, ...]) -> bool:
    """True when ``quad`` has a card's size on an A4 copy at 100 % and ``other``, an outline of
    the same card, is more than a tenth larger or smaller (it took in the text of a card lying
    close by, or followed the print only)."""
    card = (min(shape[:2]) * 85.6 / 210.0) ** 2 / ID1_ASPECT
    a, b = cv2.contourArea(quad) / card, cv2.contourArea(other) / card
    return 0.9 <= a <= 1.1 and not 0.9 <= b <= 1.1 and abs(np.log(a)) < abs(np.log(b))


def _encloses(outer: np.ndarray, inner: np.ndarray) -> bool:
    """True when ``outer`` holds ``inner`` and is at most a little larger: on a photocopy the
    card's light background fades into the paper, and a mask that follows the print outlines a
    card smaller than the one whose faint edge another mask found."""
    a_out, a_in = cv2.contourArea(outer), cv2.contourArea(inner)
    if not a_in or not 1.0 < a_out / a_in <= 1.15:
        return False
    contour = outer.reshape(-1, 1, 2).astype(np.float32)
    slack = 0.01 * float(np.linalg.norm(outer[0] - outer[2]))  # the two outlines' tilts differ
    return all(cv2.pointPolygonTest(contour, (float(x), float(y)), True) >= -slack
               for x, y in inner)


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
    lines = _text_lines(ink, cw)
    # the NPWP card's rows lie further apart than the KTP's
    reach = 0.22
    blocks = cv2.dilate(lines, np.ones((max(3, int(reach * ch)) | 1, k), np.uint8))
    n, labels = cv2.connectedComponents(blocks)
    out: list[np.ndarray] = []
    inked = int((lines > 0).sum())
    covered = 0
    for hull, pixels in _card_groups(labels, n, lines, cw, ch, join=a4_page(grey)):
        text = _text_box(ink, hull)
        quad = _card_round_text(grey, text, cw, ch)
        if quad is not None:
            quad = _clear_of(quad, text, found + out)
        if quad is not None and all(_iou(quad, q) < 0.2 for q in found + out) and (
                found or _isolated(lines, quad, 0.12 * ch)):
            out.append(quad)
            covered += pixels
    if not found and covered < 0.8 * inked:
        return []  # a page of text (a permit) has blocks of a card's size too: not cards
    return out


def _text_lines(ink: np.ndarray, cw: float) -> np.ndarray:
    """``ink`` closed into lines of text (a card ``cw`` wide), specks of toner opened away."""
    k = max(9, int(cw / 25)) | 1
    lines = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    return cv2.morphologyEx(lines, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))


TEXT_TILTS = np.arange(-10.0, 10.01, 0.2)
"""The tilts (degrees) a card's text block is tried at: a card laid askew on the glass (±3.5°)
on a page scanned askew (±5°)."""


def _rows_tilt(ink: np.ndarray, base: float = 0.0, gain: float = 0.0) -> float | None:
    """The direction (radians, ``base`` plus one of :data:`TEXT_TILTS`) at which the rows of
    ``ink`` stand sharpest (its row profile peaks highest); ``None`` for too little ink. Where
    the rows stand no sharper there than along ``base`` by the share ``gain``, ``base``. A card
    on a page fed sideways has its rows running down the page: ``base`` is its long side's."""
    ys, xs = np.nonzero(ink)
    if len(xs) < 50:
        return None
    xs, ys = xs - xs.mean(), ys - ys.mean()
    best, tilt, along = -1.0, 0.0, 0.0
    for deg in TEXT_TILTS:
        a = base + np.radians(deg)
        rows = np.round(ys * np.cos(a) - xs * np.sin(a)).astype(np.int64)
        score = float(np.square(np.bincount(rows - rows.min()).astype(np.float64)).sum())
        if abs(deg) < 1e-9:
            along = score
        if score > best:
            best, tilt = score, float(a)
    return tilt if best > (1.0 + gain) * along else base


LEVEL_GAIN = 0.03
"""How much sharper (a share of the row profile's peaks) a card's rows must stand at another
tilt than along its outline for the outline to be turned to it: the text of a KTP copy lies on
a guilloche whose waves stand nearly as sharp at any tilt within a degree, and a grid of pixels
makes the rows of a page scanned square stand a little sharper there."""


def _levelled(grey: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """``quad`` (a rectangle) turned about its centre to the tilt of the card's rows where the
    two differ by more than half a degree: an outline a blurred mask gave a white card on white
    paper follows no edge, and a card's rows run parallel to its long sides."""
    q = _order_corners(quad)
    centre = q.mean(axis=0)
    inner = np.zeros(grey.shape, np.uint8)
    cv2.fillConvexPoly(inner, ((q - centre) * 0.9 + centre).astype(np.int32), 1)
    side = q[1] - q[0]
    along = float(np.arctan2(side[1], side[0]))
    ink = _ink(cv2.GaussianBlur(grey, (5, 5), 0)) & inner
    # a card lying the page's way is tried about the horizontal, as ever; one fed sideways
    # (its long side running down the page) about its long side, turned only where its rows
    # stand sharper by LEVEL_GAIN
    sideways = abs(np.sin(along)) > abs(np.cos(along))
    tilt = _rows_tilt(ink, along, LEVEL_GAIN) if sideways else _rows_tilt(ink)
    turn = (tilt - along) if tilt is not None else 0.0
    if not np.radians(0.5) < abs(turn) < np.radians(8):
        return quad
    c, s = np.cos(turn), np.sin(turn)
    return np.float32((q - centre) @ np.array([[c, s], [-s, c]]) + centre)


def _text_box(ink: np.ndarray, hull: np.ndarray) -> np.ndarray:
    """The rectangle (corners TL, TR, BR, BL) around a block of card text, turned by the tilt at
    which its rows stand sharpest (the ink's row profile peaks highest).

    The least-area rectangle around the block follows its ragged outline (short last rows, a
    photo beside the text) and may be turned a degree or two off the card's rows; a card's rows
    run parallel to its long sides."""
    area = np.zeros(ink.shape, np.uint8)
    cv2.fillConvexPoly(area, hull.reshape(-1, 2).astype(np.int32), 1)
    tilt = _rows_tilt(ink & area)
    if tilt is None:
        return _order_corners(cv2.boxPoints(cv2.minAreaRect(hull)))
    c, s = np.cos(tilt), np.sin(tilt)
    pts = hull.reshape(-1, 2).astype(np.float64)
    centre = pts.mean(axis=0)
    rel = pts - centre
    u, v = rel @ np.array([c, s]), rel @ np.array([-s, c])  # along the rows, across them
    box = [(u.min(), v.min()), (u.max(), v.min()), (u.max(), v.max()), (u.min(), v.max())]
    return _order_corners(np.float32([centre + a * np.array([c, s]) + b * np.array([-s, c])
                                      for a, b in box]))


def _card_groups(labels: np.ndarray, n: int, lines: np.ndarray, cw: float, ch: float,
                 join: bool = True) -> list[tuple[np.ndarray, int]]:
    """The blocks as ``(convex hull, ink pixels)``, blocks near each other grouped while the
    group still fits on one card (a card's photo or its last rows stand further apart than its
    lines).

    The nearest two groups (gap between their bounds below a third of a card's height) are
    joined when the rectangle around both is no larger than a card; a page with many blocks
    (a permit's paragraphs), or one that is not a sheet of paper (``join`` false: a photo), is
    left as it is. A block is kept as its hull: the rectangles around it are the same."""
    ys, xs = np.nonzero(lines)
    owner = labels[ys, xs]
    order = np.argsort(owner, kind="stable")
    owner, points = owner[order], np.stack([xs[order], ys[order]], axis=1).astype(np.int32)
    starts = np.searchsorted(owner, np.arange(1, n + 1))
    groups = [(cv2.convexHull(points[a:b].reshape(-1, 1, 2)), int(b - a))
              for a, b in itertools.pairwise(starts) if b > a]
    if not join or len(groups) > 40:
        return groups

    def fits(hull: np.ndarray) -> bool:
        (_, (a, b), _) = cv2.minAreaRect(hull)
        return max(a, b) <= 1.05 * cw and min(a, b) <= 1.05 * ch

    while len(groups) > 1:
        bounds = [cv2.boundingRect(g) for g, _ in groups]
        pairs = sorted((_gap(bounds[i], bounds[j]), i, j) for i in range(len(groups))
                       for j in range(i + 1, len(groups)))
        for gap, i, j in pairs:
            if gap > ch / 3:
                return groups
            joined = cv2.convexHull(np.concatenate([groups[i][0], groups[j][0]]))
            if fits(joined):
                groups = [g for k, g in enumerate(groups) if k not in (i, j)] + [
                    (joined, groups[i][1] + groups[j][1])]
                break
        else:
            return groups
    return groups


def _gap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Distance between two ``(x, y, w, h)`` boxes (0 when they overlap)."""
    dx = max(0, max(a[0], b[0]) - min(a[0] + a[2], b[0] + b[2]))
    dy = max(0, max(a[1], b[1]) - min(a[1] + a[3], b[1] + b[3]))
    return float(np.hypot(dx, dy))


def _card_round_text(grey: np.ndarray, text: np.ndarray, cw: float, ch: float
                     ) -> np.ndarray | None:
    """A ``cw`` × ``ch`` card laid over a block of its text (corners TL, TR, BR, BL) the right
    way round: upright (its printed margin beside the text's top left) or upside down (beside
    its bottom right), whichever cuts out a card whose text weighs more to its top left.

    Each way is judged on the card it cuts out: laid the wrong way, the card's empty bottom
    strip lies on its text and the test of a crop (:func:`card_upside_down`) is fooled."""
    ways = [q for q in (_card_over_text(text, cw, ch),
                        _card_over_text(np.roll(text, 2, axis=0), cw, ch)) if q is not None]

    def lean(quad: np.ndarray) -> float:
        top_left, bottom_right = _corner_ink(warp_to_card(grey, quad))
        return top_left - bottom_right

    return max(ways, key=lean) if ways else None


def _clear_of(card: np.ndarray, text: np.ndarray, cards: list[np.ndarray]) -> np.ndarray:
    """``card``, laid over its block of ``text``, slid along its sides (the text staying inside)
    as little as takes it off the ``cards`` found beside it: a card whose text leaves a wide
    empty strip is laid centred over it, and may reach into the card it touches."""
    if not cards or not any(_overlap(card, c) > 0 for c in cards):
        return card
    origin = card[0].astype(np.float64)
    axes = [card[1] - card[0], card[3] - card[0]]
    best = (sum(_overlap(card, c) for c in cards), 0.0, card)
    for axis in axes:
        length = float(np.linalg.norm(axis))
        unit = axis / length
        at = (text - origin) @ unit  # the text's extent along this side of the card
        for shift in np.arange(np.floor(at.max() - length), np.ceil(at.min()) + 1):
            moved = np.float32(card + shift * unit)
            score = (sum(_overlap(moved, c) for c in cards), abs(float(shift)), moved)
            if score[:2] < best[:2]:
                best = score
    return best[2]


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



def _side_ink(grey: np.ndarray, quad: np.ndarray, strip: int = 12) -> np.ndarray:
    """Ink density of a thin strip along each side (top, right, bottom, left) just inside the
    card laid on ``quad`` (corners TL, TR, BR, BL), corners left out."""
    card = warp_to_card(grey, quad)
    ink = card < 0.55 * float(np.median(card))  # print, not the lighter guilloche
    h, w = ink.shape
    mx, my = w // 20, h // 20
    return np.array([ink[:strip, mx:-mx].mean(), ink[my:-my, -strip:].mean(),
                     ink[-strip:, mx:-mx].mean(), ink[my:-my, :strip].mean()])


TEXT_AT_SIDE = 0.01
"""Ink density in a card's outermost strip above which text runs over that side: the outline
was taken too tight (a white card's outline follows its text), and the side is moved out."""


def grow_to_margins(grey: np.ndarray, quad: np.ndarray, steps: int = 6,
                    others: list[np.ndarray] | tuple = ()) -> np.ndarray:
    """``quad`` (a rectangle) with every side that cuts through text moved outwards, a hundredth
    of the card at a time (at most ``steps``), until the card's printed margin is inside.

    A side still in text after ``steps`` runs into something else (a neighbouring card) and goes
    back where it was, alone: the sides move as lines, so the corner it shares with a side that
    did grow keeps that side's move (the rectangle stays one). A side stops before it runs into
    a card of ``others`` (the other cards found on the page): the text there is that card's."""
    start = _order_corners(quad).astype(np.float64)
    across = start[3] - start[0], start[1] - start[0]  # top→bottom, left→right
    # a side's outward step (top, right, bottom, left), and the corners each side moves
    step = [-0.01 * across[0], 0.01 * across[1], 0.01 * across[0], -0.01 * across[1]]
    corner_sides = ((0, 3), (0, 1), (1, 2), (2, 3))  # TL, TR, BR, BL
    moved = np.zeros(4)

    def laid(moves: np.ndarray) -> np.ndarray:
        return np.float32([start[c] + sum(moves[i] * step[i] for i in corner_sides[c])
                           for c in range(4)])

    cut = _side_ink(grey, laid(moved)) > TEXT_AT_SIDE
    for _ in range(steps):
        if not cut.any():
            break
        for i in np.flatnonzero(cut):
            trial = moved.copy()
            trial[i] += 1
            if any(_overlap(laid(trial), o) > _overlap(laid(moved), o) for o in others):
                cut[i] = False  # the neighbour's edge: the side stays
            else:
                moved = trial
        cut = _side_ink(grey, laid(moved)) > TEXT_AT_SIDE
    moved[cut] = 0
    return laid(moved)


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Area (px²) two convex quads share."""
    area, _ = cv2.intersectConvexConvex(np.float32(a).reshape(-1, 1, 2),
                                        np.float32(b).reshape(-1, 1, 2))
    return float(area)


EDGE_REACH = 0.12
"""How far (a share of the card's height) beyond its estimate a side of a card on a copy is
looked for: a card laid over its block of text may be off by a tenth of its height (rows of
the card missing from the block), an outline that followed the print by a few hundredths."""

PRINTED_MARGIN = 0.02
"""The least margin (a share of the card's height) between a card's print and its edge: a side
moves no nearer to the print."""

EDGE_FIT = 0.35
"""How closely (a share of the step between the card's and the paper's grey) the grey just
outside a found edge must match the paper's for the side to move there; the grey must step by
at least half the card's difference to the paper across it."""

EDGE_STEP = 1.0
"""The least difference (grey levels) between a copied card's background and the paper for its
edge to be looked for: a white card's copy is a level or two lighter than the paper, a 1-bit
copy shows none."""


def _to_edges(grey: np.ndarray, quad: np.ndarray,
              others: list[np.ndarray] | tuple = ()) -> np.ndarray:
    """``quad`` (a rectangle on an A4 copy, corners the card's way round) with each side moved
    onto the card's edge, where the copy shows one: the line across which the grey (the print
    closed away) steps from the card's own to the paper's, looked for within
    :data:`EDGE_REACH` outside the side and as far inside as the card's ink leaves room.

    A copied card's light background differs from the paper by a grey level or two, over the
    whole length of its side: a faint edge that the masks miss, but that a row profile along the
    side shows. A side with no such step (a 1-bit copy, a card as light as the paper), or whose
    move would run into a card of ``others``, stays where it was."""
    q = np.float64(quad)
    u, v = q[1] - q[0], q[3] - q[0]
    w, h = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    if w < 20 or h < 20:
        return quad
    u, v = u / w, v / h
    k = max(5, int(h / 40)) | 1
    closed = cv2.medianBlur(grey, k).astype(np.float32)  # the print gone, the noise evened
    paper = float(np.median(closed))
    inner = np.zeros(grey.shape, np.uint8)
    centre = q.mean(axis=0)
    cv2.fillConvexPoly(inner, ((q - centre) * 0.7 + centre).astype(np.int32), 1)
    card = float(np.median(closed[inner > 0]))
    step = card - paper
    if abs(step) < EDGE_STEP:
        return quad
    # the card's print: no side moves into it, nor into its printed margin
    body = np.zeros(grey.shape, np.uint8)
    cv2.fillConvexPoly(body, q.astype(np.int32), 1)
    ys, xs = np.nonzero(_text_lines(_ink(cv2.GaussianBlur(grey, (5, 5), 0)), w) & body)
    if len(xs) < 50:
        return quad
    pts = np.stack([xs, ys], axis=1) - q[0]
    a, b = pts @ u, pts @ v
    a0, a1, b0, b1 = a.min(), a.max(), b.min(), b.max()
    # per side (top, right, bottom, left): its start, its direction, outward, room inside
    sides = ((q[0], u, -v, w, b0), (q[1], v, u, h, w - a1), (q[3], u, v, w, h - b1),
             (q[0], v, -u, h, a0))
    reach = EDGE_REACH * h
    strip, gap = max(3, int(h / 100)), 1
    moves = np.zeros(4)
    for i, (start, along, out, length, room) in enumerate(sides):
        inside = max(0.0, min(room - PRINTED_MARGIN * h, reach))
        ts = np.arange(-inside - strip - gap, reach + strip + gap + 1)
        ss = np.linspace(0.1 * length, 0.9 * length, max(10, int(0.4 * length)))
        px = start[0] + ss[None, :] * along[0] + ts[:, None] * out[0]
        py = start[1] + ss[None, :] * along[1] + ts[:, None] * out[1]
        band = cv2.remap(closed, px.astype(np.float32), py.astype(np.float32),
                         cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=np.nan)
        # the light between a row's letters (a line of bold print is no edge); off the image,
        # no grey
        seen = np.isfinite(band).any(axis=1)
        if not seen.any():
            continue
        rows = np.full(len(ts), np.nan)
        rows[seen] = np.nanpercentile(band[seen], 75, axis=1)
        sign = 1.0 if step > 0 else -1.0
        best, at = 0.5 * abs(step), None
        for j in range(strip + gap, len(ts) - strip - gap):
            inner_grey = float(rows[j - gap - strip:j - gap].mean())  # towards the card
            outer_grey = float(rows[j + gap + 1:j + gap + 1 + strip].mean())
            rise = sign * (inner_grey - outer_grey)  # nan where the band leaves the image
            if rise > best and abs(outer_grey - paper) < EDGE_FIT * abs(step):
                best, at = rise, float(ts[j])
        if at is not None:
            moves[i] = at
    # the moved card: each side along its outward normal
    top, right, bottom, left = moves
    moved = np.float32([q[0] - top * v - left * u, q[1] - top * v + right * u,
                        q[2] + bottom * v + right * u, q[3] + bottom * v - left * u])
    if any(_overlap(moved, o) > _overlap(quad, o) + 1.0 for o in others):
        return quad  # ran into a neighbour's edge
    return moved
