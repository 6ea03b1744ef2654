"""Find committed specimen files by form, degradation and document type (from truth.json); OCR
rows drawn by hand for reader tests."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np

from extractors.tesseract import Word

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"


def find(form: str, doc_type: str, degradation: str | None = None, limit: int = 1
         ) -> list[tuple[np.ndarray, dict, dict]]:
    """(image, file entry, truth fields) of specimen files matching the filters."""
    out = []
    for truth_path in sorted(SPECIMENS.glob("case_*/truth.json")):
        truth = json.loads(truth_path.read_text())
        for entry in truth["files"]:
            docs = [c["doc_type"] for c in entry["contains"]]
            if entry["form"] != form or doc_type not in docs:
                continue
            if degradation and entry["degradation"] != degradation:
                continue
            img = cv2.imread(str(truth_path.parent / entry["file"]))
            out.append((img, entry, truth["documents"][doc_type]["fields"]))
            if len(out) >= limit:
                return out
    return out


def iou(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Intersection over union of two ``(x, y, w, h)`` boxes."""
    iw = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    ih = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = iw * ih
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def card_row(y: int, *cells: str) -> list[Word]:
    """OCR words of one printed card row at ``y``: cells apart by a wide gap, words by a space."""
    words, x = [], 40
    for cell in cells:
        for text in cell.split():
            words.append(Word(text, 0.95, (x, y, 14 * len(text), 24), (1, 1, y)))
            x += 14 * len(text) + 10
        x += 160
    return words
