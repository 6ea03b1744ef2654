"""Several images in one Tesseract run (:func:`extractors.tesseract.ocr_many`) read exactly as
separate runs would, and the card readers' re-reads share runs."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import extractors.tesseract as tesseract
from extractors.tesseract import FAST, ocr, ocr_many
from tests.extractors.cards_specimens import SPECIMENS


def _crops() -> list[np.ndarray]:
    """Lines and blocks of drawn specimen cards (grey and colour), a blank crop, an empty one."""
    npwp = cv2.imread(str(SPECIMENS / "case_001" / "npwp.jpg"), cv2.IMREAD_GRAYSCALE)
    ktp = cv2.imread(str(SPECIMENS / "case_001" / "ktp.jpg"))
    return [npwp[y:y + 50, 50:700] for y in range(150, 700, 110)] + [
        np.full((40, 120), 255, np.uint8), ktp[100:160, 100:800],
        np.zeros((0, 10), np.uint8), npwp[300:500, 100:900]]


@pytest.mark.parametrize(("psm", "whitelist"), [(7, None), (6, None), (7, "0123456789/")])
def test_many_images_in_one_run_read_as_each_alone(psm: int, whitelist: str | None,
                                                   tesseract_calls: list[str]) -> None:
    crops = _crops()
    alone = [ocr(c, psm=psm, whitelist=whitelist, extra=FAST) for c in crops]
    assert len(tesseract_calls) == len(crops) - 1  # the empty crop is not read
    tesseract_calls.clear()
    together = ocr_many(crops, psm=psm, whitelist=whitelist, extra=FAST)
    assert len(tesseract_calls) == 1
    assert together == alone  # the same words, confidences, boxes and line keys
    assert sum(len(r.words) for r in together) >= 3


def test_one_image_or_none_is_a_plain_run(tesseract_calls: list[str]) -> None:
    crop = _crops()[0]
    assert ocr_many([]) == []
    assert ocr_many([np.zeros((0, 0), np.uint8)]) == [tesseract.OcrResult()]
    assert tesseract_calls == []
    assert ocr_many([crop], psm=7) == [ocr(crop, psm=7)]
    assert len(tesseract_calls) == 2


@pytest.mark.parametrize(("case", "name", "most"), [
    ("case_001", "ktp.jpg", 3), ("case_003", "ktp.jpg", 3),
    ("case_001", "npwp.jpg", 3), ("case_002", "npwp.jpg", 3),
])
def test_a_card_reads_with_few_tesseract_runs(case: str, name: str, most: int,
                                              tesseract_calls: list[str]) -> None:
    """The card pass, its long-word re-read, and every line read again (weak rows, lost
    rows, each on its crop and binarised) together in one run: not one run per line."""
    from extractors.pipeline import extract_file

    result = extract_file(SPECIMENS / case / name)
    assert len(result.documents) == 1
    assert len(tesseract_calls) <= most, tesseract_calls
    assert sum("--psm 7" in c for c in tesseract_calls) <= 1


def test_a_permit_pages_weak_cells_are_read_again_in_one_run(tesseract_calls: list[str]) -> None:
    """The cells a page's pass read badly are read again together (one run per page
    segmentation), each as it would be read alone."""
    from extractors.permit_grid import _reread, remove_rulings
    from extractors.tesseract import OcrResult
    from tests.extractors.test_permit_grid import ROW, ROWS, SPLIT, TOP, _page

    clean = remove_rulings(_page())
    cells = [(SPLIT + 2, TOP + i * ROW + 2, 800, ROW - 4) for i in range(len(ROWS))]
    together = _reread(clean, OcrResult(), cells, 1.0, 22)
    assert len(tesseract_calls) == 1
    alone = [w for cell in cells
             for w in _reread(clean, OcrResult(), [cell], 1.0, 22).words
             if w.line[0] == 1000]  # each alone is cell 0 of its own re-read
    assert [(w.text, w.conf, w.bbox) for w in together.words] == \
        [(w.text, w.conf, w.bbox) for w in alone]
    assert " ".join(w.text for w in together.words) == " ".join(v for _label, v in ROWS)
