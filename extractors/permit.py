"""Building permits (PBG decrees and older IMBs): fields from the lines of all their pages.

Lines come from a PDF's text layer (exact, no OCR) or from Tesseract on a scanned page; both are
read the same way, from what the document says rather than where one layout puts it:

- labelled fields (:mod:`extractors.permit_labels`, vocabulary in
  :mod:`core.vocabulary.permit_labels`, phrases and labels composed of head words): a label at
  a line or cell start (a cell also starts where a column of the page starts,
  :func:`extractors.permit_lines.cell_starts`), its value after the colon, a gap or a table
  border, running onto the next lines in the value's column until the next label, a paragraph
  or a blank stretch; a label wrapping in its cell is joined with its other line first;
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
from extractors.normalize import parse_date, repair_digits, repair_rt_rw
from extractors.permit_labels import Hit, LabelMatcher
from extractors.permit_lines import (
    TextLine,
    TextWord,
    cell_starts,
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
from extractors.tesseract import union_boxes

__all__ = ["FIELDS", "TextLine", "TextWord", "area", "decree_number", "extract_permit",
           "lines_from_ocr", "lines_from_words", "matcher"]

FIELDS = CANONICAL_FIELDS[DocType.PERMIT]
_KEL_DESA = re.compile(r"\bKEL\s?[I1L|/\\]{1,2}\s?DESA\b")
"""``KEL/DESA`` as scans read it (the slash taken for an I or a 1)."""
_JUNK = re.compile(r"^[^\w:|/]+$")


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


def _clean(words: tuple[TextWord, ...]) -> list[TextWord]:
    """The line's words without specks (no letter, digit, colon or border).

    A scan reads the small colon as anything (``1``, ``2``, ``Aa``, ``:.``, ``»``): a tiny
    mark beside the line's letters is the colon, and so is a narrow ``1``/``l``/``|`` that a
    value follows closely, unless a colon stands right before it (then it is the value).
    """
    heights = sorted(w.bbox[3] for w in words if sum(c.isalnum() for c in w.text) >= 2)
    tall = heights[len(heights) // 2] if heights else 0
    out: list[TextWord] = []
    for i, w in enumerate(words):
        text = w.text.strip()
        if not text:
            continue
        tiny = tall and len(text) <= 2 and w.bbox[3] <= 0.55 * tall \
            and w.bbox[2] <= 0.4 * tall
        narrow = tall and _narrow_colon(words, i, tall) and not (out and out[-1].text == ":")
        if tiny or narrow:
            w = TextWord(":", w.bbox, w.conf)
        if _JUNK.match(w.text):
            continue
        if re.fullmatch(r"[|\[\]]+", w.text) and (not tall or w.bbox[3] > 1.3 * tall):
            continue  # a table border (a short one is the digit 1)
        out.append(w)
    return out


def _narrow_colon(words: tuple[TextWord, ...], i: int, tall: int) -> bool:
    """A narrow, short colon-like mark with a value word close on its right."""
    w = words[i]
    if len(w.text) > 2 or not all(c in _COLONISH for c in w.text) or i + 1 >= len(words):
        return False
    if w.bbox[2] > 0.3 * tall or w.bbox[3] > 0.8 * tall:
        return False
    gap = words[i + 1].bbox[0] - (w.bbox[0] + w.bbox[2])
    return 0 <= gap <= 2.5 * tall and i > 0


def _value_words(words: list[TextWord], hit: Hit, end: int) -> list[TextWord]:
    """The value words of ``hit`` up to word ``end``: colon and borders stripped."""
    out = list(words[hit.value_start:end])
    if out and ":" in out[0].text and hit.colon:
        rest = out[0].text.split(":", 1)[1].strip()
        out[0:1] = [TextWord(rest, out[0].bbox, out[0].conf)] if rest else []
    return out


def _colon_columns(lines: list[TextLine]) -> dict[int, list[tuple[float, int]]]:
    """Per page, ``(y, x)`` of every colon read as one (the colon columns of the page's forms)."""
    out: dict[int, list[tuple[float, int]]] = {}
    for line in lines:
        for w in _clean(line.words)[1:]:
            if w.text.startswith(":"):
                out.setdefault(line.page, []).append((line.y, w.bbox[0]))
    return out


def _strip_colon(value: list[TextWord], colons: list[tuple[float, int]], y: float,
                 height: int) -> list[TextWord]:
    """A value whose first word stands in the colon column (the colon nearest above or below
    on the page) starts with the colon misread (``: 1`` read as ``11``, ``:`` as ``1?``):
    that glyph is dropped."""
    first = value[0]
    near = sorted(colons, key=lambda c: abs(c[0] - y))[:2]
    if not any(abs(first.bbox[0] - x) <= 0.3 * height for _y, x in near):
        return value
    if len(first.text) <= 2 and len(value) > 1:
        return value[1:]
    if len(first.text) >= 2:
        return [TextWord(first.text[1:].lstrip(), first.bbox, first.conf), *value[1:]]
    return value


_COLONISH = ":;1lI|i!"


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


def _misread_colon(value: list[TextWord], starts: list[tuple[float, int]], y: float,
                   height: int) -> list[TextWord]:
    """A value starting a little left of the value column its neighbours start in, with a
    colon-like glyph (``1176`` for ``: 176``, ``1 SHM`` for ``: SHM``), loses that glyph."""
    first = value[0]
    if not first.text or first.text[0] not in _COLONISH:
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

    The next line's (or the line above's) words, all short of the value column, label-like
    words only, join the label when the label then read runs across both; that line is then
    emptied.
    """
    for n, line in enumerate(lines):
        cells = cells_of.get(n, set())
        v = _label_end(line.words, cells) if line.words else None
        if v is None:
            continue
        value_x = line.words[v].bbox[0]
        for m in (n + 1, n - 1):  # the label's rest below, or its start above
            other = lines[m] if 0 <= m < len(lines) else None
            if other is None or not other.words or other.page != line.page \
                    or not 0 < abs(other.y - line.y) <= 1.5 * pitch:
                continue
            left = tuple(w for w in other.words if w.bbox[0] + w.bbox[2] < value_x)
            rest = other.words[len(left):]
            if not left or len(left) > 4 or (rest and m < n) \
                    or _hits(other.words, cells_of.get(m)) \
                    or any(not _LABEL_WORD.fullmatch(w.text) for w in left):
                continue
            k = len(left)
            at = v if m > n else 0
            merged = (*line.words[:at], *left, *line.words[at:])
            shifted = {i if i < at else i + k for i in cells} | {0}
            hits = _hits(merged, shifted)
            # the label (with its extra label words below) must run across where lines meet
            if hits and (hits[0].start < v and hits[0].value_start >= v + k if m > n
                         else hits[0].start < k < hits[0].end):
                lines[n] = TextLine(merged, line.page, line.exact)
                lines[m] = TextLine(rest, other.page, other.exact)
                cells_of[n] = shifted
                cells_of.pop(m, None)
                break


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
    colons = _colon_columns(lines)
    lines = [ln if ln.exact else TextLine(tuple(_clean(ln.words)), ln.page) for ln in lines]
    cells_of = cell_starts(lines)
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
                if value and not hit.colon and not line.exact:
                    value = _strip_colon(value, colons.get(line.page, []), y, height)
                if value and not hit.colon and not line.exact:
                    value = _misread_colon(value, starts.get(line.page, []), y, height)
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


def area(text: str) -> str | None:
    """``1.234,50 m²`` → ``1234.5``; ``206,00 M2`` → ``206``."""
    m = re.search(r"\d[\d.,]*", text.replace(" ", ""))
    if not m:
        return None
    number = m.group(0).rstrip(".,")
    if "," in number:
        number = number.replace(".", "").replace(",", ".")
    elif number.count(".") >= 1 and len(number.split(".")[-1]) == 3:
        number = number.replace(".", "")
    try:
        return f"{float(number):.2f}".rstrip("0").rstrip(".")
    except ValueError:
        return None


def _upper_text(text: str) -> str:
    """Upper case, single spaces, no separator left at either end (degree dots stay)."""
    return " ".join(text.upper().split()).strip(" :;,|").lstrip(".'`»·")


def _value(name: str, text: str) -> str | None:
    if name in ("luas_bangunan", "luas_tanah"):
        return area(text)
    if name == "jumlah_lantai":
        m = re.match(r"[^\w|]*([0-9OoIl|]{1,3})(?![0-9A-Za-z])", text)
        return repair_digits(m.group(1)) if m else None
    if name == "nik":
        digits = repair_digits(text)
        return digits if len(digits) == 16 else None
    value = _upper_text(text)
    if name == "alamat_pemilik":
        value = repair_rt_rw(_KEL_DESA.sub("KEL/DESA", value))
    return value or None


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
        fields[name] = _read(cell.words, cell.page, _value(name, text))
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
