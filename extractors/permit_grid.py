"""Ruling lines of a page (table borders, underlines, boxes): found, cut into cells, removed.

Tesseract reads a table border as ``|``, ``I``, ``l`` or ``[`` and glues it to the words
beside it, and an underline or a cell's top border makes it lose the letters standing on it.
:func:`find_grid` finds the long horizontal and vertical ink runs of a deskewed page with
OpenCV morphology (an opening with a line-shaped kernel much longer than a letter), the cells
they enclose, and :func:`remove_rulings` paints them over with the paper's tone, so that only
the words reach the OCR; a cell border then reads as the gap it is on the paper, as in the
page's text layer. :func:`word_cells` tells which table cell each word read stands in, for
the rows of a table the grid closes whole (the rows of a text layer's table,
:mod:`extractors.rulings`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from core.models import BBox
from extractors.tesseract import OcrResult, Word, ocr_many

MIN_GLYPH = 8
"""The smallest letter height (pixels) the kernel lengths are scaled from."""
CAP_HEIGHT = 34
"""Capital letters smaller than this (pixels) are enlarged before OCR: at 200 dpi 10–12 pt
print is 22–27 px high, at 150 dpi 16–20 px, and Tesseract then glues a colon to the digit
after it (``: 1`` read as ``11``) and confuses bold digits; measured best among 0 (none) and 34."""
MAX_ENLARGE = 2.5
MAX_LINES = 12
"""A cell taller than this many letter heights is a frame, not a row of a table."""
WEAK = 0.3
"""A word of a table cell read with less confidence than this is read again with its cell alone
(:func:`_reread`); a word outside the cells, with a box about it."""
SHAKY = 0.5
"""A word outside the table cells read with less confidence than this is read again with its
whole line (:func:`_weak_words`), the reading taken only when it keeps the words read with this
much confidence or more (:func:`_keeps_sure`). Higher than :data:`WEAK`: a line's reading is
checked against its sure words, a word's alone is not (a low-resolution ``: 1`` read ``11`` at
0.32 was read ``3 31`` alone)."""
MERGED = 1.8
"""A word of a table cell taller than this many letter heights is two lines read as one (a label
centred between the lines of its value): read again with its cell alone."""


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
    (``marks``/``tall``: its :func:`ink` and :func:`glyph_height` when already known).

    A rule broken for less than a letter's height (a photo's glare, a faint scan) is closed
    before the cells are found; a table ruled between its rows only has a cell per row: the
    band between two rules of one extent (:func:`_bands`).
    """
    marks = ink(grey) if marks is None else marks
    tall = glyph_height(marks) if tall is None else tall
    horizontal = _runs(marks, max(6 * tall, grey.shape[1] // 30), True)
    # longer than the tallest stroke of a letter (``l``, a bracket), shorter than a table row
    vertical = _runs(marks, max(int(1.8 * tall), 3 * MIN_GLYPH), False)
    lines = cv2.bitwise_or(horizontal, vertical)
    mask = cv2.dilate(lines, np.ones((3, 3), np.uint8))
    horizontal = _closed(horizontal, tall, True)
    closed = cv2.bitwise_or(horizontal, _closed(vertical, tall, False))
    cells = _cells(closed, tall)
    return Grid(mask, tuple(sorted((*cells, *_bands(horizontal, cells, tall)),
                                   key=lambda b: (b[1], b[0]))))


def _closed(runs: np.ndarray, tall: int, horizontal: bool) -> np.ndarray:
    """``runs`` with the gaps along them shorter than a letter's height bridged."""
    shape = (tall, 1) if horizontal else (1, tall)
    return cv2.morphologyEx(runs, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, shape))


def _bands(horizontal: np.ndarray, cells: tuple[BBox, ...], tall: int) -> list[BBox]:
    """The rows of a table ruled between its rows only: between two horizontal rules one
    above the other of the same extent (ends within a letter's height), at most
    :data:`MAX_LINES` letters apart, no closed cell inside."""
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    rules = sorted((int(s[1]), int(s[1] + s[3]), int(s[0]), int(s[0] + s[2]))
                   for s in stats[1:n])
    out = []
    for k, (_top, bottom, x0, x1) in enumerate(rules):
        below = [r for r in rules[k + 1:] if r[2] < x1 and x0 < r[3]]
        if not below:
            continue
        top2, _b2, u0, u1 = below[0]
        if abs(u0 - x0) > tall or abs(u1 - x1) > tall \
                or not tall <= top2 - bottom <= MAX_LINES * tall:
            continue
        band = (x0, bottom, x1 - x0, top2 - bottom)
        if not any(_inside(c, band) for c in cells):
            out.append(band)
    return out


def _inside(cell: BBox, box: BBox) -> bool:
    """Whether the centre of ``cell`` lies in ``box``."""
    cx, cy = cell[0] + cell[2] / 2, cell[1] + cell[3] / 2
    return box[0] <= cx < box[0] + box[2] and box[1] <= cy < box[1] + box[3]


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


Cell = tuple[int, int]
"""A table cell as words know it: its left edge and the top of its row."""


def word_cells(cells: Sequence[BBox], boxes: Sequence[BBox], tall: int) -> list[Cell | None]:
    """Per word box, the :data:`Cell` it stands in, or ``None``.

    A row of a table: cells side by side, their tops and bottoms within half a letter's
    height, at most :data:`MAX_LINES` letters tall. It counts only where the grid closes it
    whole: every word in its height stands in one of its cells, and no other row overlaps it
    (a rule the grid lost leaves a cell open or merges two rows: those words are read as
    plain lines).
    """
    tol = max(4, tall // 2)
    rows: list[list[BBox]] = []
    for c in sorted((c for c in cells if c[3] <= MAX_LINES * tall), key=lambda c: (c[1], c[0])):
        row = next((r for r in rows if abs(r[0][1] - c[1]) <= tol
                    and abs(r[0][1] + r[0][3] - c[1] - c[3]) <= tol), None)
        if row is None:
            rows.append([c])
        else:
            row.append(c)
    spans = [(min(c[1] for c in r), max(c[1] + c[3] for c in r)) for r in rows]
    centres = [(b[0] + b[2] / 2, b[1] + b[3] / 2) for b in boxes]
    out: list[Cell | None] = [None] * len(boxes)
    for k, (row, (top, bottom)) in enumerate(zip(rows, spans, strict=True)):
        if any(min(bottom, b) - max(top, t) > tol for j, (t, b) in enumerate(spans) if j != k):
            continue
        found: dict[int, Cell] = {}
        for i, (cx, cy) in enumerate(centres):
            if not top <= cy < bottom:
                continue
            cell = next((c for c in row if c[0] <= cx < c[0] + c[2] and c[1] <= cy < c[1] + c[3]),
                        None)
            if cell is None:
                break
            found[i] = (cell[0], top)
        else:
            for i, key in found.items():
                out[i] = key
    return out


@dataclass(frozen=True)
class PageRead:
    """Tesseract's words of a permit page, and the table cell of each (:func:`word_cells`)."""

    result: OcrResult
    cells: tuple[Cell | None, ...]


def paper_tone(grey: np.ndarray) -> int:
    """The grey level of the paper (the page's bright majority): ``int(np.percentile(grey,
    90))``, from the page's histogram where the two levels it lies between are one level (the
    paper's white plateau: a fifth of the time of sorting a page's pixels)."""
    if grey.dtype == np.uint8 and grey.size:
        counts = np.cumsum(np.bincount(grey.ravel(), minlength=256))
        at = 0.9 * (grey.size - 1)
        below, above = (int(np.searchsorted(counts, i, side="right"))
                        for i in (int(at), min(int(at) + 1, grey.size - 1)))
        if below == above:
            return below
    return int(np.percentile(grey, 90))


DOT = 0.35
"""A mark no wider or taller than this many letter heights is a dot (a leader's, a period)."""
LEADER_DOTS = 5
"""A row of at least this many dots, close and level, is a dot leader (``Nama ....... :``)."""


def dot_leaders(marks: np.ndarray, tall: int) -> list[BBox]:
    """The boxes of the page's dot leaders: rows of :data:`LEADER_DOTS` or more dots (or dots
    run together in the print, as low as one), each at most ``0.6 × tall`` after the one
    before and level with it. Tesseract reads a leader as letters (``Nama ........`` read as
    ``Sa el Mn na AA aa``) and garbles the label beside it; painted over, a leader reads as
    the gap it stands for. A colon's dots (one over the other), a short ellipsis and specks
    smaller than a tenth of a letter are kept."""
    _n, _labels, stats, _c = cv2.connectedComponentsWithStats(marks, connectivity=8)
    size, speck = max(3.0, DOT * tall), max(2.0, 0.1 * tall)
    dots = sorted((int(x), int(y), int(w), int(h)) for x, y, w, h, _a in stats[1:]
                  if speck <= h <= size and speck <= w <= 3 * size)
    xs = [d[0] for d in dots]
    gap, level, near = 0.6 * tall, 0.2 * tall, 0.2 * tall

    def cy(d: BBox) -> float:
        return d[1] + d[3] / 2

    def stacked(i: int) -> bool:
        """A colon's dot: another dot right above or below it, nothing between them (an
        ``i``'s dot above a leader's first dot has the letter's stem under it)."""
        d = dots[i]
        j = bisect_left(xs, d[0] - near)
        while j < len(dots) and dots[j][0] <= d[0] + near:
            e = dots[j]
            if j != i and e[2] <= size and 0.15 * tall < abs(cy(e) - cy(d)) < 0.8 * tall:
                top, bottom = (e, d) if e[1] < d[1] else (d, e)
                x0, x1 = max(d[0], e[0]), min(d[0] + d[2], e[0] + e[2])
                if not marks[top[1] + top[3]:bottom[1], min(x0, x1):max(x0, x1) + 1].any():
                    return True
            j += 1
        return False

    done: list[list[BBox]] = []
    chains: list[list[BBox]] = []  # chains of dots still open, left to right
    for i, d in enumerate(dots):
        if d[2] <= size and stacked(i):
            continue
        done += [c for c in chains if d[0] - (c[-1][0] + c[-1][2]) > gap]
        chains = [c for c in chains if d[0] - (c[-1][0] + c[-1][2]) <= gap]
        for c in chains:
            if d[0] >= c[-1][0] + c[-1][2] and abs(cy(d) - cy(c[-1])) <= level:
                c.append(d)
                break
        else:
            chains.append([d])
    return [d for c in done + chains if len(c) >= LEADER_DOTS for d in c]


def remove_rulings(grey: np.ndarray, grid: Grid | None = None) -> np.ndarray:
    """``grey`` with its ruling lines painted over in the paper's tone (a copy)."""
    grid = grid if grid is not None else find_grid(grey)
    if not grid.found:
        return grey
    out = grey.copy()
    out[grid.mask > 0] = paper_tone(grey)
    return out


def ocr_page(image: np.ndarray, psm: int = 4) -> PageRead:
    """Tesseract on a permit page (one pass): its ruling lines removed, small print enlarged to
    :data:`CAP_HEIGHT` first; word boxes in ``image``'s pixels, each with its table cell."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    marks = ink(grey)
    tall = glyph_height(marks)
    grid = find_grid(grey, marks, tall)
    clean = remove_rulings(grey, grid)
    tone = paper_tone(grey)
    for x, y, w, h in dot_leaders(marks, tall):
        clean[max(0, y - 1):y + h + 1, max(0, x - 1):x + w + 1] = tone
    factor = min(MAX_ENLARGE, CAP_HEIGHT / tall) if tall < CAP_HEIGHT else 1.0
    result = _ocr(clean, factor, psm)
    cells = word_cells(grid.cells, [w.bbox for w in result.words], tall)
    words, lines = _weak_words(result, cells, tall, marks)
    weak = _weak_cells(grid, result, cells, marks, tall) + words
    if weak or lines:
        result = _reread(clean, result, weak + lines, factor, tall, len(weak))
        cells = word_cells(grid.cells, [w.bbox for w in result.words], tall)
    return PageRead(result, tuple(cells))


def _weak_cells(grid: Grid, result: OcrResult, cells: Sequence[Cell | None], marks: np.ndarray,
                tall: int) -> list[BBox]:
    """The cells of the table rows read whole that Tesseract read badly: a word of little
    confidence or two lines tall in them, or none where the cell holds ink (a lone ``2``
    dropped), or two words over each other (a line read twice, half a line apart)."""
    out: set[int] = set()
    filled: dict[int, list[BBox]] = {}
    for w, cell in zip(result.words, cells, strict=True):
        if cell is not None and (i := grid.cell_of(w.bbox)) is not None:
            if w.conf < WEAK or w.bbox[3] > MERGED * tall \
                    or any(_overlap(w.bbox, b) for b in filled.get(i, ())):
                out.add(i)
            filled.setdefault(i, []).append(w.bbox)
    tol = max(4, tall // 2)
    for i, (x, y, w, h) in enumerate(grid.cells):
        if i in filled or not any(abs(grid.cells[j][1] - y) <= tol
                                  and abs(grid.cells[j][1] + grid.cells[j][3] - y - h) <= tol
                                  for j in filled):
            continue  # read, or not in a row read whole
        inner = marks[y + 2:y + h - 2, x + 2:x + w - 2] > 0
        if inner.sum() >= 2 * tall:
            out.add(i)
    return [grid.cells[i] for i in sorted(out)]


def _weak_words(result: OcrResult, cells: Sequence[Cell | None], tall: int,
                marks: np.ndarray) -> tuple[list[BBox], list[BBox]]:
    """Boxes around the words outside table cells that Tesseract read with little confidence,
    one line high (half a letter's height about each): the word (below :data:`WEAK`) within
    the page, no further than halfway to the words beside it, the last word of its line with
    the rest of the line (ink Tesseract read as nothing: ``: 3 Lt`` read as a lone ``Tr``);
    and (below :data:`SHAKY`) their lines, from where each starts to where its ink ends (a
    short value alone in its crop, ``: 2``, is a guess; after its label it reads as the line
    it is). A word read with the line around it is often read right alone (``: 123`` read as
    ``SAAD JG:`` beside a bullet)."""
    pad = max(2, tall // 2)
    height, width = marks.shape[:2]
    out: list[BBox] = []
    lines: list[BBox] = []
    for w, cell in zip(result.words, cells, strict=True):
        if cell is not None or w.conf >= SHAKY or not _glyphs(w.text) \
                or w.bbox[3] > MERGED * tall:
            continue  # (a word two lines tall: a box about it would cut the lines in half)
        x, y, bw, bh = w.bbox
        beside = [v.bbox for v in result.words if v is not w and v.bbox[1] < y + bh
                  and y < v.bbox[1] + v.bbox[3]]
        left = max([x - pad, *((b[0] + b[2] + x) // 2 for b in beside if b[0] + b[2] <= x)])
        after = [(b[0] + x + bw) // 2 for b in beside if b[0] >= x + bw]
        right = min([x + bw + pad, *after]) if after else width  # the rest of its line too
        x0, y0, y1 = max(0, left), max(0, y - pad), min(height, y + bh + pad)
        if w.conf < WEAK:
            out.append((x0, y0, min(width, right) - x0, y1 - y0))
        ink_x = np.flatnonzero(marks[y + bh // 4:y + bh - bh // 4, x:].any(axis=0))
        end = min(width, x + (int(ink_x[-1]) + 1 if ink_x.size else bw) + pad)
        start = max(0, min([x, *(b[0] for b in beside if b[0] < x)]) - pad)
        if start < x0 and (line := (start, y0, end - start, y1 - y0)) not in lines:
            lines.append(line)
    return out, lines


def _ocr(grey: np.ndarray, factor: float, psm: int) -> OcrResult:
    """Tesseract on ``grey`` enlarged by ``factor``; word boxes in ``grey``'s pixels."""
    return _ocr_many([grey], factor, psm)[0]


def _ocr_many(greys: list[np.ndarray], factor: float, psm: int) -> list[OcrResult]:
    """:func:`_ocr` of each of ``greys``, in one Tesseract run."""
    if factor == 1.0:
        return ocr_many(greys, psm=psm)
    bigs = [cv2.resize(g, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
            for g in greys]
    return [OcrResult(tuple(replace(w, bbox=_shrunk(w.bbox, factor)) for w in read.words))
            for read in ocr_many(bigs, psm=psm)]


def _overlap(a: BBox, b: BBox) -> bool:
    """Whether boxes ``a`` and ``b`` share more than a third of the smaller one."""
    dx = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    dy = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return dx > 0 and dy > 0 and dx * dy > min(a[2] * a[3], b[2] * b[3]) / 3


def _reread(grey: np.ndarray, result: OcrResult, cells: list[BBox], factor: float,
            tall: int, lines: int | None = None) -> OcrResult:
    """``result`` with the words of each of ``cells`` read again with the cell alone (one line
    when the cell is too low for two, else one block of text, its lines found in the cell
    only), where that reads them surer and about as wide. Each cell is read as it is and in
    black and white (:func:`_binarised`), the surer reading kept (black and white only when it
    reads as many characters: it loses a faint colon, and the glyph after it is then taken for
    the colon). The cells from index ``lines`` on are lines read again for a weak word of
    theirs: their reading is taken only when it reads the words read surely as before and
    loses no character (:func:`_keeps_sure`).
    The cells are read in one Tesseract run per page segmentation (a run's start costs more
    than a cell's read)."""
    words = list(result.words)
    tone = paper_tone(grey)
    pad = 10  # Tesseract finds no text touching the image's edge
    crops = [cv2.copyMakeBorder(img, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=edge)
             for x, y, w, h in cells
             for img, edge in ((grey[y:y + h, x:x + w], tone),
                               (_binarised(grey[y:y + h, x:x + w]), 255))]
    psms = [7 if h < 2.5 * tall else 6 for _x, _y, _w, h in cells for _ in (0, 1)]
    reads: list[OcrResult] = [OcrResult()] * len(crops)
    for psm in sorted(set(psms)):  # the cells of one page segmentation in one Tesseract run
        todo = [k for k, p in enumerate(psms) if p == psm]
        for k, read in zip(todo, _ocr_many([crops[k] for k in todo], factor, psm), strict=True):
            reads[k] = read
    for k, (x, y, w, h) in enumerate(cells):
        inside = [v for v in words if _inside(v.bbox, (x, y, w, h))]
        agains = [[replace(v, bbox=(v.bbox[0] + x - pad, v.bbox[1] + y - pad, v.bbox[2],
                                    v.bbox[3]), line=(1000 + k, *v.line[1:]))
                   for v in reads[2 * k + j].words] for j in (0, 1)]
        if _chars(agains[1]) < _chars(agains[0]):
            agains = agains[:1]  # black and white lost a faint mark (``“JL.``: then ``JL.``)
        if lines is not None and k >= lines:
            agains = [a for a in agains if _keeps_sure(inside, a)]
        again = max(agains, key=_mean, default=[])
        if again and _mean(again) > _mean(inside) and _span(again) >= _span(inside) / 2:
            words = [v for v in words if all(v is not u for u in inside)] + again
    return OcrResult(tuple(words))


def _keeps_sure(before: list[Word], again: list[Word]) -> bool:
    """Whether ``again`` reads every word of ``before`` read surely (:data:`SHAKY` or more) as
    before, a word of the same text where it stands, and drops no character of the rest: a
    line read again as ``153,50`` for ``: 153,50`` lost its colon, and the value's ``1``, now
    first where the colons stand, is taken for it."""
    return _chars(again) >= _chars(before) and all(
        any(u.text == v.text and _overlap(u.bbox, v.bbox) for u in again)
        for v in before if v.conf >= SHAKY)


def _chars(words: list[Word]) -> int:
    """How many characters ``words`` read."""
    return sum(len(w.text) for w in words)


def _span(words: list[Word]) -> int:
    """How wide ``words`` reach, first left edge to last right edge (a reading that drops a
    word is no better one, however sure)."""
    return max(w.bbox[0] + w.bbox[2] for w in words) - min(w.bbox[0] for w in words) \
        if words else 0


def _mean(words: list[Word]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


def _shrunk(box: BBox, factor: float) -> BBox:
    x, y, w, h = (round(v / factor) for v in box)
    return (x, y, w, h)


_MARKS = set(":;.,'`\"-–—_~")


def _glyphs(text: str) -> bool:
    """Whether ``text`` holds a glyph that is no colon, dot or dash (a letter, a digit, or a
    sign standing for one: a bold ``1`` read as ``$``)."""
    return any(c not in _MARKS for c in text)


def _binarised(grey: np.ndarray) -> np.ndarray:
    """A crop in black and white (Otsu): Tesseract's recogniser reads the grey pixels, and a
    scan's paper texture around a short word (``: 2`` alone in its crop) makes it read marks
    that are not there."""
    if grey.size == 0 or int(grey.max()) - int(grey.min()) < 32:
        return grey
    return cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
