"""A dedicated digit reader for the NIK / NPWP lines (OCR-A and Liberation Sans digits).

Stock Tesseract misreads the OCR-A NIK line, so the line is binarised, cut into glyphs by
connected components, and each glyph is matched (normalised cross-correlation) against digit
templates rendered at start-up from the fonts with augmentation (stroke width, blur, shear).
``.`` and ``-`` separators are recognised by their shape and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core.models import BBox

FONTS = (
    "/usr/share/fonts/truetype/ocr-a/OCRA.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)
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
    """The template matrix (one unit vector per row) and the digit of each row (cached).

    Rows are grouped by digit (0 first), the same number of renderings for each.
    """
    vecs, labels = [], []
    for digit in "0123456789":
        for path in FONTS:
            for stroke in (0, 1, 2):
                for shear in (-0.08, 0.0, 0.08):
                    for blur, cut in ((0, 110), (2, 110), (3, 70), (3, 160)):
                        glyph = _render(path, digit, stroke, shear, blur, cut)
                        vecs.append(_normalise_glyph(glyph))
                        labels.append(int(digit))
    return np.stack(vecs), np.array(labels)


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


def _drop_thin_columns(mask: np.ndarray, box: BBox) -> list[BBox]:
    """Cut a wide box at columns whose ink is short (a ``-`` or ``.`` touching a digit)."""
    x, y, w, h = box
    sub = mask[y:y + h, x:x + w] > 0
    rows = np.arange(h)[:, None]
    top = np.where(sub.any(axis=0), np.where(sub, rows, h).min(axis=0), h)
    bottom = np.where(sub.any(axis=0), np.where(sub, rows, -1).max(axis=0), -1)
    tall = (bottom - top) >= 0.45 * h
    out, start = [], None
    for i, t in enumerate([*tall.tolist(), False]):
        if t and start is None:
            start = i
        elif not t and start is not None:
            out.append((x + start, y, i - start, h))
            start = None
    return out


def _split_wide(mask: np.ndarray, boxes: list[BBox], height: float) -> list[BBox]:
    """Split boxes much wider than a digit (touching glyphs) into equal parts."""
    widths = [b[2] for b in boxes if b[2] <= 0.9 * height]
    unit = float(np.median(widths)) if widths else 0.65 * height
    out: list[BBox] = []
    for box in boxes:
        pieces = _drop_thin_columns(mask, box) if box[2] > 1.3 * unit else [box]
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
