"""Labels in a line of words, found with a spaCy ``Matcher`` over the label vocabulary.

Each word is split by a blank spaCy tokenizer with the ``id`` punctuation rules (no model) into
upper-case tokens; every label of the vocabulary is a token pattern, fuzzy (one edit from 5
letters, two from 8) where OCR slips are common. A match is a label only where labels stand:

- at the start of the line, after numbering (``1.``, ``a.``, ``b)``, ``-``), or at the start
  of a cell (after a gap much wider than a space, or a table border read as ``|``);
- followed by a colon (possibly after a few more label words: ``Nama Pemilik Bangunan :``) or
  by a gap to the value column (tables, scans that dropped the colon).

Labels may also be *composed* (:data:`core.vocabulary.permit_labels.COMPOSED_LABELS`): a head
word, at most two other words, a qualifier (``Luas Total Lantai`` → ``LUAS … LANTAI``), so a
wording never printed before is still read by what it says. After a label, more words that are
label words (words of the vocabulary: ``NIK Pemohon``) may stand before the colon or the gap.

The longest label wins (a phrase before a composed label of the same length); a label of the
vocabulary mapped to no field still counts (its value is nobody's). The value of a label runs
to the next label of the same line (two-column tables).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from core.models import BBox

if TYPE_CHECKING:
    from spacy.language import Language

_NUMBERING = re.compile(r"^\(?(\d{1,2}|[A-Za-z]|[IVXivx]{1,5})[.)]$|^\d{1,2}$|^[-•*–·]$")
ITEM = re.compile(r"^\(?(\d{1,2}|[A-Za-z]|[IVXivx]{1,5})[.)]$|^[-•*–·]$")
"""Numbering that starts an item (``4.``, ``j.``, ``-``): a bare number may be a value."""
_BORDER = re.compile(r"^[|\[\]{}!]+$")
_COLON_WORDS = {":", ";", "：", "=", "!", ".", "»", "«", "·", "•", ":.", ".:"}
"""A lone word standing for the colon column (scans read a small ``:`` as these; a lone
``1``/``l``/``|`` may be a value, so the readers tell a colon by its size instead)."""
MAX_EXTRA = 4
"""Label words after a known label and before its colon (``Nama Pemilik Bangunan Gedung :``)."""


@dataclass(frozen=True)
class Hit:
    """A label in a line: its field (``None``: known, no field), where it and its value start."""

    field: str | None
    label: str
    start: int
    """Index of the label's first word."""
    value_start: int
    """Index of the first value word (the line's length when the value is empty)."""
    colon: bool
    end: int = 0
    """Index after the label's last word."""


_INITIALS = re.compile(r"(?:[A-Za-z]\.){2,}[A-Za-z]?\.?")
"""A word spelt in initials (``N.I.K.``, ``S.H.M``)."""
_REDUPLICATED = re.compile(r"^(\w+)-\1$", re.IGNORECASE)
"""``LAKI-LAKI``: one token, as the ``id`` tokenizer keeps it."""


@cache
def _nlp() -> Language:
    """A tokenizer with the ``id`` language's punctuation rules (spaCy imported on first use).

    ``spacy.blank("id")`` costs a cold process 3–5 s of CPU for its thousands of tokenizer
    exceptions (reduplicated words, abbreviations); a multi-language blank with ``id``'s
    prefixes, suffixes and infixes and one rule for reduplications costs 0.2 s and gives the
    same tokens after :func:`tokens` strips dots (checked on every word of the vocabulary,
    the generators and the tests).
    """
    import spacy
    from spacy.lang.id.punctuation import TOKENIZER_INFIXES, TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    nlp = spacy.blank("xx")
    nlp.tokenizer.prefix_search = compile_prefix_regex(TOKENIZER_PREFIXES).search
    nlp.tokenizer.suffix_search = compile_suffix_regex(TOKENIZER_SUFFIXES).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(TOKENIZER_INFIXES).finditer
    nlp.tokenizer.token_match = _REDUPLICATED.match
    return nlp


QUOTES = "\"'“”„‘’«»`"


