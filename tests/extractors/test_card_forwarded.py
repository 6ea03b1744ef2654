"""KTP fields on forwarded photos and photocopies as the bench draws them (seen variants): two
names glued by a blur that closed their space, … Real OCR on the drawn applicant's files."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from extractors.pipeline import extract_file
from samples.generate import CARD_CONDITIONS, write_condition
from samples.truth import build_case


def _ktp(tmp_path: Path, seed: int, condition: str, i: int) -> tuple[dict, dict]:
    """(the fields read, the fields printed) of the KTP of seen applicant ``i`` of the card
    bench's ``seed`` under ``condition`` (drawn as ``bench/cards.py`` draws it)."""
    index = 1000 * (CARD_CONDITIONS.index(condition) + 1) + 2 * i
    truth = build_case(seed, index, defect_rate=0.0)
    rng = random.Random(f"cards:{seed}:{condition}:False:{i}")
    for entry in write_condition(tmp_path, truth, condition, heldout=False, rng=rng):
        if any(c["doc_type"] == "ktp" for c in entry["contains"]):
            docs = extract_file(tmp_path / entry["file"]).documents
            ktp = next(d for d in docs if d.doc_type.value == "ktp")
            return ktp.fields, truth["documents"]["ktp"]["fields"]
    raise AssertionError("no KTP drawn")


@pytest.mark.slow
def test_two_names_a_forwarded_photo_glued_are_parted(tmp_path: Path) -> None:
    """``RESPATI ARDIANTO`` read ``RESPATIARDIANTO`` by the card pass (a forwarded photo's
    blur closed the space to a letter gap's width): the long word read again binarised and
    larger is parted where its print's widest gap is."""
    fields, printed = _ktp(tmp_path, 77, "whatsapp", 1)
    assert printed["nama"] == "RESPATI ARDIANTO"
    assert fields["nama"].value == "RESPATI ARDIANTO"
