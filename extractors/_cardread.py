"""Read a card: one OCR of the whole card, and its identity numbers on their own bands.

:func:`card_words` is the one Tesseract pass over a card region; the pipeline classifies the card
from its text and hands the same words to the KTP or NPWP reader. :func:`read_number` reads a
number with the digit reader, re-reading when the rules fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import cv2
import numpy as np

from core.models import BBox
from extractors.digits import CELL_MIN, UNREADABLE, DigitRead, line_masks, read_cells, read_digits
from extractors.imaging import Region, clean_card, photo_box
from extractors.normalize import repair_digits
from extractors.tesseract import FAST, Word, ocr


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
    for w in respace(clean, ocr(clean, psm=6, extra=FAST).words):
        if w.conf <= 0.1 and len(w.text) <= 1:
            continue
        x, y, bw, bh = (round(v / scale) for v in w.bbox)
        if pasted is not None and y >= pasted[0] - _GAP // 2:
            y = y - pasted[0] + pasted[1]
        words.append(Word(w.text, w.conf, (x, y, bw, bh), w.line))
    return words


_GAP = 40
"""White rows between the card and the block pasted under it."""

GLUED = re.compile(r"^[A-Z][A-Z.'-]{4,}[A-Z.]$")
"""A value word long enough to be two words read without their space (``LILIYUNIAR``):
upper case, at least seven letters."""
RESPACE_SCALE = 2.0
"""Long words are read again this much larger: at card size (capitals about 19 px) Tesseract
drops narrow spaces (``ASIAAFRIKA``, an A beside an A); at twice the size it keeps more of
them than at 1.5 or 2.5 times (seen cards, seed 31)."""
RESPACE = FAST + " -c preserve_interword_spaces=0"
"""The re-read's options: the card pass's, and the default word spacing said aloud, so that a
log (or a test) tells the long-word re-read from a pass over a whole card."""


def respace(image: np.ndarray, words: list[Word]) -> list[Word]:
    """``words`` with the spaces Tesseract lost put back, from one more Tesseract pass.

    Every long upper-case word (:data:`GLUED`) but the words cards print whole
    (:func:`whole_words`: labels, headers, enumerated values, provinces, regencies and the
    districts of Kalimantan Selatan) is cut out, the crops stacked one under another
    on a white canvas, enlarged and read together; a word whose re-read is the same letters in
    two or more words is replaced by them (boxes from the re-read, the first read's
    confidence). Letters are never changed, only spaces added.
    """
    whole = whole_words()
    picks = [i for i, w in enumerate(words) if GLUED.match(w.text) and w.text not in whole]
    if not picks:
        return words
    pad, crops = 12, []
    for i in picks:
        x, y, bw, bh = words[i].bbox
        x0, y0 = max(0, x - 3), max(0, y - 3)
        crops.append((x0, y0, image[y0:y + bh + 3, x0:x + bw + 3]))
    width = max(c.shape[1] for _x, _y, c in crops) + 2 * pad
    height = sum(c.shape[0] + 2 * pad for _x, _y, c in crops)
    canvas = np.full((height, width), 255, np.uint8)
    bands, top = [], 0
    for _x, _y, crop in crops:
        top += pad
        canvas[top:top + crop.shape[0], pad:pad + crop.shape[1]] = \
            crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
        bands.append((top, top + crop.shape[0]))
        top += crop.shape[0] + pad
    f = RESPACE_SCALE
    big = cv2.resize(canvas, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
    again = ocr(big, psm=6, extra=RESPACE).words
    out = list(words)
    for i, (x0, y0, _c), (b0, b1) in sorted(zip(picks, crops, bands, strict=True),
                                            reverse=True):
        parts = sorted((w for w in again if b0 <= (w.bbox[1] + w.bbox[3] / 2) / f < b1),
                       key=lambda w: w.bbox[0])
        if len(parts) < 2 or "".join(p.text for p in parts) != words[i].text:
            continue
        old = words[i]
        out[i:i + 1] = [Word(p.text, old.conf, (x0 + round(p.bbox[0] / f) - pad,
                                                y0 + round(p.bbox[1] / f) - b0,
                                                round(p.bbox[2] / f), round(p.bbox[3] / f)),
                             old.line) for p in parts]
    return out


@cache
def whole_words() -> frozenset[str]:
    """Upper-case words a card prints whole, never two words glued: its labels and header,
    the enumerated values, the administrative prefixes, the words of every province's and
    regency's name and of the districts of the office's province."""
    from core import regions
    from core.settings import get_settings
    from core.vocabulary import ktp_labels, npwp_labels, values

    texts = [*ktp_labels.LABELS.values(), *npwp_labels.HEADER_WORDS, *npwp_labels.KPP_KINDS,
             *(w for ws in npwp_labels.FIELD_LABELS.values() for w in ws),
             *(v for vs in values.KTP_CHOICES.values() for v in vs), values.LIFETIME,
             "PROVINSI KABUPATEN KOTA KECAMATAN KELURAHAN DESA ADMINISTRASI"]
    provinces = regions.children(None)
    texts += [r.name for p in provinces for r in (p, *regions.children(p.code))]
    office = get_settings().office
    texts += [r.name for kab in regions.children(office[:2]) for r in regions.children(kab.code)]
    return frozenset(w for t in texts for w in re.split(r"[\s/]+", t.upper()) if w)


def _variants(crop: np.ndarray) -> list[np.ndarray]:
    """Other binarisations of a crop (text = 255) for a re-read."""
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    if grey.shape[0] < 60:
        f = 60.0 / grey.shape[0]
        grey = cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
    return line_masks(grey)[1:]


SURE = 0.8
"""A number at or above this confidence is taken as read; below it the desk asks the clerk."""
Number = tuple[str | None, str, float, BBox]


def read_number(
    card: np.ndarray, band: BBox, length: int | tuple[int, ...], valid: Callable[[str], bool],
    text_read: str | None = None, *, monospaced: bool = False, text_fills: int = 0,
) -> Number:
    """``(digits or None, raw, confidence, box in card coords)`` of the number in ``band``.

    Never invents a digit: a glyph that cannot be read is ``?`` in the value (and the value's
    confidence is low, so the desk asks the clerk to type it); a number that fails its rules is
    returned as read with a low confidence, never "repaired" into a valid one.

    ``monospaced`` (the NIK line: 16 digits, no separators): the line is cut into 16 cells by
    its pitch (:func:`~extractors.digits.read_cells`). ``text_read`` is what Tesseract read on
    the line; where it agrees with the digit reader the number is sure, where one of them is
    unsure Tesseract may fill in up to ``text_fills`` glyphs below :data:`SURE` (0 for the
    KTP's OCR-A line, which Tesseract misreads; more for the NPWP card's Liberation Sans), and
    where both read different digits the glyph stays ``?``.
    """
    lengths = (length,) if isinstance(length, int) else length
    x, y, w, h = band
    crop = card[max(0, y):y + h, max(0, x):x + w]
    if crop.size == 0:
        return None, "", 0.0, band
    tess = repair_digits(text_read or "")
    if monospaced and 16 in lengths:
        cells = read_cells(crop, 16)
        if cells is not None:
            return _from_cells(cells, tess if len(tess) == 16 else "", valid, text_fills,
                               (x, y), crop, band)
    if len(tess) in lengths:
        read = read_digits(crop, length=len(tess))
        box = _box(read, x, y, crop, band) if len(read.text) == len(tess) else band
        if read.text == tess:
            conf = _score(read, 1.0)
            return tess, text_read or "", conf if valid(tess) else min(0.4, conf), box
        if len(read.text) == len(tess):
            merged = _merge(tess, read)
            if UNREADABLE in merged:
                return merged, text_read or "", 0.3, box
        return tess, text_read or "", 0.7 if valid(tess) else 0.3, box
    natural = read_digits(crop)
    lengths = tuple(sorted(lengths, key=lambda n: abs(n - len(natural.text))))
    # trimming to a length only changes a read that found more glyphs than that
    reads: list[DigitRead] = [natural if len(natural.text) <= n else read_digits(crop, length=n)
                              for n in lengths]
    trusted = reads[:1] if len(reads[0].text) in lengths else reads
    for i, r in enumerate(trusted):
        if len(r.text) in lengths and valid(r.text) and min(r.confidences) >= CELL_MIN:
            return r.text, r.text, _score(r, 1.0 if i == 0 else 0.75), _box(r, x, y, crop, band)
    best = reads[0]
    if len(best.text) not in lengths:
        return None, best.text, 0.0, _box(best, x, y, crop, band)
    shown = "".join(d if c >= CELL_MIN else UNREADABLE
                    for d, c in zip(best.text, best.confidences, strict=True))
    return shown, best.text, 0.3, _box(best, x, y, crop, band)


def _merge(tess: str, read: DigitRead) -> str:
    """Tesseract's digits and the digit reader's, glyph by glyph: where they differ the reader's
    glyph wins if it is sure, Tesseract's if the reader is unsure of it, else ``?``."""
    out = []
    for t, d, c in zip(tess, read.text, read.confidences, strict=True):
        out.append(t if t == d or c < CELL_MIN else (d if c >= 0.8 else UNREADABLE))
    return "".join(out)


