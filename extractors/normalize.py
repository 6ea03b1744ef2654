"""Text normalisation shared by every extractor: digit repair, dates, enumerations, clean text."""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz, process

_DIGIT_MAP = str.maketrans(
    {
        "O": "0", "o": "0", "D": "0", "Q": "0", "U": "0",
        "I": "1", "l": "1", "|": "1", "i": "1", "!": "1", "L": "1", "T": "7",
        "Z": "2", "z": "2", "B": "8", "S": "5", "s": "5", "G": "6", "b": "6",
        "A": "4", "g": "9", "q": "9", "?": "7",
    }
)

MONTHS = {
    "JANUARI": 1, "FEBRUARI": 2, "MARET": 3, "APRIL": 4, "MEI": 5, "JUNI": 6,
    "JULI": 7, "AGUSTUS": 8, "SEPTEMBER": 9, "OKTOBER": 10, "NOVEMBER": 11, "DESEMBER": 12,
}
_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
_WORD_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")


def repair_digits(s: str) -> str:
    """Map OCR letter confusions to digits (O→0, I/l/|→1, B→8…) and drop everything else."""
    return "".join(ch for ch in s.translate(_DIGIT_MAP) if ch.isdigit())


def _iso(day: int, month: int, year: int) -> str | None:
    """``YYYY-MM-DD`` if the date exists, else ``None``."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(s: str) -> str | None:
    """``12-03-2023``, ``12/03/2023``, ``12 Maret 2023``, ``Senin, 12 Maret 2023`` → ISO date."""
    if not s:
        return None
    m = _NUMERIC_DATE.search(s)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _WORD_DATE.search(s)
    if not m:
        return None
    hit = process.extractOne(m.group(2).upper(), list(MONTHS), scorer=fuzz.ratio, score_cutoff=70)
    if hit is None:
        return None
    return _iso(int(m.group(1)), MONTHS[hit[0]], int(m.group(3)))


_ABBREVIATED = re.compile(r"\b(JL|GG|NO)\b ?[.,-]? *")
"""``JL``, ``GG``, ``NO`` as addresses write them (``JL.``): the dot read as ``,``, ``:``,
``;`` or ``-``, or lost (``JL MERDEKA NO 5``), or the space after it lost (``NO.5``)."""
_GLUED_DASH = re.compile(r"(?:(?<=\s)|^)-+(?=\w)|-+(?=(?:JL|GG|NO)\b)")
"""A dash glued to the start of a word (`` -LASWI``) or run into an abbreviation
(``LASWI-GG.``): a speck of a copy, not print (a dash between words stands apart)."""
_ADMIN_COMMA = re.compile(r"\b(KEL|KEC|KAB|DS)\s*,")
"""``KEL,``/``KEC,``/``KAB,``/``DS,``: the abbreviation's dot read as a comma."""


_BANG_I = re.compile(r"(?<=[A-Z])!|!(?=[A-Z])")


def clean_text(s: str) -> str:
    """Upper case, single spaces, stray punctuation stripped from the ends and around words;
    the dot of the address abbreviations repaired (``JL, MERDEKA NO 5`` → ``JL. MERDEKA NO. 5``);
    a ``!`` inside or at the end of a word read as the ``I`` it is (no field prints a ``!``).
    """
    s = _BANG_I.sub("I", s.upper()).replace("|", " ")
    s = re.sub(r"[^\w\s.,/'()&-]", " ", s)
    s = " ".join(_GLUED_DASH.sub(" ", s).split())
    s = _ADMIN_COMMA.sub(r"\1.", _ABBREVIATED.sub(r"\1. ", s))
    s = _GLUED_DASH.sub(" ", s)  # again: a speck glued after an abbreviation (``NO.-180``)
    return " ".join(s.split()).strip(" .,:;-_'")


_STREET = re.compile(r"^(?:[HI1:;]\s+(?=[JIH1]))?"
                     r"(?:\S{0,2}?[JI][LE]|[HI1]L|J[I1|!]|LL(?=[.,])|[JI][KT])(?:[.,-]+\s*|\s+)")
