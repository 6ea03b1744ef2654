"""Lines of a permit joined into its rows before its fields are read: a label wrapping in its
cell (over up to four lines; the first cell of its row or a later one) is read whole, and a value
whose first line stands a line above its centred label joins that label's line. Also the permit
label matcher and the label and colon helpers that the joining and :mod:`extractors.permit`
share.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from core.vocabulary.permit_labels import (
    COMPOSED_LABELS,
    FIELD_LABELS,
    KNOWN_LABELS,
    LABEL_UNITS,
)
from extractors.permit_labels import Hit, LabelMatcher, tokens
from extractors.permit_lines import TextLine, TextWord, line_height


@cache
def matcher() -> LabelMatcher:
    """The permit label matcher (field labels and the known labels of no field)."""
    labels: dict[str, str | None] = {label: None for label in KNOWN_LABELS}
    for name, wordings in FIELD_LABELS.items():
        labels.update({w: name for w in wordings})
    return LabelMatcher(labels, COMPOSED_LABELS, LABEL_UNITS)


def label_hits(words: tuple[TextWord, ...], cells: set[int] | None = None) -> list[Hit]:
    return matcher().hits([w.text for w in words], [w.bbox for w in words], cells)


def line_pitch(lines: list[TextLine]) -> float:
    """The usual distance between consecutive lines (median), in page pixels."""
    steps = sorted(b.y - a.y for a, b in itertools.pairwise(lines)
                   if a.page == b.page and b.y > a.y + 2)
    return steps[len(steps) // 2] if steps else 40.0


def label_end(words: tuple[TextWord, ...], cells: set[int]) -> int | None:
    """Where a line's label column ends: its first colon, else its first cell after the first."""
    for i, w in enumerate(words[1:], 1):
        if w.text in COLON_WORDS or w.text.startswith(":"):
            return i
    later = sorted(c for c in cells if c > 0)
    return later[0] if later else None


COLON_WORDS = {":", ";", ":.", ".:"}
LABEL_WORD = re.compile(r"[A-Za-z][A-Za-z./()-]*")


def join_wrapped_labels(lines: list[TextLine], cells_of: dict[int, set[int]],
                         pitch: float) -> None:
    """A label wrapping in its cell (``NOMOR INDUK : 137…`` over ``KEPENDUDUKAN``) is read whole.

    The line above's words and then the next lines' (a label over three lines, its value on
    the middle one), all short of the value column, label-like words only, join the label when
    the label then read runs across both; that line is then emptied. A line below whose words
    start a label of their own (continued on the line after it) is not joined.
    """
    for n, line in enumerate(lines):
        if not line.words or line.ruled or label_end(line.words, cells_of.get(n, set())) is None:
            continue
        above = next((m for m in range(n - 1, -1, -1) if lines[m].words), None)
        if above is not None:
            _join_label_part(lines, cells_of, pitch, n, above, line.y)
        y, m = line.y, n + 1
        for _ in range(3):  # a label over up to four lines
            m = next((i for i in range(m, len(lines)) if lines[i].words), len(lines))
            if m == len(lines) or not _join_label_part(lines, cells_of, pitch, n, m, y):
                break
            y = lines[m].y if lines[m].words else y
            m += 1


def _join_label_part(lines: list[TextLine], cells_of: dict[int, set[int]], pitch: float,
                     n: int, m: int, y: float) -> bool:
    """Join the label words of line ``m`` (above or below) to the label of line ``n`` (``y``:
    where the label's part next to ``m`` stands)."""
    line, cells = lines[n], cells_of.get(n, set())
    v = label_end(line.words, cells)
    other = lines[m] if 0 <= m < len(lines) else None
    if v is None or other is None or not other.words or other.page != line.page \
            or other.ruled or not 0 < abs(other.y - y) <= 1.5 * pitch:
        return False
    if m > n and not any(c.isalnum() for w in line.words[v + 1:] for c in w.text) \
            and line.words[v].text in COLON_WORDS | {":"}:
        return False  # ``Nomor Sertipikat :`` alone: the line below is its value, not its label
    value_x = line.words[v].bbox[0]
    left = _label_part(other, value_x)
    rest = other.words[len(left):]
    if not left or (rest and m < n) or label_hits(other.words, cells_of.get(m)) \
            or (m > n and _starts_label(lines, cells_of, m, value_x)):
        return False
    k = len(left)
    at = v if m > n else 0
    merged = (*line.words[:at], *left, *line.words[at:])
    shifted = {i if i < at else i + k for i in cells} | {0}
    hits = label_hits(merged, shifted)
    # the label (with its extra label words below) must run across where lines meet; words
    # below it that the label does not take in must be label words (not a paragraph's)
    if not hits or not (hits[0].start < v and hits[0].value_start >= v + k if m > n
                        else hits[0].start < k < hits[0].end):
        return False
    if m > n and hits[0].end <= v and not all(
            t in matcher().words for w in left for t in tokens(w.text) if t.isalnum()):
        return False
    lines[n] = TextLine(merged, line.page, line.exact)
    lines[m] = TextLine(rest, other.page, other.exact)
    cells_of[n] = shifted
    cells_of.pop(m, None)
    return True


def _label_part(line: TextLine, value_x: int) -> tuple[TextWord, ...]:
    """The words of ``line`` short of ``value_x`` if they may be label words (at most four)."""
    left = tuple(w for w in line.words if w.bbox[0] + w.bbox[2] < value_x)
    if len(left) > 4 or any(not LABEL_WORD.fullmatch(w.text) for w in left):
        return ()
    return left


