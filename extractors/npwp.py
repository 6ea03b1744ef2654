"""NPWP card field extraction on a normalised card region (1012×638, upright), by content.

One Tesseract pass (psm 6) over the whole card (:func:`~extractors._cardread.card_words`, the
same pass that classified it) gives the rows (:mod:`extractors.npwp_rows`). Card designs differ
(:mod:`core.vocabulary.npwp_labels`), so the fields are found by what the rows say, not where
they stand:

- the number: the row labelled ``NPWP`` (or the row under a label printed above it) or,
  unlabelled, the first row that is a 15/16-digit number in any punctuation; read on its own
  band by :mod:`extractors.digits` (Luhn check digit over the first nine digits of the 15-digit
  form, or a valid NIK / ``0`` + 15 digits for the 16-digit form), Tesseract's digits a hint
  only where they pass those rules;
- the name: the row labelled ``NAMA``, or the first plain row under the number;
- the NIK: the row labelled ``NIK``, or (its label unread) the 16-digit row under the number,
  read glyph cell by glyph cell: an unreadable glyph is ``?``, never a guess;
- the address: the rows labelled ``ALAMAT`` or after the name, up to the KPP row (number rows
  and other fields' rows left out), cleaned by :func:`~extractors.normalize.clean_text`;
- ``KPP PRATAMA|MADYA …`` and the registration date: :mod:`extractors.npwp_kpp`.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein
from stdnum import luhn

from core.models import CANONICAL_FIELDS, DocType, FieldRead
from core.regions import children, snap, upper
from extractors._cardread import (
    WEAK_WORD,
    card_words,
    confirms,
    fills,
    inked_gaps,
    lost_lines,
    mends,
    read_number,
    reread_line,
    reread_lines,
)
from extractors._layout import make_field, mean_conf, text_of, words_box
from extractors.digits import read_digits
from extractors.imaging import Region
from extractors.normalize import clean_text, parse_date, repair_digits, repair_rt_rw, street
from extractors.npwp_kpp import is_date_word, is_kpp_row, kpp, registration_date
from extractors.npwp_rows import (
    Row,
    card_rows,
    first,
    is_number_row,
    number_words,
)
from extractors.tesseract import Word
from validators.nik import read_plausible

__all__ = ["card_rows", "extract_npwp", "npwp_valid"]

Values = dict[str, tuple[str | None, str | None, float, object]]


def npwp_valid(digits: str) -> bool:
    """True for a 15-digit NPWP with its check digit, or a 16-digit NPWP (NIK or 0 + 15)."""
    if len(digits) == 15:
        return luhn.is_valid(digits[:9])
    if len(digits) == 16:
        return (digits[0] == "0" and luhn.is_valid(digits[1:10])) or read_plausible(digits)
    return False


def _band(words: list[Word], width: int, rows: list[Row]) -> tuple[int, int, int, int]:
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


AGREED = 0.7
"""The confidence of an NPWP number that fails its check digit but that Tesseract and the digit
reader read alike, digit for digit and every glyph clearly: a defect of the card read with
confidence (an error-level finding), still below :data:`~extractors._cardread.SURE` so that
the clerk confirms it."""
CLEAR_GLYPH = 0.4
"""The least digit-reader confidence of every glyph of such a number."""


def _number(card, words: list[Word], rows: list[Row], nik: bool) -> tuple:
    """The NPWP number or the NIK line read on its own band (:func:`read_number`).

    Tesseract's digits are a hint only where they pass the number's rules: a read with a glyph
    too many or too few (``083.688.974.8-730.000``) would otherwise be taken at its length.
    A number that fails its rules is read with low confidence, unless both readers agree on
    it glyph for glyph (:data:`AGREED`): a wrong check digit printed on the card is a defect."""
    text = text_of(words)
    valid = read_plausible if nik else npwp_valid
    hint = text if valid(repair_digits(text)) else None
    band = _band(words, card.shape[1], rows)
    if nik:
        return read_number(card, band, 16, valid, hint, monospaced=True, text_fills=16)
    value, raw, conf, box = read_number(card, band, (15, 16), valid, hint)
    if hint is None and value and value == repair_digits(text) and conf < AGREED:
        x, y, w, h = band
        again = read_digits(card[max(0, y):y + h, max(0, x):x + w], length=len(value))
        if again.text == value and min(again.confidences) >= CLEAR_GLYPH:
            conf = AGREED
    return value, raw, conf, box


TEXT_RIGHT = 0.97
"""The right end of the NPWP card's text (a fraction of its width): the card has no photo, its
rows (the KPP and the registration date on one baseline) run nearly across it."""


def _reread_weak_rows(card, rows: list[Row], words: list[Word] | None = None) -> list[Row]:
    """The rows, each text row whose value holds a weak word (:data:`WEAK_WORD`) or a wide gap
    with print in it (a word the card pass lost: ``RW ___ PANIMBAAN``) read again as one line
    on the crop of its value, the new read taken where it mends the first
    (:func:`~extractors._cardread.mends`) or puts the lost word back in its gap
    (:func:`~extractors._cardread.fills`; ``words``, the card pass's words, tell what it
    barely saw in the gap). Number rows are
    read by the digit reader instead, the KPP row (its date far right on the same baseline) by
    :mod:`extractors.npwp_kpp`. All the rows read again are read in one Tesseract run."""
    checks = []  # (weak, inked gaps) of each row to read again, None for the others
    for row in rows:
        value = row.value
        if not value or row.field in ("npwp", "nik") or is_number_row(row):
            checks.append(None)
            continue
        weak = min(w.conf for w in value) < WEAK_WORD
        gaps = [] if is_kpp_row(row) else inked_gaps(card, value)
        checks.append((weak, gaps) if weak or gaps else None)
    reads = iter(reread_lines(card, [row.value for row, c in zip(rows, checks, strict=True)
                                     if c is not None]))  # in one Tesseract run
    out = []
    for row, check in zip(rows, checks, strict=True):
        if check is None:
            out.append(row)
            continue
        weak, gaps = check
        value, again = row.value, _text_words(next(reads))
        faint = [w for w in words or () if w not in row.words and w.line == value[0].line]
        better = (weak and mends(value, again)) or (gaps and fills(value, again, gaps, faint))
        out.append(_with_value(row, again) if better else row)
    return out


RT_RW_GLYPH = 0.5
"""The least digit-reader confidence of each glyph of an RT/RW number read on its own."""


def _rt_rw_numbers(card, words: list[Word]) -> list[Word]:
    """The address words, each word after ``RT``/``RW`` that Tesseract did not read as three
    digits (``RW go2``, which the digit repairs would make ``602``; ``RW Ol1``; ``RW 0904``)
    read by the digit reader on its own crop: taken when every glyph is clear
    (:data:`RT_RW_GLYPH`) and agrees with Tesseract's digits (:func:`_agrees`), its weakest
    glyph the word's confidence; else left as read."""
    out = list(words)
    for i in range(1, len(out)):
        label, word = out[i - 1].text.upper().strip(".:"), out[i]
        if label not in ("RT", "RW") or not 3 <= len(word.text) <= 4 or (
                len(word.text) == 3 and word.text.isdigit()):
            continue
        x, y, w, h = word.bbox
        read = read_digits(card[max(0, y - 4):y + h + 4, max(0, x - 3):x + w + 3], length=3)
        if len(read.text) == 3 and min(read.confidences) >= RT_RW_GLYPH \
                and _agrees(word.text, read.text):
            out[i] = Word(read.text, min(read.confidences), word.bbox, word.line)
    return out


