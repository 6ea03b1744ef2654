"""KTP row layout: which OCR words of a normalised card (1012×638) are which label's value.

Labels are matched fuzzily left of the colon column; unlabelled rows continue the address; the
NIK row is found above the card's middle; the block under the photo holds place and date of
issue.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np

from core.vocabulary.ktp_labels import LABELS
from core.vocabulary.values import KTP_CHOICES
from extractors._layout import Row, label_score, split_colon, text_of
from extractors.imaging import CARD_SIZE
from extractors.normalize import repair_digits, snap_enum
from extractors.tesseract import Word


def _label_of(label_words: list[Word]) -> tuple[str | None, float]:
    """The label key best matching the words left of the colon."""
    text = text_of(label_words)
    scored = [(label_score(text, lab), key) for key, lab in LABELS.items()]
    best = max(scored)
    return (best[1], best[0]) if best[0] >= 60 else (None, best[0])


_RT_RW = re.compile(r"^\D*?(?:1[.,:;]?\s*)?(\d{3})\s*/\s*1?(\d{3})\D*$")


def rt_rw(raw: str) -> str | None:
    """``003/005`` when the read is unambiguous: three digits, a slash, three digits (a colon
    before, or the slash itself, may come back as an extra ``1``, the colon as ``1.``);
    ``None`` for anything else
    (``005/0905``, ``0201002``)."""
    m = _RT_RW.match(raw.strip())
    return f"{m.group(1)}/{m.group(2)}" if m else None


def rt_rw_readings(raw: str) -> set[str]:
    """Every RT/RW an unclear read can be (empty when none): as :func:`rt_rw` reads it; else
    three and three digits, the slash lost (``022005``) or read as ``1`` (``0021006``), the
    colon read as a leading ``1`` (``1019010``, ``1022/005``). An ambiguous read gives each
    of its readings; a read with a glyph too many inside a group (``0095/0905``) none."""
    if clear := rt_rw(raw):
        return {clear}
    text = raw.strip().lstrip(":;.,'\"| ")
    if "/" in text:
        left, _, right = (repair_digits(t) for t in text.partition("/"))
        if len(left) == 4 and left[0] == "1":
            left = left[1:]
        return {f"{left}/{right}"} if len(left) == len(right) == 3 else set()
    digits = repair_digits(text)
    out = set()
    if len(digits) == 6:
        out.add(f"{digits[:3]}/{digits[3:]}")
    if len(digits) == 7 and digits[3] == "1":
        out.add(f"{digits[:3]}/{digits[4:]}")
    if len(digits) == 7 and digits[0] == "1":
        out.add(f"{digits[1:4]}/{digits[4:]}")
    if len(digits) == 8 and digits[0] == digits[4] == "1":
        out.add(f"{digits[1:4]}/{digits[5:]}")
    return out


def reads_agree(first: str, clear: str) -> bool:
    """Whether a clear RT/RW read again (``020/004``) agrees with the unclear first read
    (``0201004``: the slash read as ``1``): its six digits stand in order among the first read's
    digits, with at most two more there (a colon or a slash read as a digit)."""
    digits, want = repair_digits(first), clear.replace("/", "")
    if len(digits) > len(want) + 2:
        return False
    found = iter(digits)
    return all(d in found for d in want)


_JUNK = re.compile(r"^[:;|!.,»«_\-—'\"1iIl2]{1,2}$")


LABEL_WORDS = 3
"""The most words a KTP label is read as (``Tempat/Tgl Lahir``, ``Tempat/ Tgl Lahir``)."""


def value_column(rows: list[Row]) -> float:
    """The x where values start: the median colon position of the rows that show one in the
    label column (the ``Gol. Darah :`` colon mid-row does not count, nor one after more words
    than a label has: ``Alamat JL WONOAYU NO:76``), else the printed one."""
    xs = []
    for row in rows:
        label, value = split_colon(row)
        if label and value and len(label) <= LABEL_WORDS \
                and 0.15 * CARD_SIZE[0] < value[0].bbox[0] < 0.45 * CARD_SIZE[0]:
            xs.append(value[0].bbox[0])
    return float(np.median(xs)) - 12 if xs else 0.25 * CARD_SIZE[0]


def strip_junk(words: list[Word]) -> list[Word]:
    """Drop a misread colon (``:``, ``1``, ``|``…) at the start of a value."""
    while len(words) > 1 and _JUNK.match(words[0].text):
        words = words[1:]
    if words and words[0].text.startswith(":"):
        first = words[0]
        words = [Word(first.text.lstrip(":;"), first.conf, first.bbox, first.line), *words[1:]]
    return [w for w in words if w.text]


_ORDER = list(LABELS)
WEAK_LABEL = 75
"""A label score below this is a guess: it counts only where the card's order puts it."""


