"""The lines of a permit page: from a PDF text layer or from Tesseract words, and its columns.

Both give :class:`TextLine` s of :class:`TextWord` s in page pixels, top to bottom, read the
same way afterwards. :func:`cell_starts` finds where a page's columns start in each line: a
word standing where words of other lines start too, after more than a space, starts a cell
(a ruled table's value column without colons, the second pair of a two-field row).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from core.models import BBox
from extractors.permit_grid import Cell
from extractors.tesseract import OcrResult, Word


@dataclass(frozen=True)
class TextWord:
    """A word of a line: text, box in page pixels, confidence."""

    text: str
    bbox: BBox
    conf: float
    was: str = ""
    """What the OCR read, when a repair changed it (a ``1`` taken for a colon)."""
    cell: bool = False
    """The first word of a ruled table cell (a text-layer PDF's rule stands before it)."""


@dataclass(frozen=True)
class TextLine:
    """A line of a permit page, words left to right."""

    words: tuple[TextWord, ...]
    page: int
    exact: bool = False
    """From a PDF text layer: the glyphs are what is printed (no OCR slips to repair)."""
    ruled: bool = False
    """A row of a ruled table: its cells' words cell by cell, each cell's words in reading
    order (a label wrapping in its cell reads whole, then its value)."""
    level: float | None = None
    """The line's height on the page where the page's lines cross one upright of the sheet
    (a photo's sheet lies at an angle: the raw heights of a label line and of a value line
    beside it differ by the tilt), when known."""

    @property
    def text(self) -> str:
        """The words joined by spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def y(self) -> float:
        """The vertical centre of the line (its :attr:`level` when known)."""
        if self.level is not None:
            return self.level
        centres = sorted(w.bbox[1] + w.bbox[3] / 2 for w in self.words)
        return centres[len(centres) // 2] if centres else 0.0


def lines_from_words(words: list[dict], page: int) -> list[TextLine]:
    """Lines from a PDF text layer (``pdfplumber`` words in pixels), top to bottom.

    A word joins the line it overlaps vertically by most of its height, so a bold or larger
    value stays on its label's line. Words in ruled table cells (``cell``, the cell's top-left
    corner: :mod:`extractors.rulings`) make one line per table row, whatever their height in
    it: cell by cell, each cell's words column by column and top to bottom (:func:`_row_of`).
    A row of one cell holding one column of text (a boxed note, a framed letterhead) is read
    as plain lines.
    """
    rows: dict[float, list[dict]] = {}
    for w in words:
        if w.get("cell"):
            rows.setdefault(round(w["cell"][1], 1), []).append(w)
    for key, row in list(rows.items()):
        if _one_column({round(w["cell"][0], 1) for w in row},
                       [(w["x0"], w["x1"], w["bottom"] - w["top"]) for w in row]):
            del rows[key]  # one cell of one column of text (a boxed note): plain lines
    kept = {id(w) for row in rows.values() for w in row}
    free = [w for w in words if id(w) not in kept]
    out = [(min(w["top"] for w in line), TextLine(tuple(_text_word(w) for w in line), page,
                                                  exact=True))
           for line in _visual_rows(free)]
    out += [(min(w["top"] for w in row), _ruled_row(row, page)) for row in rows.values()]
    return [line for _top, line in sorted(out, key=lambda t: t[0])]


def _text_word(w: dict, cell: bool = False) -> TextWord:
    return TextWord(w["text"], (round(w["x0"]), round(w["top"]), round(w["x1"] - w["x0"]),
                                round(w["bottom"] - w["top"])), 0.99, cell=cell)


def _visual_rows(words: list[dict]) -> list[list[dict]]:
    """``words`` as visual lines (each left to right), top to bottom."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows:
            top = min(x["top"] for x in rows[-1])
            bottom = max(x["bottom"] for x in rows[-1])
            height = min(w["bottom"] - w["top"], rows[-1][0]["bottom"] - rows[-1][0]["top"])
            if min(bottom, w["bottom"]) - max(top, w["top"]) >= 0.6 * height:
                rows[-1].append(w)
                continue
        rows.append([w])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def _one_column(cells: set[float], extents: list[tuple[float, float, float]]) -> bool:
    """Whether a table row of these ``cells`` (their left edges) and words (``x0, x1,
    height``) is one cell holding one column of text (a boxed note, a framed letterhead)."""
    return len(cells) == 1 and _spans(extents) < 2


def _spans(extents: list[tuple[float, float, float]]) -> int:
    """How many columns words (``x0, x1, height``) stand in (x ranges apart by more than a
    wide space)."""
    count, end = 0, float("-inf")
    for x0, x1, height in sorted(extents):
        if x0 > end + 0.6 * max(8, height):
            count += 1
        end = max(end, x1)
    return count


def _ruled_row(words: list[dict], page: int) -> TextLine:
    """The words of one ruled table row as one line (:func:`_cells_line`)."""
    cells: dict[float, list[dict]] = {}
    for w in words:
        cells.setdefault(round(w["cell"][0], 1), []).append(w)
    return _cells_line([[TextLine(tuple(_text_word(w) for w in line), page, exact=True)
                         for line in _visual_rows(cells[x])] for x in sorted(cells)],
                       page, exact=True)


