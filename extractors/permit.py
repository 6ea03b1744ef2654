"""Building permits (PBG decrees and older IMBs): fields from the lines of all their pages.

Lines come from a PDF's text layer (exact, no OCR) or from Tesseract on a scanned page; both are
read the same way, from what the document says rather than where one layout puts it:

- labelled fields (:mod:`extractors.permit_labels`, vocabulary in
  :mod:`core.vocabulary.permit_labels`, phrases and labels composed of head words): a label at
  a line or cell start (a cell also starts where a column of the page starts,
  :func:`extractors.permit_lines.cell_starts`, or at a text layer's table rule), its value
  after the colon, a gap or a table border, running onto the next lines in the value's column
  until the next label, a paragraph, a blank stretch or the next row of a ruled table (a ruled
  row is one line, :mod:`extractors.rulings`); a value ends at its ruled cell's end or where
  another cell starts with a label nobody knows (``Penanggung Jawab :``); a label wrapping in
  its cell (the first of its row or a later one) is joined with its other line first, and a
  value's first line standing above its centred label is that value's
  (:mod:`extractors.permit_joins`); on
  scans, colons misread as letters or glued to the value are repaired first
  (:mod:`extractors.permit_colons`), values parsed by :mod:`extractors.permit_values`;
- the title, number, letterhead and signature block (:mod:`extractors.permit_structure`);
- a one-line location split into street, village, district and regency.

A field whose label is not printed (or not known) stays empty. Region names are snapped to
Kemendagri names (``core.regions``), areas to ``123.5``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from core.models import CANONICAL_FIELDS, DocType, FieldRead
from core.regions import snap
from extractors.normalize import parse_date
from extractors.permit_colons import (
    clean,
    colon_columns,
    misread_colon,
    restore_digit,
    strip_colon,
)
from extractors.permit_joins import (
    COLON_WORDS,
    LABEL_WORD,
    join_value_above,
    join_wrapped_cell_labels,
    join_wrapped_labels,
    label_hits,
    line_pitch,
    matcher,
    wide_gap,
)
from extractors.permit_labels import ITEM, Hit
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
    place_date,
    signature_date,
    split_location,
    title_kind,
)
from extractors.permit_values import area, field_value
from extractors.tesseract import union_boxes

__all__ = ["FIELDS", "TextLine", "TextWord", "area", "decree_number", "extract_permit",
           "lines_from_ocr", "lines_from_words", "matcher"]

FIELDS = CANONICAL_FIELDS[DocType.PERMIT]
MAX_ALONE = 5
"""Words of a colon-less label alone on its line (more: a heading or a sentence)."""


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
    ruled: bool = False
    """Opened in a ruled table row: the row holds the whole cell, nothing runs on below it."""
    below: bool = False
    """A value on the lines below its label (alone on its line): it runs on only onto a word
    that did not fit on the line before (a line wrapping), never into the next line's label
    nobody knows."""
    last_right: float = 0.0
    """Where the cell's last line ends."""
    wrap_right: float = float("inf")
    """A value below its label: the right edge of the page's text, where its lines wrap."""
    first_y: float = 0.0
    column: tuple[tuple[float, float], ...] = ()
    """A value below its label, indented from where the label's line starts: ``(y, right)``
    of the lines starting in its column below the label (its own among them)."""


@dataclass(frozen=True)
class _Pending:
    """A label alone on its line (``NAMA PEMOHON:``, ``h. Luas tanah``): its value may stand
    on the next line."""

    field: str | None
    page: int
    label_x: int
    y: float
    """The vertical centre of the label's first word."""
    line_x: int = 0
    """Where the label's line starts (its numbering, if any)."""


def _value_words(words: list[TextWord], hit: Hit, end: int) -> list[TextWord]:
    """The value words of ``hit`` up to word ``end``: colon and borders stripped."""
    out = list(words[hit.value_start:end])
    if out and ":" in out[0].text and hit.colon:
        rest = out[0].text.split(":", 1)[1].strip()
        keep = any(c.isalnum() for c in rest)  # ``:.`` / ``:-``: a colon read with a speck
        out[0:1] = [TextWord(rest, out[0].bbox, out[0].conf)] if keep else []
    return out


