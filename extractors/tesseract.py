"""The one wrapper around Tesseract (through ``pytesseract``).

Every OCR call of the project goes through :func:`ocr` (or :func:`ocr_many`, several images in
one Tesseract process: a process start and the loading of the ``ind`` model cost about 0.13 s
of CPU, more than the reading of a small crop). It runs Tesseract single-threaded
(``OMP_THREAD_LIMIT=1``; parallelism comes from task runners), with a timeout per call. A timeout
or an empty page gives an empty result and a warning on the ``intake.tesseract`` logger; any other
failure becomes :class:`OcrEngineError`. :func:`probe` checks at start-up that the binary and the
language data are there and raises :class:`MissingDependencyError` with what to install.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pytesseract
from PIL import Image

from core.models import BBox
from core.settings import get_settings

os.environ["OMP_THREAD_LIMIT"] = "1"

log = logging.getLogger("intake.tesseract")

FAST = "-c tessedit_do_invert=0"
"""Tesseract option: do not retry every weak line as white-on-black (cards never are)."""


class OcrEngineError(RuntimeError):
    """Tesseract failed on an image for a reason other than a timeout or an empty page."""


class MissingDependencyError(RuntimeError):
    """Tesseract or its language data is not installed."""


@dataclass(frozen=True)
class Word:
    """One word as Tesseract read it; ``conf`` in 0–1, ``bbox`` in the input image's pixels."""

    text: str
    conf: float
    bbox: BBox
    line: tuple[int, int, int]
    """``(block, paragraph, line)``: words with the same key are on one line."""


@dataclass(frozen=True)
class Line:
    """The words of one text line, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def conf(self) -> float:
        """The lowest word confidence of the line (0 for an empty line)."""
        return min((w.conf for w in self.words), default=0.0)

    @property
    def bbox(self) -> BBox:
        """The box around all the words of the line."""
        return union_boxes([w.bbox for w in self.words])


@dataclass(frozen=True)
class OcrResult:
    """The words of one OCR call."""

    words: tuple[Word, ...] = ()

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        """Words grouped into lines, in reading order."""
        groups: dict[tuple[int, int, int], list[Word]] = {}
        for w in self.words:
            groups.setdefault(w.line, []).append(w)
        return tuple(Line(tuple(sorted(ws, key=lambda w: w.bbox[0]))) for ws in groups.values())

    @property
    def text(self) -> str:
        """The whole text, one line per line."""
        return "\n".join(line.text for line in self.lines)


def union_boxes(boxes: list[BBox]) -> BBox:
    """The smallest box holding every box of ``boxes`` (``(0, 0, 0, 0)`` when empty)."""
    if not boxes:
        return (0, 0, 0, 0)
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


def base_args(psm: int, whitelist: str | None = None, extra: str = "") -> str:
    """The command-line configuration of one call."""
    args = f"--oem 1 --psm {psm}"
    if whitelist:
        args += f" -c tessedit_char_whitelist={whitelist}"
    return f"{args} {extra}".strip()


def _pnm(image: np.ndarray) -> Image.Image:
    """``image`` as a PIL image that pytesseract hands to Tesseract as PNM (PGM/PPM).

    pytesseract writes its input to a temporary file in the image's format, PNG by default;
    PNG's compression costs more than the OCR of a small crop. PNM is written as it is.
    """
    pil = Image.fromarray(image)
    pil.format = "PPM"
    return pil


def _run(image: np.ndarray | str, lang: str, config: str, timeout: float) -> dict[str, list]:
    """Run Tesseract once; the single place that calls the binary for words. ``image`` is an
    image, or the path of a text file listing image files (:func:`ocr_many`)."""
    try:
        return pytesseract.image_to_data(
            image if isinstance(image, str) else _pnm(image), lang=lang, config=config,
            timeout=timeout,
            output_type=pytesseract.Output.DICT,
        )
    except RuntimeError as e:  # pytesseract raises RuntimeError on its timeout
        if "timeout" in str(e).lower():
            log.warning("Tesseract timed out after %.0f s (%s); empty result", timeout, config)
            return {}
        raise OcrEngineError(f"Tesseract failed: {e}") from e
    except pytesseract.TesseractError as e:
        if "Empty page" in str(e.message):
            return {}
        raise OcrEngineError(f"Tesseract failed ({e.status}): {e.message}") from e
    except pytesseract.TesseractNotFoundError as e:
        raise MissingDependencyError(_INSTALL_HINT) from e


def ocr(
    image: np.ndarray,
    *,
    psm: int = 6,
    lang: str | None = None,
    whitelist: str | None = None,
    extra: str = "",
    timeout: float | None = None,
) -> OcrResult:
    """OCR ``image`` (grey or BGR ``uint8``) and return its words with confidences and boxes."""
    if image.size == 0:
        return OcrResult()
    settings = get_settings()
    data = _run(
        image,
        lang or settings.ocr_lang,
        base_args(psm, whitelist, extra),
        settings.ocr_timeout if timeout is None else timeout,
    )
    return OcrResult(tuple(_words(data).get(1, [])))


def ocr_many(
    images: list[np.ndarray],
    *,
    psm: int = 6,
    lang: str | None = None,
    whitelist: str | None = None,
    extra: str = "",
    timeout: float | None = None,
) -> list[OcrResult]:
    """:func:`ocr` of each of ``images`` with the same options, in one Tesseract process: one
    :class:`OcrResult` per image, in order, the same words as separate calls would give (each
    image is a page of its own to Tesseract, read as if alone). The timeout is per image."""
    out = [OcrResult()] * len(images)
    todo = [i for i, image in enumerate(images) if image.size]
    if len(todo) <= 1:
        for i in todo:
            out[i] = ocr(images[i], psm=psm, lang=lang, whitelist=whitelist, extra=extra,
                         timeout=timeout)
        return out
    settings = get_settings()
    with tempfile.TemporaryDirectory(prefix="tess_many_") as folder:
        paths = []
        for n, i in enumerate(todo):
            path = Path(folder) / f"{n}.pnm"
            _pnm(images[i]).save(path, format="PPM")
            paths.append(str(path))
        listing = Path(folder) / "images.txt"
        listing.write_text("\n".join(paths) + "\n")
        data = _run(str(listing), lang or settings.ocr_lang, base_args(psm, whitelist, extra),
                    (settings.ocr_timeout if timeout is None else timeout) * len(todo))
    pages = _words(data)
    for n, i in enumerate(todo):
        out[i] = OcrResult(tuple(pages.get(n + 1, [])))
    return out


def _words(data: dict[str, list]) -> dict[int, list[Word]]:
    """The words of Tesseract's TSV output by page number (from 1; one page per image)."""
    pages: dict[int, list[Word]] = {}
    for i, text in enumerate(data.get("text", [])):
        text = text.strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        bbox = (data["left"][i], data["top"][i], data["width"][i], data["height"][i])
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        pages.setdefault(int(data["page_num"][i]), []).append(Word(text, conf / 100.0, bbox, key))
    return pages


