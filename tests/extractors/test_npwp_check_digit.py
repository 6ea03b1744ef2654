"""A wrong check digit printed on an NPWP card, read alike by Tesseract and the digit reader,
is a defect read with confidence: an error-level finding, the number still below the sure mark
(the clerk confirms it). Real OCR on generated cards (fixed seeds)."""

from __future__ import annotations

import random

import numpy as np
from PIL import Image
from stdnum import luhn

from core.models import Severity
from extractors._cardread import SURE
from extractors.imaging import find_regions
from extractors.npwp import AGREED, extract_npwp
from samples.inject import make_npwp15
from samples.npwp_card import render_npwp
from samples.truth import build_case
from validators.rules import LOW_CONFIDENCE, check_document, document

WRONG_CHECK_DIGIT = "477947728731000"  # the check digit of 47794772 is 5, not 8


def _card(number: str, design: str, seed: str) -> np.ndarray:
    fields = {**build_case(31, 7)["documents"]["npwp"]["fields"], "npwp": number}
    card, _ = render_npwp(fields, random.Random(seed), design)
    page = Image.new("RGB", (card.width + 200, card.height + 200), (90, 70, 60))
    page.paste(card, (100, 100), card)
    return np.asarray(page)[:, :, ::-1].copy()


def test_the_fixture_number_fails_only_its_check_digit() -> None:
    assert luhn.calc_check_digit(WRONG_CHECK_DIGIT[:8]) == "5"
    assert make_npwp15(random.Random(0)) == WRONG_CHECK_DIGIT[:8] + "5" + WRONG_CHECK_DIGIT[9:]


def test_a_wrong_check_digit_read_alike_twice_is_an_error() -> None:
    img = _card(WRONG_CHECK_DIGIT, "old", "cd0")
    fields = extract_npwp(find_regions(img)[0], page=1)
    read = fields["npwp"]
    assert read.value == WRONG_CHECK_DIGIT
    assert LOW_CONFIDENCE <= read.confidence == AGREED < SURE
    doc = document("npwp", {"npwp": read.value, "nama": "X"})
    doc.fields["npwp"] = read
    codes = {(f.code, f.severity) for f in check_document(doc)}
    assert ("npwp.check_digit", Severity.ERROR) in codes


def test_a_valid_number_keeps_its_own_confidence() -> None:
    good = make_npwp15(random.Random(0))
    read = extract_npwp(find_regions(_card(good, "old", "cd0"))[0], page=1)["npwp"]
    assert read.value == good
    assert read.confidence != AGREED