def _agrees(text: str, digits: str) -> bool:
    """Whether Tesseract's read of an RT/RW number agrees with the digit reader's three
    digits: glyph for glyph where Tesseract read a digit, or (a glyph too many: ``0904``)
    the reader's digits within Tesseract's four, in order."""
    if len(text) == 3:
        return all(t == d for t, d in zip(text, digits, strict=True) if t.isdigit())
    rest = iter(text)
    return text.isdigit() and all(c in rest for c in digits)


def _text_words(words: list[Word]) -> list[Word]:
    """A re-read's words from its first word with a letter or digit (a colon or a border read
    before the value dropped)."""
    while words and not any(c.isalnum() for c in words[0].text):
        words = words[1:]
    return words


def _with_value(row: Row, value: list[Word]) -> Row:
    """``row`` with its value words replaced (its label kept)."""
    label = row.words[:row.hit.value_start] if row.hit else []
    return Row(label + value, row.hit)


def _reread_date(card, rows: list[Row]) -> tuple[list[Word], str | None, list[Word]]:
    """The registration date read again where its label stands but what follows it is no
    date (``21 032921``: the slashes lost): the words after the label read as one line, taken
    when they are a date and mend the first read (:func:`~extractors._cardread.confirms`);
    the first read's words last (to find the row)."""
    for row in rows:
        for i, w in enumerate(row.words):
            rest = [x for x in row.words[i + 1:] if not is_date_word(x.text)]
            if not is_date_word(w.text) or not rest:
                continue
            for whitelist in (None, DATE_GLYPHS) if _numeric(rest) else (None,):
                again = _text_words(reread_line(card, rest, whitelist))
                if again and confirms(rest, again) and (value := _date_of(again)):
                    if whitelist:  # a whitelisted read has no confidence of its own
                        again = [Word(w.text, 0.9 * mean_conf(rest), w.bbox, w.line)
                                 for w in again]
                    return again, value, rest
    return [], None, []


