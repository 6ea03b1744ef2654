"""Permits: every field from text PDFs exactly; from scans and image PDFs with OCR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.models import DocType
from extractors.permit import area, decree_number
from extractors.pipeline import extract_file

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"


def _permits(form: str) -> list[tuple[Path, dict]]:
    out = []
    for truth_file in sorted(SPECIMENS.glob("*/truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        for f in truth["files"]:
            if f["form"] == form:
                out.append((truth_file.parent / f["file"],
                            truth["documents"]["permit"]["fields"]))
    return out


@pytest.mark.parametrize(("path", "truth"), _permits("text_pdf"), ids=lambda v: str(v)[-24:])
def test_text_pdf_every_field_exact(path: Path, truth: dict) -> None:
    result = extract_file(path)
    (doc,) = result.documents
    assert doc.doc_type == DocType.PERMIT and result.errors == []
    assert {k: doc.value(k) for k in truth} == truth
    assert doc.fields["nomor"].bbox is not None and doc.fields["nomor"].confidence > 0.9


@pytest.mark.parametrize("form", ["permit_image", "image_pdf"])
def test_scanned_permits(form: str) -> None:
    cases = _permits(form)[:2]
    right = total = 0
    for path, truth in cases:
        docs = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
        assert len(docs) == 1, path
        right += sum(docs[0].value(k) == v for k, v in truth.items())
        total += len(truth)
    assert right / total >= 0.9


def test_two_page_permit_is_one_document() -> None:
    path = SPECIMENS / "case_001" / "permit.tif"
    (doc,) = extract_file(path).documents
    assert doc.pages == [1, 2]
    assert doc.fields["luas_tanah"].page == 2 and doc.fields["nama_pemilik"].page == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("1.234,50 m²", "1234.5"), ("206,00 M2", "206"), ("58,25 m2", "58.25"), ("x", None)])
def test_areas(text: str, expected: str | None) -> None:
    assert area(text) == expected


def test_decree_numbers_survive_ocr_slips() -> None:
    assert decree_number("NOMOR: SK-PBG-6311O8-13O52024-25O") == \
        ("PBG", "SK-PBG-631108-13052024-250")
    assert decree_number("NOMOR : 503/12/IMB/DPMPTSP/2018") == \
        ("IMB", "503/12/IMB/DPMPTSP/2018")
