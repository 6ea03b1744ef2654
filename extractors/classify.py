"""What a region is: ``ktp``, ``npwp``, ``permit`` or ``unknown``, with a confidence.

Keywords of each card's printed text, matched fuzzily (OCR slips), weighed with the region's
shape: an ID-1 card is a KTP or an NPWP card, a page is a permit or nothing. A page is a permit
when its title says so (or it carries a decree number), or when it labels at least three fields
only permits have; a page of prose is not.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from core.models import DocType
from extractors.imaging import Region
from extractors.permit import matcher
from extractors.permit_structure import decree_number, title_kind

KEYWORDS: dict[DocType, tuple[str, ...]] = {
    DocType.KTP: ("PROVINSI", "KABUPATEN", "NIK", "TEMPAT/TGL LAHIR", "JENIS KELAMIN",
                  "KEWARGANEGARAAN", "BERLAKU HINGGA", "GOL. DARAH"),
    DocType.NPWP: ("KEMENTERIAN KEUANGAN", "DIREKTORAT JENDERAL PAJAK", "NPWP", "KPP PRATAMA",
                   "TERDAFTAR"),
}
PERMIT_ONLY = frozenset({"lokasi", "fungsi", "luas_bangunan", "jumlah_lantai", "luas_tanah",
                         "nomor_sertifikat"})
"""Permit fields no card prints: three of them labelled make a page a permit without a title."""
_CARD_TYPES = (DocType.KTP, DocType.NPWP)


def _score(text: str, words: tuple[str, ...]) -> float:
    """Share of ``words`` found in ``text`` (fuzzy, 0–1)."""
    upper = text.upper()
    hits = [fuzz.partial_ratio(w, upper) / 100.0 for w in words]
    return sum(h for h in hits if h >= 0.8) / len(words)


def permit_score(text: str) -> float:
    """How surely ``text`` is a permit (0–1): its title names one (or a decree number), or at
    least three permit-only fields are labelled. Prose without labels scores 0."""
    lines = text.splitlines()
    if decree_number(text) or any(title_kind(line) for line in lines):
        return 1.0
    fields = {h.field for line in lines for h in matcher().hits(line.split())}
    found = len(fields & PERMIT_ONLY)
    return min(1.0, found / len(PERMIT_ONLY)) if found >= 3 else 0.0


def _scores(text: str, allowed: tuple[DocType, ...]) -> dict[DocType, float]:
    return {t: permit_score(text) if t == DocType.PERMIT else _score(text, KEYWORDS[t])
            for t in allowed}


def classify_text(text: str, kind: str = "page") -> tuple[DocType, float]:
    """The document type the ``text`` of a region of ``kind`` (``card``/``page``) reads as."""
    allowed = _CARD_TYPES if kind == "card" else (DocType.PERMIT,)
    scores = _scores(text, allowed)
    best = max(scores, key=lambda t: scores[t])
    if scores[best] < 0.2:
        return DocType.UNKNOWN, round(1.0 - scores[best], 3)
    others = [s for t, s in scores.items() if t != best]
    margin = scores[best] - max(others, default=0.0)
    return best, round(min(1.0, 0.5 + scores[best] / 2 + margin / 2), 3)


def classify_card_text(text: str) -> tuple[DocType, float]:
    """The type of a card region from its OCR: ``ktp``/``npwp``, or ``permit`` when the
    region is a block of a permit's text that the card finder took for a card."""
    card = max(_score(text, KEYWORDS[t]) for t in _CARD_TYPES)
    if card < 0.5:  # most card words read: a card (the permit matcher is not even loaded)
        permit = permit_score(text)
        if permit >= 0.5 and permit > card:
            return classify_text(text, "page")
    return classify_text(text, "card")


def classify(region: Region, text: str) -> tuple[DocType, float]:
    """The type of ``region`` from its OCR ``text``."""
    if region.kind == "card":
        return classify_card_text(text)
    return classify_text(text, "page")