def _cells_line(cells: list[list[TextLine]], page: int, exact: bool) -> TextLine:
    """A table row as one line from its cells' lines (cells left to right): cell by cell, each
    cell's words column by column (:func:`_row_of`), the first word of each cell after the
    first marked as a cell start. OCR's word boxes hug the ink: a space between them reads
    wider than a text layer's, so a column in an OCR cell needs a gap of twice as much."""
    out: list[TextWord] = []
    for k, band in enumerate(cells):
        ordered = _row_of(band, 0.6 if exact else 1.2).words
        out += [TextWord(w.text, w.bbox, w.conf, w.was, cell=k > 0 and i == 0)
                for i, w in enumerate(ordered)]
    return TextLine(tuple(out), page, exact=exact, ruled=True)


def _skew(result: OcrResult) -> float:
    """The page's slope (dy/dx), the median over Tesseract's own lines of two or more words."""
    return _slope([w.bbox for w in line.words] for line in result.lines)


def line_slope(lines: Sequence[TextLine]) -> float:
    """The slope (dy/dx) of a page's lines in page pixels (a scan's tilt; 0 for a text layer):
    the median over its lines that reach far enough across."""
    return _slope([w.bbox for w in line.words] for line in lines)


def _slope(lines: Iterable[Sequence[BBox]]) -> float:
    slopes = []
    for boxes in lines:
        if len(boxes) < 2:
            continue
        a, b = boxes[0], boxes[-1]
        dx = (b[0] + b[2] / 2) - (a[0] + a[2] / 2)
        if dx > 50:
            slopes.append(((b[1] + b[3] / 2) - (a[1] + a[3] / 2)) / dx)
    return sorted(slopes)[len(slopes) // 2] if slopes else 0.0


def _level(line: TextLine, slope: float) -> float:
    """The line's vertical centre with the page's tilt taken out (as if at ``x = 0``)."""
    levels = sorted(w.bbox[1] + w.bbox[3] / 2 - slope * (w.bbox[0] + w.bbox[2] / 2)
                    for w in line.words)
    return levels[len(levels) // 2] if levels else 0.0


def lines_from_ocr(result: OcrResult, to_page: Callable[[BBox], BBox], page: int,
                   cells: Sequence[Cell | None] = ()) -> list[TextLine]:
    """Visual lines from Tesseract words on a page, boxes mapped back with ``to_page``.

    Words are regrouped by their height on the page, corrected for its skew: Tesseract puts a
    form's label column and value column in separate blocks, but a ``Label : value`` pair
    shares one line on the paper. Words with their table cell (``cells``, one per word:
    :func:`extractors.permit_grid.word_cells`) make one line per table row, as a text layer's
    do (:func:`lines_from_words`).
    """
    slope = _skew(result)

    def level(w: Word) -> float:
        return w.bbox[1] + w.bbox[3] / 2 - slope * (w.bbox[0] + w.bbox[2] / 2)

    middle = sum(w.bbox[0] + w.bbox[2] / 2 for w in result.words) / max(1, len(result.words))

    def line(words: list[Word]) -> TextLine:
        levels = sorted(level(w) for w in words)
        at = to_page((round(middle), round(levels[len(levels) // 2] + slope * middle), 0, 0))[1]
        return TextLine(tuple(TextWord(w.text, to_page(w.bbox), w.conf)
                              for w in sorted(words, key=lambda w: w.bbox[0])), page,
                        level=float(at))

    rows: dict[int, dict[int, list[Word]]] = {}
    for w, cell in zip(result.words, cells, strict=False):
        if cell is not None:
            rows.setdefault(cell[1], {}).setdefault(cell[0], []).append(w)
    for top, row in list(rows.items()):
        if _one_column(set(row), [(w.bbox[0], w.bbox[0] + w.bbox[2], w.bbox[3])
                                  for ws in row.values() for w in ws]):
            del rows[top]  # one cell of one column of text: plain lines
    kept = {id(w) for row in rows.values() for ws in row.values() for w in ws}
    free = [w for w in result.words if id(w) not in kept]
    out = [(min(map(level, ws)), line(ws)) for ws in _level_rows(free, level)]
    out += [(min(level(w) for ws in row.values() for w in ws),
             _cells_line([[line(ws) for ws in _level_rows(row[x], level)] for x in sorted(row)],
                         page, exact=False))
            for row in rows.values()]
    return [ln for _level, ln in sorted(out, key=lambda t: t[0])]


def _level_rows(words: list[Word], level: Callable[[Word], float]) -> list[list[Word]]:
    """``words`` grouped by their ``level`` on the page (within half a word's height), top
    to bottom."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=level):
        if rows:
            last = rows[-1]
            centre = sum(level(x) for x in last) / len(last)
            if abs(level(w) - centre) <= 0.5 * max(max(x.bbox[3] for x in last), w.bbox[3]):
                last.append(w)
                continue
        rows.append([w])
    return rows


def _starts_after_gap(line: TextLine, gap: float = 0.6) -> list[int]:
    """Indexes of the words of ``line`` that follow more than ``gap`` × the word height (not
    the first)."""
    out = []
    for i in range(1, len(line.words)):
        a, b = line.words[i - 1].bbox, line.words[i].bbox
        if b[0] - (a[0] + a[2]) > gap * max(8, a[3], b[3]):
            out.append(i)
    return out


def cell_starts(lines: list[TextLine], min_lines: int = 3) -> dict[int, set[int]]:
    """Per line (index in ``lines``), the words starting in a column of their page.

    A column: at least ``min_lines`` lines of the page have a word after a gap starting at the
    same x (within a third of the line height). A word after more than a space starting in
    such a column starts a cell too (a long label filling its cell up to the value column).
    """
    by_page: dict[int, list[tuple[int, int, int]]] = {}
    for n, line in enumerate(lines):
        for i in _starts_after_gap(line):
            by_page.setdefault(line.page, []).append((line.words[i].bbox[0], n, i))
    out: dict[int, set[int]] = {}
    columns: dict[int, list[int]] = {}
    for page, starts in by_page.items():
        starts.sort()
        for k, (x, n, i) in enumerate(starts):
            tol = max(4, line_height(lines[n]) / 3)
            near = {m for x2, m, _ in starts[max(0, k - 40):k + 40] if abs(x2 - x) <= tol}
            if len(near) >= min_lines:
                out.setdefault(n, set()).add(i)
                columns.setdefault(page, []).append(x)
    for n, line in enumerate(lines):
        ruled = {i for i, w in enumerate(line.words) if i and w.cell}
        if line.ruled:  # inside a table cell, more than a space parts label and value
            ruled.update(_starts_after_gap(line))
        if ruled:
            out.setdefault(n, set()).update(ruled)
        xs = columns.get(line.page)
        if not xs:
            continue
        tol = max(4, line_height(line) / 3)
        for i in _starts_after_gap(line, 0.4):
            if any(abs(line.words[i].bbox[0] - x) <= tol for x in xs):
                out.setdefault(n, set()).add(i)
    return out


def line_height(line: TextLine) -> int:
    """The median word height of ``line``."""
    heights = sorted(w.bbox[3] for w in line.words)
    return heights[len(heights) // 2] if heights else 0


def join_interleaved(lines: list[TextLine], pitch: float = 0.0) -> list[TextLine]:
    """Lines of one table row printed half a line apart, joined into one line.

    A cell's text centred in its row's height stands half a line off its neighbour's (a
    one-line value beside a two-line label, a two-line value beside a one-line label): lines
    closer than a line's height (or three quarters of the page's line ``pitch``: a one-line
    label centred beside a two-line value) whose words do not overlap across (side by side in
    other columns) are one row. Its words go column by column (left to right), each column's
    top to bottom, so the label reads whole and its value after it; the lines joined are left
    empty (the list keeps its length and indexes).
    """
    out: list[TextLine] = []
    band: list[TextLine] = []

    def flush() -> None:
        if len(band) == 1:
            out.append(band[0])
        elif band:
            out.extend([_row_of(band), *(TextLine((), ln.page, ln.exact) for ln in band[1:])])
        band.clear()

    slope = line_slope(lines)
    for line in lines:
        if band and line.words and _interleaved(band[-1], line, pitch, slope):
            band.append(line)
            continue
        flush()
        band.append(line)
    flush()
    return out


def _interleaved(a: TextLine, b: TextLine, pitch: float = 0.0, slope: float = 0.0) -> bool:
    """Whether ``b`` stands less than a line's height (or ¾ ``pitch``) below ``a`` and beside
    it, not under it (measured across the page's ``slope``: on a tilted scan a short line's
    end stands as high as the start of the line below it)."""
    if not a.words or a.page != b.page or a.ruled or b.ruled:
        return False
    height = min(line_height(a), line_height(b))
    if not 0 < _level(b, slope) - _level(a, slope) < max(0.95 * height, 0.75 * pitch):
        return False
    return not any(u.bbox[0] < v.bbox[0] + v.bbox[2] and v.bbox[0] < u.bbox[0] + u.bbox[2]
                   for u in a.words for v in b.words)


def _row_of(band: list[TextLine], space: float = 0.6) -> TextLine:
    """The words of interleaved lines as one line: column by column, each top to bottom (a
    column ends at a gap wider than ``space`` × the word height)."""
    words = [(w, n) for n, line in enumerate(band) for w in line.words]
    spans: list[list[float]] = []  # the columns: x ranges the words overlap
    for w, _n in sorted(words, key=lambda t: t[0].bbox[0]):
        x0, x1 = w.bbox[0], w.bbox[0] + w.bbox[2]
        if spans and x0 <= spans[-1][1] + space * max(8, w.bbox[3]):
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])

    def column(w: TextWord) -> int:
        return next(i for i, (x0, x1) in enumerate(spans) if x0 <= w.bbox[0] <= x1)

    ordered = sorted(words, key=lambda t: (column(t[0]), t[1], t[0].bbox[0]))
    return TextLine(tuple(w for w, _n in ordered), band[0].page,
                    all(line.exact for line in band))
