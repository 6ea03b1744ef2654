"""Building permits (PBG decrees and older IMBs): fields from the lines of all their pages.

Lines come from a PDF's text layer (exact, no OCR) or from Tesseract on a scanned page; both are
read the same way, from what the document says rather than where one layout puts it:

- labelled fields (:mod:`extractors.permit_labels`, vocabulary in
  :mod:`core.vocabulary.permit_labels`, phrases and labels composed of head words): a label at
  a line or cell start (a cell also starts where a column of the page starts,
  :func:`extractors.permit_lines.cell_starts`), its value after the colon, a gap or a table
  border, running onto the next lines in the value's column until the next label, a paragraph
  or a blank stretch; a label wrapping in its cell is joined with its other line first; on
  scans, colons misread as letters or glued to the value are repaired first
  (:mod:`extractors.permit_colons`), values parsed by :mod:`extractors.permit_values`;
- the title, number, letterhead and signature block (:mod:`extractors.permit_structure`);
- a one-line location split into street, village, district and regency.

A field whose label is not printed (or not known) stays empty. Region names are snapped to
Kemendagri names (``core.regions``), areas to ``123.5``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache

from core.models import CANONICAL_FIELDS, DocType, FieldRead
from core.regions import snap
from core.vocabulary.permit_labels import COMPOSED_LABELS, FIELD_LABELS, KNOWN_LABELS
from extractors.normalize import parse_date
from extractors.permit_colons import (
    clean,
    colon_columns,
    misread_colon,
    restore_digit,
    strip_colon,
)
from extractors.permit_labels import Hit, LabelMatcher
from extractors.permit_lines import (
    TextLine,
    TextWord,
    cell_starts,
    join_interleaved,
    lines_from_ocr,
    lines_from_words,
)
from extractors.permit_structure import (
    decree_number,
    issuer,
    number_value,
    signature_date,
    split_location,
    title_kind,
)
from extractors.permit_values import area, field_value
from extractors.tesseract import union_boxes

__all__ = ["FIELDS", "TextLine", "TextWord", "area", "decree_number", "extract_permit",
           "lines_from_ocr", "lines_from_words", "matcher"]

FIELDS = CANONICAL_FIELDS[DocType.PERMIT]


@cache
def matcher() -> LabelMatcher:
    """The permit label matcher (field labels and the known labels of no field)."""
    labels: dict[str, str | None] = {label: None for label in KNOWN_LABELS}
    for name, wordings in FIELD_LABELS.items():
        labels.update({w: name for w in wordings})
    return LabelMatcher(labels, COMPOSED_LABELS)


@dataclass
class _Cell:
    """A labelled value being gathered: its column, its words, where it was seen last."""

    field: str | None
    page: int
    label_x: int
    value_x: int
    right: float
    last_y: float
    words: list[TextWord] = field(default_factory=list)


def _value_words(words: list[TextWord], hit: Hit, end: int) -> list[TextWord]:
    """The value words of ``hit`` up to word ``end``: colon and borders stripped."""
    out = list(words[hit.value_start:end])
    if out and ":" in out[0].text and hit.colon:
        rest = out[0].text.split(":", 1)[1].strip()
        out[0:1] = [TextWord(rest, out[0].bbox, out[0].conf)] if rest else []
    return out


def _hits(words: tuple[TextWord, ...], cells: set[int] | None = None) -> list[Hit]:
    return matcher().hits([w.text for w in words], [w.bbox for w in words], cells)


def _value_starts(lines: list[TextLine],
                  cells: dict[int, set[int]]) -> dict[int, list[tuple[float, int]]]:
    """Per page, ``(y, x)`` where each labelled value starts (the value columns)."""
    out: dict[int, list[tuple[float, int]]] = {}
    for n, line in enumerate(lines):
        words = line.words
        hits = _hits(words, cells.get(n))
        for k, hit in enumerate(hits):
            end = hits[k + 1].start if k + 1 < len(hits) else len(words)
            if value := _value_words(words, hit, end):
                out.setdefault(line.page, []).append((line.y, value[0].bbox[0]))
    return out


def _pitch(lines: list[TextLine]) -> float:
    """The usual distance between consecutive lines (median), in page pixels."""
    steps = sorted(b.y - a.y for a, b in itertools.pairwise(lines)
                   if a.page == b.page and b.y > a.y + 2)
    return steps[len(steps) // 2] if steps else 40.0


def _label_end(words: tuple[TextWord, ...], cells: set[int]) -> int | None:
    """Where a line's label column ends: its first colon, else its first cell after the first."""
    for i, w in enumerate(words[1:], 1):
        if w.text in _COLON_WORDS or w.text.startswith(":"):
            return i
    later = sorted(c for c in cells if c > 0)
    return later[0] if later else None


