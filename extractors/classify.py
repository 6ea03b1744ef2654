"""What a region is: ``ktp``, ``npwp``, ``permit`` or ``unknown``, with a confidence.

Keywords of each document's printed text, matched fuzzily (OCR slips), weighed with the
region's shape: an ID-1 card is a KTP or an NPWP card, a page is a permit or nothing.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from core.models import DocType
from extractors.imaging import Region

KEYWORDS: dict[DocType, tuple[str, ...]] = {
    DocType.KTP: ("PROVINSI", "KABUPATEN", "NIK", "TEMPAT/TGL LAHIR", "JENIS KELAMIN",
                  "KEWARGANEGARAAN", "BERLAKU HINGGA", "GOL. DARAH"),
    DocType.NPWP: ("KEMENTERIAN KEUANGAN", "DIREKTORAT JENDERAL PAJAK", "NPWP", "KPP PRATAMA",
                   "TERDAFTAR"),
    DocType.PERMIT: ("PERSETUJUAN BANGUNAN GEDUNG", "IZIN MENDIRIKAN BANGUNAN", "SK-PBG",
                     "PEMILIK BANGUNAN", "LUAS BANGUNAN", "RETRIBUSI", "/IMB/", "LUAS TANAH"),
}
_CARD_TYPES = (DocType.KTP, DocType.NPWP)


def _score(text: str, words: tuple[str, ...]) -> float:
    """Share of ``words`` found in ``text`` (fuzzy, 0–1)."""
    upper = text.upper()
    hits = [fuzz.partial_ratio(w, upper) / 100.0 for w in words]
    return sum(h for h in hits if h >= 0.8) / len(words)


def classify_text(text: str, kind: str = "page") -> tuple[DocType, float]:
    """The document type the ``text`` of a region of ``kind`` (``card``/``page``) reads as."""
    allowed = _CARD_TYPES if kind == "card" else (DocType.PERMIT,)
    scores = {t: _score(text, KEYWORDS[t]) for t in allowed}
    best = max(scores, key=lambda t: scores[t])
    if scores[best] < 0.2:
        return DocType.UNKNOWN, round(1.0 - scores[best], 3)
    others = [s for t, s in scores.items() if t != best]
    margin = scores[best] - max(others, default=0.0)
    return best, round(min(1.0, 0.5 + scores[best] / 2 + margin / 2), 3)


def classify_card_text(text: str) -> tuple[DocType, float]:
    """The type of a card region from its OCR: ``ktp``/``npwp``, or ``permit`` when the
    region is a block of a permit's text that the card finder took for a card."""
    permit = _score(text, KEYWORDS[DocType.PERMIT])
    if permit >= 0.2 and permit > max(_score(text, KEYWORDS[t]) for t in _CARD_TYPES):
        return classify_text(text, "page")
    return classify_text(text, "card")


def classify(region: Region, text: str) -> tuple[DocType, float]:
    """The type of ``region`` from its OCR ``text``."""
    if region.kind == "card":
        return classify_card_text(text)
    return classify_text(text, "page")
