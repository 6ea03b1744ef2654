"""KTP field extraction on committed specimens (real Tesseract), compared with truth.json."""

from __future__ import annotations

import pytest

from extractors.imaging import find_regions
from extractors.ktp import extract_ktp
from extractors.models import CANONICAL_FIELDS, DocType
from tests.extractors.cards_specimens import find, iou

CASES = find("card", "ktp", "scan") + find("card", "ktp", "photo")


@pytest.mark.parametrize("case", range(len(CASES)))
def test_fields_match_truth(case: int) -> None:
    img, _entry, truth = CASES[case]
    fields = extract_ktp(find_regions(img)[0], page=1)
    assert set(fields) == set(CANONICAL_FIELDS[DocType.KTP])
    assert fields["nik"].value == truth["nik"]
    wrong = {k: (fields[k].value, v) for k, v in truth.items() if fields[k].value != v}
    assert len(wrong) <= 1, wrong
    assert all(0.0 <= f.confidence <= 1.0 for f in fields.values())


def test_bboxes_are_page_coordinates() -> None:
    img, entry, _truth = CASES[0]
    fields = extract_ktp(find_regions(img)[0], page=2)
    boxes = entry["field_boxes"]["ktp"]
    for key in ("nik", "nama", "kecamatan"):
        assert fields[key].page == 2
        assert iou(fields[key].bbox, tuple(boxes[key])) > 0.4, key