_COLON_WORDS = {":", ";", ":.", ".:"}
_LABEL_WORD = re.compile(r"[A-Za-z][A-Za-z./()-]*")


def _join_wrapped_labels(lines: list[TextLine], cells_of: dict[int, set[int]],
                         pitch: float) -> None:
    """A label wrapping in its cell (``NOMOR INDUK : 137…`` over ``KEPENDUDUKAN``) is read whole.

    The line above's words and then the next lines' (a label over three lines, its value on
    the middle one), all short of the value column, label-like words only, join the label when
    the label then read runs across both; that line is then emptied. A line below whose words
    start a label of their own (continued on the line after it) is not joined.
    """
    for n, line in enumerate(lines):
        if not line.words or _label_end(line.words, cells_of.get(n, set())) is None:
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
    v = _label_end(line.words, cells)
    other = lines[m] if 0 <= m < len(lines) else None
    if v is None or other is None or not other.words or other.page != line.page \
            or not 0 < abs(other.y - y) <= 1.5 * pitch:
        return False
    value_x = line.words[v].bbox[0]
    left = _label_part(other, value_x)
    rest = other.words[len(left):]
    if not left or (rest and m < n) or _hits(other.words, cells_of.get(m)) \
            or (m > n and _starts_label(lines, cells_of, m, value_x)):
        return False
    k = len(left)
    at = v if m > n else 0
    merged = (*line.words[:at], *left, *line.words[at:])
    shifted = {i if i < at else i + k for i in cells} | {0}
    hits = _hits(merged, shifted)
    # the label (with its extra label words below) must run across where lines meet
    if not hits or not (hits[0].start < v and hits[0].value_start >= v + k if m > n
                        else hits[0].start < k < hits[0].end):
        return False
    lines[n] = TextLine(merged, line.page, line.exact)
    lines[m] = TextLine(rest, other.page, other.exact)
    cells_of[n] = shifted
    cells_of.pop(m, None)
    return True


def _label_part(line: TextLine, value_x: int) -> tuple[TextWord, ...]:
    """The words of ``line`` short of ``value_x`` if they may be label words (at most four)."""
    left = tuple(w for w in line.words if w.bbox[0] + w.bbox[2] < value_x)
    if len(left) > 4 or any(not _LABEL_WORD.fullmatch(w.text) for w in left):
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
    hits = _hits(words, cells)
    return bool(hits) and hits[0].start == 0 and hits[0].end > len(left)


def _join_value_above(lines: list[TextLine], cells_of: dict[int, set[int]],
                      pitch: float) -> None:
    """A value that starts with its colon a line above its label (a value over three lines
    centred against a one-line label) is joined to the label's line: ``: JL. X`` over
    ``Alamat  KEL/DESA Y`` reads ``Alamat : JL. X KEL/DESA Y``."""
    for n, line in enumerate(lines):
        if not line.words or not line.words[0].text.startswith(":"):
            continue
        x = line.words[0].bbox[0]
        m = next((i for i in range(n + 1, len(lines)) if lines[i].words), None)
        below = lines[m] if m is not None else None
        if below is None or below.page != line.page or not 0 < below.y - line.y <= 1.5 * pitch:
            continue
        left = tuple(w for w in below.words if w.bbox[0] + w.bbox[2] < x)
        rest = below.words[len(left):]
        if not left or (rest and rest[0].text.startswith(":")):
            continue
        merged = (*left, *line.words, *rest)
        k = len(left)
        cells = {0, k} | {i + len(line.words) for i in cells_of.get(m, set()) if i >= k}
        hits = _hits(merged, cells)
        if hits and hits[0].start < k and hits[0].value_start in (k, k + 1):
            lines[m] = TextLine(merged, below.page, below.exact)
            lines[n] = TextLine((), line.page, line.exact)
            cells_of[m] = cells
            cells_of.pop(n, None)


