"""A Tesseract option of the card pass (the KTP labels are in :mod:`core.vocabulary.ktp_labels`).

Kept for :mod:`extractors._cardread` and :mod:`extractors.ktp`; it belongs next to the OCR
wrapper (:mod:`extractors.tesseract`) once both import it from there.
"""

from __future__ import annotations

FAST = "-c tessedit_do_invert=0"
"""Tesseract option: do not retry every weak line as white-on-black (cards never are)."""