DATE_GLYPHS = "0123456789/-."
"""The glyphs of a date printed in figures (``21/03/2021``), read again with these alone when
the line read loses its slashes (a faded copy)."""


def _numeric(words: list[Word]) -> bool:
    """Whether the words are a date in figures (no month name): digits and separators."""
    text = text_of(words)
    return sum(c.isdigit() for c in text) >= 6 and sum(c.isalpha() for c in text) <= 1


def _date_of(words: list[Word]) -> str | None:
    """The ISO date of a re-read date: as printed, or day, month and year in figures whose
    separators were lost or misread (``21032021``, ``23-08 2007``, ``23:08.2007``)."""
    raw = text_of(words).lstrip(":; ").replace(" / ", "/").replace(" - ", "-")
    if value := parse_date(raw):
        return value
    if m := re.fullmatch(r"(\d{2})[-/.: ]?(\d{2})[-/.: ]?(\d{4})", raw):
        return parse_date("/".join(m.groups()))
    return None


PLACE_SNAP = 0.95
"""How close the words after the address's last ``KABUPATEN``/``KOTA`` must be to a regency's
name (:func:`core.regions.snap`) for its region names to mend the address."""


REGENCY_WORDS = frozenset({"KABUPATEN", "KOTA"})


def places_mended(address: str) -> str:
    """The address with its region names mended by what they can be (a 1-bit copy breaks an
    ``E``'s bars: ``AMPEN ME DANG``, ``KABUPATEN BE RAU``; a ``G`` read ``S``: ``TINGSI``).

    The regency is the name after the last ``KABUPATEN``/``KOTA`` (:data:`PLACE_SNAP`). Then:
    two neighbouring words are joined where together they are a word of the names of that
    regency, its kecamatan and their villages (``MEDANG``, ``BERAU``) and not both such words
    already (``BATU PUTIH`` stays); and the words between the ``RW`` number and the regency,
    where the card prints the village and the kecamatan, are the regency's village and
    kecamatan they are a slip or two from (:func:`_village_kecamatan`)."""
    words = address.split()
    at = max((i for i, w in enumerate(words) if w in REGENCY_WORDS), default=None)
    hit = snap(" ".join(words[at:]), "kabupaten_kota") if at is not None else None
    if at is None or hit is None or hit.score < PLACE_SNAP:
        return address
    districts = [(d, children(d.code)) for d in children(hit.code)]
    vocabulary = {w for r in (hit, *(d for d, _ in districts),
                              *(v for _, vs in districts for v in vs))
                  for w in upper(r.name).split()}
    out: list[str] = []
    for word in words:
        if out and out[-1].isalpha() and word.isalpha() and out[-1] + word in vocabulary \
                and not (out[-1] in vocabulary and word in vocabulary) \
                and not {out[-1], word} & REGENCY_WORDS:
            out[-1] += word
        else:
            out.append(word)
    at = max(i for i, w in enumerate(out) if w in REGENCY_WORDS)
    rw = max((i for i, w in enumerate(out[:at]) if w == "RW"), default=None)
    if rw is not None and rw + 2 < at:
        pairs = [f"{upper(v.name)} {upper(d.name)}" for d, vs in districts for v in vs]
        tail = _village_kecamatan(" ".join(out[rw + 2:at]), pairs)
        out[rw + 2:at] = tail.split()
    return " ".join(out)


def _village_kecamatan(read: str, pairs: list[str]) -> str:
    """``read`` as the one ``VILLAGE KECAMATAN`` of ``pairs`` at most two edits from it (three
    from 17 letters), every other pair at least two edits further; else ``read``. The edits
    are counted on the letters, spaces left out: a copy that breaks a glyph in two also reads a
    space into the word (``LELAK`` read ``II LAK``)."""
    if read in pairs:
        return read
    letters = read.replace(" ", "")
    near = sorted((Levenshtein.distance(letters, p.replace(" ", "")), p) for p in pairs)
    if not near:
        return read
    best, pick = near[0]
    second = near[1][0] if len(near) > 1 else best + 9
    slips = 3 if len(read) >= 17 else 2
    return pick if best <= slips and second >= best + 2 else read


