"""NPWP card field extraction on committed specimens (real Tesseract), compared with truth."""

from __future__ import annotations

import pytest

from core.models import CANONICAL_FIELDS, DocType
from extractors.imaging import find_regions
from extractors.npwp import extract_npwp, npwp_valid
from tests.extractors.cards_specimens import find

CASES = find("card", "npwp", "clean") + find("card", "npwp", "lowres")


@pytest.mark.parametrize("case", range(len(CASES)))
def test_fields_match_truth(case: int) -> None:
    img, _entry, truth = CASES[case]
    fields = extract_npwp(find_regions(img)[0], page=1)
    assert set(fields) == set(CANONICAL_FIELDS[DocType.NPWP])
    assert fields["npwp"].value == truth["npwp"]
    wrong = {k: (fields[k].value, v) for k, v in truth.items() if fields[k].value != v}
    assert len(wrong) <= 1, wrong


def test_npwp_rules() -> None:
    assert npwp_valid("013121660091000")
    assert not npwp_valid("013121661091000")
    assert npwp_valid("6311064508850003")
    assert not npwp_valid("12345")
