"""The tax office (``KPP PRATAMA|MADYA …``) and the registration date on an NPWP card's rows.

The KPP's row starts with the kind (after ``KPP`` or a label), never a kind-like word inside an
address or a name; its name stops where the registration date starts, even on one baseline.
The date follows ``Tanggal Terdaftar``/``Tgl Terdaftar``/``Terdaftar`` wherever it stands (its
own row, the KPP's baseline, beside the number's label).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from core.vocabulary.npwp_labels import DATE_WORDS, KPP_KINDS
from extractors._layout import text_of
from extractors.normalize import clean_text, parse_date
from extractors.npwp_rows import Row
from extractors.tesseract import Word


def _letters(text: str) -> str:
    return re.sub(r"[^A-Z]", "", text.upper())


def is_date_word(text: str) -> bool:
    """Whether ``text`` is a word of the registration date's label (read with slips)."""
    word = _letters(text)
    return len(word) >= 3 and any(fuzz.ratio(word, d) >= 80 for d in DATE_WORDS)


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


def _kind_at(row: Row) -> int | None:
    """Where the KPP's kind stands on a row: at its start, after ``KPP`` or after a label."""
    words = row.words
    start = row.hit.end if row.field == "kpp" and row.hit else 0  # ``Kantor Pelayanan Pajak``
    for i in range(min(len(words), start + 3)):
        before = [w.text for w in words[min(i, start):i] if w.text not in (":", ";")]
        if all(_is_kpp_word(t) for t in before) and _kind_length(words, i, bool(before)):
            return i
    return None


def is_kpp_row(row: Row) -> bool:
    """A row that names a tax office: labelled, or ``KPP PRATAMA …`` at its start."""
    return row.field == "kpp" or _kind_at(row) is not None


def kpp(row: Row) -> tuple[str | None, list[Word]]:
    """The KPP's name on its row (``KPP`` + kind + place), up to where the date starts."""
    kind = _kind_at(row)
    words = row.words[kind:] if kind is not None else row.words[row.hit.end if row.hit else 0:]
    while words and _is_kpp_word(words[0].text):
        words = words[1:]
    out: list[Word] = []
    for w in words:
        if len(out) >= 2 and (is_date_word(w.text) or any(c.isdigit() for c in w.text)):
            break
        if out:
            last = out[-1]
            if w.bbox[0] - (last.bbox[0] + last.bbox[2]) > 2.2 * max(last.bbox[3], 10):
                break
        out.append(w)
    value = clean_text(text_of(out))
    return ("KPP " + value if value else None), out


def registration_date(rows: list[Row], start: int) -> tuple[list[Word], str | None]:
    """The registration date's words and ISO value, after its label (from row ``start`` on,
    then the rows before it)."""
    for row in rows[start:] + rows[:start]:
        words = row.words
        for i, w in enumerate(words):
            if not is_date_word(w.text):
                continue
            rest = [x for x in words[i + 1:] if not is_date_word(x.text)]
            raw = text_of(rest).lstrip(":; ").replace(" / ", "/").replace(" - ", "-")
            if value := parse_date(raw):
                return rest, value
    return [], None
