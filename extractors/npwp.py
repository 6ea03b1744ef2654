"""NPWP card field extraction on a normalised card region (1012×638, upright), by content.

One Tesseract pass (psm 6) over the whole card (:func:`~extractors._cardread.card_words`, the
same pass that classified it) gives the rows. Card designs differ (:mod:`core.vocabulary.
npwp_labels`), so the fields are found by what the rows say, not where they stand:

- the number: the row labelled ``NPWP`` (or the row under a label printed above it) or,
  unlabelled, the first row that is a 15/16-digit number in any punctuation; read on its own
  band by :mod:`extractors.digits` (Luhn check digit over the first nine digits of the 15-digit
  form, or a valid NIK / ``0`` + 15 digits for the 16-digit form), Tesseract's digits a hint
  only where they pass those rules;
- the name: the row labelled ``NAMA``, or the first plain row under the number;
- the NIK: the row labelled ``NIK``, or (its label unread) the 16-digit row under the number,
  read glyph cell by glyph cell: an unreadable glyph is ``?``, never a guess;
- the address: the rows labelled ``ALAMAT`` or after the name, up to the KPP row (number rows
  and other fields' rows left out);
- ``KPP PRATAMA|MADYA …``: a row starting with the kind (after ``KPP`` or a label), never a
  kind-like word inside an address or a name; it stops where the registration date starts,
  even on one baseline;
- the registration date: after ``Tanggal Terdaftar``/``Tgl Terdaftar``/``Terdaftar`` wherever
  it stands (its own row, the KPP's baseline, beside the number's label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import lokal
from rapidfuzz import fuzz
from stdnum import luhn

from core.models import CANONICAL_FIELDS, DocType, FieldRead
from core.vocabulary.npwp_labels import DATE_WORDS, FIELD_LABELS, HEADER_WORDS, KPP_KINDS
from extractors._cardread import card_words, read_number
from extractors._layout import make_field, rows_of, words_box
from extractors.imaging import Region
from extractors.normalize import clean_text, parse_date, repair_digits, repair_rt_rw
from extractors.permit_labels import Hit, LabelMatcher
from extractors.tesseract import Word

Values = dict[str, tuple[str | None, str | None, float, object]]


def npwp_valid(digits: str) -> bool:
    """True for a 15-digit NPWP with its check digit, or a 16-digit NPWP (NIK or 0 + 15)."""
    if len(digits) == 15:
        return luhn.is_valid(digits[:9])
    if len(digits) == 16:
        return (digits[0] == "0" and luhn.is_valid(digits[1:10])) or lokal.is_valid_nik(digits)
    return False


@cache
def _matcher() -> LabelMatcher:
    return LabelMatcher({w: f for f, ws in FIELD_LABELS.items() for w in ws})


@dataclass
class _Row:
    """A card row: its words and the label at its start (if any)."""

    words: list[Word]
    hit: Hit | None

    @property
    def field(self) -> str | None:
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


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _conf(words: list[Word]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


def _is_header(words: list[Word]) -> bool:
    """Whether most lettered words are the card's header (``KEMENTERIAN KEUANGAN …``)."""
    lettered = [re.sub(r"[^A-Z]", "", w.text.upper()) for w in words]
    lettered = [w for w in lettered if len(w) >= 3]
    hits = sum(any(fuzz.ratio(w, h) >= 80 for h in HEADER_WORDS) for w in lettered)
    return bool(lettered) and hits / len(lettered) >= 0.5


def card_rows(words: list[Word]) -> list[_Row]:
    """The card's rows without the header and specks, each with its leading label."""
    out = []
    for row in rows_of(words):
        ws = [w for w in row.words if w.text.strip() and not (w.conf < 0.3 and len(w.text) <= 2)]
        while ws and not any(c.isalnum() for c in ws[0].text):  # a border or speck read as ``|``
            ws = ws[1:]
        if sum(c.isalnum() for w in ws for c in w.text) <= 2 or _is_header(ws):
            continue  # nothing, a speck or the logo read as ``4``, or the header
        hits = _matcher().hits([w.text for w in ws], [w.bbox for w in ws])
        out.append(_Row(ws, hits[0] if hits and hits[0].start == 0 else None))
    return out


def _number_words(row: _Row, labelled: bool = False) -> list[Word]:
    """The words of a row that is a 15/16-digit number in any punctuation, read with a glyph
    lost or one too many (empty if it is not), after what is left of an unread label (``IIK :``,
    ``NPVVP``) at its start. After a read label (``labelled``) letters read for digits count
    (``O1.3l2.l66.O-O91.0OO``)."""
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
    if 14 <= len(digits) <= 17 and sum(c.isdigit() for c in text) >= 0.7 * len(
            re.sub(r"[\s.\-]", "", text)):
        return words
    return []