def _starts_label(lines: list[TextLine], cells_of: dict[int, set[int]], m: int,
                  value_x: int) -> bool:
    """Whether line ``m``'s label words and the next line's read as a label starting at ``m``
    (``KLASIFIKASI Rumah Tinggal`` over ``BANGUNAN``: a row of its own)."""
    nxt = lines[m + 1] if m + 1 < len(lines) else None
    if nxt is None or not nxt.words or nxt.page != lines[m].page:
        return False
    left, below = _label_part(lines[m], value_x), _label_part(nxt, value_x)
    if not left or not below:
        return False
    value = lines[m].words[len(left):] or nxt.words[len(below):]
    words = (*left, *below, *value)
    cells = {0, len(left) + len(below)}
    hits = label_hits(words, cells)
    return bool(hits) and hits[0].start == 0 and hits[0].end > len(left)


def join_wrapped_cell_labels(lines: list[TextLine], cells_of: dict[int, set[int]],
                              pitch: float) -> None:
    """A label wrapping in a cell after the first of its row (``… | ALAMAT | JL. X`` over
    ``| BANGUNAN | NO. 5``) is read whole: the next line's label-like words under it, short
    of its value, join it when the label then read runs into them."""
    for n, line in enumerate(lines):
        words = line.words
        if not words or line.ruled:
            continue
        starts = sorted(cells_of.get(n, set()) | {
            i for i in range(1, len(words)) if wide_gap(words[i - 1], words[i])})
        first = next((h.start for h in label_hits(words, cells_of.get(n))), None)
        m = next((k for k in range(n + 1, len(lines)) if lines[k].words), None)
        below = lines[m] if m is not None else None
        if first is None or m is None or below is None or below.page != line.page \
                or below.ruled or not 0 < below.y - line.y <= 1.5 * pitch \
                or label_hits(below.words, cells_of.get(m)):
            continue
        for i, j in itertools.pairwise(starts):
            if i <= first or j - i > 4 \
                    or not all(LABEL_WORD.fullmatch(w.text) for w in words[i:j]):
                continue
            height = max(8, line_height(line))
            x0, x1 = words[i].bbox[0] - height, words[j].bbox[0] - height / 2
            part = tuple(w for w in below.words if x0 <= w.bbox[0] and w.bbox[0] + w.bbox[2] < x1)
            if not part or len(part) > 3 or not all(LABEL_WORD.fullmatch(w.text) for w in part):
                continue
            merged = (*words[:j], *part, *words[j:])
            shifted = {k if k < j else k + len(part) for k in starts}
            hits = [h for h in label_hits(merged, shifted) if h.start == i]
            if not hits or hits[0].end <= j:
                continue
            lines[n] = TextLine(merged, line.page, line.exact)
            lines[m] = TextLine(tuple(w for w in below.words if w not in part), below.page,
                                below.exact)
            cells_of[n] = shifted
            break


def join_value_above(lines: list[TextLine], cells_of: dict[int, set[int]],
                      pitch: float) -> None:
    """A value that starts with its colon a line above its label (a value over three lines
    centred against a one-line label) is joined to the label's line: ``: JL. X`` over
    ``Alamat  KEL/DESA Y`` reads ``Alamat : JL. X KEL/DESA Y``."""
    for n, line in enumerate(lines):
        if not line.words or line.ruled or not line.words[0].text.startswith(":"):
            continue
        x = line.words[0].bbox[0]
        if _under_lone_label(lines, n, pitch):
            continue  # ``LUAS LAHAN`` over ``: 459 m2``: the value of the label above it
        m = next((i for i in range(n + 1, len(lines)) if lines[i].words), None)
        below = lines[m] if m is not None else None
        if below is None or below.page != line.page or below.ruled \
                or not 0 < below.y - line.y <= 1.5 * pitch:
            continue
        left = tuple(w for w in below.words if w.bbox[0] + w.bbox[2] < x)
        rest = below.words[len(left):]
        if not left or (rest and rest[0].text.startswith(":")):
            continue
        merged = (*left, *line.words, *rest)
        k = len(left)
        cells = {0, k} | {i + len(line.words) for i in cells_of.get(m, set()) if i >= k}
        hits = label_hits(merged, cells)
        if hits and hits[0].start < k and hits[0].value_start in (k, k + 1):
            lines[m] = TextLine(merged, below.page, below.exact)
            lines[n] = TextLine((), line.page, line.exact)
            cells_of[m] = cells
            cells_of.pop(n, None)


def _under_lone_label(lines: list[TextLine], n: int, pitch: float) -> bool:
    """Whether line ``n`` stands right under a label alone on its line, not left of it."""
    m = next((i for i in range(n - 1, -1, -1) if lines[i].words), None)
    if m is None or lines[m].page != lines[n].page or lines[m].ruled \
            or not 0 < lines[n].y - lines[m].y <= 1.5 * pitch:
        return False
    hit = matcher().line_label([w.text for w in lines[m].words])
    return hit is not None and lines[n].words[0].bbox[0] >= lines[m].words[hit.start].bbox[0] \
        - max(8, line_height(lines[m]))


def wide_gap(a: TextWord, b: TextWord) -> bool:
    """Whether ``b`` starts well apart from ``a`` (more than a space: another cell)."""
    return b.bbox[0] - (a.bbox[0] + a.bbox[2]) > 1.2 * max(8, min(a.bbox[3], b.bbox[3]))