def _from_cells(cells: DigitRead, tess: str, valid: Callable[[str], bool], fills: int,
                at: tuple[int, int], crop: np.ndarray, band: BBox) -> Number:
    """The number of a cell read (see :func:`read_number`), with Tesseract's 16 digits if any."""
    text = cells.text
    box = _box(cells, at[0], at[1], crop, band)
    weakest = min(cells.confidences)
    if tess and fills:  # where Tesseract reads the font well, an unsure glyph yields to it
        text = "".join(UNREADABLE if c != t and conf < SURE else c
                       for c, t, conf in zip(text, tess, cells.confidences, strict=True))
    if tess:
        agree = all(c == t for c, t in zip(text, tess, strict=True) if c != UNREADABLE)
        if agree and UNREADABLE not in text:
            return text, tess, 0.98 if valid(text) else 0.3, box
        if agree and valid(tess) and 0 < text.count(UNREADABLE) <= fills:
            return tess, text, 0.7, box  # Tesseract fills what the cells could not read
        if not agree and fills:  # two readers trusted alike see different digits: neither
            text = "".join(c if c == t else UNREADABLE for c, t in zip(text, tess, strict=True))
    if UNREADABLE in text:
        return text, text, 0.2, box
    if not valid(text):
        return text, text, 0.3, box
    return text, text, round(min(0.95, 0.55 + 0.5 * weakest), 3), box


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