def tokens(word: str) -> list[str]:
    """The upper-case tokens of one printed word (``Kelurahan/Desa`` → 3, ``No.`` → ``NO``)."""
    if _INITIALS.fullmatch(word.rstrip(":")):
        word = word.replace(".", "")  # ``N.I.K.``: one word spelt in initials
    out = []
    for t in _nlp().tokenizer(word):
        for part in re.split(r"(/)", t.text) if len(t.text) > 1 else [t.text]:
            # ``Kab./Kota``: the slash after a dot too; a quote mark is no label's (a scan's
            # bullet read glued to the label: ``“NIK``)
            text = part.upper().strip(".,").strip(QUOTES)
            if text:
                out.append(text)
    return out


def _fuzzy(words: Sequence[str]) -> list[dict]:
    """One pattern token per fuzziness level matching any of ``words`` (as in :func:`_pattern`)."""
    levels: dict[str, list[str]] = {}
    for w in words:
        key = "FUZZY2" if len(w) >= 8 else "FUZZY1" if len(w) >= 5 else "IN"
        levels.setdefault(key, []).append(w)
    return [{"ORTH": {"IN": ws}} if key == "IN" else {"ORTH": {key: {"IN": ws}}}
            for key, ws in levels.items()]


def _composed(heads: Sequence[str], quals: Sequence[str],
              stops: Sequence[str]) -> list[list[dict]]:
    """Patterns of a head word, up to two words (no digit, colon or qualifier), a qualifier.

    The first qualifier decides: ``Alamat Pemilik Gedung`` is the owner's address, not
    ``ALAMAT … GEDUNG`` (the building's).
    """
    middle = {"TEXT": {"REGEX": r"^[^\d:]+$"}, "LOWER": {"NOT_IN": [w.lower() for w in stops]},
              "OP": "{0,2}"}
    return [[h, middle, q] for h in _fuzzy(heads) for q in _fuzzy(quals)]


def _pattern(label: str) -> list[dict]:
    pattern: list[dict] = []
    for tok in (t for w in label.split() for t in tokens(w)):
        if not tok.isalnum():
            pattern.append({"ORTH": tok, "OP": "?"})
        elif tok.isalpha() and len(tok) >= 8:
            pattern.append({"ORTH": {"FUZZY2": tok}})
        elif tok.isalpha() and len(tok) >= 5:
            pattern.append({"ORTH": {"FUZZY1": tok}})
        else:
            pattern.append({"ORTH": tok})
    return pattern


