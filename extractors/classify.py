"""What a region is: ``ktp``, ``npwp``, ``permit`` or ``unknown``, with a confidence.

Keywords of each document's printed header, matched fuzzily (OCR slips), weighed with the
region's shape: an ID-1 card is a KTP or an NPWP card, a page is a permit or nothing.
"""

from __future__ import annotations

import cv2
import numpy as np
from rapidfuzz import fuzz

from extractors.imaging import Region
from extractors.models import DocType
from extractors.tesseract import ocr

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


def card_header_text(region: Region) -> str:
    """OCR of the top third of a card, where KTP and NPWP print their headers."""
    card = region.image
    strip = card[: int(card.shape[0] * 0.36)]
    grey = cv2.cvtColor(strip, cv2.COLOR_BGR2GRAY) if strip.ndim == 3 else strip
    grey = cv2.normalize(grey, None, 0, 255, cv2.NORM_MINMAX)
    if np.mean(grey) < 110:  # light text on a dark band (NPWP header)
        grey = 255 - grey
    return ocr(grey, psm=6).text


def classify(region: Region, text: str | None = None) -> tuple[DocType, float]:
    """The type of ``region``; ``text`` is its OCR if the caller already has it."""
    if region.kind == "card":
        return classify_text(text if text is not None else card_header_text(region), "card")
    return classify_text(text or "", "page")