def _digit_row(row: _Row) -> bool:
    """A row that is a 15/16-digit number in any punctuation."""
    return bool(_number_words(row))


def _first(rows: list[_Row], test, start: int = 0) -> int | None:
    return next((i for i in range(start, len(rows)) if test(rows[i])), None)


def _band(words: list[Word], width: int, rows: list[_Row]) -> tuple[int, int, int, int]:
    """The band of a number's words: tall enough for the digits but not into the rows above and
    below (a date may stand there), and a few glyphs wider than what Tesseract saw."""
    x0 = max(0, min(w.bbox[0] for w in words) - 6)
    right = max(w.bbox[0] + w.bbox[2] for w in words)
    glyph = sum(w.bbox[2] for w in words) / max(1, sum(len(w.text) for w in words))
    x1 = min(int(0.97 * width), int(right + 3 * glyph))
    height = max(w.bbox[3] for w in words)
    top, bottom = min(w.bbox[1] for w in words), max(w.bbox[1] + w.bbox[3] for w in words)
    y0, y1 = int(top - 0.3 * height), int(bottom + 0.3 * height)
    for row in rows:
        for w in row.words:
            if w in words or w.bbox[0] > x1 or w.bbox[0] + w.bbox[2] < x0:
                continue
            if w.bbox[1] + w.bbox[3] <= top + 2:
                y0 = max(y0, w.bbox[1] + w.bbox[3] + 1)
            elif w.bbox[1] >= bottom - 2:
                y1 = min(y1, w.bbox[1] - 1)
    y0, y1 = min(y0, top - 3), max(y1, bottom + 3)  # a tilted line's glyphs stay whole
    return x0, y0, x1 - x0, y1 - y0


def _is_date_word(text: str) -> bool:
    word = re.sub(r"[^A-Z]", "", text.upper())
    return len(word) >= 3 and any(fuzz.ratio(word, d) >= 80 for d in DATE_WORDS)


def _letters(text: str) -> str:
    return re.sub(r"[^A-Z]", "", text.upper())


def _is_kpp_word(text: str) -> bool:
    word = _letters(text)
    return 2 <= len(word) <= 4 and fuzz.ratio(word, "KPP") >= 66


def _kind_length(words: list[Word], i: int, after_kpp: bool) -> int:
    """How many words from ``i`` spell a KPP kind (``PRATAMA``, ``WAJIB PAJAK BESAR`` …), read
    with slips (a looser match right after ``KPP``); 0 if they do not."""
    for kind in KPP_KINDS:
        n = len(kind.split())
        read = _letters("".join(w.text for w in words[i:i + n]))
        if len(read) >= 4 and fuzz.ratio(read, kind.replace(" ", "")) >= (75 if after_kpp else 85):
            return n
    return 0


def _kind_at(row: _Row) -> int | None:
    """Where the KPP's kind stands on a row: at its start, after ``KPP`` or after a label."""
    words = row.words
    first = row.hit.end if row.field == "kpp" and row.hit else 0  # ``Kantor Pelayanan Pajak``
    for i in range(min(len(words), first + 3)):
        before = [w.text for w in words[min(i, first):i] if w.text not in (":", ";")]
        if all(_is_kpp_word(t) for t in before) and _kind_length(words, i, bool(before)):
            return i
    return None


def _kpp_row(row: _Row) -> bool:
    """A row that names a tax office: labelled, or ``KPP PRATAMA …`` at its start."""
    return row.field == "kpp" or _kind_at(row) is not None


def _kpp(row: _Row) -> tuple[str | None, list[Word]]:
    """The KPP's name on its row (``KPP`` + kind + place), up to where the date starts."""
    kind = _kind_at(row)
    words = row.words[kind:] if kind is not None else row.words[row.hit.end if row.hit else 0:]
    while words and _is_kpp_word(words[0].text):
        words = words[1:]
    out: list[Word] = []
    for w in words:
        if len(out) >= 2 and (_is_date_word(w.text) or any(c.isdigit() for c in w.text)):
            break
        if out:
            last = out[-1]
            if w.bbox[0] - (last.bbox[0] + last.bbox[2]) > 2.2 * max(last.bbox[3], 10):
                break
        out.append(w)
    value = clean_text(_text(out))
    return ("KPP " + value if value else None), out


def _date(rows: list[_Row], start: int) -> tuple[list[Word], str | None]:
    """The registration date's words and ISO value, after its label (from row ``start``)."""
    for row in rows[start:] + rows[:start]:
        words = row.words
        for i, w in enumerate(words):
            if not _is_date_word(w.text):
                continue
            rest = [x for x in words[i + 1:] if not _is_date_word(x.text)]
            raw = _text(rest).lstrip(":; ").replace(" / ", "/").replace(" - ", "-")
            if value := parse_date(raw):
                return rest, value
    return [], None