"""The street prefix ``JL.`` misread at an address's start: a misread colon, J or L before it
(``1.JL.``, ``TJL.``, ``1JE``), the L read as I, E, K or T (``JI.``, ``JE-``, ``JK``, ``IT``),
the J as H, I or 1 (``HL.``, ``IL``), the L as ``|`` or ``!``, ``LL,``; the dot read as a dash
or lost; the label's colon read as a lone glyph before it (``H IL``). One rule for every
address: KTP, NPWP card and permit."""


def street(text: str) -> str:
    """An address with its street prefix repaired (:data:`_STREET`: ``JE-MOCH. TOHA`` →
    ``JL. MOCH. TOHA``), and a dot read for the space before ``NO.``/``GG.`` made the space."""
    text = _STREET.sub("JL. ", text)
    return re.sub(r"(?<=[A-Z]{2})\.(?=(?:NO|GG)\.)", " ", text)


_RT_RW = re.compile(r"\b(RT|RW)[.:]?\s*([0-9OoDQIlL|SBZG]{3})\b")
_RT_SLIP = re.compile(r"\b(?:[A-Z]T|R[A-Z])(?= \d{3} RW [0-9OoDQIlL|SBZG]{3}\b)")
"""A two-letter word one letter off ``RT`` where the RT number and ``RW`` follow (``AT 018 RW
008``)."""
_RW_SLIP = re.compile(r"(?<=\bRT \d{3} )(?:[A-Z]W|R[A-Z])(?= [0-9OoDQIlL|SBZG]{3}\b)")
"""A two-letter word one letter off ``RW`` between the RT number and the RW number."""
_BOTH_SLIP = re.compile(r"\b(?:[A-Z]T|R[A-Z]) ([0-9OoDQIlL|SBZG]{3}) (?:[A-Z]W|R[A-Z])"
                        r" ([0-9OoDQIlL|SBZG]{3})\b")
"""Both labels a letter off, each before its three-glyph number (``AT O14 AW 008``, a
low-resolution scan's R read as A): taken when both numbers hold two digits or more."""


_GLUED_RW = re.compile(r"(?<=\bRT [0-9OoDQIlL|SBZG]{3})[.,](?=RW\b)")
"""A dot or comma read for the space between the RT number and ``RW`` (``RT 007.RW 007``)."""


def _both_slipped(m: re.Match[str]) -> str:
    if all(sum(c.isdigit() for c in g) >= 2 for g in m.groups()):
        return f"RT {m.group(1)} RW {m.group(2)}"
    return m.group(0)


def repair_rt_rw(s: str) -> str:
    """``RT 0O5 RW O11`` → ``RT 005 RW 011``: the three characters after RT/RW are digits; a
    label read a letter off between them (``AT 018 RW 008``) is ``RT`` or ``RW``; a dot read
    for the space before ``RW`` is the space."""
    def digits(text: str) -> str:
        return _RT_RW.sub(lambda m: f"{m.group(1)} {repair_digits(m.group(2))}"
                          if len(repair_digits(m.group(2))) == 3 else m.group(0), text)
    once = digits(_GLUED_RW.sub(" ", s))
    labels = _RW_SLIP.sub("RW", _RT_SLIP.sub("RT", _BOTH_SLIP.sub(_both_slipped, once)))
    return digits(labels) if labels != once else once


def snap_enum(s: str, allowed: tuple[str, ...] | list[str]) -> tuple[str | None, float]:
    """The allowed value closest to ``s`` and a score 0–1 (``None, 0`` when nothing is close)."""
    text = clean_text(s or "")
    if not text or not allowed:
        return None, 0.0
    hit = process.extractOne(text, list(allowed), scorer=fuzz.ratio)
    if hit is None or hit[1] < 60:
        return None, 0.0
    return hit[0], round(hit[1] / 100.0, 3)
