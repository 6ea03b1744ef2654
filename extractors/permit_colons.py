"""OCR's colons on a permit page: a scan reads the small colon of ``Label : value`` as anything.

Tesseract reads it as ``1``, ``2``, ``Aa``, ``:.``, ``»`` or glues it to the value (``: 176``
read as ``1176``). :func:`clean` turns tiny or narrow colon-like marks back into ``:`` and drops
specks; :func:`strip_colon` and :func:`misread_colon` drop a colon read into the value's first
word, known from the page's colon column or from where the neighbouring values start.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.permit_lines import TextLine, TextWord

_JUNK = re.compile(r"^[^\w:|/]+$")
COLONISH = ":;1lI|i!"
_ONE = {"1", "l", "I", "|"}
"""A ``1`` as OCR reads it: right after a colon it is the value (``Ketinggian : 1``)."""


def clean(words: tuple[TextWord, ...]) -> list[TextWord]:
    """The line's words without specks (no letter, digit, colon or border) and dot leaders.

    A scan reads the small colon as anything (``1``, ``2``, ``Aa``, ``:.``, ``»``): a tiny
    mark beside the line's letters is the colon, and so is a narrow ``1``/``l``/``|`` that a
    value follows closely, unless a colon stands right before it (then it is the value, small
    or not).
    """
    heights = sorted(w.bbox[3] for w in words if sum(c.isalnum() for c in w.text) >= 2)
    tall = heights[len(heights) // 2] if heights else 0
    out: list[TextWord] = []
    cell = False  # a ruled cell's start dropped with a speck: the next word kept starts it
    for i, w in enumerate(words):
        cell = cell or w.cell
        text = w.text.strip()
        if not text:
            continue
        if tall and _leader(w, tall):
            continue  # dot leaders to the colon (``Nama ........ :``), read as low letters
        after_colon = bool(out) and out[-1].text == ":"
        tiny = tall and len(text) <= 2 and w.bbox[3] <= 0.55 * tall \
            and w.bbox[2] <= 0.4 * tall and not (after_colon and text in _ONE) \
            and not _dash(w)
        narrow = tall and _narrow_colon(words, i, tall) and not after_colon
        specks = ":" in text and not any(c.isalnum() for c in text)  # ``:.``, ``.:``
        column = tall and _colon_cell(words, i, tall, cell)
        if tiny or narrow or column or (specks and text != ":"):
            w = TextWord(":", w.bbox, w.conf, w.text, w.cell)
        if _JUNK.match(w.text):
            continue
        if re.fullmatch(r"[|\[\]]+", w.text) and (not tall or w.bbox[3] > 1.3 * tall):
            continue  # a table border (a short one is the digit 1)
        if w.text in _ONE and _alone(words, i, cell) and tall and w.bbox[3] >= 0.7 * tall:
            w = TextWord("1", w.bbox, w.conf, w.text, w.cell)  # a ruled cell's lone ``1``
        out.append(replace(w, cell=cell))
        cell = False
    return out


def _dash(w: TextWord) -> bool:
    """Whether ``w`` is a flat mark (``-`` bullet, hyphen), much wider than tall: never a
    colon, whose two dots stand one over the other."""
    return w.bbox[2] >= 1.5 * w.bbox[3]


def _leader(w: TextWord, tall: float) -> bool:
    """Whether ``w`` is a stretch of dot leaders: low as dots (half a letter's height at most)
    and wide (``o##.``, ``nana``, ``.....``), or lower still and wider than a colon."""
    height, width = w.bbox[3], w.bbox[2]
    return height <= 0.5 * tall and (width >= 3 * tall or (height <= 0.4 * tall
                                                            and width >= 0.5 * tall))


def _alone(words: tuple[TextWord, ...], i: int, start: bool) -> bool:
    """Whether word ``i``, a ruled cell's first (``start``: after the specks dropped before
    it), stands alone in its cell."""
    return start and (i + 1 == len(words) or words[i + 1].cell)


def _colon_cell(words: tuple[TextWord, ...], i: int, tall: int, start: bool) -> bool:
    """A short, narrow mark alone in a ruled cell between two others (a colon column)."""
    w = words[i]
    return _alone(words, i, start) and i + 1 < len(words) and len(w.text) <= 2 \
        and w.bbox[3] <= 0.8 * tall and w.bbox[2] <= 0.4 * tall


def _narrow_colon(words: tuple[TextWord, ...], i: int, tall: int) -> bool:
    """A narrow, short colon-like mark with a value word close on its right."""
    w = words[i]
    if len(w.text) > 2 or not all(c in COLONISH or c == "." for c in w.text) \
            or w.text[0] == "." or i + 1 >= len(words):
        return False
    if w.bbox[2] > 0.3 * tall or w.bbox[3] > 0.8 * tall:
        return False
    gap = words[i + 1].bbox[0] - (w.bbox[0] + w.bbox[2])
    return 0 <= gap <= 2.5 * tall and i > 0


def colon_columns(lines: list[TextLine]) -> dict[int, list[tuple[float, int]]]:
    """Per page, ``(y, x)`` of every colon read as one (the colon columns of the page's forms)."""
    out: dict[int, list[tuple[float, int]]] = {}
    for line in lines:
        for w in clean(line.words)[1:]:
            if w.text.startswith(":"):
                out.setdefault(line.page, []).append((line.y, w.bbox[0]))
    return out


def strip_colon(value: list[TextWord], colons: list[tuple[float, int]], y: float,
                 height: int) -> list[TextWord]:
    """A value whose first word stands in the colon column (two of the colons nearest above
    or below on the page, one is not a column: it may be a value's ``1`` taken for a colon)
    starts with the colon misread (``: 1`` read as ``11``, ``:`` as ``1?``): that glyph is
    dropped; a letter no colon is read as stays (``JL.`` whose box took in the colon beside
    it, the colon itself lost, is the street's ``JL.``)."""
    first = value[0]
    near = sorted(colons, key=lambda c: abs(c[0] - y))[:4]
    if sum(abs(first.bbox[0] - x) <= 0.3 * height for _y, x in near) < 2:
        return value
    if len(first.text) <= 2 and len(value) > 1 and not first.text[1:].isdigit():
        return value[1:]
    if len(first.text) >= 2 and (first.text[0] in COLONISH or not first.text[0].isalpha()):
        # ``11 Lantai``: the colon glued to a ``1``, which stays
        return [TextWord(first.text[1:].lstrip(), first.bbox, first.conf), *value[1:]]
    return value


def restore_digit(value: list[TextWord], colon: TextWord, starts: list[tuple[float, int]],
                  y: float, height: int) -> list[TextWord]:
    """A ``1`` (read ``|``/``l``/``I``) taken for a colon by :func:`clean` where it stands in
    the value column its neighbours start in (a table without colons: ``1 lapis``) is the
    value's first word again; not when the value starts a ruled cell of its own (the colon
    stood in the colon column's cell)."""
    if colon.was not in ("1", "l", "I", "|") or (value and value[0].cell):
        return value
    near = sorted(starts, key=lambda s: abs(s[0] - y))[1:7]
    if sum(abs(x - colon.bbox[0]) < 0.4 * height for _y, x in near) < 2:
        return value
    return [TextWord("1", colon.bbox, colon.conf), *value]


def misread_colon(value: list[TextWord], starts: list[tuple[float, int]], y: float,
                   height: int) -> list[TextWord]:
    """A value starting a little left of the value column its neighbours start in, with a
    colon-like glyph (``1176`` for ``: 176``, ``1 SHM`` for ``: SHM``), loses that glyph; a
    lone ``1`` stays (``: 1`` read as one glyph: the value is all there is)."""
    first = value[0]
    if not first.text or first.text[0] not in COLONISH or (len(value) == 1 and first.text in _ONE):
        return value
    near = sorted(starts, key=lambda s: abs(s[0] - y))[1:7]
    column = [x for _y, x in near if 0.4 * height <= x - first.bbox[0] <= 3 * height]
    aligned = [x for _y, x in near if abs(x - first.bbox[0]) < 0.4 * height]
    if len(column) < 2 or len(column) <= len(aligned):
        return value
    if len(first.text) <= 2 and len(value) > 1:
        return value[1:]
    rest = first.text[1:].lstrip()
    return [TextWord(rest, first.bbox, first.conf), *value[1:]] if rest else value[1:]