class LabelMatcher:
    """The labels of one vocabulary (printed label → field or ``None``)."""

    def __init__(self, labels: dict[str, str | None],
                 composed: dict[str, Sequence[tuple[Sequence[str], Sequence[str]]]] | None = None,
                 units: Sequence[str] = ()) -> None:
        from spacy.matcher import Matcher

        self.matcher: Any = Matcher(_nlp().vocab)
        self.labels: dict[str, tuple[str, str | None]] = {}
        for i, (label, field) in enumerate(labels.items()):
            key = f"L{i}"
            self.labels[key] = (label, field)
            self.matcher.add(key, [_pattern(label)])
        self.words: frozenset[str] = frozenset()
        self.short: frozenset[str] = frozenset()
        """Label words that may follow a label before its colon or gap (composed vocabularies)."""
        if composed:
            words = {t for label in labels for w in label.split() for t in tokens(w)
                     if t.isalpha() and len(t) >= 3}
            stops = sorted({q for rules in composed.values() for _h, qs in rules for q in qs})
            for field, rules in composed.items():
                for i, (heads, quals) in enumerate(rules):
                    key = f"C{field}{i}"
                    self.labels[key] = (f"{heads[0]} … {quals[0]}", field)
                    self.matcher.add(key, _composed(heads, quals, stops))
                    words |= set(heads) | set(quals)
            self.words = frozenset(words | set(units))
            self.short = frozenset(t for label in labels for w in label.split()
                                   for t in tokens(w) if t.isalpha() and len(t) == 2)
            """Two-letter label words that may end a glued pair (``TERLETAKDI``)."""

    def _unglue(self, tok: str) -> list[str]:
        """A token of two label words read without their space (``LUASLANTAI``) split in two."""
        if len(tok) < 7 or not self.words or tok in self.words or not tok.isalpha():
            return [tok]
        for k in range(3, len(tok) - 1):
            if tok[:k] in self.words and (tok[k:] in self.words or tok[k:] in self.short):
                return [tok[:k], tok[k:]]
        return [tok]

    def _matches(self, words: Sequence[str]) -> list[tuple[int, int, int, str]]:
        """``(first word, last word + 1, tokens, key)`` of every match starting and ending at
        words."""
        toks, owner, first = [], [], []
        for i, w in enumerate(words):
            for j, t in enumerate(t for tok in tokens(w) for t in self._unglue(tok)):
                toks.append(t)
                owner.append(i)
                first.append(j == 0)
        if not toks:
            return []
        from spacy.tokens import Doc

        doc = Doc(_nlp().vocab, words=toks)
        out = []
        for key_id, s, e in self.matcher(doc):
            if not first[s]:
                continue
            if e < len(toks) and owner[e] == owner[e - 1] and toks[e] not in (":", "/"):
                continue  # ends inside a word (``NAMA`` of ``NAMANYA``)
            out.append((owner[s], owner[e - 1] + 1, e - s, _nlp().vocab.strings[key_id]))
        return out

    def _label_words(self, words: Sequence[str]) -> bool:
        """Whether ``words`` are all label words (``Bangunan`` after ``Nama Pemilik``)."""
        return len(words) <= MAX_EXTRA and all(
            t in self.words or t in self.short for w in words for t in tokens(w) if t.isalnum())

    def _names_another(self, words: Sequence[str]) -> bool:
        """Whether words after a one-word label before its colon are no label words: the
        label then names something else (``Nama Konsultan``, ``Alamat Kantor``)."""
        from rapidfuzz import fuzz, process

        return any(t.isalpha() and t not in self.words and t not in self.short
                   and not (len(t) >= 5 and process.extractOne(  # a label word read with a slip
                       t, self.words, scorer=fuzz.ratio, score_cutoff=75))
                   for w in words for t in tokens(w))

    def line_label(self, words: Sequence[str]) -> Hit | None:
        """The label when it is the whole line (after numbering, a colon or none after it):
        ``h. Luas tanah/lahan`` or ``NAMA PEMOHON:`` with its value on the line below."""
        end = len(words)
        while end and words[end - 1] in _COLON_WORDS:
            end -= 1
        if not end:
            return None
        start = 0
        while start < end - 1 and (_NUMBERING.match(words[start])
                                   or _BORDER.match(words[start])):
            start += 1
        colon = end < len(words) or words[end - 1].endswith(":")
        cut = [*words[start:end - 1], words[end - 1].rstrip(":")]
        best = self._whole_label(cut)
        if best is None and "/" in cut:
            # ``NIK / No. KTP``, ``Kelurahan / Desa``: a slash set apart joins alternatives
            # into one label, as ``NIK/No. KTP`` does, unless each names a field of its own
            # (``Luas Bangunan / Luas Tanah``: column headings)
            at = cut.index("/")
            fields = {self.labels[m[3]][1] for part in (cut[:at], cut[at + 1:])
                      for m in self._matches(part) if m[0] == 0 and m[1] == len(part)}
            if len(fields) < 2:
                best = self._whole_label(re.sub(r"\s*/\s*", "/", " ".join(cut)).split())
        if best is None:
            return None
        label, field = self.labels[best[3]]
        return Hit(field, label, start, len(words), colon, end)

    def _whole_label(self, cut: list[str]) -> tuple[int, int, int, str] | None:
        """The longest label starting ``cut`` and taking it whole (the words after it label
        words), unless another label starts after it (column headings, not one label)."""
        matches = self._matches(cut)
        best = max((m for m in matches if m[0] == 0 and self._label_words(cut[m[1]:])),
                   key=lambda m: (m[1], m[2], not m[3].startswith("C")), default=None)
        if best is None or any(m[0] >= best[1] for m in matches):
            return None  # ``Luas Bangunan  Luas Tanah``: column headings, not one label
        return best

    def hits(self, words: Sequence[str], boxes: Sequence[BBox] | None = None,
             cells: set[int] | None = None) -> list[Hit]:
        """The labels of a line of ``words`` (with their boxes when known), left to right.

        Without boxes (plain text), a label needs its colon. ``cells``: indexes of more words
        known to start a cell (a column of the page starts there, a table border before it).
        """
        gaps = _cell_starts(words, boxes)
        starts = gaps | (cells or set())
        found: list[Hit] = []
        taken = -1
        matches = sorted(self._matches(words),
                         key=lambda m: (m[0], -(m[1] - m[0]), -m[2], m[3].startswith("C")))
        for s, e, n, key in matches:
            if s <= taken or not _label_position(words, starts, s):
                continue
            if any(s < i < e for i in gaps):
                continue  # across cells: ``Fungsi | Usaha | Luas Bangunan`` is no label (a
                # column of the page may run through a label: only this line's gaps count)
            value = _value_start(words, starts, e, boxes is not None, self.words)
            if value is None:
                continue
            label, field = self.labels[key]
            if n == 1 and self._names_another(words[e:value[0]]):
                field = None  # ``Nama Konsultan Perencana :``: somebody else's name
            found.append(Hit(field, label, s, value[0], value[1], e))
            taken = value[0] - 1
        return found


