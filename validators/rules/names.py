"""Personal names across documents, compared the way Indonesian documents print them.

OSS takes the name from Dukcapil (the KTP), so the NPWP card's and the permit owner's names are
compared with it. Before comparing: titles before the name and degrees after it are removed,
and each word is reduced to its canonical form (``M.``/``MUH.``/``MOCH.`` → MUHAMMAD, ``ABD.``
→ ABDUL, NOOR → NUR, SITTI → SITI, old spelling OE/DJ/TJ → U/J/C; the table is
:mod:`core.vocabulary.names`). Then:

- the same words (in any order: ``AMINAH SITI`` is ``SITI AMINAH``) → ``same``;
- an initial for a word (``MUHAMMAD R. SAPUTRA``) or an OCR slip (one per word, two in long
  words, no more than the name's length allows) → ``variant``;
- anything else → ``other`` (another person).

>>> bare_name("H. Ahmad Fauzi, S.E., M.M.")
'AHMAD FAUZI'
>>> compare("MUHAMMAD RIZKY", "M. RIZKY"), compare("SITI AMINAH", "Hj. SlTI AMINAH, S.Pd.")
('same', 'variant')
>>> compare("SITI AMINAH", "RINA WATI"), compare("MUHAMMAD RIZKY", "MUHAMMAD RIDWAN")
('other', 'other')
>>> is_entity("PT MAJU JAYA SENTOSA")
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from core.vocabulary.names import DEGREES, FORM_OF, NAME_FORMS, OLD_SPELLINGS, PREFIX_TITLES

_ENTITY = re.compile(r"^(PT|CV|UD|PD|FIRMA|KOPERASI|YAYASAN|PERKUMPULAN|PERUM|PERSERO)\b\.?")
_NOT_LETTER = re.compile(r"[^A-Z ]+")
_DOUBLED = re.compile(r"(.)\1+")


class Word(NamedTuple):
    """One word of a name: as printed (letters only) and its canonical ``key``."""

    printed: str
    key: str

    @property
    def initial(self) -> bool:
        """Whether the word is a single letter (an initial, ``R.``)."""
        return len(self.printed) == 1


FAR_APART = 50
"""Below this similarity (0-100) two names differ by more than any misread (OCR slips change
letters, not whole names): another person even on a low-confidence read."""


def far_apart(reference: str, other: str) -> bool:
    """Whether two names are too different for a misread to explain (little in common).

    >>> far_apart("WARTA ARDIANTO", "LASMONO FARIDA"), far_apart("SITI AMINAH", "SlTl AMlNAH")
    (True, False)
    """
    a, b = " ".join(w.key for w in words(reference)), " ".join(w.key for w in words(other))
    return fuzz.ratio(a, b) < FAR_APART


def looks_like_a_name(text: str) -> bool:
    """Whether ``text`` can be a printed name: no digits (a misplaced address line is not)."""
    return not any(c.isdigit() for c in text)


def is_entity(name: str) -> bool:
    """Whether ``name`` is a company or association rather than a person."""
    return bool(_ENTITY.match(name.upper().strip()))


def _is_title(token: str) -> bool:
    return token.replace(".", "") in PREFIX_TITLES or token in PREFIX_TITLES


def _is_degree(token: str) -> bool:
    return token.replace(".", "").replace(",", "") in DEGREES


def bare_name(name: str) -> str:
    """Upper case, titles before and degrees after removed, letters and single spaces only."""
    head = name.upper().split(",")[0]
    tokens = head.split()
    while len(tokens) > 1 and _is_title(tokens[0]):
        tokens.pop(0)
    while len(tokens) > 1 and "." in tokens[-1] and _is_degree(tokens[-1]):
        tokens.pop()
    return " ".join(_NOT_LETTER.sub(" ", " ".join(tokens)).split())


def _respell(word: str) -> str:
    """Today's spelling of a word, doubled letters single (SOEKARNO, ANNISA → SUKARNO, ANISA)."""
    for old, new in OLD_SPELLINGS:
        word = word.replace(old, new)
    return _DOUBLED.sub(r"\1", word)


@lru_cache(maxsize=16_384)
def canonical(word: str) -> str:
    """The canonical key of a printed word (``MOCH`` → ``MUHAMMAD``, ``SOEKARNO`` → ``SUKARNO``).

    Memoised: words repeat (the same first and family names over a batch whose duplicate
    NIKs are compared by name), and the key depends on the word alone.
    """
    if found := FORM_OF.get(word):
        return found
    respelled = _respell(word)
    return FORM_OF.get(respelled) or respelled


def words(name: str) -> list[Word]:
    """The words of ``name`` after titles and degrees, with their canonical keys."""
    return [Word(w, canonical(w)) for w in bare_name(name).split()]


def slips(length: int) -> int:
    """Character edits tolerated as OCR slips in a name (or word) of ``length`` letters."""
    return 1 if length < 12 else 2


def _word_slips(length: int) -> int:
    return 1 if length < 8 else 2


def _initial_of(letter: str, word: Word) -> bool:
    """Whether ``letter`` is an initial of ``word`` in any of its printed forms."""
    return any(form.startswith(letter)
               for form in (word.printed, word.key, *NAME_FORMS.get(word.key, ())))


def _aligned(a: list[Word], b: list[Word]) -> tuple[int, int] | None:
    """(edits, initials) matching ``a`` to ``b`` word by word, or ``None`` if a pair differs
    by more than a slip or no full word agrees."""
    edits = initials = full = 0
    for x, y in zip(a, b, strict=True):
        if x.key == y.key:
            full += not (x.initial or y.initial)
            continue
        if (x.initial and _initial_of(x.printed, y)) or (y.initial and _initial_of(y.printed, x)):
            initials += 1
            continue
        if x.initial or y.initial:
            return None
        distance = Levenshtein.distance(x.key, y.key)
        if distance > _word_slips(max(len(x.key), len(y.key))):
            return None
        edits += distance
        full += 1
    return (edits, initials) if full else None


def _without_plain_degrees(ws: list[Word]) -> list[Word]:
    """``ws`` without trailing degrees printed without dots (``AHMAD FAUZI SE``)."""
    ws = list(ws)
    while len(ws) > 1 and ws[-1].printed in DEGREES:
        ws.pop()
    return ws


def compare(reference: str, other: str) -> str:
    """``same``, ``variant`` (an initial or an OCR slip) or ``other`` (another person)."""
    a, b = words(reference), words(other)
    if not a or not b:
        return "other"
    if len(a) != len(b):
        a, b = _without_plain_degrees(a), _without_plain_degrees(b)
    if [w.key for w in a] == [w.key for w in b] or \
            (len(a) == len(b) and sorted(w.key for w in a) == sorted(w.key for w in b)):
        return "same"
    budget = slips(len(bare_name(reference)))
    for candidate in ([b, b[::-1]] if len(b) == 2 else [b]) if len(a) == len(b) else []:
        match = _aligned(a, candidate)
        if match is not None and match[0] <= budget:
            return "variant"
    if len(a) == len(b):
        return "other"
    joined_a, joined_b = "".join(w.key for w in a), "".join(w.key for w in b)
    distance = Levenshtein.distance(joined_a, joined_b)
    return "variant" if distance <= slips(max(len(joined_a), len(joined_b))) else "other"
