"""A dedicated digit reader for the NIK / NPWP lines (OCR-A and sans-serif digits).

Stock Tesseract misreads the OCR-A NIK line, so the line is binarised, cut into glyphs by
connected components, and each glyph is matched (normalised cross-correlation) against digit
templates rendered at start-up from the fonts with augmentation (stroke width, blur, shear).
``.`` and ``-`` separators are recognised by their shape and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core.cache import cached_arrays, file_key
from core.models import BBox

FONTS = (
    "/usr/share/fonts/truetype/ocr-a/OCRA.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf",
)
"""The NIK line's OCR-A and the sans faces NPWP cards print their numbers in."""
SIZE = 32


@dataclass(frozen=True)
class DigitRead:
    """The digits read on a line, one confidence (0–1) and one box per digit (image coords)."""

    text: str
    confidences: tuple[float, ...]
    boxes: tuple[BBox, ...]


def _normalise_glyph(mask: np.ndarray) -> np.ndarray:
    """A binary glyph (text = 255) padded to a square, resized, as a zero-mean unit vector."""
    h, w = mask.shape
    side = max(h, w)
    canvas = np.zeros((side, side), np.float32)
    canvas[(side - h) // 2:(side - h) // 2 + h, (side - w) // 2:(side - w) // 2 + w] = mask
    small = cv2.resize(canvas, (SIZE, SIZE), interpolation=cv2.INTER_AREA).ravel()
    small -= small.mean()
    norm = float(np.linalg.norm(small))
    return small / norm if norm else small


def _render(font_path: str, digit: str, stroke: int, shear: float, blur: int,
            cut: int = 110) -> np.ndarray:
    """One augmented rendering of ``digit``, tightly cropped, text = 255."""
    font = ImageFont.truetype(font_path, 64)
    img = Image.new("L", (120, 120), 0)
    ImageDraw.Draw(img).text((20, 10), digit, fill=255, font=font, stroke_width=stroke,
                             stroke_fill=255)
    arr = np.asarray(img, np.uint8)
    if shear:
        arr = cv2.warpAffine(arr, np.float32([[1, shear, -shear * 60], [0, 1, 0]]), (120, 120))
    if blur:
        arr = cv2.GaussianBlur(arr, (2 * blur + 1, 2 * blur + 1), 0)
        arr = np.where(arr > cut, 255, 0).astype(np.uint8)
    ys, xs = np.nonzero(arr)
    return arr[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


@cache
def templates() -> tuple[np.ndarray, np.ndarray]:
    """The template matrix (one unit vector per row) and the digit of each row (cached, in
    memory and on disk: rendering them costs a cold process over a second).

    Rows are grouped by digit (0 first), the same number of renderings for each.
    """
    key = file_key(Path(__file__), [Path(f) for f in FONTS], str(SIZE))
    arrays = cached_arrays("digit-templates", key, _build_templates)
    return arrays["vecs"], arrays["labels"]


def _build_templates() -> dict[str, np.ndarray]:
    vecs, labels = [], []
    for digit in "0123456789":
        for path in FONTS:
            for stroke in (0, 1, 2):
                for shear in (-0.08, 0.0, 0.08):
                    for blur, cut in ((0, 110), (2, 110), (3, 70), (3, 160)):
                        glyph = _render(path, digit, stroke, shear, blur, cut)
                        vecs.append(_normalise_glyph(glyph))
                        labels.append(int(digit))
    return {"vecs": np.stack(vecs), "labels": np.array(labels)}


def binarise(img: np.ndarray) -> np.ndarray:
    """Dark text on a light background → a mask with text = 255 (Otsu on a grey image)."""
    grey = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    grey = cv2.GaussianBlur(grey, (3, 3), 0)
    _, mask = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return mask


def _raw_components(mask: np.ndarray) -> list[BBox]:
    """Every connected component's box."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [tuple(int(v) for v in stats[i, :4]) for i in range(1, n)]  # type: ignore[misc]


def _on_main_line(boxes: list[BBox]) -> list[BBox]:
    """The components of the line of tallest glyphs (a straight line fitted through centres)."""
    tallest = max(b[3] for b in boxes)
    big = [b for b in boxes if b[3] >= 0.55 * tallest]
    xs = np.array([b[0] + b[2] / 2 for b in big])
    ys = np.array([b[1] + b[3] / 2 for b in big])
    if len(big) >= 3:
        slope, icpt = np.polyfit(xs, ys, 1)
    else:
        slope, icpt = 0.0, float(np.median(ys))
    height = float(np.median([b[3] for b in big]))
    return [
        b for b in boxes
        if b[3] >= 0.12 * height
        and abs(b[1] + b[3] / 2 - (slope * (b[0] + b[2] / 2) + icpt)) <= 0.45 * height
    ]


def _merge_overlapping(boxes: list[BBox]) -> list[BBox]:
    """Merge components that overlap in x (pieces of one broken glyph)."""
    merged: list[list[int]] = []
    for x, y, w, h in sorted(boxes, key=lambda b: b[0]):
        if merged and x < merged[-1][0] + merged[-1][2] - 0.3 * min(w, merged[-1][2]):
            mx, my, mw, mh = merged[-1]
            x0, y0 = min(mx, x), min(my, y)
            merged[-1] = [x0, y0, max(mx + mw, x + w) - x0, max(my + mh, y + h) - y0]
        else:
            merged.append([x, y, w, h])
    return [tuple(b) for b in merged]  # type: ignore[misc]


def _cut_touching(mask: np.ndarray, box: BBox, unit: float) -> list[BBox]:
    """Cut a wide box (touching glyphs) into glyphs; ``unit`` is the width of a digit.

    A separator (a ``-`` or ``.`` touching a digit, :func:`_separator_columns`) and empty
    columns are dropped. Between them, each run of tall columns is the core of a glyph; the
    short columns around it (the bar of a ``4``, the curve of a ``6``) stay with it, and two
    glyphs that touch are parted at the column of least ink between their cores.
    """
    x, y, w, h = box
    sub = mask[y:y + h, x:x + w] > 0
    rows = np.arange(h)[:, None]
    top = np.where(sub.any(axis=0), np.where(sub, rows, h).min(axis=0), h)
    bottom = np.where(sub.any(axis=0), np.where(sub, rows, -1).max(axis=0), -1)
    extent = bottom - top
    inked = np.flatnonzero((bottom >= 0) & ~_separator_columns(top, bottom, h, unit))
    out: list[BBox] = []
    for seg in np.split(inked, np.flatnonzero(np.diff(inked) > 1) + 1) if len(inked) else []:
        tall = seg[extent[seg] >= 0.45 * h]
        if not len(tall):
            continue  # no glyph's stem: a fragment
        starts = [int(seg[0])]
        for i in np.flatnonzero(np.diff(tall) > 1):  # two cores: part them at the least ink
            between = np.arange(tall[i] + 1, tall[i + 1])
            starts.append(int(between[np.argmin(extent[between])]))
        ends = [*starts[1:], int(seg[-1]) + 1]
        out += [(x + s, y, e - s, h) for s, e in zip(starts, ends, strict=True)]
    return out


def _separator_columns(top: np.ndarray, bottom: np.ndarray, h: int, unit: float) -> np.ndarray:
    """The columns (ink from row ``top`` to ``bottom`` of a box ``h`` tall) of a separator:
    a ``.`` (a short mark down on the baseline) or a ``-`` (a thin bar off the top and the
    baseline, at least a third of a digit wide). The foot of a ``4``'s diagonal on its bar is
    neither: too high for a dot, and where the bar alone is as thin as a dash it is narrow."""
    inked = bottom >= 0
    extent = bottom - top
    dot = inked & (extent <= 0.3 * h) & (top >= 0.55 * h) & (bottom >= 0.8 * h)
    dash = inked & (extent <= 0.22 * h) & (top >= 0.3 * h) & (bottom < 0.8 * h)
    out = dot.copy()
    idx = np.flatnonzero(dash)
    for run in np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1) if len(idx) else []:
        if len(run) >= unit / 3:
            out[run] = True
    return out


def _split_wide(mask: np.ndarray, boxes: list[BBox], height: float) -> list[BBox]:
    """Split boxes much wider than a digit (touching glyphs) into equal parts."""
    widths = [b[2] for b in boxes if b[2] <= 0.9 * height]
    # not the median: a line of many narrow ``1`` (a proportional face) would halve it
    unit = float(np.percentile(widths, 75)) if widths else 0.65 * height
    out: list[BBox] = []
    for box in boxes:
        pieces = _cut_touching(mask, box, unit) if box[2] > 1.3 * unit else [box]
        for x, y, w, h in pieces:
            if w < 0.15 * unit:
                continue
            parts = round(w / unit) if w > 1.5 * unit else 1
            step = w / parts
            out += [(int(x + i * step), y, int(step), h) for i in range(parts)]
    return out


def _glyph_boxes(mask: np.ndarray) -> list[BBox]:
    """The digit boxes of the main line: dots, dashes and other lines dropped."""
    boxes = _raw_components(mask)
    if not boxes:
        return []
    boxes = _merge_overlapping(_on_main_line(boxes))
    height = float(np.median([b[3] for b in boxes if b[3] >= 0.6 * max(c[3] for c in boxes)]))
    boxes = [b for b in boxes if b[3] >= 0.6 * height]
    return _split_wide(mask, boxes, height)


def classify(glyph: np.ndarray) -> tuple[int, float]:
    """The best digit for a binary glyph and a confidence from the best/second-best margin."""
    mat, _labels = templates()
    # einsum, not ``@``: a multi-threaded BLAS call on one small vector is slow on busy cores
    scores = np.einsum("ij,j->i", mat, _normalise_glyph(glyph))
    best = scores.reshape(10, -1).max(axis=1)
    order = np.argsort(best)[::-1]
    top, second = best[order[0]], best[order[1]]
    conf = float(np.clip((top - second) * 5.0, 0.0, 1.0) * np.clip(top, 0.0, 1.0))
    return int(order[0]), round(max(conf, 0.01), 3)


def _trim_to_length(boxes: list[BBox], length: int | None) -> list[BBox]:
    """Keep the ``length`` tallest-and-widest boxes in reading order when too many were found."""
    if length is None or len(boxes) <= length:
        return boxes
    keep = sorted(boxes, key=lambda b: b[2] * b[3], reverse=True)[:length]
    return sorted(keep, key=lambda b: b[0])


def read_mask(mask: np.ndarray, length: int | None = None) -> DigitRead:
    """Read the digits of an already binarised line (text = 255)."""
    boxes = _trim_to_length(_glyph_boxes(mask), length)
    digits, confs = [], []
    for x, y, w, h in boxes:
        d, c = classify(mask[y:y + h, x:x + w])
        digits.append(str(d))
        confs.append(c)
    return DigitRead("".join(digits), tuple(confs), tuple(boxes))


def read_digits(img: np.ndarray, *, length: int | None = None) -> DigitRead:
    """Read the digits of one NIK/NPWP line crop; separators ``.`` and ``-`` are ignored."""
    if img.size == 0:
        return DigitRead("", (), ())
    scale = 1.0
    if img.shape[0] < 60:
        scale = 60.0 / img.shape[0]
        img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    read = read_mask(binarise(img), length)
    if scale == 1.0:
        return read
    boxes = tuple(tuple(round(v / scale) for v in b) for b in read.boxes)
    return DigitRead(read.text, read.confidences, boxes)  # type: ignore[arg-type]


# --- a monospaced line read cell by cell, refusing what it cannot read ------------------------

UNREADABLE = "?"
"""The mark of a glyph that could not be read with confidence: never replaced by a guess."""
CELL_MIN = 0.2
"""A cell classified below this confidence is unreadable. Calibrated on the seen conditions
(29 NIK lines, 464 cells: none wrong at all, the weakest right cell 0.33); a number with a cell
below 0.5 stays below the sure mark (``_cardread.SURE``) in any case."""


def _scores(glyph: np.ndarray) -> np.ndarray:
    """The best template score of each digit 0–9 for a binary glyph."""
    mat, _labels = templates()
    return np.einsum("ij,j->i", mat, _normalise_glyph(glyph)).reshape(10, -1).max(axis=1)


def _confidence(best: np.ndarray) -> tuple[int, float]:
    """The best digit of a score vector and its confidence (margin over the runner-up)."""
    order = np.argsort(best)[::-1]
    top, second = float(best[order[0]]), float(best[order[1]])
    return int(order[0]), round(float(np.clip((top - second) * 5.0, 0.0, 1.0)
                                      * np.clip(top, 0.0, 1.0)), 3)


def _band_rows(mask: np.ndarray) -> tuple[int, int, list[BBox]] | None:
    """Top and bottom row of the line of tallest glyphs, and its tall components."""
    boxes = _raw_components(mask)
    if not boxes:
        return None
    line = _on_main_line(boxes)
    tallest = max(b[3] for b in line)
    height = float(np.median([b[3] for b in line if b[3] >= 0.4 * tallest]))
    tall = [b for b in line if 0.6 * height <= b[3] <= 1.5 * height]  # not a blot of toner
    if not tall:
        return None
    top = int(np.median([b[1] for b in tall]))
    bottom = int(np.median([b[1] + b[3] for b in tall]))
    return top, bottom, tall


def _tilt(tall: list[BBox]) -> float:
    """The line's slope in degrees, from the bottoms of its glyphs (0 for fewer than 4)."""
    if len(tall) < 4:
        return 0.0
    xs = np.array([b[0] + b[2] / 2 for b in tall], np.float64)
    ys = np.array([b[1] + b[3] for b in tall], np.float64)
    slope = float(np.polyfit(xs, ys, 1)[0])
    return float(np.degrees(np.arctan(slope)))


def _grid(profile: np.ndarray, left: int, right: int, cells: int,
          tall: list[BBox] | None = None) -> tuple[float, float]:
    """``(offset, pitch)`` of ``cells`` equal cells over the ink from ``left`` to ``right`` whose
    boundaries fall on the emptiest columns (the gaps between glyphs of a monospaced line) and
    whose centres fall on the centres of the glyphs that stand alone (``tall``)."""
    span = right - left
    smooth = np.convolve(profile, np.ones(3) / 3, mode="same")
    height = float(profile.max()) or 1.0
    widths = [b[2] for b in tall or []]
    unit = float(np.median(widths)) if widths else 0.0
    centres = np.array([b[0] + b[2] / 2 for b in tall or [] if b[2] <= 1.3 * unit], np.float64)
    best, choice = np.inf, (float(left), span / cells)
    for pitch in np.linspace(span / cells, 1.1 * span / cells, 23):
        slack = cells * pitch - span  # the grid covers all the ink
        for shift in np.linspace(0.0, max(slack, 0.0), 9):
            offset = left - shift
            cuts = np.round(offset + pitch * np.arange(1, cells)).astype(int)
            cuts = cuts[(cuts >= 0) & (cuts < len(smooth))]
            # ink cut by a boundary costs; of equal grids the one centred on the ink wins
            score = float(smooth[cuts].sum()) / height + 1e-3 * abs(2 * shift - slack)
            if len(centres):
                phase = (centres - offset) / pitch - 0.5
                score += 4.0 * float(np.abs(phase - np.round(phase)).sum())
            if score < best:
                best, choice = score, (offset, float(pitch))
    return choice


def _cell_glyph(mask: np.ndarray, x0: int, x1: int, top: int, bottom: int) -> np.ndarray | None:
    """The ink of one cell, tightened to its bounding box; ``None`` for an (almost) empty cell."""
    pad = max(2, (bottom - top) // 8)
    sub = mask[max(0, top - pad):bottom + pad, max(0, x0):x1]
    if sub.size == 0:
        return None
    ys, xs = np.nonzero(sub)
    if len(ys) < 0.04 * (bottom - top) * max(1, x1 - x0):
        return None
    glyph = sub[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    if glyph.shape[0] < 0.45 * (bottom - top):
        return None  # a fragment (a broken stroke, a dot): not a whole digit
    return glyph


def line_masks(grey: np.ndarray) -> list[np.ndarray]:
    """Three binarisations of a line (text = 255): Otsu, adaptive, and the darkest ink only."""
    grey = grey if grey.ndim == 2 else cv2.cvtColor(grey, cv2.COLOR_BGR2GRAY)
    adaptive = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                     cv2.THRESH_BINARY_INV, 31, 12)
    _, dark = cv2.threshold(grey, int(np.percentile(grey, 12)), 255, cv2.THRESH_BINARY_INV)
    return [binarise(grey), adaptive, cv2.morphologyEx(dark, cv2.MORPH_OPEN,
                                                       np.ones((2, 2), np.uint8))]


def read_cells(img: np.ndarray, cells: int) -> DigitRead | None:
    """Read a monospaced line of exactly ``cells`` digits (the NIK) cell by cell.

    The ink of the line is cut into ``cells`` equal cells by its pitch (robust to glyphs that
    touch or break); each cell is scored against the templates on every binarisation of the
    line (:func:`line_masks`) and the scores are averaged.
    A cell the average leaves unsure may still be read on its faint strokes (:func:`_read_grid`,
    below sure). A cell whose best digit is not clearly better than the next, or that holds no
    whole glyph, is ``?`` (:data:`UNREADABLE`), confidence 0. ``None`` when no line of glyphs
    is found.
    """
    if img.size == 0:
        return None
    scale = 1.0
    if img.shape[0] < 60:
        scale = 60.0 / img.shape[0]
        img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    masks = line_masks(img)
    rows = _band_rows(masks[0])
    if rows is None:
        return None
    tilt = _tilt(rows[2])
    if abs(tilt) > 0.3:  # a card straightened a little off: level the line first
        h, w = img.shape[:2]
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), tilt, 1.0)
        img = cv2.warpAffine(img, turn, (w, h), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_REPLICATE)
        masks = line_masks(img)
        rows = _band_rows(masks[0]) or rows
    top, bottom, tall = rows
    left = min(b[0] for b in tall)
    right = max(b[0] + b[2] for b in tall)
    height = bottom - top
    if right - left < 0.35 * cells * height:  # far too short for the number: not this line
        return None
    band = masks[0][top:bottom] > 0
    grids = [_grid(band.sum(axis=0).astype(np.float64), left, right, cells, tall)]
    fitted = _fit_centres(tall, left, right, cells)
    if fitted is not None:
        grids.append(fitted)
    faint = faint_mask(img)
    reads = [_read_grid(masks, grid, cells, top, bottom, faint) for grid in grids]
    text, confs, boxes = [], [], []
    for k in range(cells):  # of the two cuttings, the surer read of each cell
        digit, conf, (x0, x1) = max((r[k] for r in reads), key=lambda c: c[1])
        ok = digit is not None and conf >= CELL_MIN
        text.append(str(digit) if ok else UNREADABLE)
        confs.append(conf if ok else 0.0)
        boxes.append(tuple(round(v / scale) for v in (x0, top, x1 - x0, height)))
    return DigitRead("".join(text), tuple(confs), tuple(boxes))  # type: ignore[arg-type]


def _read_grid(masks: list[np.ndarray], grid: tuple[float, float], cells: int, top: int,
               bottom: int, faint: np.ndarray | None = None
               ) -> list[tuple[int | None, float, tuple[int, int]]]:
    """``(digit, confidence, (x0, x1))`` of each cell of one cutting, scores averaged over the
    binarisations (a cell holding no whole glyph in most of them: ``None``).

    A cell left unread or unsure (:data:`CELL_MIN`) because the strokes are faint (the
    darkest-ink mask, or Otsu too, breaks or loses them; a white streak through a ``0``) is
    read by :func:`_faint_read` when the ``faint`` mask (:func:`faint_mask`) is given."""
    offset, pitch = grid
    out = []
    for k in range(cells):
        x0, x1 = round(offset + k * pitch), round(offset + (k + 1) * pitch)
        glyphs = [_cell_glyph(m, x0, x1, top, bottom) for m in masks]
        votes = [_scores(g) for g in glyphs if g is not None]
        digit, conf = None, 0.0
        if votes and len(votes) * 2 >= len(masks):
            digit, conf = _confidence(np.mean(votes, axis=0))
        if conf < CELL_MIN and faint is not None:
            # Otsu's and the adaptive glyph (:func:`line_masks`), not the darkest ink's
            found = _faint_read(glyphs[:-1], faint, x0, x1, top, bottom)
            if found is not None:
                digit, conf = found, FAINT_CELL
        out.append((digit, conf, (x0, x1)))
    return out


FAINT_CELL = 0.3
"""The confidence of a cell read on its faint strokes (:func:`_faint_read`): readable, and a
number holding one stays below :data:`~core.models.SURE_NUMBER` unless another engine reads
it the same (``_cardread``: ``0.55 + 0.5 × weakest``)."""


def _faint_read(glyphs: list[np.ndarray | None], faint: np.ndarray, x0: int, x1: int,
                top: int, bottom: int) -> int | None:
    """The digit of a cell of faint strokes, or ``None``: the ``faint`` mask's glyph read
    alike, each at :data:`CELL_MIN` or more on its own, with the cell 1 px either way, and by
    every binarisation of ``glyphs`` (Otsu, adaptive) that holds a whole glyph, one at
    least."""
    reads = [_confidence(_scores(g)) for g in glyphs if g is not None]
    if not reads:
        return None
    for dx in (0, -1, 1):
        g = _cell_glyph(faint, x0 + dx, x1 + dx, top, bottom)
        if g is None:
            return None
        reads.append(_confidence(_scores(g)))
    digits = {d for d, _c in reads}
    if len(digits) != 1 or min(c for _d, c in reads) < CELL_MIN:
        return None
    return digits.pop()


def faint_mask(grey: np.ndarray) -> np.ndarray:
    """The ink of a line down to its faintest strokes (text = 255): every pixel darker than
    the paper by 20 % of the paper-to-ink contrast, specks opened away."""
    grey = grey if grey.ndim == 2 else cv2.cvtColor(grey, cv2.COLOR_BGR2GRAY)
    paper, ink = np.percentile(grey, 90), np.percentile(grey, 3)
    cut = int(paper - 0.2 * (paper - ink))
    _, mask = cv2.threshold(grey, cut, 255, cv2.THRESH_BINARY_INV)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


def _fit_centres(tall: list[BBox], left: int, right: int, cells: int
                 ) -> tuple[float, float] | None:
    """``(offset, pitch)`` fitted through the centres of the glyphs that stand alone (least
    squares over their cell numbers), or ``None`` with fewer than half the glyphs alone."""
    widths = [b[2] for b in tall]
    unit = float(np.median(widths)) if widths else 0.0
    alone = sorted(b[0] + b[2] / 2 for b in tall if b[2] <= 1.3 * unit)
    if len(alone) < cells // 2:
        return None
    rough = (right - left) / cells
    ks = np.round((np.array(alone) - left) / rough - 0.5)
    if len(set(ks.tolist())) < len(alone):
        return None
    pitch, start = np.polyfit(ks, alone, 1)
    return float(start - pitch / 2), float(pitch)