def _value_end(words: Sequence[TextWord], hits: list[Hit], k: int,
               cells: set[int] | None = None) -> int:
    """Where the value of ``hits[k]`` ends: at the next label, at the end of its ruled cell
    (the next cell of a table row is another label's, known or not), or where another cell
    starts with a label no vocabulary knows (label-like words and a colon:
    ``Penanggung Jawab :``)."""
    end = hits[k + 1].start if k + 1 < len(hits) else len(words)
    starts = cells or set()
    for i in range(hits[k].value_start + 1, end):
        if words[i].cell and not any(c.isalnum() for w in words[hits[k].value_start:i]
                                     for c in w.text):
            continue  # only the colon before: the colon column's cell, the value's is next
        if words[i].cell or ((i in starts or wide_gap(words[i - 1], words[i])) \
                and _unknown_label(words, i, end)):
            return i
    return end


def _unknown_label(words: Sequence[TextWord], i: int, end: int) -> bool:
    """Whether words ``i``… are label-like words (one to four) and then a colon."""
    for j in range(i, min(end, i + 5)):
        text = words[j].text
        if text in COLON_WORDS or text.startswith(":"):
            return j > i
        if not LABEL_WORD.fullmatch(text.rstrip(":")) or len(text.rstrip(":")) < 2:
            return False
        if text.endswith(":"):
            return True
    return False


def _value_starts(lines: list[TextLine],
                  cells: dict[int, set[int]]) -> dict[int, list[tuple[float, int]]]:
    """Per page, ``(y, x)`` where each labelled value starts (the value columns)."""
    out: dict[int, list[tuple[float, int]]] = {}
    for n, line in enumerate(lines):
        words = line.words
        hits = label_hits(words, cells.get(n))
        for k, hit in enumerate(hits):
            if value := _value_words(words, hit, _value_end(words, hits, k, cells.get(n))):
                out.setdefault(line.page, []).append((line.y, value[0].bbox[0]))
    return out


def _continues(cells: list[_Cell], word: TextWord, tol: float) -> bool:
    """Whether ``word`` stands in the value column of an open cell (a colon-less "label" there
    is the value running on: ``KEC. LAMPIHONG`` under ``Alamat : …``). A value below its
    label is its column: a label indented half a word's height less is the next one's."""
    return any(c.value_x - (tol / 2 if c.below else tol) <= word.bbox[0] < c.right
               and c.label_x < c.value_x - tol and c.words for c in cells)