def body(rows: list[Row]) -> dict[str, list[Word]]:
    """The value words of each labelled row; unlabelled rows continue the address. A row whose
    label is misread beyond matching (``Arjuna`` for ``Agama``) takes the label printed after
    the previous row's, unless a row further down reads as that label. When the labels so read
    come out of the card's printed order (a copy's broken labels: ``Rata`` read as another
    label than ``Nama``), the rows are assigned in that order instead (:func:`in_order`)."""
    column = value_column(rows)
    out = _by_labels(rows, column)
    tops = sorted((words[0].bbox[1], _ORDER.index(key)) for key, words in out.items() if words)
    if all(a[1] < b[1] for a, b in itertools.pairwise(tops)):
        return out
    parts = [_split(row, column) for row in rows]
    ordered: dict[str, list[Word]] = {}
    for (_, value), key in zip(parts, in_order(parts), strict=True):
        if key == CONTINUED:
            ordered["alamat"] = ordered.get("alamat", []) + _cut_far(value)
        elif key is not None:
            ordered[key] = value if key == "jenis_kelamin" else _cut_far(value)
    return ordered


CONTINUED = "+alamat"
""":func:`in_order`'s key of a row continuing the address."""
_DATE = re.compile(r"\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}")


def _shape(key: str, value: str) -> float:
    """How well ``value`` has the shape of ``key``'s values, 0–1 (0 for free text)."""
    if not value:
        return 0.0
    if key in KTP_CHOICES:
        _, score = snap_enum(value.split()[0] if key == "jenis_kelamin" else value,
                             KTP_CHOICES[key])
        return score if score >= 0.75 else 0.0
    if key == "tempat_tgl":
        return 1.0 if _DATE.search(value) or len(repair_digits(value[-12:])) >= 6 else 0.0
    if key == "rt_rw":
        letters = sum(c.isalpha() for c in value)
        return 1.0 if len(repair_digits(value)) in (6, 7) and letters <= 1 else 0.0
    if key == "berlaku_hingga":
        _, score = snap_enum(value, ("SEUMUR HIDUP",))
        return 1.0 if score >= 0.7 or _DATE.search(value) else 0.0
    return 0.0


def in_order(parts: list[tuple[list[Word], list[Word]]]) -> list[str | None]:
    """The label key of each row (label words, value words) in the card's printed order:
    :data:`CONTINUED` for an address line, ``None`` for a row that is no field. The assignment
    (a dynamic programme over rows × labels) that best fits the rows' label words and the
    shapes of their values; a label may be missing, a row may be a speck."""
    n, m = len(parts), len(_ORDER)
    texts = [(text_of(label), text_of(value)) for label, value in parts]
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, str | None]]] = [[(0, 0, None)] * (m + 1)
                                                     for _ in range(n + 1)]
    best[0][0] = 0.0

    def step(r: int, j: int, score: float, came: tuple[int, int, str | None]) -> None:
        if score > best[r][j]:
            best[r][j], back[r][j] = score, came

    for r in range(n + 1):
        for j in range(m + 1):
            here = best[r][j]
            if here == -math.inf:
                continue
            if j < m:
                step(r, j + 1, here, (r, j, None))  # label j's row not read
            if r == n:
                continue
            label, value = texts[r]
            step(r + 1, j, here - 0.1, (r, j, None))  # a speck, a stamp: no field
            if j and _ORDER[j - 1] == "alamat" and value:
                step(r + 1, j, here + 0.2, (r, j, CONTINUED))
            if j < m and value:
                key = _ORDER[j]
                said = label_score(label, LABELS[key]) / 100 if label else 0.0
                step(r + 1, j + 1, here + 0.3 + (said if said >= 0.4 else 0.0)
                     + _shape(key, value), (r, j, key))
    keys: list[str | None] = [None] * n
    r, j = n, max(range(m + 1), key=lambda k: best[n][k])
    while (r, j) != (0, 0):
        pr, pj, key = back[r][j]
        if pr != r:
            keys[pr] = key
        r, j = pr, pj
    return keys


def _split(row: Row, column: float) -> tuple[list[Word], list[Word]]:
    """A row's label words (left of the value ``column``) and its value words."""
    return ([w for w in row.words if w.bbox[0] + w.bbox[2] / 2 < column],
            strip_junk([w for w in row.words if w.bbox[0] + w.bbox[2] / 2 >= column]))


