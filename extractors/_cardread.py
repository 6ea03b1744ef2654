"""Read a card: one OCR of the whole card, and its identity numbers on their own bands.

:func:`card_words` is the one Tesseract pass over a card region; the pipeline classifies the card
from its text and hands the same words to the KTP or NPWP reader. :func:`read_number` reads a
number with the digit reader, re-reading when the rules fail.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from core.models import BBox
from extractors._cardvalues import FAST
from extractors.digits import DigitRead, read_digits, read_mask
from extractors.imaging import Region, clean_card, photo_box
from extractors.normalize import repair_digits
from extractors.tesseract import Word, ocr


def card_words(region: Region) -> list[Word]:
    """The words of a card region (card coordinates), read in one Tesseract pass.

    The background is cleaned. Where the card has a photo (a KTP), the photo column is whitened
    so that nothing beside the text rows disturbs them, and what is printed under the photo
    (place and date of issue) is pasted under the card, apart from the rows, for the same pass.
    A low-resolution source is read at 3/4 scale: no detail is lost and Tesseract's time
    follows the pixel count.
    """
    clean = clean_card(region.image)
    height, width = clean.shape[:2]
    photo = photo_box(region.image)
    pasted: tuple[int, int] | None = None  # (y in the canvas, y on the card) of the pasted block
    if photo is not None:
        x0, top = max(0, photo[0] - 8), min(height, photo[1] + photo[3] + 4)
        under = clean[top:int(0.88 * height), x0:].copy()
        clean[max(0, photo[1] - 8):, x0:] = 255
        if under.size:
            strip = np.full((under.shape[0] + _GAP, width), 255, np.uint8)
            strip[_GAP:, x0:] = under
            clean = np.vstack([clean, strip])
            pasted = (height + _GAP, top)
    scale = 0.75 if "low_resolution" in region.quality else 1.0
    if scale != 1.0:
        clean = cv2.resize(clean, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    words = []
    for w in ocr(clean, psm=6, extra=FAST).words:
        if w.conf <= 0.1 and len(w.text) <= 1:
            continue
        x, y, bw, bh = (round(v / scale) for v in w.bbox)
        if pasted is not None and y >= pasted[0] - _GAP // 2:
            y = y - pasted[0] + pasted[1]
        words.append(Word(w.text, w.conf, (x, y, bw, bh), w.line))
    return words


_GAP = 40
"""White rows between the card and the block pasted under it."""


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
    card: np.ndarray, band: BBox, length: int | tuple[int, ...], valid: Callable[[str], bool],
    text_read: str | None = None,
) -> tuple[str | None, str, float, BBox]:
    """``(digits or None, raw, confidence, box in card coords)`` of the number in ``band``.

    ``text_read`` is what Tesseract already read on the line (the NPWP card prints its numbers
    in Liberation Sans, which Tesseract reads better than the templates do when the digits are
    small and touch): its digits win when there are as many as the number has; the digit
    reader confirms them (or stands in for them), and the rules set the confidence. A number
    that fails its rules is returned as read, never "repaired" into a valid one.
    """
    lengths = (length,) if isinstance(length, int) else length
    x, y, w, h = band
    crop = card[max(0, y):y + h, max(0, x):x + w]
    if crop.size == 0:
        return None, "", 0.0, band
    digits = repair_digits(text_read or "")
    if len(digits) in lengths:
        read = read_digits(crop, length=len(digits))
        box = _box(read, x, y, crop, band) if len(read.text) == len(digits) else band
        conf = _score(read, 1.0) if read.text == digits else 0.75
        return digits, text_read or "", conf if valid(digits) else 0.4 * conf, box
    natural = read_digits(crop)
    lengths = tuple(sorted(lengths, key=lambda n: abs(n - len(natural.text))))
    # trimming to a length only changes a read that found more glyphs than that
    reads: list[DigitRead] = [natural if len(natural.text) <= n else read_digits(crop, length=n)
                              for n in lengths]
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