def _number(card, words: list[Word], rows: list[_Row], nik: bool) -> tuple:
    """The NPWP number or the NIK line read on its own band (:func:`read_number`).

    Tesseract's digits are a hint only where they pass the number's rules: a read with a glyph
    too many or too few (``083.688.974.8-730.000``) would otherwise be taken at its length."""
    text = _text(words)
    valid = lokal.is_valid_nik if nik else npwp_valid
    hint = text if valid(repair_digits(text)) else None
    band = _band(words, card.shape[1], rows)
    if nik:
        return read_number(card, band, 16, valid, hint, monospaced=True, text_fills=16)
    return read_number(card, band, (15, 16), valid, hint)


_ABBREVIATED = re.compile(r"\b(JL|GG|NO)\b\s?[.:;,]?\s*")
"""``JL``, ``GG``, ``NO`` as addresses write them (``JL.``): a dot read as ``:``, ``,`` or lost."""


def _address(rows: list[_Row], skip: set[int]) -> list[Word]:
    """The address words of ``rows`` (other fields' rows and number rows left out)."""
    return [w for i, r in enumerate(rows) if i not in skip and r.field in (None, "alamat")
            and not _digit_row(r) for w in r.value]


def _read(card, rows: list[_Row], width: int) -> Values:
    out: Values = {}
    i_npwp = _first(rows, lambda r: r.field == "npwp")
    if i_npwp is not None and not _digit_row(rows[i_npwp]) and i_npwp + 1 < len(rows) \
            and _digit_row(rows[i_npwp + 1]):
        i_npwp += 1  # the label printed above the number
    if i_npwp is None:
        i_npwp = _first(rows, lambda r: r.field is None and _digit_row(r))
    if i_npwp is not None and (value := _number_words(rows[i_npwp], labelled=True)):
        out["npwp"] = _number(card, value, rows, nik=False)
    after = (i_npwp + 1) if i_npwp is not None else 0
    i_kpp = _first(rows, _kpp_row, after)
    date_words, date_value = _date(rows, i_kpp if i_kpp is not None else after)
    if date_words:
        out["tanggal_terdaftar"] = (date_value, _text(date_words), _conf(date_words),
                                    words_box(date_words))
    i_date = _first(rows, lambda r: any(w in r.words for w in date_words), after) \
        if date_words else None
    stop = min(i for i in (i_kpp, i_date, len(rows)) if i is not None)
    i_nik = _first(rows, lambda r: r.field == "nik", after)
    if i_nik is None:  # its label unread: the 16-digit line under the number
        i_nik = _first(rows, lambda r: r.field is None and len(
            repair_digits("".join(w.text for w in _number_words(r)))) in (15, 16, 17), after)
        i_nik = i_nik if i_nik is not None and i_nik < stop else None
    if i_nik is not None and (value := _number_words(rows[i_nik], labelled=True)):
        out["nik"] = _number(card, value, rows, nik=True)
    i_nama = _first(rows, lambda r: r.field == "nama")
    if i_nama is None:
        i_nama = _first(rows, lambda r: r.field is None and not _digit_row(r)
                        and sum(c.isalpha() for c in r.words[0].text) >= 2, after)
        i_nama = i_nama if i_nama is not None and i_nama < stop else None
    if i_nama is not None:
        w = rows[i_nama].value
        while len(w) > 1 and len(w[-1].text) == 1 and w[-1].conf < 0.6:
            w.pop()
        out["nama"] = (clean_text(_text(w)) or None, _text(w), _conf(w), words_box(w))
    i_addr = _first(rows, lambda r: r.field == "alamat")
    if i_addr is None:
        i_addr = max(i for i in (i_nama, i_npwp, -1) if i is not None) + 1
    addr = _address(rows[:stop], {i for i in range(i_addr)} | {i_nik, i_nama, i_npwp})
    text = _ABBREVIATED.sub(r"\1. ", _text(addr).upper())
    out["alamat"] = (repair_rt_rw(clean_text(text)) or None, _text(addr), _conf(addr),
                     words_box(addr))
    if i_kpp is not None:
        value, w = _kpp(rows[i_kpp])
        if w:
            out["kpp"] = (value, _text(w), _conf(w), words_box(w))
    return out


def extract_npwp(region: Region, page: int, words: list[Word] | None = None
                 ) -> dict[str, FieldRead]:
    """Every NPWP-card field of a normalised card region (value ``None`` where not read);
    ``words`` is the card's OCR (:func:`card_words`) when the caller already has it."""
    card = region.image
    rows = card_rows(card_words(region) if words is None else words)
    values = _read(card, rows, card.shape[1])
    out = {}
    for key in CANONICAL_FIELDS[DocType.NPWP]:
        value, raw, conf, box = values.get(key, (None, None, 0.0, None))
        out[key] = make_field(region, page, value, raw, conf, box)  # type: ignore[arg-type]
    return out