def collect(lines: list[TextLine]) -> tuple[dict[str, _Cell], int | None]:
    """The words of each labelled field, and the index of the line of the first field label."""
    pitch = line_pitch(lines)
    colons = colon_columns(lines)
    lines = join_interleaved([ln if ln.exact else replace(ln, words=tuple(clean(ln.words)))
                              for ln in lines], pitch)
    cells_of = cell_starts(lines)
    join_value_above(lines, cells_of, pitch)
    join_wrapped_labels(lines, cells_of, pitch)
    join_wrapped_cell_labels(lines, cells_of, pitch)
    starts = _value_starts(lines, cells_of)
    cells: list[_Cell] = []
    out: dict[str, _Cell] = {}
    first: int | None = None
    last: tuple[_Cell | None, list[TextWord], float, float] | None = None
    """The line before, when it had no label: the cell it ran on in, its words, its height,
    the height of the line before it."""
    prev_y = -1e9
    page_right = _text_right(lines)
    pending: _Pending | None = None
    for n, line in enumerate(lines):
        words = list(line.words)
        if not words:
            continue
        y = line.y
        above, last = last, (None, words, y, prev_y)
        prev_y = y
        cells = [c for c in cells if c.page == line.page and y - c.last_y <= 1.75 * pitch
                 and not line.ruled and not c.ruled]  # a ruled row is whole: no value runs on
        hits = label_hits(line.words, cells_of.get(n))
        height = sorted(w.bbox[3] for w in words)[len(words) // 2]
        tol = max(8, height)
        hits = _row_hits(hits, cells, words, tol)
        below, pending = pending, None
        if below and not hits and not line.ruled and _below_value(below, words, line.page,
                                                                  pitch, tol):
            last = None
            cell = _Cell(below.field, line.page, below.label_x, words[0].bbox[0], float("inf"),
                         y, words, below=True, last_right=_right(words),
                         wrap_right=page_right[line.page],
                         column=_column(lines, below, words[0].bbox[0], tol,
                                        lines[first] if first is not None else line),
                         first_y=y)
            cells = [cell]
            if below.field and below.field not in out:
                out[below.field] = cell
            continue
        alone = None if hits or line.ruled else matcher().line_label([w.text for w in words])
        running = [c for c in cells
                   if not c.below or _wrapped(c, words[0])]
        if alone is not None and (alone.colon or (len(words) - alone.start <= MAX_ALONE
                                                  and not _continues(running, words[alone.start],
                                                                     tol))):
            last, cells = None, []
            if first is None and alone.field:
                first = n
            pending = _Pending(alone.field, line.page, words[alone.start].bbox[0],
                               _centre(words[alone.start]), words[0].bbox[0])
            continue
        if not hits and place_date(line.text):
            last, cells = None, []  # ``Paringin, 13 Mei 2024``: the signature block
            continue
        if hits:
            last = None
            if first is None and any(h.field for h in hits):
                first = n
            for k, hit in enumerate(hits):
                end = _value_end(words, hits, k, cells_of.get(n))
                right = words[end].bbox[0] - tol / 2 if end < len(words) else float("inf")
                label_x = words[hit.start].bbox[0]
                cells = [c for c in cells if c.right <= label_x or c.label_x >= right]
                value = _value_words(words, hit, end)
                if hit.colon and not line.exact and words[hit.value_start - 1].was:
                    value = restore_digit(value, words[hit.value_start - 1],
                                          starts.get(line.page, []), y, height)
                if value and not hit.colon and not line.exact:
                    stripped = strip_colon(value, colons.get(line.page, []), y, height)
                    value = misread_colon(value, starts.get(line.page, []), y, height) \
                        if stripped == value else stripped  # one colon per value
                value_x = value[0].bbox[0] if value else words[max(hit.value_start - 1, 0)].bbox[0]
                cell = _Cell(hit.field, line.page, label_x, value_x, right, y, value,
                             ruled=line.ruled)
                text_x = next((w.bbox[0] for w in value if any(c.isalnum() for c in w.text)),
                              value_x)
                if k == 0 and value and above and _value_above(above, text_x, y, pitch, tol):
                    if above[0] is not None:
                        above[0].words[-len(above[1]):] = []
                    cell.words[:0] = above[1]
                cells.append(cell)
                if hit.field and hit.field not in out and value:
                    out[hit.field] = cell
            if not value and hit.colon and end == len(words) and not line.ruled:
                pending = _Pending(hit.field, line.page, label_x, _centre(words[hit.start]),
                                   words[0].bbox[0])
            continue
        for c in list(cells):
            if any(c.label_x - tol <= w.bbox[0] < c.value_x - tol for w in words):
                cells.remove(c)
                continue
            inside = [w for w in words if c.value_x - tol <= w.bbox[0] < c.right]
            j = words.index(inside[0]) if inside else 0
            if j and not (j in cells_of.get(n, ()) or wide_gap(words[j - 1], words[j])):
                cells.remove(c)  # a paragraph running through the column, not the value
                continue
            if c.below and (not _wrapped(c, words[0])
                            or (len(words) > 1 and ITEM.match(words[0].text)
                                and words[0].bbox[0] < c.value_x - tol)):
                cells.remove(c)  # the line before did not wrap: this line is not its value
                continue
            if inside:
                if len(inside) == len(words):
                    last = (c, inside, y, c.last_y)
                c.words.extend(inside)
                c.last_y = y
                c.last_right = _right(inside)
    return out, first


def _row_hits(hits: list[Hit], cells: list[_Cell], words: list[TextWord],
              tol: float) -> list[Hit]:
    """The labels of a line that start cells: a colon-less one in the value column of a cell
    still open is that value running on, unless a label before it on the line starts a new
    row (closing the cells it stands under: ``Kecamatan  X  Kabupaten  Y``); one right after
    the label before it is that label's value."""
    out: list[Hit] = []
    # a word in a cell's label column starts a new row there (a label no vocabulary knows)
    open_ = [c for c in cells
             if not any(c.label_x - tol <= w.bbox[0] < c.value_x - tol for w in words)]
    for h in hits:
        x = words[h.start].bbox[0]
        if not h.colon and out and h.start == out[-1].value_start:
            continue  # the first word of the value before it (``Kab. : KABUPATEN X``)
        if h.colon or not _continues(open_, words[h.start], tol):
            out.append(h)
            open_ = [c for c in open_ if c.right <= x]
    return out


def _below_value(below: _Pending, words: list[TextWord], page: int, pitch: float,
                 tol: float) -> bool:
    """Whether a line without a label is the value of the label alone on the line before:
    the next line of the page, not left of the label (an item's numbering stands left of
    it; a value may start ``H.``)."""
    y = _centre(words[0])  # beside the label's first word: a photo's tilt cancels out
    if page != below.page or not 0 < y - below.y <= 1.75 * pitch:
        return False
    return words[0].bbox[0] >= below.label_x - tol  # an item's numbering stands left of it


def _wrapped(cell: _Cell, word: TextWord) -> bool:
    """Whether the last line of a value below its label wrapped before ``word`` (the first
    word of the next line): that word would not have fitted after it, before the right edge
    of the page's text, or, in an indented value column, before the furthest right any other
    line of that column reaches (an office's narrow value column wraps long values well
    short of the margin)."""
    others = [r for y, r in cell.column if not cell.first_y <= y <= cell.last_y]
    edge = min(cell.wrap_right, max(others)) if others else cell.wrap_right
    return cell.last_right + word.bbox[2] + 0.25 * word.bbox[3] > edge


def _column(lines: list[TextLine], below: _Pending, value_x: float, tol: float,
            top: TextLine) -> tuple[tuple[float, float], ...]:
    """The lines of the value column a value below its label starts (at ``value_x``):
    ``(y, right)`` of each line of the page starting there, from the first field label
    (``top``) down (not a title above the fields), when the value stands indented from where
    its label's line starts (the label, or its numbering), so that no label's line starts in
    that column; else none."""
    if value_x <= below.line_x + tol:
        return ()
    start = top.y if top.page == below.page else -1e9
    return tuple((ln.y, _right(ln.words)) for ln in lines
                 if ln.page == below.page and ln.words and ln.y >= start
                 and abs(ln.words[0].bbox[0] - value_x) <= tol)


def _text_right(lines: list[TextLine]) -> dict[int, float]:
    """Per page, the right edge of its body text: the furthest right a line of the body
    reaches, one starting at its left margin (the leftmost start three lines share) or in
    its left half; a centred heading wider than the body (starting left of it) and the
    signature block (starting in the right half) do not count."""
    out: dict[int, float] = {}
    for page in {ln.page for ln in lines}:
        rows = [ln.words for ln in lines if ln.page == page and ln.words]
        lefts = sorted(ws[0].bbox[0] for ws in rows)
        tol = 8
        margin = next((x for i, x in enumerate(lefts)
                       if sum(abs(y - x) <= tol for y in lefts[i:i + 40]) >= 3), lefts[0])
        middle = (margin + max(_right(ws) for ws in rows)) / 2
        out[page] = max((_right(ws) for ws in rows if margin - tol <= ws[0].bbox[0] < middle),
                        default=middle)
    return out


def _centre(word: TextWord) -> float:
    return word.bbox[1] + word.bbox[3] / 2


def _right(words: Sequence[TextWord]) -> float:
    return max(w.bbox[0] + w.bbox[2] for w in words)


def _value_above(above: tuple[_Cell | None, list[TextWord], float, float], value_x: int,
                 y: float, pitch: float, tol: float) -> bool:
    """Whether the line before (``above``, no label on it, run on as another value or not) is
    the first line of the value of the label on this line (``y``, its value at ``value_x``)
    instead: a three-line value with its one-line label centred on the middle line. It is,
    when all its words stand in that value column a line above, and it stands much further
    from the line before it (a table row's padding and rule between)."""
    cell, words, y_above, y_before = above
    if cell is not None and cell.words[-len(words):] != words:
        return False
    if abs(words[0].bbox[0] - value_x) > tol or not 0 < y - y_above <= 1.15 * pitch:
        return False
    return y_above - y_before >= (y - y_above) + 0.3 * pitch


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
