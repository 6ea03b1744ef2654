"""Permit fields read from the document's structure rather than from a label.

- ``jenis`` from the title (``PERSETUJUAN BANGUNAN GEDUNG`` → PBG, ``IZIN MENDIRIKAN
  BANGUNAN`` → IMB, also after ``KEPUTUSAN … TENTANG``), or from the decree number's form;
- ``nomor`` from the ``NOMOR`` line under the title (or ``KEPUTUSAN … NOMOR … TENTANG``);
- ``tanggal`` from the signature block (``Pada tanggal : …``, ``Paringin, 13 Mei 2024``);
- ``penerbit`` from the letterhead (``PEMERINTAH KABUPATEN BALANGAN``, ``BUPATI BALANGAN``);
- the parts of a one-line location (``…, DESA A, KECAMATAN B, KABUPATEN C``).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from core.regions import snap
from core.vocabulary.permit_labels import (
    DATE_ABBREVIATIONS,
    ISSUER_HEADS,
    LOCATION_PARTS,
    TITLES,
)
from extractors.normalize import MONTHS, parse_date, repair_digits

_PBG = re.compile(r"SK\W*PBG\W*([0-9OoIlSB]{6})\W*([0-9OoIlSB]{8})\W*([0-9OoIlSB]{3})")
_IMB = re.compile(r"(\d{3})\s*/\s*([0-9OoIl]{1,4})\s*/\s*IMB\s*/\s*([A-Z]+)\s*/\s*(\d{4})")
_WORD = re.compile(r"[A-Z0-9]+")
DAYS = frozenset({"SENIN", "SELASA", "RABU", "KAMIS", "JUMAT", "SABTU", "MINGGU", "AHAD"})


def decree_number(text: str) -> tuple[str, str] | None:
    """``(jenis, nomor)`` from a SIMBG PBG number or an ``…/IMB/…`` number in ``text``."""
    if m := _PBG.search(text.upper()):
        return "PBG", "SK-PBG-" + "-".join(repair_digits(g) for g in m.groups())
    if m := _IMB.search(text.upper()):
        return "IMB", f"{m[1]}/{repair_digits(m[2])}/IMB/{m[3]}/{m[4]}"
    return None


def title_kind(text: str) -> str | None:
    """``PBG``/``IMB`` when the line is a title naming the permit (most of the line)."""
    upper = " ".join(text.upper().split())
    for kind, phrases in TITLES.items():
        for phrase in phrases:
            if len(upper) > 2.2 * len(phrase) + 30:
                continue  # a sentence mentioning the permit, not its title
            if fuzz.partial_ratio(phrase, upper) >= 88:
                return kind
    return None


def _first_word_is(text: str, words: tuple[str, ...], cutoff: float = 80) -> str | None:
    """The rest of ``text`` after its first word(s) when they read as one of ``words``."""
    upper = " ".join(text.upper().split())
    for w in words:
        n = len(w.split())
        head = " ".join(upper.split()[:n])
        if fuzz.ratio(re.sub(r"[^A-Z ]", "", head), w) >= cutoff:
            return " ".join(upper.split()[n:])
    return None


def number_value(text: str) -> str | None:
    """The decree number in a ``NOMOR : …`` or ``KEPUTUSAN … NOMOR … TENTANG`` line."""
    upper = " ".join(text.upper().split())
    m = re.search(r"(?:^|\s)(?:NOMOR|NOMER|NO)\s*[.:;]?\s*[:;]?\s*(\S.*)$", upper)
    if not m:
        return None
    value = re.split(r"\s+TENTANG\b", m.group(1))[0].strip(" .,:;")
    value = re.sub(r"\s*([/-])\s*", r"\1", value)
    if not value or not any(c.isdigit() for c in value):
        return None
    if found := decree_number(value):
        return found[1]
    parts = re.split(r"([/-])", value)
    return "".join(repair_digits(p) if _mostly_digits(p) else p for p in parts)


def _mostly_digits(part: str) -> bool:
    digits = sum(c.isdigit() for c in part)
    return len(part) > 0 and digits / len(part) >= 0.6 and len(repair_digits(part)) == len(part)


def signature_date(texts: list[str]) -> tuple[int, str] | None:
    """``(line index, ISO date)`` of the issue date, searched from the end of ``texts``."""
    for i in range(len(texts) - 1, -1, -1):
        words = texts[i].upper().split()
        for j, w in enumerate(words):
            letters = re.sub(r"[^A-Z]", "", w)
            label = fuzz.ratio(letters, "TANGGAL") >= 80 or w.rstrip(":") in DATE_ABBREVIATIONS or (
                len(letters) >= 9 and fuzz.partial_ratio("TANGGAL", letters) >= 86)
            if not label:
                continue
            rest = " ".join(words[j + 1:]).lstrip(":; ")
            if _qualified(words[j + 1:]):
                continue  # ``Tgl. Permohonan : …``: another date than the issue's
            following = texts[i + 1] if i + 1 < len(texts) else ""
            if found := parse_date(rest) or parse_date(f"{rest} {following}"):
                return i, found  # the date may wrap onto the next line
    for i in range(len(texts) - 1, -1, -1):
        if found := place_date(texts[i]):
            return i, found
    return None


def place_date(text: str) -> str | None:
    """The ISO date of a signature line ``Paringin, 13 Mei 2024`` (a place, a comma, a date)."""
    m = re.match(r"^[A-Za-z][A-Za-z .'-]{2,40},\s*(.*\d{4})\s*$", text.strip())
    return parse_date(m.group(1)) if m else None


def _qualified(after: list[str]) -> bool:
    """Whether the words after a date label name another date (``TANGGAL PERMOHONAN : …``):
    a word of letters before the colon that is no day or month name."""
    head = " ".join(after).split(":")[0].split() if ":" in " ".join(after) else after[:1]
    for w in head:
        letters = re.sub(r"[^A-Z]", "", w)
        if len(letters) >= 4 and letters == w.strip(".,") and letters not in DAYS \
                and not process.extractOne(letters, list(MONTHS), scorer=fuzz.ratio,
                                           score_cutoff=80):
            return True
    return False


def issuer(text: str) -> tuple[str, float] | None:
    """The issuing kabupaten/kota of a letterhead line, as Kemendagri names it, and a score."""
    rest = _first_word_is(text, ISSUER_HEADS)
    if not rest:
        return None
    head = re.sub(r"[^A-Z ]", "", text.upper().split()[0])
    if rest.startswith(("PROVINSI", "REPUBLIK", "PROV")):
        return None
    if not rest.startswith(("KAB", "KOTA")):
        rest = ("KOTA " if head.startswith("WALI") else "KABUPATEN ") + rest
    hit = snap(rest, "kabupaten_kota")
    if hit is None or hit.score < 0.8:
        return None
    return hit.name, hit.score


_MARKERS = sorted(((m, f) for f, ms in LOCATION_PARTS.items() for m in ms),
                  key=lambda mf: -len(mf[0]))
_MARKER_RE = re.compile(r"(?:^|[\s,;])(" + "|".join(re.escape(m) for m, _ in _MARKERS)
                        + r")\.?(?=[\s.:])")


def _in_order(marks: list[tuple[int, int, str, str]], order: list[str]
              ) -> list[tuple[int, int, str, str]]:
    """The most markers that come in ``order`` (a name holding a marker word, as the village
    ``PARINGIN KOTA``, then loses its ``KOTA``); of as many, the later ones (the word inside a
    name comes before the part's own marker). A longest increasing run, built mark by mark."""
    rank = [order.index(m[2]) for m in marks]
    chains: list[tuple[int, ...]] = []  # the best chain (mark indices) ending at each mark
    for i in range(len(marks)):
        before = [chains[j] for j in range(i) if rank[j] < rank[i]]
        chains.append((*max(before, key=lambda c: (len(c), c), default=()), i))
    best = max(chains, key=lambda c: (len(c), c), default=())
    return [marks[i] for i in best]


def split_location(value: str) -> tuple[str, dict[str, str]]:
    """``JL. X NO. 5, DESA A, KEC. B, KAB. C`` → ``JL. X NO. 5`` and the parts by field.

    The parts must come in order (village, district, regency); a regency part keeps its kind
    (``KABUPATEN C``/``KOTA C``). A value without markers is returned whole.
    """
    field_of = dict(_MARKERS)
    order = list(LOCATION_PARTS)
    marks = [(m.start(1), m.end(), field_of[m.group(1)], m.group(1))
             for m in _MARKER_RE.finditer(value)
             if m.start(1) > 0]  # a street that starts with a marker word is the street
    found = _in_order(marks, order)
    if not found:
        return value, {}
    parts: dict[str, str] = {}
    for k, (_s, e, field, marker) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(value)
        text = value[e:end].strip(" ,.;:")
        if field == "lokasi_kabupaten_kota":
            text = ("KOTA " if marker == "KOTA" else "KABUPATEN ") + text
        if text:
            parts[field] = text
    return value[:found[0][0]].strip(" ,;"), parts
