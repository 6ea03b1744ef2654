"""Personal names across documents: titles and degrees removed, then compared fuzzily.

OSS takes the name from Dukcapil (the KTP), so the NPWP card's and the permit owner's names are
compared with it. One OCR slip (two in long names) is a variant; more is another person.

>>> bare_name("H. Ahmad Fauzi, S.E., M.M.")
'AHMAD FAUZI'
>>> compare("SITI AMINAH", "Hj. SlTI AMINAH, S.Pd."), compare("SITI AMINAH", "RINA WATI")
('variant', 'other')
>>> is_entity("PT MAJU JAYA SENTOSA")
True
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

PREFIX_TITLES = frozenset({
    "H", "HJ", "HAJI", "HAJJAH", "IR", "DR", "DRS", "DRA", "PROF", "KH", "K.H", "R", "RA",
    "TGH", "USTADZ", "USTAZ", "NY", "TN", "SDR", "SDRI", "BPK", "IBU",
})
"""Titles printed before a name (haji, engineer, doctor, professor, kyai, courtesy)."""
DEGREES = frozenset({
    "SE", "SH", "ST", "SP", "SPD", "SPDI", "SAG", "SSOS", "SIP", "SKOM", "SKM", "SKED", "SFARM",
    "SSI", "SHUT", "SPT", "SIKOM", "SAK", "SKEP", "SHI", "SPSI", "SSTP",
    "MM", "MH", "MT", "MSI", "MPD", "MKES", "MAG", "MBA", "MSC", "MA", "MKOM", "MAP",
    "AMD", "AMDKEB", "AMDKEP", "BA", "BSC", "PHD", "DR", "SPOG", "SPA", "SPPD",
})
"""Degrees printed after a name (``S.E.``, ``S.Pd.``, ``M.M.``…), compared without dots."""
_ENTITY = re.compile(r"^(PT|CV|UD|PD|FIRMA|KOPERASI|YAYASAN|PERKUMPULAN|PERUM|PERSERO)\b\.?")
_NOT_LETTER = re.compile(r"[^A-Z ]+")


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


def slips(length: int) -> int:
    """Character edits tolerated as OCR slips in a name of ``length`` letters."""
    return 1 if length < 12 else 2


def compare(reference: str, other: str) -> str:
    """``same``, ``variant`` (an OCR slip) or ``other`` (another person)."""
    a, b = bare_name(reference), bare_name(other)
    if a == b:
        return "same"
    if not a or not b:
        return "other"
    distance = Levenshtein.distance(a, b)
    return "variant" if distance <= slips(max(len(a), len(b))) else "other"