def _by_labels(rows: list[Row], column: float) -> dict[str, list[Word]]:
    """:func:`body` by the labels read, row after row."""
    out: dict[str, list[Word]] = {}
    guessed: set[str] = set()
    last: str | None = None
    for row in rows:
        label_words, value = _split(row, column)
        key, score = _label_of(label_words) if label_words else (None, 0.0)
        weak = key is not None and score < WEAK_LABEL
        if weak and last is not None and _ORDER.index(key) != _ORDER.index(last) + 1:
            key = None  # a barely matching label out of the card's order: go by the order
        if key is None and last == "alamat" and "rt_rw" not in out and \
                _rt_rw_shaped(text_of(value)):
            key = "rt_rw"  # the RT/RW label lost (a copy): its value has the RT/RW's shape
        if key is None and last is not None and value and (last == "alamat" or not out[last]):
            out[last] = out[last] + _cut_far(value)
            continue
        if key in out and key not in guessed:
            key = None  # every label is printed once: a second one is a misread
        if key is None and last is not None and value and len(text_of(label_words)) >= 3:
            following = _ORDER[_ORDER.index(last) + 1:_ORDER.index(last) + 2]
            if following and following[0] not in out:
                key, weak = following[0], True
        if key is None or (key in out and key not in guessed):
            continue
        if weak:
            guessed.add(key)  # a clearly read row of this label further down replaces it
        elif key in out:  # a row read as this label replaces the guess
            guessed.discard(key)
        out[key], last = (value if key == "jenis_kelamin" else _cut_far(value)), key
    return out


def _rt_rw_shaped(value: str) -> bool:
    """Whether a value has the RT/RW's shape: a clear ``003/005``, or six to eight digits and
    nothing else (``10171007``: the colon and the slash read as ``1``), at most one letter."""
    if sum(c.isalpha() for c in value) > 1:
        return False
    return rt_rw(value) is not None or (bool(re.fullmatch(r"[\d\s.:;|!]*", value))
                                        and 6 <= sum(c.isdigit() for c in value) <= 8)


def _cut_far(words: list[Word]) -> list[Word]:
    """Drop words after a wide gap (text of the photo column on the same row)."""
    for i in range(1, len(words)):
        prev = words[i - 1].bbox
        if words[i].bbox[0] - (prev[0] + prev[2]) > 4 * max(prev[3], 10):
            return words[:i]
    return words


NIK_DIGITS = 12
"""Digits a row must hold to be taken for the NIK's (16 printed; a date holds 8, an RT/RW 6)."""


def _first(row: Row) -> Word:
    """The row's first word with a letter or digit (else its first)."""
    return next((w for w in row.words if any(c.isalnum() for c in w.text)), row.words[0])


def nik_band(rows: list[Row], width: int) -> tuple[int, tuple[int, int, int, int]]:
    """Index of the NIK row and the band right of its label (card coords).

    The NIK row is the upper half's row labelled ``NIK``, else the one that holds a number
    (:data:`NIK_DIGITS`), else digits at all, the tallest print breaking ties. A row's first
    word is its first with a letter or digit (the card's edge or its shadow read as ``|``
    before the label is none)."""
    upper = [i for i, r in enumerate(rows) if r.y < 0.5 * 638]

    def key(i: int) -> tuple[bool, bool, bool, int]:
        digits = sum(c.isdigit() for c in rows[i].text)
        return (label_score(_first(rows[i]).text, "NIK") >= 70, digits >= NIK_DIGITS,
                digits >= 6, max(w.bbox[3] for w in rows[i].words))

    idx = max(upper or range(len(rows)), key=key)
    row = rows[idx]
    first = _first(row)
    x0 = first.bbox[0] + first.bbox[2] + 8 if len(repair_digits(first.text)) < 4 else 0
    digits = next((w for w in row.words if len(repair_digits(w.text)) >= 4), None)
    if digits is not None:  # the label may be misread, the number's start is not
        x0 = min(x0, digits.bbox[0] - 4) if x0 else digits.bbox[0] - 4
    x0 = max(0, x0) if x0 else int(0.18 * width)
    height = max(w.bbox[3] for w in row.words)
    top = int(row.y - 0.9 * height)
    return idx, (x0, top, int(0.82 * width) - x0, int(1.8 * height))


def after_prefix(words: list[Word], prefix: str) -> list[Word]:
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


def under_photo(box: tuple[int, int, int, int], width: int, height: int) -> bool:
    """True for a word of the block under the photo (place and date of issue)."""
    return box[0] + box[2] / 2 >= 0.72 * width and box[1] + box[3] / 2 >= 0.55 * height
