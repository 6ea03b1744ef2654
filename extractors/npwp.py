"""NPWP card field extraction on a normalised card region (1012×638, upright), by content.

One Tesseract pass (psm 6) over the whole card (:func:`~extractors._cardread.card_words`, the
same pass that classified it) gives the rows. Card designs differ (:mod:`core.vocabulary.
npwp_labels`), so the fields are found by what the rows say, not where they stand:

- the number: the row labelled ``NPWP`` or, unlabelled, the first row that is a 15/16-digit
  number in any punctuation; read from that pass and confirmed on its own band by
  :mod:`extractors.digits` (Luhn check digit over the first nine digits of the 15-digit form, or
  a valid NIK / ``0`` + 15 digits for the 16-digit form);
- the name: the row labelled ``NAMA``, or the first plain row under the number;
- the NIK: the row labelled ``NIK``;
- the address: the rows labelled ``ALAMAT`` or after the name/NIK, up to the KPP row;
- ``KPP PRATAMA|MADYA …``: stops where the registration date starts, even on one baseline;
- the registration date: after ``Tanggal Terdaftar``/``Tgl Terdaftar``/``Terdaftar`` wherever
  it stands.
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
        if not ws or _is_header(ws):
            continue
        hits = _matcher().hits([w.text for w in ws], [w.bbox for w in ws])
        out.append(_Row(ws, hits[0] if hits and hits[0].start == 0 else None))
    return out


def _digit_row(row: _Row) -> bool:
    """A row that is a 15/16-digit number in any punctuation."""
    text = "".join(w.text for w in row.words)
    digits = repair_digits(text)
    return len(digits) in (15, 16) and sum(c.isdigit() for c in text) >= 0.7 * len(
        re.sub(r"[\s.\-]", "", text))


def _first(rows: list[_Row], test, start: int = 0) -> int | None:
    return next((i for i in range(start, len(rows)) if test(rows[i])), None)


def _band(words: list[Word], width: int) -> tuple[int, int, int, int]:
    """The band of a number's words, tall enough for the digits, to the card's right edge."""
    x0 = max(0, min(w.bbox[0] for w in words) - 6)
    height = max(w.bbox[3] for w in words)
    top = min(w.bbox[1] for w in words)
    return x0, int(top - 0.4 * height), int(0.97 * width) - x0, int(1.8 * height)


def _is_date_word(text: str) -> bool:
    word = re.sub(r"[^A-Z]", "", text.upper())
    return len(word) >= 3 and any(fuzz.ratio(word, d) >= 80 for d in DATE_WORDS)


def _kpp(row: _Row) -> list[Word]:
    """The KPP's name on its row: from ``KPP`` (or ``PRATAMA``) to where the date starts."""
    words = row.value if row.field == "kpp" else row.words
    kinds = [k.split()[0] for k in KPP_KINDS]
    start = next((i for i, w in enumerate(words)
                  if fuzz.ratio(re.sub(r"[^A-Z]", "", w.text.upper()), "KPP") >= 66
                  and i + 1 < len(words)
                  and any(fuzz.ratio(words[i + 1].text.upper(), k) >= 75 for k in kinds)), None)
    if start is None:
        start = next((i for i, w in enumerate(words)
                      if any(fuzz.ratio(w.text.upper(), k) >= 75 for k in kinds)), 0)
    out: list[Word] = []
    for w in words[start:]:
        if len(out) >= 2 and (_is_date_word(w.text) or any(c.isdigit() for c in w.text)):
            break
        if out:
            last = out[-1]
            if w.bbox[0] - (last.bbox[0] + last.bbox[2]) > 2.2 * max(last.bbox[3], 10):
                break
        out.append(w)
    return out


def _kpp_row(row: _Row) -> bool:
    return row.field == "kpp" or any(
        fuzz.ratio(w.text.upper(), k.split()[0]) >= 80 for w in row.words for k in KPP_KINDS)


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


def _read(card, rows: list[_Row], width: int) -> Values:
    out: Values = {}
    i_npwp = _first(rows, lambda r: r.field == "npwp")
    if i_npwp is None:
        i_npwp = _first(rows, lambda r: r.field is None and _digit_row(r))
    if i_npwp is not None and (value := rows[i_npwp].value):
        out["npwp"] = read_number(card, _band(value, width), (15, 16), npwp_valid, _text(value))
    after = (i_npwp + 1) if i_npwp is not None else 0
    i_nik = _first(rows, lambda r: r.field == "nik", after)
    if i_nik is not None and (value := rows[i_nik].value):
        out["nik"] = read_number(card, _band(value, width), 16, lokal.is_valid_nik, _text(value),
                                 monospaced=True, text_fills=16)
    i_kpp = _first(rows, _kpp_row, after)
    date_words, date_value = _date(rows, i_kpp if i_kpp is not None else after)
    if date_words:
        out["tanggal_terdaftar"] = (date_value, _text(date_words), _conf(date_words),
                                    words_box(date_words))
    i_date = _first(rows, lambda r: any(w in r.words for w in date_words), after) \
        if date_words else None
    stop = min(i for i in (i_kpp, i_date, len(rows)) if i is not None)
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
        i_addr = max(i for i in (i_nama, i_nik, i_npwp, -1) if i is not None) + 1
    addr = [w for r in rows[i_addr:stop] if r.field in (None, "alamat") for w in r.value]
    out["alamat"] = (repair_rt_rw(clean_text(_text(addr))) or None, _text(addr), _conf(addr),
                     words_box(addr))
    if i_kpp is not None and (w := _kpp(rows[i_kpp])):
        value = clean_text(_text(w))
        if value and not value.startswith("KPP"):
            value = "KPP " + value
        out["kpp"] = (value or None, _text(w), _conf(w), words_box(w))
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
