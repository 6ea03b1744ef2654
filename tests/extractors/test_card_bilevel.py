"""A card on a 1-bit page (a copier's or scanner's black-and-white mode): found bilevel and
softened before it is read, so that Tesseract reads its thresholded glyphs as print."""

from __future__ import annotations

import random
from pathlib import Path

import cv2
import numpy as np
import pytest

from extractors.imaging import bilevel, find_regions
from extractors.load import iter_pages
from extractors.pipeline import extract_file
from samples.degrade import photocopy
from samples.generate import CARD_CONDITIONS, write_condition
from samples.npwp_card import render_npwp
from samples.truth import build_case

COND = "photocopy_1bit"


@pytest.fixture(scope="module")
def copy_1bit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The bench's seen 1-bit copy of an NPWP card (seed 77, applicant 5) and its fields."""
    folder = tmp_path_factory.mktemp("bilevel")
    truth = build_case(77, 1000 * (CARD_CONDITIONS.index(COND) + 1) + 2 * 5, defect_rate=0.0)
    entries = write_condition(folder, truth, COND, heldout=False,
                              rng=random.Random(f"cards:77:{COND}:False:5"))
    entry = next(e for e in entries if e["contains"][0]["doc_type"] == "npwp")
    return folder / entry["file"], truth["documents"]["npwp"]["fields"]


def _grey(img) -> np.ndarray:
    return np.asarray(img.convert("L"))


def test_a_1bit_copy_is_bilevel_and_a_grey_copy_or_print_is_not() -> None:
    fields = build_case(77, 5)["documents"]["npwp"]["fields"]
    card, _boxes = render_npwp(fields, random.Random("bilevel"), "old")
    rng = random.Random("bilevel")
    assert bilevel(_grey(photocopy(card, rng, generation=1, bits=1)))
    assert not bilevel(_grey(photocopy(card, rng, generation=1)))
    assert not bilevel(_grey(card))


def test_a_card_on_a_1bit_page_is_cut_out_with_grey_edges(copy_1bit: tuple) -> None:
    path, _fields = copy_1bit
    page = next(iter_pages(path)).image
    assert bilevel(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY))
    cards = [r for r in find_regions(page) if r.kind == "card"]
    assert len(cards) == 1
    assert not bilevel(cv2.cvtColor(cards[0].image, cv2.COLOR_BGR2GRAY))


def test_a_1bit_copy_of_an_npwp_card_reads_its_name_and_street(copy_1bit: tuple) -> None:
    """Read unsoftened, the name's J came out ``)`` (``NA)JMUDIN``) and the street's ``S.``
    a ``5.``."""
    path, want = copy_1bit
    doc = next(d for d in extract_file(path).documents if d.doc_type.value == "npwp")
    assert doc.fields["nama"].value == want["nama"]
    assert doc.fields["alamat"].value == want["alamat"]