def searchable_pdf(image: np.ndarray, *, lang: str | None = None,
                   timeout: float | None = None) -> bytes:
    """One PDF page: ``image`` with Tesseract's invisible text layer over it (empty on timeout)."""
    settings = get_settings()
    timeout = settings.ocr_timeout * 2 if timeout is None else timeout
    try:
        return pytesseract.image_to_pdf_or_hocr(
            image, lang=lang or settings.ocr_lang, extension="pdf", timeout=timeout)
    except RuntimeError as e:
        if "timeout" in str(e).lower():
            log.warning("Tesseract PDF output timed out after %.0f s", timeout)
            return b""
        raise OcrEngineError(f"Tesseract failed: {e}") from e
    except pytesseract.TesseractError as e:
        raise OcrEngineError(f"Tesseract failed ({e.status}): {e.message}") from e


_INSTALL_HINT = (
    "Tesseract is not installed. On Debian: apt-get install tesseract-ocr tesseract-ocr-ind "
    "(or run `make demo`, which installs it)."
)


@lru_cache(maxsize=1)
def probe() -> str:
    """Check Tesseract and its ``ind`` data once per process; return its version."""
    try:
        version = str(pytesseract.get_tesseract_version())
        langs = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError) as e:
        raise MissingDependencyError(_INSTALL_HINT) from e
    lang = get_settings().ocr_lang
    if lang not in langs:
        raise MissingDependencyError(
            f"Tesseract has no '{lang}' language data. "
            f"On Debian: apt-get install tesseract-ocr-{lang}"
        )
    return version
