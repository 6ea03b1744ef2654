"""A second reader for the identity-number lines: PaddleOCR's PP-OCRv4 recogniser.

``rapidocr-onnxruntime`` ships the PP-OCRv4 models in its wheel and runs them on onnxruntime
on the CPU. Only its line recogniser is used, on the crop of a number line the card readers
already found (no detection: that is slow, and the line is known): it reads a whole line at
once, so it errs where the template reader (:mod:`extractors.digits`) does not (flatbed scans,
phone photos) and the other way round (photocopies, low resolution).

The engine is loaded once per process, lazily, single-threaded, and silently. When it cannot be
loaded (the package missing, a broken model) :func:`read_line` returns ``None`` and the card
readers do what they do without it; the reason is logged once on ``intake.second_reader``.
"""

from __future__ import annotations

import itertools
import logging
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import cv2
import numpy as np
from rapidfuzz.distance import Levenshtein

from extractors.digits import UNREADABLE

log = logging.getLogger("intake.second_reader")

SEPARATORS = frozenset(" .-,:;")
"""Characters of a number line that are no glyph of the number (NPWP ``.`` and ``-``)."""
DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class LineRead:
    """The glyphs of a line as the recogniser read them, each a digit or ``?``
    (:data:`~extractors.digits.UNREADABLE`: another character), and the probability (0–1) of
    each."""

    text: str
    confidences: tuple[float, ...]


_LOADING = threading.Lock()


def _engine() -> Any | None:
    """The PP-OCRv4 line recogniser (one per process, whichever thread asks first), or
    ``None`` when it cannot be loaded."""
    with _LOADING:
        return _load()


@cache
def _load() -> Any | None:
    try:
        for name in ("RapidOCR", "OrtInferSession"):  # the package's own loggers: quiet
            quiet = logging.getLogger(name)
            quiet.setLevel(logging.CRITICAL + 1)
            quiet.propagate = False
        from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
        from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
        from rapidocr_onnxruntime.utils import read_yaml, update_model_path

        config = update_model_path(read_yaml(str(DEFAULT_CFG_PATH)))["Rec"]
        config.update(intra_op_num_threads=1, inter_op_num_threads=1)
        return TextRecognizer(config)
    except Exception as e:  # any failure to load: read without it, say so once
        log.warning("second reader unavailable, numbers read by Tesseract and the digit "
                    "reader only: %s: %s", type(e).__name__, e)
        return None


def available() -> bool:
    """Whether the second reader can be used (loads it on the first call)."""
    return _engine() is not None


def read_line(crop: np.ndarray) -> LineRead | None:
    """The glyphs of one number-line crop (BGR or grey), separators left out; ``None`` when
    the engine is unavailable or the crop empty."""
    engine = _engine()
    if engine is None or crop.size == 0 or min(crop.shape[:2]) < 4:
        return None
    img = crop if crop.ndim == 3 else cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)
    try:
        ((text, _mean, info),) = engine(np.ascontiguousarray(img), True)[0]
    except Exception as e:  # an engine failure on one crop: no second opinion on it
        log.debug("second reader failed on a crop: %s", e)
        return None
    if not text:
        return LineRead("", ())
    probs = info[4]
    chars = [unicodedata.normalize("NFKC", ch)[:1] for ch in text]  # "：" is ":"
    glyphs = [(ch if ch in DIGITS else UNREADABLE, float(p))
              for ch, p in zip(chars, probs, strict=False) if ch not in SEPARATORS]
    while glyphs and glyphs[0][0] == UNREADABLE:  # a mark before or after the number
        glyphs.pop(0)
    while glyphs and glyphs[-1][0] == UNREADABLE:
        glyphs.pop()
    return LineRead("".join(g[0] for g in glyphs), tuple(g[1] for g in glyphs))


