"""NPWP card field extraction on committed specimens (real Tesseract), compared with truth."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.models import CANONICAL_FIELDS, DocType, Document
from extractors.imaging import find_regions
from extractors.npwp import _read, card_rows, extract_npwp, npwp_valid
from extractors.pipeline import extract_file
from tests.extractors.cards_specimens import card_row as _row
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


# -- card designs (committed fixtures, tests/extractors/fixtures/make.py) -------------------
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_TRUTH = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))


def _cards(held_out: bool) -> list[str]:
    return [n for n, e in sorted(FIXTURE_TRUTH.items())
            if e["doc_type"] == "npwp" and e["held_out"] == held_out]


def _read_card(name: str) -> tuple[Document, dict]:
    docs = [d for d in extract_file(FIXTURES / name).documents if d.doc_type == DocType.NPWP]
    assert len(docs) == 1, name
    return docs[0], FIXTURE_TRUTH[name]["fields"]


@pytest.mark.parametrize("name", _cards(held_out=False))
def test_seen_designs_every_field(name: str) -> None:
    doc, truth = _read_card(name)
    assert {k: doc.value(k) for k in truth} == truth


@pytest.mark.parametrize("name", _cards(held_out=True))
def test_held_out_design_never_takes_a_neighbours_value(name: str) -> None:
    doc, truth = _read_card(name)
    got = doc.value("npwp") or ""  # an unreadable digit stays "?" (never guessed)
    assert len(got) in (0, len(truth["npwp"]))
    assert all(a in (b, "?") for a, b in zip(got, truth["npwp"], strict=False))
    for k, want in truth.items():
        others = {v for other, v in truth.items() if other != k and v}
        assert doc.value(k) in (None, want) or doc.value(k) not in others, k




def test_kpp_stops_where_the_date_starts_on_one_baseline() -> None:
    words = (_row(160, "12.345.678.9-012.000") + _row(230, "HJ. EKA MELANI")
             + _row(280, "JL. A. YANI NO. 5 RT 001 RW 002") + _row(330, "PARINGIN BALANGAN")
             + _row(470, "KPP PRATAMA TANJUNG", "Tanggal Terdaftar 16/10/2015"))
    values = _read(np.full((638, 1012, 3), 255, np.uint8), card_rows(words), 1012)
    assert values["kpp"][0] == "KPP PRATAMA TANJUNG"
    assert values["tanggal_terdaftar"][0] == "2015-10-16"
    assert values["nama"][0] == "HJ. EKA MELANI"
    assert values["alamat"][0] == "JL. A. YANI NO. 5 RT 001 RW 002 PARINGIN BALANGAN"
