"""The rows of an NPWP card: its words by line without the header and specks, each with the
label at its start (:mod:`core.vocabulary.npwp_labels`, matched with slips), and which rows are
a 15/16-digit number in any punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from core.vocabulary.npwp_labels import FIELD_LABELS, HEADER_WORDS
from extractors._layout import rows_of
from extractors.imaging import CARD_SIZE
from extractors.normalize import repair_digits
from extractors.permit_labels import Hit, LabelMatcher
from extractors.tesseract import Word


@cache
def _matcher() -> LabelMatcher:
    return LabelMatcher({w: f for f, ws in FIELD_LABELS.items() for w in ws})


@dataclass
class Row:
    """A card row: its words and the label at its start (if any)."""

    words: list[Word]
    hit: Hit | None

    @property
    def field(self) -> str | None:
        """The field of the row's label (``None`` for a row without one)."""
        return self.hit.field if self.hit else None

    @property
    def value(self) -> list[Word]:
        """The words after the label (all words for a row without one), colon stripped."""
        if self.hit is None:
            return list(self.words)
        out = list(self.words[self.hit.value_start:])
        if out and out[0].text.startswith(":"):
            rest = out[0].text[1:].strip()
            out[0:1] = [Word(rest, out[0].conf, out[0].bbox, out[0].line)] if rest else []
        return out


def _is_header(words: list[Word]) -> bool:
    """Whether most lettered words are the card's header (``KEMENTERIAN KEUANGAN …``)."""
    lettered = [re.sub(r"[^A-Z]", "", w.text.upper()) for w in words]
    lettered = [w for w in lettered if len(w) >= 3]
    hits = sum(any(fuzz.ratio(w, h) >= 80 for h in HEADER_WORDS) for w in lettered)
    return bool(lettered) and hits / len(lettered) >= 0.5


EDGE_GAP = 40
"""Pixels (on the 1012-px card) between a glyph or two at a row's start and the row's text
beyond which they are a speck of the card's edge, its shadow or the logo (``4 DUSUN …``)."""


def _speck(w: Word) -> bool:
    """A word Tesseract barely saw: a glyph or two below 0.3, or a short word below 0.2."""
    return not w.text.strip() or (w.conf < 0.3 and len(w.text) <= 2) or \
        (w.conf < 0.2 and len(w.text) <= 4)


def _edge_speck(ws: list[Word]) -> bool:
    """Whether the row's first word is a glyph or two standing apart from the rest."""
    return len(ws) > 1 and len(ws[0].text) <= 2 and \
        ws[1].bbox[0] - (ws[0].bbox[0] + ws[0].bbox[2]) > EDGE_GAP


RIGHT_EDGE = 0.96 * CARD_SIZE[0]
"""Where the normalised card's right edge begins: a glyph or two standing apart there at a
row's end is its edge or shadow read as a letter (``BALANGAN        B``)."""


def _end_speck(ws: list[Word]) -> bool:
    """Whether the row's last word is a glyph or two apart from the rest at the card's edge."""
    if len(ws) < 2 or len(ws[-1].text) > 2:
        return False
    last, before = ws[-1], ws[-2]
    return last.bbox[0] + last.bbox[2] > RIGHT_EDGE and \
        last.bbox[0] - (before.bbox[0] + before.bbox[2]) > EDGE_GAP


def card_rows(words: list[Word]) -> list[Row]:
    """The card's rows without the header and specks, each with its leading label. The
    header is printed above the number: a row under a number row is never taken for it (a
    wrapped address's ``KUANTAN SINGINGI`` is a slip from ``KEUANGAN``)."""
    out: list[Row] = []
    for row in rows_of(words):
        ws = [w for w in row.words if not _speck(w)]
        # a border or speck read as ``|``, a glyph apart at the card's edge
        while ws and (not any(c.isalnum() for c in ws[0].text) or _edge_speck(ws)):
            ws = ws[1:]
        while _end_speck(ws):
            ws = ws[:-1]
        numbered = any(is_number_row(r) for r in out)
        if sum(c.isalnum() for w in ws for c in w.text) <= 2 or (not numbered
                                                               and _is_header(ws)):
            continue  # nothing, a speck or the logo read as ``4``, or the header
        hits = _matcher().hits([w.text for w in ws], [w.bbox for w in ws])
        out.append(Row(ws, hits[0] if hits and hits[0].start == 0 else None))
    return out


def number_words(row: Row, labelled: bool = False) -> list[Word]:
    """The words of a row that is a 15/16-digit number in any punctuation, read with a glyph
    lost or two too many (a glyph read as two: ``0829 028384``; empty if it is not), after what
    is left of an unread label (``IIK :``, ``NPVVP``) at its start. After a read label
    (``labelled``) letters read for digits count (``O1.3l2.l66.O-O91.0OO``)."""
    words = row.value
    while words and not any(c.isdigit() for c in words[0].text) and len(words[0].text) <= 6:
        words = words[1:]
    if words and ":" in words[0].text[:7]:  # ``NlK:6311…`` read as one word
        head, _, tail = words[0].text.partition(":")
        if tail and not any(c.isdigit() for c in head):
            words = [Word(tail, words[0].conf, words[0].bbox, words[0].line), *words[1:]]
    text = "".join(w.text for w in words)
    digits = repair_digits(text)
    if labelled and row.field in ("npwp", "nik"):
        return words if 13 <= len(digits) <= 18 else []
    if 14 <= len(digits) <= 18 and sum(c.isdigit() for c in text) >= 0.7 * len(
            re.sub(r"[\s.\-]", "", text)):
        return words
    return []


def is_number_row(row: Row) -> bool:
    """A row that is a 15/16-digit number in any punctuation."""
    return bool(number_words(row))


def first(rows: list[Row], test: Callable[[Row], bool], start: int = 0) -> int | None:
    """The index of the first row from ``start`` that passes ``test``."""
    return next((i for i in range(start, len(rows)) if test(rows[i])), None)
