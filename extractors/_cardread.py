"""Read an identity number on a card band with the digit reader, re-reading when rules fail."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from extractors.digits import DigitRead, read_digits, read_mask
from extractors.models import BBox


def _variants(crop: np.ndarray) -> list[np.ndarray]:
    """Other binarisations of a crop (text = 255) for a re-read."""
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    if grey.shape[0] < 60:
        f = 60.0 / grey.shape[0]
        grey = cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
    adaptive = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                     cv2.THRESH_BINARY_INV, 31, 12)
    _, dark = cv2.threshold(grey, int(np.percentile(grey, 12)), 255, cv2.THRESH_BINARY_INV)
    return [adaptive, cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))]


def read_number(
    card: np.ndarray, band: BBox, length: int | tuple[int, ...], valid: Callable[[str], bool]
) -> tuple[str | None, str, float, BBox]:
    """``(digits or None, raw, confidence, box in card coords)`` of the number in ``band``."""
    lengths = (length,) if isinstance(length, int) else length
    x, y, w, h = band
    crop = card[max(0, y):y + h, max(0, x):x + w]
    if crop.size == 0:
        return None, "", 0.0, band
    natural = len(read_digits(crop).text)
    lengths = tuple(sorted(lengths, key=lambda n: abs(n - natural)))
    reads: list[DigitRead] = [read_digits(crop, length=n) for n in lengths]
    trusted = reads[:1] if len(reads[0].text) in lengths else reads
    for i, r in enumerate(trusted):
        if len(r.text) in lengths and valid(r.text):
            return r.text, r.text, _score(r, 1.0 if i == 0 else 0.8), _box(r, x, y, crop, band)
    scale = max(1.0, 60.0 / crop.shape[0])
    for mask in _variants(crop):
        for n in lengths:
            r = read_mask(mask, n)
            if len(r.text) == n and valid(r.text) and _close(r.text, reads[0].text):
                boxes = tuple(tuple(int(v / scale) for v in b) for b in r.boxes)
                r = DigitRead(r.text, r.confidences, boxes)  # type: ignore[arg-type]
                return r.text, reads[0].text, _score(r, 0.85), _box(r, x, y, crop, band)
    best = reads[0]
    value = best.text if len(best.text) in lengths else None
    return value, best.text, _score(best, 0.4), _box(best, x, y, crop, band)


def _close(a: str, b: str) -> bool:
    """A re-read is trusted only when it differs from the first read in at most 2 digits."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) <= 2


def _score(read: DigitRead, factor: float) -> float:
    """A number's confidence: its weakest digit, scaled by how it passed the rules."""
    return round(min(read.confidences, default=0.0) * 0.5 + 0.5, 3) * factor


def _box(read: DigitRead, x: int, y: int, crop: np.ndarray, band: BBox) -> BBox:
    """The digits' union box in card coordinates."""
    if not read.boxes:
        return band
    x0 = min(b[0] for b in read.boxes)
    y0 = min(b[1] for b in read.boxes)
    x1 = max(b[0] + b[2] for b in read.boxes)
    y1 = max(b[1] + b[3] for b in read.boxes)
    return (max(0, x) + x0, max(0, y) + y0, x1 - x0, y1 - y0)