def _address(rows: list[Row], skip: set[int]) -> list[Word]:
    """The address words of ``rows`` (other fields' rows and number rows left out)."""
    return [w for i, r in enumerate(rows) if i not in skip and r.field in (None, "alamat")
            and not is_number_row(r) for w in r.value]


def _read(card, rows: list[Row], width: int) -> Values:
    out: Values = {}
    i_npwp = first(rows, lambda r: r.field == "npwp")
    if i_npwp is not None and not is_number_row(rows[i_npwp]) and i_npwp + 1 < len(rows) \
            and is_number_row(rows[i_npwp + 1]):
        i_npwp += 1  # the label printed above the number
    if i_npwp is None:
        i_npwp = first(rows, lambda r: r.field is None and is_number_row(r))
    if i_npwp is not None and (value := number_words(rows[i_npwp], labelled=True)):
        out["npwp"] = _number(card, value, rows, nik=False)
    after = (i_npwp + 1) if i_npwp is not None else 0
    i_kpp = first(rows, is_kpp_row, after)
    date_words, date_value = registration_date(rows, i_kpp if i_kpp is not None else after)
    date_row = date_words
    if not date_words:
        date_words, date_value, date_row = _reread_date(card, rows)
    if date_words:
        out["tanggal_terdaftar"] = (date_value, text_of(date_words), mean_conf(date_words),
                                    words_box(date_words))
    i_date = first(rows, lambda r: any(w in r.words for w in date_row), after) \
        if date_words else None
    stop = min(i for i in (i_kpp, i_date, len(rows)) if i is not None)
    i_nik = first(rows, lambda r: r.field == "nik", after)
    if i_nik is None:  # its label unread: the 16-digit line under the number
        i_nik = first(rows, lambda r: r.field is None and len(
            repair_digits("".join(w.text for w in number_words(r)))) in (15, 16, 17), after)
        i_nik = i_nik if i_nik is not None and i_nik < stop else None
    if i_nik is not None and (value := number_words(rows[i_nik], labelled=True)):
        out["nik"] = _number(card, value, rows, nik=True)
    i_nama = first(rows, lambda r: r.field == "nama")
    if i_nama is None:
        i_nama = first(rows, lambda r: r.field is None and not is_number_row(r)
                       and sum(c.isalpha() for c in r.words[0].text) >= 2, after)
        i_nama = i_nama if i_nama is not None and i_nama < stop else None
    if i_nama is not None:
        w = rows[i_nama].value
        while len(w) > 1 and len(w[-1].text) == 1 and w[-1].conf < 0.6:
            w.pop()
        out["nama"] = (clean_text(text_of(w)) or None, text_of(w), mean_conf(w), words_box(w))
    i_addr = first(rows, lambda r: r.field == "alamat")
    if i_addr is None:
        i_addr = max(i for i in (i_nama, i_npwp, -1) if i is not None) + 1
    addr = _rt_rw_numbers(card, _address(rows[:stop], {i for i in range(i_addr)}
                                         | {i_nik, i_nama, i_npwp}))
    out["alamat"] = (places_mended(street(repair_rt_rw(clean_text(text_of(addr))))) or None,
                     text_of(addr),
                     mean_conf(addr), words_box(addr))
    if i_kpp is not None:
        value, w = kpp(rows[i_kpp])
        if w:
            out["kpp"] = (value, text_of(w), mean_conf(w), words_box(w))
    return out


def extract_npwp(region: Region, page: int, words: list[Word] | None = None
                 ) -> dict[str, FieldRead]:
    """Every NPWP-card field of a normalised card region (value ``None`` where not read);
    ``words`` is the card's OCR (:func:`card_words`) when the caller already has it."""
    card = region.image
    words = card_words(region) if words is None else words
    rows = _reread_weak_rows(card, card_rows(words + lost_lines(card, words, int(
        TEXT_RIGHT * card.shape[1]))), words)
    values = _read(card, rows, card.shape[1])
    out = {}
    for key in CANONICAL_FIELDS[DocType.NPWP]:
        value, raw, conf, box = values.get(key, (None, None, 0.0, None))
        out[key] = make_field(region, page, value, raw, conf, box)  # type: ignore[arg-type]
    return out
