"""Read a card: one OCR of the whole card, and its identity numbers on their own bands.

:func:`card_words` is the one Tesseract pass over a card region; the pipeline classifies the card
from its text and hands the same words to the KTP or NPWP reader. :func:`read_number` reads a
number with the digit reader, re-reading when the rules fail, and weighs it against the second
reader (:mod:`extractors.second_reader`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import cache

import cv2
import numpy as np
from rapidfuzz.distance import Levenshtein

from core.models import SURE_NUMBER, BBox
from extractors._layout import mean_conf, text_of, words_box
from extractors.cardshape import _grey
from extractors.digits import CELL_MIN, UNREADABLE, DigitRead, line_masks, read_cells, read_digits
from extractors.imaging import Region, clean_card, photo_box
from extractors.normalize import repair_digits
from extractors.second_reader import read_line, second_opinion
from extractors.tesseract import FAST, Word, ocr, ocr_many


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
        bottom = int(0.88 * height)
        left = block_left(clean, x0, top, bottom)
        under = clean[top:bottom, left:].copy()
        clean[max(0, photo[1] - 8):, x0:] = 255
        clean[top:bottom, left:x0] = 255
        x0 = left
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
BLOCK_GAP = 0.02
"""Empty columns (a share of the card's width) that part the block under a KTP's photo from
the text column: wider than a word space of the block's print."""


def block_left(clean: np.ndarray, x0: int, top: int, bottom: int) -> int:
    """The left end of the block printed in rows ``top``–``bottom`` from ``x0`` rightwards
    (the place and date of issue under a KTP's photo): ``x0``, moved left past the glyphs
    that cross it (a place name centred under the photo is wider than the photo:
    ``KONAWE KEPULAUAN``) up to the first run of :data:`BLOCK_GAP` empty columns, never past
    the card's middle. Specks and rules are no glyphs."""
    band = clean[top:bottom, :x0]
    if band.size == 0:
        return x0
    inked = glyphs(band < ink_cut(clean)).any(axis=0)
    gap, empty = max(1, round(BLOCK_GAP * clean.shape[1])), 0
    for x in range(x0 - 1, clean.shape[1] // 2, -1):
        empty = 0 if inked[x] else empty + 1
        if empty >= gap:
            return x + empty
    return x0

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

    Every long upper-case word (:data:`GLUED`) is cut out, the crops stacked one under another
    on a white canvas, enlarged and read together; a word whose re-read is the same letters in
    two or more words is replaced by them (boxes from the re-read, the first read's
    confidence). Letters are never changed, only spaces added, and never inside a word cards
    print whole (:func:`whole_words`: labels, header, enumerated values, provinces, regencies,
    the districts of the office's province) — those stay on the canvas all the same: Tesseract
    sets its word-space threshold from all the words it reads together, and a canvas of one or
    two names split them where a copy widened a letter gap (held-out A4 sheets lost 10 of 152
    KTP fields when the whole words were left off). A card with no other long word is not
    read again.
    """
    whole = whole_words()
    picks = [i for i, w in enumerate(words) if GLUED.match(w.text)]
    if all(words[i].text in whole for i in picks):
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
    f, g = RESPACE_SCALE, RESPACE_BINARY_SCALE
    cut = ink_cut(_grey(image))
    alone = []  # each long word not printed whole binarised, larger, on a page of its own
    for i, (_x, _y, crop) in zip(picks, crops, strict=True):
        if words[i].text not in whole:
            page = cv2.resize(cv2.copyMakeBorder(_grey(crop), pad, pad, pad, pad,
                                                 cv2.BORDER_CONSTANT, value=255),
                              None, fx=g, fy=g, interpolation=cv2.INTER_CUBIC)
            alone.append(np.where(page < cut, 0, 255).astype(np.uint8))
    grey, *thin = ocr_many([cv2.resize(canvas, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC),
                            *alone], psm=6, extra=RESPACE)
    lone = iter(thin)
    out = list(words)
    for i, (x0, y0, crop), (b0, b1) in zip(picks, crops, bands, strict=True):
        old = words[i]
        if old.text in whole:
            continue
        read = next(lone)
        parts = _parts(grey.words, f, b0, b1, old.text)
        if parts is None:  # the thinner print read larger, alone: taken at its widest gaps
            parts = _parts(read.words, g, pad, pad + crop.shape[0], old.text)
            if parts is not None and not _at_widest_gaps(crop, cut, parts, pad):
                parts = None
        if parts is not None:
            out[i] = [Word(p.text, old.conf, (x0 + round(p.bbox[0] / s) - pad,
                                              y0 + round(p.bbox[1] / s) - top,
                                              round(p.bbox[2] / s), round(p.bbox[3] / s)),
                           old.line) for p, s, top in parts]
    return [w for item in out for w in (item if isinstance(item, list) else [item])]


RESPACE_BINARY_SCALE = 2.5
"""The re-read of the long words binarised at the ink cut (thinner strokes, wider gaps) is
this much larger: a forwarded photo's blur closes a word space to a letter gap's width
(``PIAASTUTI``), which Tesseract keeps closed at twice the size but opens binarised at 2.5
times (seen WhatsApp seed 13 #2)."""
WIDEST_GAP = 1.5
"""A split of the binarised re-read is taken where the word's print has a gap this many times
its median gap between glyphs, and wider than every gap not split."""


def _parts(again: list[Word], scale: float, b0: int, b1: int, text: str
           ) -> list[tuple[Word, float, int]] | None:
    """The words of a re-read centred in the band ``b0``–``b1`` of its page (read ``scale``
    times larger), left to right, each with the scale and ``b0``, when they are ``text``'s
    letters in two or more words; else ``None``."""
    parts = sorted((w for w in again if b0 <= (w.bbox[1] + w.bbox[3] / 2) / scale < b1),
                   key=lambda w: w.bbox[0])
    if len(parts) < 2 or "".join(p.text for p in parts) != text:
        return None
    return [(p, scale, b0) for p in parts]


def _at_widest_gaps(crop: np.ndarray, cut: float, parts: list[tuple[Word, float, int]],
                    pad: int) -> bool:
    """Whether each space between ``parts`` (each read its scale times larger, ``pad``
    from the crop's left) lies in a gap of the crop's print (columns without ink at ``cut``)
    at least :data:`WIDEST_GAP` times the median gap, and wider than every gap no space is
    in: a space, not a letter gap a copy widened."""
    ink = (_grey(crop) < cut).any(axis=0)
    on = np.flatnonzero(ink)
    if on.size == 0:
        return False
    gaps = [(a, b) for a, b in runs(~ink) if a > on[0] and b <= on[-1]]  # between glyphs
    if len(gaps) < 2:
        return False
    spaces = set()
    for (left, s, _top), (right, _s, _t) in itertools.pairwise(parts):
        middle = ((left.bbox[0] + left.bbox[2] + right.bbox[0]) / 2) / s - pad
        hit = next((k for k, (a, b) in enumerate(gaps) if a - 1 <= middle <= b + 1), None)
        if hit is None:
            return False
        spaces.add(hit)
    widths = [b - a for a, b in gaps]
    median = float(np.median(widths))
    narrowest = min(widths[k] for k in spaces)
    return narrowest >= WIDEST_GAP * median and all(
        w < narrowest for k, w in enumerate(widths) if k not in spaces)


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


SURE = SURE_NUMBER
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
    where both read different digits the glyph stays ``?``. That number is then weighed glyph
    by glyph against the second reader's read of the same crop
    (:func:`~extractors.second_reader.second_opinion`): sure where the two agree on every
    glyph, below :data:`SURE` wherever they differ.
    """
    lengths = (length,) if isinstance(length, int) else length
    x, y, w, h = band
    crop = card[max(0, y):y + h, max(0, x):x + w]
    if crop.size == 0:
        return None, "", 0.0, band
    tess = repair_digits(text_read or "")
    number, template = _first_read(crop, band, lengths, valid, tess, text_read,
                                   monospaced, text_fills)
    value, conf = second_opinion(number[0], number[2], template, tess, read_line(crop), valid,
                                 lengths)
    return value, number[1], conf, number[3]


def _first_read(crop: np.ndarray, band: BBox, lengths: tuple[int, ...],
                valid: Callable[[str], bool], tess: str, text_read: str | None,
                monospaced: bool, text_fills: int) -> tuple[Number, str]:
    """The number as Tesseract and the digit reader read it (see :func:`read_number`), and
    the digit reader's own glyphs (``?`` where unsure, ``""`` if it read no glyph string of
    the number's length) for :func:`~extractors.second_reader.second_opinion`."""
    x, y = band[:2]
    if monospaced and 16 in lengths:
        cells = read_cells(crop, 16)
        if cells is not None:
            return _from_cells(cells, tess if len(tess) == 16 else "", valid, text_fills,
                               (x, y), crop, band), cells.text
    if len(tess) in lengths:
        read = read_digits(crop, length=len(tess))
        own = _shown(read) if len(read.text) == len(tess) else ""
        box = _box(read, x, y, crop, band) if own else band
        if read.text == tess:
            conf = _score(read, 1.0)
            return (tess, text_read or "", conf if valid(tess) else min(0.4, conf), box), own
        if own:
            merged = _merge(tess, read)
            if UNREADABLE in merged:
                return (merged, text_read or "", 0.3, box), own
        return (tess, text_read or "", 0.7 if valid(tess) else 0.3, box), own
    natural = read_digits(crop)
    lengths = tuple(sorted(lengths, key=lambda n: abs(n - len(natural.text))))
    # trimming to a length only changes a read that found more glyphs than that
    reads: list[DigitRead] = [natural if len(natural.text) <= n else read_digits(crop, length=n)
                              for n in lengths]
    trusted = reads[:1] if len(reads[0].text) in lengths else reads
    for i, r in enumerate(trusted):
        if len(r.text) in lengths and valid(r.text) and min(r.confidences) >= CELL_MIN:
            return ((r.text, r.text, _score(r, 1.0 if i == 0 else 0.75),
                     _box(r, x, y, crop, band)), r.text)
    best = reads[0]
    if len(best.text) not in lengths:
        return (None, best.text, 0.0, _box(best, x, y, crop, band)), ""
    shown = _shown(best)
    return (shown, best.text, 0.3, _box(best, x, y, crop, band)), shown


def _shown(read: DigitRead) -> str:
    """The digits of a read, ``?`` for each glyph read below :data:`CELL_MIN`."""
    return "".join(d if c >= CELL_MIN else UNREADABLE
                   for d, c in zip(read.text, read.confidences, strict=True))


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


def lost_lines(card: np.ndarray, words: list[Word], right: int) -> list[Word]:
    """Printed lines left of ``right`` (a KTP: its photo) that the whole-card pass returned no
    word for (on a copy, a row over a dark patch of the background may be skipped), each read
    on its own: the words of the reads that look like text.

    The lines are the bands of the ink's row profile; a band none of ``words`` stands on is
    read as one line across the text column (:func:`surer_line_reads`, all such bands in one
    Tesseract run)."""
    clean = clean_card(card)
    height = clean.shape[0]
    column = clean[:, :right]
    cut = ink_cut(clean)
    profile = glyphs(column < cut).sum(axis=1)
    on = profile >= max(6, 0.01 * right)
    bands = []
    for y0, y1 in runs(on):
        if not 8 <= y1 - y0 <= 60:
            continue
        if any(y0 <= w.bbox[1] + w.bbox[3] / 2 <= y1 and w.bbox[0] < right for w in words):
            continue
        bands.append((max(0, y0 - 6), min(height, y1 + 6)))
    found = []
    reads = surer_line_reads([column[top:bottom] for top, bottom in bands], cut)
    for (top, _bottom), read in zip(bands, reads, strict=True):
        if any(r.conf >= 0.45 and sum(c.isalnum() for c in r.text) >= 3 for r in read):
            found += [Word(r.text, r.conf, (r.bbox[0], r.bbox[1] + top, r.bbox[2], r.bbox[3]),
                           (LOST_LINE, top, 0)) for r in read]
    return found


def glyphs(ink: np.ndarray) -> np.ndarray:
    """The pixels of ``ink`` (a boolean mask) in glyph-sized marks: no speck, no rule."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8))
    glyph = (stats[:, 3] >= 6) & (stats[:, 3] <= 60) & (stats[:, 4] >= 12)
    glyph[0] = False
    return glyph[labels]


LOST_LINE = 900
"""The block number of the words of :func:`lost_lines` (Tesseract's blocks count from 1)."""


def runs(on: np.ndarray) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of True in a 1-D mask."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], on.astype(np.int8), [0]])))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


WEAK_WORD = 0.3
"""A value word read below this confidence makes its row be read again on its own crop."""
SURER = 0.15
"""How much surer (mean word confidence) a row's new read must be to replace the first."""


def confirms(first: list[Word], again: list[Word]) -> bool:
    """Whether a new read of a row mends the first read rather than replacing it: no more
    words (a space read into a name), its letters at most two edits from the first's."""
    letters = [re.sub(r"\W", "", text_of(ws)) for ws in (first, again)]
    return len(again) <= len(first) and Levenshtein.distance(*letters) <= 2


def mends(first: list[Word], again: list[Word]) -> bool:
    """Whether a row's new read is surer than the first (:data:`SURER`) and mends it
    (:func:`confirms`): the test a re-read passes to replace the first read."""
    return bool(again) and mean_conf(again) >= max(0.6, mean_conf(first) + SURER) \
        and confirms(first, again)


def reread_line(card: np.ndarray, words: list[Word], whitelist: str | None = None
                ) -> list[Word]:
    """The words of one printed line read again (:func:`reread_lines` of one line)."""
    return reread_lines(card, [words], whitelist)[0]


def reread_lines(card: np.ndarray, lines: list[list[Word]], whitelist: str | None = None
                 ) -> list[list[Word]]:
    """The words of each printed line of ``lines`` read again (``psm 7``, only the glyphs of
    ``whitelist`` if given) on the crop around its words, in card coordinates, all with the line
    key of its first word: every line in one Tesseract run (:func:`surer_line_reads`). The
    crops are enlarged :data:`REREAD_SCALE` times, :data:`REREAD_BLURRED` on a clearly blurred
    card (:func:`edge_width`)."""
    if not lines:
        return []
    clean = clean_card(card)
    s = REREAD_BLURRED if edge_width(clean) >= BLURRED_EDGE else REREAD_SCALE
    crops, origins = [], []
    for words in lines:
        x, y, w, h = words_box(words) or (0, 0, 0, 0)
        pad = max(4, int(0.35 * float(np.median([b.bbox[3] for b in words]))))
        x0, y0 = max(0, x - pad), max(0, y - pad)
        crop = clean[y0:y + h + pad, x0:x + w + 2 * pad]
        crops.append(cv2.resize(crop, None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC)
                     if crop.size else crop)
        origins.append((x0, y0))
    reads = surer_line_reads(crops, ink_cut(clean), whitelist)
    return [[Word(r.text, r.conf, (round(r.bbox[0] / s) + x0, round(r.bbox[1] / s) + y0,
                                   round(r.bbox[2] / s), round(r.bbox[3] / s)),
                  words[0].line) for r in read]
            for words, (x0, y0), read in zip(lines, origins, reads, strict=True)]


REREAD_SCALE = 1.5
"""How much larger a line is read again than the card pass read it."""
REREAD_BLURRED = 2.0
"""How much larger a line of a clearly blurred card (:data:`BLURRED_EDGE`) is read again: its
smeared strokes are a few pixels wider, and at twice the size Tesseract parts more of its
glyphs (seen forwarded photos, seeds 12 and 77: a shaken card's name and nationality read
whole; sharpening the crops instead lost more than it won)."""
BLURRED_EDGE = 2.85
"""The edge width (:func:`edge_width`, pixels) from which a card is clearly blurred: sharp
and mildly soft cards measure 1.9–2.8 (seen forwarded photos, seeds 12 and 77), a card
out of focus or shaken by hand 2.9 and more."""


TEXT_COLUMN = 0.72
"""The share of a card's width its text column takes, left of where a KTP's photo stands."""


def text_column(card: np.ndarray) -> np.ndarray:
    """The text column of a card image (:data:`TEXT_COLUMN`)."""
    return card[:, :int(TEXT_COLUMN * card.shape[1])]


def edge_width(clean: np.ndarray) -> float:
    """How wide the print's edges are on a cleaned card, in pixels: the lag at which the
    autocorrelation of the horizontal gradient of its text column (left of a KTP's photo)
    first falls to zero, interpolated. A sharp edge's gradient is a spike of a pixel or two;
    defocus and hand shake spread it. Measured in the image alone, whatever blurred it."""
    g = cv2.Sobel(text_column(clean).astype(np.float32), cv2.CV_32F, 1, 0, ksize=3)
    f = np.fft.rfft2(g)
    ac = np.fft.irfft2(f * np.conj(f), s=g.shape)[0, :32]
    if ac[0] <= 0 or not (ac < 0).any():
        return 0.0
    ac = ac / ac[0]
    i = int(np.argmax(ac < 0))
    return float(i - 1 + ac[i - 1] / (ac[i - 1] - ac[i]))


def ink_cut(clean: np.ndarray) -> float:
    """The grey level parting print from background on a cleaned card: the Otsu cut of its
    text column (left of where a KTP's photo stands)."""
    cut, _ = cv2.threshold(text_column(clean), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return float(cut)


def surer_line_reads(crops: list[np.ndarray], cut: float, whitelist: str | None = None
                     ) -> list[tuple[Word, ...]]:
    """Each printed line of ``crops`` read (``psm 7``) on the grey crop and on it binarised at
    ``cut`` (on a copy's grey guilloche Tesseract's own threshold may lose the text): the surer
    read of each, all the crops and their binarisations in one Tesseract run."""
    binaries = [np.where(c < cut, 0, 255).astype(np.uint8) for c in crops]
    reads = ocr_many([*crops, *binaries], psm=7, whitelist=whitelist, extra=FAST)
    return [max((grey.words, binary.words), key=lambda ws: mean_conf(list(ws)))
            for grey, binary in zip(reads[:len(crops)], reads[len(crops):], strict=True)]


GAP = 1.8
"""A gap between two words of a row wider than this many glyph heights may hold a word the
whole-card pass lost (a word gap is about half a glyph height)."""


def inked_gaps(card: np.ndarray, words: list[Word]) -> list[tuple[int, int]]:
    """``(x0, x1)`` of each wide gap (:data:`GAP`) between consecutive ``words`` of one row
    that holds print: a glyph-tall mark at the ink cut (:func:`ink_cut`), not a speck."""
    if len(words) < 2:
        return []
    height = float(np.median([w.bbox[3] for w in words]))
    clean = None
    out = []
    for a, b in itertools.pairwise(words):
        x0, x1 = a.bbox[0] + a.bbox[2] + 2, b.bbox[0] - 2
        if x1 - x0 <= GAP * height:
            continue
        if clean is None:
            clean = clean_card(card)
            cut = ink_cut(clean)
        top = max(0, min(a.bbox[1], b.bbox[1]))
        bottom = max(a.bbox[1] + a.bbox[3], b.bbox[1] + b.bbox[3])
        ink = (clean[top:bottom, x0:x1] < cut).astype(np.uint8)
        if ink.size == 0:
            continue
        n, _, stats, _ = cv2.connectedComponentsWithStats(ink)
        if any(s[3] >= 0.5 * height and s[4] >= 12 for s in stats[1:n]):
            out.append((x0, x1))
    return out


def with_tail(card: np.ndarray, words: list[Word], right: int) -> list[Word]:
    """``words`` (a row's value), with a blank word over the print that continues the row
    past its last word (a glyph the card pass lost: ``NO. 4`` read ``NO.``) when there is
    some, for a re-read's crop (:func:`reread_lines`) to take it in: glyph marks
    (:func:`glyphs`) in the words' band left of ``right``, each less than :data:`GAP` glyph
    heights from the print before it."""
    x, y, w, h = words_box(words) or (0, 0, 0, 0)
    height = float(np.median([b.bbox[3] for b in words])) if words else 0.0
    if not words or x + w >= right:
        return words
    clean = clean_card(card)
    inked = glyphs(clean[y:y + h, x + w:right] < ink_cut(clean)).any(axis=0)
    end, empty = 0, 0
    for i, on in enumerate(inked):
        end, empty = (i + 1, 0) if on else (end, empty + 1)
        if empty > GAP * height:
            break
    if end < 0.5 * height:
        return words
    last = words[-1]
    return [*words, Word("", 0.0, (x + w, last.bbox[1], end, last.bbox[3]), last.line)]


def fills(first: list[Word], again: list[Word], gaps: list[tuple[int, int]],
          faint: list[Word] | tuple[Word, ...] = ()) -> bool:
    """Whether a row's new read is the first read with the words it lost put back: the new
    read's words centred in one of the first read's inked ``gaps`` hold a letter or digit and
    are clear (0.6) or read alike by the whole-card pass there (``faint``: its words dropped
    as barely seen, ``014`` under a new ``O14``; two reads of the same print), and the other
    words mend the first read (:func:`confirms`)."""
    def in_gap(w: Word) -> bool:
        centre = w.bbox[0] + w.bbox[2] / 2
        return any(x0 <= centre <= x1 for x0, x1 in gaps)

    def seen(w: Word) -> bool:
        return w.conf >= 0.6 or any(_alike(w, f) for f in faint)

    new = [w for w in again if in_gap(w)]
    rest = [w for w in again if not in_gap(w)]
    return bool(new) and all(seen(w) and any(c.isalnum() for c in w.text) for w in new) \
        and len(rest) == len(first) and confirms(first, rest)


def _alike(a: Word, b: Word) -> bool:
    """Whether two reads of a row are the same word at the same place: ``b`` centred within
    ``a``'s box, the same text (a number's glyphs compared as digits: ``O14``, ``014``)."""
    centre = b.bbox[0] + b.bbox[2] / 2
    if not a.bbox[0] <= centre <= a.bbox[0] + a.bbox[2]:
        return False
    if any(c.isdigit() for c in a.text + b.text):
        digits = repair_digits(a.text)
        return len(digits) == len(a.text) and digits == repair_digits(b.text) == b.text
    return a.text == b.text