AGREED = 0.95
"""The confidence of a number both readers read alike glyph for glyph, passing its rules."""
SETTLED = 0.7
"""A number with a glyph only one reader read, or that the readers read differently and the
majority of the engines or the number's rules settled: shown, below
:data:`~core.models.SURE_NUMBER`, for the clerk to confirm."""
LONE = 0.6
"""A number only the second reader read at its length, passing its rules."""
UNSETTLED = 0.2
"""A number with a glyph no reader settles (``?`` there)."""
MAX_TIES = 3
"""Glyphs the number's rules may settle at most (each between the two digits read there)."""


def second_opinion(value: str | None, conf: float, template: str, tess: str,
                   second: LineRead | None, valid: Callable[[str], bool],
                   lengths: tuple[int, ...]) -> tuple[str | None, float]:
    """``(value, confidence)`` of a number the first readers read as ``value`` (``?`` for a
    glyph they could not read) with ``conf``, weighed against the second reader's read.

    ``template`` and ``tess`` are the digit reader's and Tesseract's own glyphs (``""``
    where they read no string of the number's length): they count as votes where the two
    readers differ. Glyph by glyph (aligned by edit distance, so that a glyph one reader lost
    or added does not shift the rest):

    * both read the same digit at every glyph: the number is sure (:data:`AGREED`) if it
      passes its rules;
    * the second reader has no digit for a glyph (lost, or a letter): no opinion there;
    * otherwise the digit most engines read there (the second reader, the digit reader,
      Tesseract; a glyph the first readers could not read taken from the second reader if no
      engine read another digit there), below sure; a tie is settled by the number's rules
      when exactly one choice between the digits read there makes it pass them, else the
      first readers' digit stays (``?`` where they had none) — never a digit no engine read.

    Without a second read (the engine unavailable) the first readers' number stands.
    """
    if second is None or not second.text:
        return value, conf
    if value is None:
        own = second.text
        if len(own) in lengths and UNREADABLE not in own and valid(own):
            return own, LONE
        return value, conf
    theirs = _aligned(value, second.text)
    out: list[str] = []
    ties: dict[int, tuple[str, ...]] = {}
    agreed, changed = True, False
    for i, (mine, other) in enumerate(zip(value, theirs, strict=True)):
        if other == mine and mine != UNREADABLE:
            out.append(mine)
            continue
        agreed = False
        if other in ("", UNREADABLE) or other == mine:
            out.append(mine)
            continue
        changed = True
        votes = Counter([other, *(r[i] for r in (template, tess)
                                  if len(r) == len(value) and r[i] in DIGITS)])
        if mine in DIGITS:
            votes[mine] = max(1, votes[mine])
        top = max(votes.values())
        best = sorted(d for d, n in votes.items() if n == top)
        if len(best) == 1:
            out.append(best[0])
        else:
            ties[i] = tuple(best)
            out.append(UNREADABLE)
    if agreed:
        number = "".join(out)
        return number, max(conf, AGREED) if valid(number) else conf
    if not changed:
        return value, conf
    if ties and 0 < len(ties) <= MAX_TIES and out.count(UNREADABLE) == len(ties):
        fits = set()
        for choice in itertools.product(*ties.values()):
            trial = out[:]
            for k, d in zip(ties, choice, strict=True):
                trial[k] = d
            if valid("".join(trial)):
                fits.add("".join(trial))
        if len(fits) == 1:
            return fits.pop(), SETTLED
    for k in ties:  # one engine against one, nothing settles: the first readers' digit stays,
        if value[k] in DIGITS:  # below sure (a tie is no reason to lose a digit read)
            out[k] = value[k]
    number = "".join(out)
    if UNREADABLE in number:
        return number, min(conf, UNSETTLED)
    return number, SETTLED if valid(number) else min(conf, 0.3)


def _aligned(value: str, second: str) -> list[str]:
    """The second reader's glyph for each glyph of ``value`` (``""`` where it has none), the
    two strings aligned by edit distance."""
    out = [""] * len(value)
    for tag, a0, a1, b0, b1 in Levenshtein.opcodes(value, second):
        if tag in ("equal", "replace") and a1 - a0 == b1 - b0:
            for k in range(a1 - a0):
                out[a0 + k] = second[b0 + k]
    return out
