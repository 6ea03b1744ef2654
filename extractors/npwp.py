"""NPWP card field extraction on a normalised card region (1012×638, upright).

One Tesseract pass (psm 6) over the whole card (:func:`~extractors._cardread.card_words`, the
same pass that classified it) gives the rows. The NPWP and NIK numbers, printed in Liberation
Sans, are taken from that pass (Tesseract reads small touching Liberation digits better than the
templates), confirmed by :mod:`extractors.digits` on their own bands, and checked (NPWP: Luhn
check digit over the first nine digits of the 15-digit form, or a valid NIK for the 16-digit
form).
"""

from __future__ import annotations

import lokal
from rapidfuzz import fuzz
from stdnum import luhn

from core.models import CANONICAL_FIELDS, DocType, FieldRead
from extractors._cardread import card_words, read_number
from extractors._layout import Row, make_field, rows_of, split_colon, words_box
from extractors.imaging import Region
from extractors.normalize import clean_text, parse_date, repair_rt_rw
from extractors.tesseract import Word

Values = dict[str, tuple[str | None, str | None, float, object]]


def npwp_valid(digits: str) -> bool:
    """True for a 15-digit NPWP with its check digit, or a 16-digit NPWP (NIK or 0 + 15)."""
    if len(digits) == 15:
        return luhn.is_valid(digits[:9])
    if len(digits) == 16:
        return (digits[0] == "0" and luhn.is_valid(digits[1:10])) or lokal.is_valid_nik(digits)
    return False


def _text(words: list[Word]) -> str:
    """The words joined by spaces."""
    return " ".join(w.text for w in words)


def _conf(words: list[Word]) -> float:
    """Mean word confidence (0 for none)."""
    return sum(w.conf for w in words) / len(words) if words else 0.0


def _find(rows: list[Row], label: str, start: int = 0) -> int | None:
    """Index of the first row (from ``start``) whose first word matches ``label``."""
    for i in range(start, len(rows)):
        word = rows[i].words[0].text.rstrip(":").upper() if rows[i].words else ""
        if fuzz.ratio(word, label) >= 70:
            return i
    return None


def _band(row: Row, width: int) -> tuple[int, int, int, int]:
    """The band right of a row's label word, tall enough for the digits."""
    first = row.words[0]
    x0 = first.bbox[0] + first.bbox[2] + 4
    if len(row.words) > 1 and row.words[1].text.strip() == ":":
        x0 = row.words[1].bbox[0] + row.words[1].bbox[2] + 2
    height = max(w.bbox[3] for w in row.words)
    top = int(row.y - 0.9 * height)
    return x0, top, int(0.97 * width) - x0, int(1.8 * height)


def _numbers(card, rows: list[Row], width: int) -> tuple[Values, int | None, int | None]:
    """The NPWP and NIK numbers and the indexes of their rows."""
    out: Values = {}
    i_npwp = _find(rows, "NPWP")
    if i_npwp is not None:
        out["npwp"] = read_number(card, _band(rows[i_npwp], width), (15, 16), npwp_valid,
                                  _text(rows[i_npwp].words[1:]))
    i_nik = _find(rows, "NIK", (i_npwp or 0) + 1)
    if i_nik is not None:
        out["nik"] = read_number(card, _band(rows[i_nik], width), 16, lokal.is_valid_nik,
                                 _text(rows[i_nik].words[1:]))
    return out, i_npwp, i_nik


def _texts(rows: list[Row], i_npwp: int | None, i_nik: int | None) -> Values:
    """Nama, alamat, KPP and the registration date from the rows around the numbers."""
    out: Values = {}
    start = (i_npwp + 1) if i_npwp is not None else 0
    i_kpp = _find(rows, "KPP", start)
    i_reg = next((i for i, r in enumerate(rows) if any(
        fuzz.ratio(w.text.rstrip(":").upper(), "TERDAFTAR") >= 75 for w in r.words)), None)
    name_rows = rows[start:i_nik] if i_nik is not None else rows[start:start + 1]
    if name_rows:
        w = list(name_rows[0].words)
        while len(w) > 1 and len(w[-1].text) == 1 and w[-1].conf < 0.6:
            w.pop()
        out["nama"] = (clean_text(_text(w)) or None, _text(w), _conf(w), words_box(w))
    addr_start = (i_nik + 1) if i_nik is not None else start + 1
    addr = [w for r in rows[addr_start:i_kpp] for w in r.words]
    out["alamat"] = (repair_rt_rw(clean_text(_text(addr))) or None, _text(addr), _conf(addr),
                     words_box(addr))
    if i_kpp is not None:
        w = rows[i_kpp].words
        out["kpp"] = (clean_text(_text(w)) or None, _text(w), _conf(w), words_box(w))
    if i_reg is not None:
        _, value = split_colon(rows[i_reg])
        value = value or [w for w in rows[i_reg].words if any(c.isdigit() for c in w.text)]
        raw = _text(value)
        out["tanggal_terdaftar"] = (parse_date(raw.replace(" / ", "/")), raw, _conf(value),
                                    words_box(value))
    return out


def extract_npwp(region: Region, page: int, words: list[Word] | None = None
                 ) -> dict[str, FieldRead]:
    """Every NPWP-card field of a normalised card region (value ``None`` where not read);
    ``words`` is the card's OCR (:func:`card_words`) when the caller already has it."""
    card = region.image
    rows = rows_of(card_words(region) if words is None else words)
    values, i_npwp, i_nik = _numbers(card, rows, card.shape[1])
    values.update(_texts(rows, i_npwp, i_nik))
    out = {}
    for key in CANONICAL_FIELDS[DocType.NPWP]:
        value, raw, conf, box = values.get(key, (None, None, 0.0, None))
        out[key] = make_field(region, page, value, raw, conf, box)  # type: ignore[arg-type]
    return out
