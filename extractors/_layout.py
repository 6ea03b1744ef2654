"""Layout helpers shared by the card extractors: rows of OCR words, label matching, fields."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from core.models import BBox, FieldRead
from extractors.imaging import Region
from extractors.tesseract import Word, union_boxes


@dataclass
class Row:
    """The OCR words of one printed row, left to right."""

    words: list[Word]

    @property
    def text(self) -> str:
        """The words joined by spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def y(self) -> float:
        """The row's vertical centre."""
        return float(np.median([w.bbox[1] + w.bbox[3] / 2 for w in self.words]))

    @property
    def conf(self) -> float:
        """Mean word confidence."""
        return float(np.mean([w.conf for w in self.words])) if self.words else 0.0

    @property
    def bbox(self) -> BBox:
        """Union of the word boxes."""
        return union_boxes([w.bbox for w in self.words])


def rows_of(words: list[Word] | tuple[Word, ...], tolerance: float = 0.5) -> list[Row]:
    """Group words into rows: Tesseract's own lines (robust to a slight tilt), top to bottom."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    if len(lines) > 1 or len(words) < 2:
        rows = [Row(sorted(ws, key=lambda w: w.bbox[0])) for ws in lines.values()]
        return sorted(rows, key=lambda r: r.y)
    return rows_by_position(words, tolerance)


def rows_by_position(words: list[Word] | tuple[Word, ...], tolerance: float = 0.5
                     ) -> list[Row]:
    """Group words into rows by vertical centre (within ``tolerance`` × word height)."""
    rows: list[Row] = []
    for w in sorted(words, key=lambda w: w.bbox[1] + w.bbox[3] / 2):
        cy = w.bbox[1] + w.bbox[3] / 2
        if rows and abs(rows[-1].y - cy) <= tolerance * max(w.bbox[3], 12):
            rows[-1].words.append(w)
        else:
            rows.append(Row([w]))
    for r in rows:
        r.words.sort(key=lambda w: w.bbox[0])
    return rows


def split_colon(row: Row) -> tuple[list[Word], list[Word]]:
    """The label words and the value words of a ``Label : value`` row (colon dropped)."""
    for i, w in enumerate(row.words):
        if ":" not in w.text:
            continue
        before, _, after = w.text.partition(":")
        label = row.words[:i] + ([Word(before, w.conf, w.bbox, w.line)] if before else [])
        value = ([Word(after, w.conf, w.bbox, w.line)] if after else []) + row.words[i + 1:]
        return label, value
    return [], list(row.words)


def label_score(text: str, label: str) -> float:
    """How well OCR'd label text matches a printed label, 0–100."""
    a, b = text.upper().replace(" ", ""), label.upper().replace(" ", "")
    if not a:
        return 0.0
    return max(fuzz.ratio(a, b), fuzz.partial_ratio(a, b) if len(a) >= 4 else 0.0)


def make_field(region: Region, page: int, value: str | None, raw: str | None,
               conf: float, box: BBox | None) -> FieldRead:
    """A :class:`FieldRead` with its box mapped to page coordinates."""
    if value is None:
        return FieldRead(value=None, raw=raw, confidence=0.0,
                     bbox=region.to_page(box) if box else None, page=page)
    return FieldRead(value=value, raw=raw, confidence=round(float(np.clip(conf, 0.0, 1.0)), 3),
                 bbox=region.to_page(box) if box else None, page=page)


def text_of(words: list[Word]) -> str:
    """The words joined by spaces."""
    return " ".join(w.text for w in words)


def mean_conf(words: list[Word]) -> float:
    """Mean word confidence (0 for none)."""
    return sum(w.conf for w in words) / len(words) if words else 0.0


def words_box(words: list[Word]) -> BBox | None:
    """Union of the words' boxes (``None`` for no words)."""
    return union_boxes([w.bbox for w in words]) if words else None