def _gap(boxes: Sequence[BBox], i: int) -> bool:
    """Whether word ``i`` starts after a gap much wider than a space."""
    a, b = boxes[i - 1], boxes[i]
    return b[0] - (a[0] + a[2]) > 1.2 * max(8, min(a[3], b[3]))


def _cell_starts(words: Sequence[str], boxes: Sequence[BBox] | None) -> set[int]:
    """Indexes of the words that start a cell: the first, after a wide gap or a border."""
    starts = {0}
    for i in range(1, len(words)):
        if _BORDER.match(words[i - 1]) or (boxes is not None and _gap(boxes, i)):
            starts.add(i)
    return starts


def _label_position(words: Sequence[str], starts: set[int], s: int) -> bool:
    """A cell start, or only numbering (``1.``, ``a.``, ``-``) between the cell start and it."""
    cell = max(i for i in starts if i <= s)
    return all(_NUMBERING.match(w) or _BORDER.match(w) for w in words[cell:s])


def _value_start(words: Sequence[str], starts: set[int], e: int, has_boxes: bool,
                 label_words: frozenset[str] = frozenset()) -> tuple[int, bool] | None:
    """Where the value after a label ending at word ``e`` starts, and whether a colon led."""
    if e > 0 and words[e - 1].endswith(":"):
        return e, True
    if e > 0 and ":" in words[e - 1]:  # ``NIK:6311…`` glued
        return e - 1, True
    for i in range(e, min(len(words), e + MAX_EXTRA + 1)):
        w = words[i]
        if w in (":", ";") or w.endswith(":"):
            return i + 1, True
        if w.startswith(":"):
            return i, True
        if i in starts and has_boxes and i > 0:
            if w in _COLON_WORDS or _BORDER.match(w):
                return i + 1, True
            # a value column right after the label (and label words: ``NIK Pemohon``); after
            # other words it is a value row (``KPP PRATAMA X   Tanggal …``), not a label
            extra = [t for w in words[e:i] for t in tokens(w) if t.isalnum()]
            return (i, False) if all(t in label_words for t in extra) else None
        if (any(c.isdigit() for c in w) and not _unit_note(w, label_words)) or i - e >= MAX_EXTRA:
            return None
    return None


def _unit_note(word: str, label_words: frozenset[str]) -> bool:
    """Whether ``word`` is a unit in brackets after a label (``Luas Tanah (m²) : 120``)."""
    inner = word.rstrip(":").strip("()")
    return word.startswith("(") and bool(inner) and all(
        t in label_words for t in tokens(inner) if t.isalnum())