def _wide_gap(a: TextWord, b: TextWord) -> bool:
    """Whether ``b`` starts well apart from ``a`` (more than a space: another cell)."""
    return b.bbox[0] - (a.bbox[0] + a.bbox[2]) > 1.2 * max(8, min(a.bbox[3], b.bbox[3]))


def _continues(cells: list[_Cell], word: TextWord, tol: float) -> bool:
    """Whether ``word`` stands in the value column of an open cell (a colon-less "label" there
    is the value running on: ``KEC. LAMPIHONG`` under ``Alamat : …``)."""
    return any(c.value_x - tol <= word.bbox[0] < c.right and c.label_x < c.value_x - tol
               and c.words for c in cells)


def collect(lines: list[TextLine]) -> tuple[dict[str, _Cell], int | None]:
    """The words of each labelled field, and the index of the line of the first field label."""
    pitch = _pitch(lines)
    colons = colon_columns(lines)
    lines = join_interleaved([ln if ln.exact else TextLine(tuple(clean(ln.words)), ln.page)
                              for ln in lines])
    cells_of = cell_starts(lines)
    _join_value_above(lines, cells_of, pitch)
    _join_wrapped_labels(lines, cells_of, pitch)
    starts = _value_starts(lines, cells_of)
    cells: list[_Cell] = []
    out: dict[str, _Cell] = {}
    first: int | None = None
    for n, line in enumerate(lines):
        words = list(line.words)
        if not words:
            continue
        y = line.y
        cells = [c for c in cells if c.page == line.page and y - c.last_y <= 1.75 * pitch]
        hits = _hits(line.words, cells_of.get(n))
        height = sorted(w.bbox[3] for w in words)[len(words) // 2]
        tol = max(8, height)
        hits = [h for h in hits if h.colon or not _continues(cells, words[h.start], tol)]
        if hits:
            if first is None and any(h.field for h in hits):
                first = n
            for k, hit in enumerate(hits):
                end = hits[k + 1].start if k + 1 < len(hits) else len(words)
                right = words[end].bbox[0] - tol / 2 if end < len(words) else float("inf")
                label_x = words[hit.start].bbox[0]
                cells = [c for c in cells if c.right <= label_x or c.label_x >= right]
                value = _value_words(words, hit, end)
                if hit.colon and not line.exact and words[hit.value_start - 1].was:
                    value = restore_digit(value, words[hit.value_start - 1],
                                          starts.get(line.page, []), y, height)
                if value and not hit.colon and not line.exact:
                    value = strip_colon(value, colons.get(line.page, []), y, height)
                if value and not hit.colon and not line.exact:
                    value = misread_colon(value, starts.get(line.page, []), y, height)
                value_x = value[0].bbox[0] if value else words[max(hit.value_start - 1, 0)].bbox[0]
                cell = _Cell(hit.field, line.page, label_x, value_x, right, y, value)
                cells.append(cell)
                if hit.field and hit.field not in out and value:
                    out[hit.field] = cell
            continue
        for c in list(cells):
            if any(c.label_x - tol <= w.bbox[0] < c.value_x - tol for w in words):
                cells.remove(c)
                continue
            inside = [w for w in words if c.value_x - tol <= w.bbox[0] < c.right]
            j = words.index(inside[0]) if inside else 0
            if j and not (j in cells_of.get(n, ()) or _wide_gap(words[j - 1], words[j])):
                cells.remove(c)  # a paragraph running through the column, not the value
                continue
            if inside:
                c.words.extend(inside)
                c.last_y = y
    return out, first


def _read(words: list[TextWord], page: int, value: str | None) -> FieldRead:
    raw = " ".join(w.text for w in words)
    # A number is as sure as the words its digits came from (not the unit after it, ``m²``).
    digits = [w for w in words if any(c.isdigit() for c in w.text)]
    basis = digits if value and digits and re.fullmatch(r"[\d.,/]+", value) else words
    return FieldRead(value=value, raw=raw, confidence=round(min(w.conf for w in basis), 3),
                     bbox=union_boxes([w.bbox for w in words]), page=page)


def _line_read(line: TextLine, value: str | None) -> FieldRead:
    return _read(list(line.words), line.page, value)


def extract_permit(lines: list[TextLine]) -> dict[str, FieldRead]:
    """Every canonical permit field from the lines of all the permit's pages."""
    cells, first = collect(lines)
    fields: dict[str, FieldRead] = {name: FieldRead() for name in FIELDS}
    for name, cell in cells.items():
        text = " ".join(w.text for w in cell.words)
        fields[name] = _read(cell.words, cell.page, field_value(name, text))
    _structure(lines, first, fields)
    _split_location(fields)
    _snap_regions(fields)
    return fields


def _structure(lines: list[TextLine], first: int | None, fields: dict[str, FieldRead]) -> None:
    """Jenis, nomor, penerbit from the head of page 1; tanggal from the signature block."""
    head = [ln for ln in lines[:first if first is not None else 25] if ln.page == lines[0].page]
    for ln in head:
        if fields["penerbit"].value is None and (found := issuer(ln.text)):
            fields["penerbit"] = _line_read(ln, found[0])
        if fields["jenis"].value is None and (kind := title_kind(ln.text)):
            fields["jenis"] = _line_read(ln, kind)
        if fields["nomor"].value is None and (nomor := number_value(ln.text)):
            fields["nomor"] = _line_read(ln, nomor)
    decree = decree_number(fields["nomor"].value or "") or decree_number(
        "\n".join(ln.text for ln in head))
    if decree and fields["jenis"].value is None:
        line = next(ln for ln in head if decree_number(ln.text)) if decree_number(
            "\n".join(ln.text for ln in head)) else head[0]
        fields["jenis"] = _line_read(line, decree[0])
    last_page = [ln for ln in lines if ln.page == lines[-1].page] if lines else []
    if found := signature_date([ln.text for ln in last_page]):
        fields["tanggal"] = _line_read(last_page[found[0]], found[1])
    elif fields["tanggal"].value is None and fields["tanggal"].raw:
        fields["tanggal"] = fields["tanggal"].model_copy(
            update={"value": parse_date(fields["tanggal"].raw)})


def _split_location(fields: dict[str, FieldRead]) -> None:
    """A location printed on one line gives its village, district and regency."""
    f = fields["lokasi"]
    if not f.value:
        return
    street, parts = split_location(f.value)
    if not parts:
        return
    fields["lokasi"] = f.model_copy(update={"value": street or None})
    for name, text in parts.items():
        if fields[name].value is None:
            fields[name] = f.model_copy(update={"value": text})


def _snap_regions(fields: dict[str, FieldRead]) -> None:
    """Kabupaten, then kecamatan inside it, then kel/desa inside that, as Kemendagri names."""
    parent: str | None = None
    for name, level in (("lokasi_kabupaten_kota", "kabupaten_kota"),
                        ("lokasi_kecamatan", "kecamatan"), ("lokasi_kel_desa", "kel_desa")):
        f = fields[name]
        if not f.value:
            parent = None
            continue
        hit = snap(f.value, level, parent)
        if hit is None or hit.score < 0.8:
            fields[name] = f.model_copy(update={"confidence": round(f.confidence * 0.6, 3)})
            parent = None
            continue
        fields[name] = f.model_copy(update={"value": hit.name,
                                            "confidence": round(f.confidence * hit.score, 3)})
        parent = hit.code
